-- The expiry sweep looks for OPEN posts whose validity ended
-- (state = OPEN AND valid_until <= now): one range of this key.
ALTER TABLE posts ADD KEY IF NOT EXISTS posts_by_state_expiry (state, valid_until);
