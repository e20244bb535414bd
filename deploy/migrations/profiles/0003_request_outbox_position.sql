-- The outbox position each answered request reached, so that a retry hands
-- back the same consistency token as the first answer. 0 (older rows): a
-- token every matcher has applied.
ALTER TABLE request_log ADD COLUMN IF NOT EXISTS outbox_id BIGINT NOT NULL DEFAULT 0;
