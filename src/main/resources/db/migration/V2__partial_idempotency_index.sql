-- Most messages carry no idempotency key: index only those that do (one index write less per message).
DROP INDEX messages_by_idempotency;
CREATE UNIQUE INDEX messages_by_idempotency ON messages (sender_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
