-- The application pipeline: where each application of a person to a post
-- stands (an ApplicationStatus value), with what its lists show. The row is
-- locked by every step taken on the application, in the step's transaction,
-- and checked against the rules of services/events/applications.cc.
ALTER TABLE applications
  -- APPLIED (1) for applications recorded before the pipeline existed.
  ADD COLUMN IF NOT EXISTS status INT NOT NULL DEFAULT 1,
  -- The status a hire was taken from, to return to when it is undone.
  ADD COLUMN IF NOT EXISTS status_before_hire INT NULL,
  -- "app", "live", "fair", "tablet".
  ADD COLUMN IF NOT EXISTS channel VARCHAR(16) NOT NULL DEFAULT '',
  -- When it was made and last moved (Unix microseconds, the feed events' times;
  -- 0 for applications recorded before the pipeline existed).
  ADD COLUMN IF NOT EXISTS applied_us BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS updated_us BIGINT NOT NULL DEFAULT 0,
  -- The feed cursor of the latest step.
  ADD COLUMN IF NOT EXISTS last_seq BIGINT NOT NULL DEFAULT 0,
  -- The latest invitation, and the time the jobseeker proposed instead (Unix seconds).
  ADD COLUMN IF NOT EXISTS interview_at BIGINT NULL,
  ADD COLUMN IF NOT EXISTS interview_place VARCHAR(500) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS proposed_at BIGINT NULL,
  -- A person's applications, newest first; a post's applicants by stage.
  ADD KEY IF NOT EXISTS applications_by_person (profile_id, seq),
  ADD KEY IF NOT EXISTS applications_by_post (post_id, status, seq);

-- Earlier hires: their applications are HIRED.
UPDATE applications a JOIN hires h ON h.profile_id = a.profile_id AND h.post_id = a.post_id
  SET a.status = 7, a.status_before_hire = 1;
UPDATE applications SET last_seq = seq WHERE last_seq = 0;
