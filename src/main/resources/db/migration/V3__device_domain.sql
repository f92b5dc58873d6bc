-- The device domain (DeviceHive API): networks, device types, devices, their commands and notifications, the
-- API's own users and configuration properties. Ids the API shows as numbers are BIGINT; device ids are strings.

CREATE TABLE dh_networks (
    id          BIGINT       PRIMARY KEY,
    name        VARCHAR(128) NOT NULL UNIQUE,
    description VARCHAR(128),
    version     BIGINT       NOT NULL DEFAULT 0
);

CREATE TABLE dh_device_types (
    id          BIGINT       PRIMARY KEY,
    name        VARCHAR(128) NOT NULL UNIQUE,
    description VARCHAR(128),
    version     BIGINT       NOT NULL DEFAULT 0
);

CREATE TABLE dh_devices (
    id             VARCHAR(128) PRIMARY KEY,
    name           VARCHAR(128) NOT NULL,
    data           TEXT,
    network_id     BIGINT       REFERENCES dh_networks(id),
    device_type_id BIGINT       REFERENCES dh_device_types(id),
    blocked        BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX dh_devices_by_network ON dh_devices (network_id);

CREATE TABLE dh_users (
    id                  BIGINT       PRIMARY KEY,
    login               VARCHAR(128) NOT NULL UNIQUE,
    password_hash       VARCHAR(512),
    role                INTEGER      NOT NULL,          -- 0 admin, 1 client
    status              INTEGER      NOT NULL,          -- 0 active, 1 locked out, 2 disabled
    login_attempts      INTEGER      NOT NULL DEFAULT 0,
    last_login          BIGINT,
    data                TEXT,
    intro_reviewed      BOOLEAN      NOT NULL DEFAULT FALSE,
    all_device_types    BOOLEAN      NOT NULL DEFAULT TRUE
);

CREATE TABLE dh_user_networks (
    user_id    BIGINT NOT NULL REFERENCES dh_users(id),
    network_id BIGINT NOT NULL REFERENCES dh_networks(id),
    PRIMARY KEY (user_id, network_id)
);

CREATE TABLE dh_user_device_types (
    user_id        BIGINT NOT NULL REFERENCES dh_users(id),
    device_type_id BIGINT NOT NULL REFERENCES dh_device_types(id),
    PRIMARY KEY (user_id, device_type_id)
);

CREATE TABLE dh_configuration (
    name    VARCHAR(32)  PRIMARY KEY,
    value   VARCHAR(128) NOT NULL,
    version BIGINT       NOT NULL DEFAULT 0
);

-- Commands and notifications are kept (the reference keeps them two minutes in a cache); times are epoch ms.
CREATE TABLE dh_commands (
    id             BIGINT       PRIMARY KEY,
    device_id      VARCHAR(128) NOT NULL,
    network_id     BIGINT,
    device_type_id BIGINT,
    command        VARCHAR(128) NOT NULL,
    parameters     TEXT,
    lifetime       INTEGER,
    status         VARCHAR(128),
    result         TEXT,
    user_id        BIGINT,
    created_at     BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL
);
CREATE INDEX dh_commands_by_device_time ON dh_commands (device_id, created_at);
CREATE INDEX dh_commands_by_time ON dh_commands (created_at);

CREATE TABLE dh_notifications (
    id             BIGINT       PRIMARY KEY,
    device_id      VARCHAR(128) NOT NULL,
    network_id     BIGINT,
    device_type_id BIGINT,
    notification   VARCHAR(128) NOT NULL,
    parameters     TEXT,
    created_at     BIGINT       NOT NULL
);
CREATE INDEX dh_notifications_by_device_time ON dh_notifications (device_id, created_at);
CREATE INDEX dh_notifications_by_time ON dh_notifications (created_at);

-- The reference's seeds: network 1 and device types 1-7 (clients and test suites assume network 1 and type 1).
INSERT INTO dh_networks (id, name, description) VALUES (1, 'Sample Network', 'A DeviceHive network');
INSERT INTO dh_device_types (id, name, description) VALUES (1, 'Cameras', 'Device type for cameras');
INSERT INTO dh_device_types (id, name, description) VALUES (2, 'Lighting', 'Device type for lighting');
INSERT INTO dh_device_types (id, name, description) VALUES (3, 'Sensors', 'Device type for sensors');
INSERT INTO dh_device_types (id, name, description) VALUES (4, 'Climate', 'Device type for climate control');
INSERT INTO dh_device_types (id, name, description) VALUES (5, 'Security', 'Device type for security devices');
INSERT INTO dh_device_types (id, name, description) VALUES (6, 'Entertainment', 'Device type for entertainment');
INSERT INTO dh_device_types (id, name, description) VALUES (7, 'Cooking', 'Device type for cooking appliances');
