-- The profiles schema. Protected personal data never lies here in clear:
-- the ID number, phone, LOW_INCOME and DISABLED statuses travel together as
-- one AES-256-GCM ciphertext (`sensitive_ct`, a serialized SensitiveData),
-- and duplicates are found through `id_hash`, an HMAC-SHA256 of the ID
-- number under a key derived from the data key. `proto` is the serialized
-- Profile without any of that (readable for snapshots), holding the stored
-- facts only: derived key groups are computed at answer time.

CREATE TABLE profiles (
  seq BIGINT AUTO_INCREMENT PRIMARY KEY,
  profile_id VARCHAR(40) NOT NULL,
  -- NULL once erased, so that the person may register again.
  id_hash CHAR(64) NULL,
  sensitive_ct LONGBLOB NULL,
  residence_region_code VARCHAR(12) NOT NULL,
  hukou_region_code VARCHAR(12) NOT NULL,
  version BIGINT NOT NULL,
  erased TINYINT NOT NULL DEFAULT 0,
  proto LONGBLOB NOT NULL,
  UNIQUE KEY profiles_by_id (profile_id),
  UNIQUE KEY profiles_by_id_hash (id_hash),
  KEY profiles_by_residence (residence_region_code),
  KEY profiles_by_hukou (hukou_region_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Imported POVERTY_LABOR / LOW_INCOME rows for people not registered yet,
-- applied (and deleted) in the transaction that registers them.
CREATE TABLE pending_key_groups (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  id_hash CHAR(64) NOT NULL,
  -- AES-256-GCM ciphertext of a serialized KeyGroupMembership.
  membership_ct LONGBLOB NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY pending_by_hash (id_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Household visits from field tablets: the demand the planning engineer reads.
CREATE TABLE visits (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  profile_id VARCHAR(40) NULL,
  village_code VARCHAR(12) NOT NULL,
  -- Comma-separated codes.
  wanted_occupation_codes VARCHAR(2000) NOT NULL,
  wanted_region_codes VARCHAR(2000) NOT NULL,
  available_from DATE NULL,
  notes TEXT NOT NULL,
  recruiter_id VARCHAR(64) NOT NULL,
  device_id VARCHAR(64) NOT NULL,
  capture_time TIMESTAMP(6) NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY visits_by_village (village_code),
  KEY visits_by_profile (profile_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Field records already applied, by tablet and idempotency key.
CREATE TABLE field_records (
  device_id VARCHAR(64) NOT NULL,
  idempotency_key VARCHAR(128) NOT NULL,
  outcome INT NOT NULL,
  profile_id VARCHAR(40) NOT NULL,
  version BIGINT NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (device_id, idempotency_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per mutating request id. The fingerprint is a keyed hash of the
-- request (which may hold a clear ID number); the answer is rebuilt from the
-- profile, except `result` for batch counts. No personal data is kept here.
CREATE TABLE request_log (
  method VARCHAR(40) NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  fingerprint CHAR(64) NOT NULL,
  profile_id VARCHAR(40) NOT NULL,
  result LONGBLOB NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (method, request_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every reveal of clear identity and every erasure: who, whose, when, why.
-- Append-only: the triggers below refuse updates and deletes.
CREATE TABLE audit_log (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  action VARCHAR(20) NOT NULL,
  caller_role VARCHAR(20) NOT NULL,
  caller_subject VARCHAR(64) NOT NULL,
  profile_id VARCHAR(40) NOT NULL,
  reason VARCHAR(500) NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY audit_by_profile (profile_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';

CREATE TABLE outbox (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  event LONGBLOB NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
