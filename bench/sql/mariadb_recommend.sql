-- The recommendation peer on MariaDB: the matcher's posts and people as a
-- database engineer would lay them out for bench/recommend_sql.cc's queries,
-- loaded from recommend_bench --write's TSV files (run from that folder).
DROP DATABASE IF EXISTS bench;
CREATE DATABASE bench CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
USE bench;
CREATE TABLE posts (
  id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin PRIMARY KEY,
  occupation_code VARCHAR(16) CHARACTER SET ascii NOT NULL,
  minor_group VARCHAR(16) CHARACTER SET ascii NOT NULL,
  rel_key VARCHAR(4) CHARACTER SET ascii NOT NULL,
  region_code VARCHAR(12) CHARACTER SET ascii NOT NULL,
  lng DOUBLE NOT NULL, lat DOUBLE NOT NULL,
  pt POINT NOT NULL,
  remaining INT NOT NULL, salary_min INT NOT NULL, salary_max INT NOT NULL,
  negotiable TINYINT NOT NULL, board TINYINT NOT NULL,
  min_age INT NOT NULL, max_age INT NOT NULL, min_education INT NOT NULL,
  min_experience INT NOT NULL, required_sex INT NOT NULL,
  n_skills INT NOT NULL, n_campaigns INT NOT NULL, target_groups INT NOT NULL,
  schedule INT NOT NULL, valid_from BIGINT NOT NULL, valid_until BIGINT NOT NULL,
  state INT NOT NULL, applicants INT NOT NULL, create_time BIGINT NOT NULL,
  SPATIAL INDEX (pt)
) ENGINE=InnoDB;
CREATE TABLE post_skills (
  post_id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, seq INT NOT NULL,
  name VARCHAR(32) NOT NULL, occupation_code VARCHAR(16) CHARACTER SET ascii NOT NULL,
  level INT NOT NULL, PRIMARY KEY (post_id, seq)
) ENGINE=InnoDB;
CREATE TABLE post_relaxations (
  post_id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, grp INT NOT NULL,
  max_age INT NOT NULL, min_education INT NOT NULL, waive_education TINYINT NOT NULL,
  waive_skills TINYINT NOT NULL, waive_experience TINYINT NOT NULL, INDEX (post_id)
) ENGINE=InnoDB;
CREATE TABLE post_campaigns (
  post_id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  start_at BIGINT NOT NULL, end_at BIGINT NOT NULL, targets INT NOT NULL, INDEX (post_id)
) ENGINE=InnoDB;
CREATE TABLE people (
  id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin PRIMARY KEY,
  birth INT NOT NULL, sex INT NOT NULL, education INT NOT NULL, experience INT NOT NULL,
  res_lng DOUBLE NOT NULL, res_lat DOUBLE NOT NULL, huk_lng DOUBLE NOT NULL, huk_lat DOUBLE NOT NULL,
  radius INT NOT NULL, relocate TINYINT NOT NULL, availability INT NOT NULL,
  min_salary INT NOT NULL, grps INT NOT NULL,
  res_reach POLYGON NOT NULL, huk_reach POLYGON NOT NULL,
  SPATIAL INDEX (res_reach), SPATIAL INDEX (huk_reach)
) ENGINE=InnoDB;
CREATE TABLE person_skills (
  person_id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name VARCHAR(32) NOT NULL, occupation_code VARCHAR(16) CHARACTER SET ascii NOT NULL,
  level INT NOT NULL, INDEX (person_id)
) ENGINE=InnoDB;
CREATE TABLE person_wants (
  person_id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  occupation_code VARCHAR(16) CHARACTER SET ascii NOT NULL,
  minor_group VARCHAR(16) CHARACTER SET ascii NOT NULL,
  rel_key VARCHAR(4) CHARACTER SET ascii NOT NULL, INDEX (person_id)
) ENGINE=InnoDB;
CREATE TABLE person_applied (
  person_id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  post_id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (person_id, post_id), INDEX (post_id)
) ENGINE=InnoDB;
CREATE TABLE person_hired LIKE person_applied;

LOAD DATA LOCAL INFILE 'posts.tsv' INTO TABLE posts
  (id, occupation_code, minor_group, rel_key, region_code, lng, lat, remaining, salary_min,
   salary_max, negotiable, board, min_age, max_age, min_education, min_experience, required_sex,
   n_skills, n_campaigns, target_groups, schedule, valid_from, valid_until, state, applicants,
   create_time)
  SET pt = Point(lng, lat);
LOAD DATA LOCAL INFILE 'post_skills.tsv' INTO TABLE post_skills;
LOAD DATA LOCAL INFILE 'post_relaxations.tsv' INTO TABLE post_relaxations;
LOAD DATA LOCAL INFILE 'post_campaigns.tsv' INTO TABLE post_campaigns;
LOAD DATA LOCAL INFILE 'people.tsv' INTO TABLE people
  (id, birth, sex, education, experience, res_lng, res_lat, huk_lng, huk_lat, radius, relocate,
   availability, min_salary, grps, @rx1, @ry1, @rx2, @ry2, @hx1, @hy1, @hx2, @hy2)
  SET res_reach = Envelope(LineString(Point(@rx1, @ry1), Point(@rx2, @ry2))),
      huk_reach = Envelope(LineString(Point(@hx1, @hy1), Point(@hx2, @hy2)));
LOAD DATA LOCAL INFILE 'person_skills.tsv' INTO TABLE person_skills;
LOAD DATA LOCAL INFILE 'person_wants.tsv' INTO TABLE person_wants;
LOAD DATA LOCAL INFILE 'person_applied.tsv' INTO TABLE person_applied;
LOAD DATA LOCAL INFILE 'person_hired.tsv' INTO TABLE person_hired;
ANALYZE TABLE posts, post_skills, post_relaxations, post_campaigns, people, person_skills,
  person_wants, person_applied, person_hired;
