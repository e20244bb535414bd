-- A person's LOW_INCOME / DISABLED status for staff statistics, sealed by
-- the profiles service under the stats key (services/common/crypto/
-- sealed_groups.h) and bound to this row: the events schema never holds it
-- in the clear, and the feed never carries it. NULL or empty: not known
-- (profiles runs without the stats key), counted in no sensitive group.
ALTER TABLE profile_facts ADD COLUMN IF NOT EXISTS sensitive_ct VARBINARY(128) NULL;
