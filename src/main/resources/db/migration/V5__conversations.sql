-- Per-user conversation state and group details (the Chat21 API's timelines), kept beside channel history rather
-- than as a copy of every message per member: a user's view of a conversation is the channel's messages plus the
-- rows below. Also MQTT retained messages, so that a client connecting to any node finds them.

CREATE TABLE group_profiles (
    channel_id VARCHAR(128) PRIMARY KEY REFERENCES channels(id),
    owner_id   VARCHAR(64),
    attributes TEXT,                                 -- JSON object text or NULL
    updated_at BIGINT       NOT NULL
);

CREATE TABLE conversation_states (
    user_id     VARCHAR(64)  NOT NULL,
    channel_id  VARCHAR(128) NOT NULL,
    seen_at     BIGINT,                              -- messages up to here are not new to the user
    archived_at BIGINT,                              -- archived until a message comes after this time
    cleared_at  BIGINT,                              -- the conversation was deleted; it returns with a later message
    patch       TEXT,                                -- other fields the client set (JSON object text)
    PRIMARY KEY (user_id, channel_id)
);

CREATE TABLE message_receipts (
    message_id  VARCHAR(64)  NOT NULL,
    user_id     VARCHAR(64)  NOT NULL,
    received_at BIGINT       NOT NULL,
    PRIMARY KEY (message_id, user_id)
);

CREATE TABLE mqtt_retained (
    topic      VARCHAR(1024) PRIMARY KEY,
    owner_id   VARCHAR(64)   NOT NULL,               -- whose subtree: retained messages are bounded per user
    payload    TEXT          NOT NULL,               -- base64
    updated_at BIGINT        NOT NULL
);
CREATE INDEX mqtt_retained_by_owner ON mqtt_retained (owner_id, updated_at);

CREATE TABLE push_instances (
    zone_id          VARCHAR(128) NOT NULL,
    user_id          VARCHAR(64)  NOT NULL,
    instance_id      VARCHAR(256) NOT NULL,
    device_model     VARCHAR(256),
    language         VARCHAR(64),
    platform         VARCHAR(64),
    platform_version VARCHAR(64),
    updated_at       BIGINT       NOT NULL,
    PRIMARY KEY (zone_id, user_id, instance_id)
);
