-- One schema for SQLite and PostgreSQL: portable types only. Times are epoch milliseconds.

CREATE TABLE users (
    id               VARCHAR(64)  PRIMARY KEY,
    username         VARCHAR(128) NOT NULL,
    username_key     VARCHAR(128) NOT NULL UNIQUE,   -- lower-cased username
    nickname         VARCHAR(256),
    avatar_url       VARCHAR(1024),
    address          VARCHAR(42)  NOT NULL UNIQUE,   -- lower-cased 0x + 40 hex
    password_hash    VARCHAR(512),
    remote_api_enabled BOOLEAN    NOT NULL DEFAULT FALSE,
    remote_api_token VARCHAR(128) UNIQUE,
    created_at       BIGINT       NOT NULL
);

CREATE TABLE zones (
    id         VARCHAR(128) PRIMARY KEY,
    name       VARCHAR(256) NOT NULL,
    created_at BIGINT       NOT NULL
);

CREATE TABLE zone_members (
    zone_id   VARCHAR(128) NOT NULL REFERENCES zones(id),
    user_id   VARCHAR(64)  NOT NULL REFERENCES users(id),
    role      VARCHAR(16)  NOT NULL,
    joined_at BIGINT       NOT NULL,
    PRIMARY KEY (zone_id, user_id)
);

CREATE TABLE channels (
    id          VARCHAR(128) PRIMARY KEY,
    zone_id     VARCHAR(128) NOT NULL REFERENCES zones(id),
    name        VARCHAR(256) NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    epoch       VARCHAR(32)  NOT NULL,
    direct_key  VARCHAR(300) UNIQUE,                -- zone + sorted member ids, for direct channels
    last_offset BIGINT       NOT NULL DEFAULT 0,    -- per-channel sequence, bumped row by row (no global lock)
    created_at  BIGINT       NOT NULL
);
CREATE INDEX channels_by_zone ON channels (zone_id);

CREATE TABLE channel_members (
    channel_id VARCHAR(128) NOT NULL REFERENCES channels(id),
    user_id    VARCHAR(64)  NOT NULL REFERENCES users(id),
    position   INTEGER      NOT NULL,
    PRIMARY KEY (channel_id, user_id)
);

CREATE TABLE messages (
    id              VARCHAR(64)  PRIMARY KEY,
    zone_id         VARCHAR(128) NOT NULL,
    channel_id      VARCHAR(128) NOT NULL REFERENCES channels(id),
    msg_offset      BIGINT       NOT NULL,
    sender_id       VARCHAR(64)  NOT NULL,
    text            TEXT         NOT NULL,
    type            VARCHAR(32)  NOT NULL,
    attributes      TEXT,
    metadata        TEXT,
    reply_to        VARCHAR(64),
    created_at      BIGINT       NOT NULL,
    edited_at       BIGINT,
    deleted_at      BIGINT,
    idempotency_key VARCHAR(128)
);
CREATE UNIQUE INDEX messages_by_channel_offset ON messages (channel_id, msg_offset);
CREATE INDEX messages_by_channel_time ON messages (channel_id, created_at);
CREATE UNIQUE INDEX messages_by_idempotency ON messages (sender_id, idempotency_key);
