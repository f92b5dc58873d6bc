-- Which devices are connected, per node: a device is online while any node counts a connection for it. A node
-- clears its own rows when it starts (a crashed node's rows stay until it comes back under the same name).
CREATE TABLE dh_presence (
    device_id   VARCHAR(128) NOT NULL,
    node        VARCHAR(128) NOT NULL,
    connections INTEGER      NOT NULL,
    PRIMARY KEY (device_id, node)
);
