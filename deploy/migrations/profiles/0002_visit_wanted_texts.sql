-- Work wanted in the household's own words that the occupation classifier
-- could not code with confidence (VisitNote.wanted_occupation_texts), one
-- text a line; the codes it could go to wanted_occupation_codes.
ALTER TABLE visits
  ADD COLUMN wanted_occupation_texts TEXT NOT NULL DEFAULT '' AFTER wanted_occupation_codes;
