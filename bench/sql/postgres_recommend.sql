-- The recommendation peer on PostgreSQL + PostGIS: the same tables as
-- mariadb_recommend.sql, GiST indexes for the spatial ones, loaded with
-- \copy from recommend_bench --write's TSV files (run from that folder).
DROP DATABASE IF EXISTS bench;
CREATE DATABASE bench TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8';
\connect bench
CREATE EXTENSION postgis;
CREATE TABLE posts (
  id text PRIMARY KEY, occupation_code text NOT NULL, minor_group text NOT NULL,
  rel_key text NOT NULL, region_code text NOT NULL, lng float8 NOT NULL, lat float8 NOT NULL,
  remaining int NOT NULL, salary_min int NOT NULL, salary_max int NOT NULL,
  negotiable int NOT NULL, board int NOT NULL, min_age int NOT NULL, max_age int NOT NULL,
  min_education int NOT NULL, min_experience int NOT NULL, required_sex int NOT NULL,
  n_skills int NOT NULL, n_campaigns int NOT NULL, target_groups int NOT NULL,
  schedule int NOT NULL, valid_from bigint NOT NULL, valid_until bigint NOT NULL,
  state int NOT NULL, applicants int NOT NULL, create_time bigint NOT NULL
);
CREATE TABLE post_skills (post_id text NOT NULL, seq int NOT NULL, name text NOT NULL,
  occupation_code text NOT NULL, level int NOT NULL, PRIMARY KEY (post_id, seq));
CREATE TABLE post_relaxations (post_id text NOT NULL, grp int NOT NULL, max_age int NOT NULL,
  min_education int NOT NULL, waive_education int NOT NULL, waive_skills int NOT NULL,
  waive_experience int NOT NULL);
CREATE TABLE post_campaigns (post_id text NOT NULL, start_at bigint NOT NULL,
  end_at bigint NOT NULL, targets int NOT NULL);
CREATE TABLE people (
  id text PRIMARY KEY, birth int NOT NULL, sex int NOT NULL, education int NOT NULL,
  experience int NOT NULL, res_lng float8 NOT NULL, res_lat float8 NOT NULL,
  huk_lng float8 NOT NULL, huk_lat float8 NOT NULL, radius int NOT NULL, relocate int NOT NULL,
  availability int NOT NULL, min_salary int NOT NULL, grps int NOT NULL,
  rx1 float8, ry1 float8, rx2 float8, ry2 float8, hx1 float8, hy1 float8, hx2 float8, hy2 float8
);
CREATE TABLE person_skills (person_id text NOT NULL, name text NOT NULL,
  occupation_code text NOT NULL, level int NOT NULL);
CREATE TABLE person_wants (person_id text NOT NULL, occupation_code text NOT NULL,
  minor_group text NOT NULL, rel_key text NOT NULL);
CREATE TABLE person_applied (person_id text NOT NULL, post_id text NOT NULL,
  PRIMARY KEY (person_id, post_id));
CREATE TABLE person_hired (person_id text NOT NULL, post_id text NOT NULL,
  PRIMARY KEY (person_id, post_id));
\copy posts FROM 'posts.tsv'
\copy post_skills FROM 'post_skills.tsv'
\copy post_relaxations FROM 'post_relaxations.tsv'
\copy post_campaigns FROM 'post_campaigns.tsv'
\copy people FROM 'people.tsv'
\copy person_skills FROM 'person_skills.tsv'
\copy person_wants FROM 'person_wants.tsv'
\copy person_applied FROM 'person_applied.tsv'
\copy person_hired FROM 'person_hired.tsv'
ALTER TABLE posts ADD COLUMN pt geometry(Point);
UPDATE posts SET pt = ST_MakePoint(lng, lat);
ALTER TABLE people ADD COLUMN res_reach geometry(Polygon), ADD COLUMN huk_reach geometry(Polygon);
UPDATE people SET res_reach = ST_MakeEnvelope(rx1, ry1, rx2, ry2),
  huk_reach = ST_MakeEnvelope(hx1, hy1, hx2, hy2);
CREATE INDEX ON posts USING gist (pt);
CREATE INDEX ON people USING gist (res_reach);
CREATE INDEX ON people USING gist (huk_reach);
CREATE INDEX ON post_relaxations (post_id);
CREATE INDEX ON post_campaigns (post_id);
CREATE INDEX ON person_skills (person_id);
CREATE INDEX ON person_wants (person_id);
CREATE INDEX ON person_applied (post_id);
VACUUM ANALYZE;
