// The recommendation queries a database engineer would write for the
// matcher's two questions (top posts for a person, top people for a post),
// in MariaDB's and PostgreSQL+PostGIS's dialects, over the schema of
// bench/sql/*_recommend.sql. They express the same eligibility and score as
// matcher/domain (eligibility.cc, scoring.cc) so that the answers can be
// compared id for id; bench/README.md lists what SQL can and cannot say.
#ifndef JOBMATCH_BENCH_RECOMMEND_SQL_H_
#define JOBMATCH_BENCH_RECOMMEND_SQL_H_

#include <cstdint>
#include <string>

namespace jobmatch::bench {

enum class Dialect { kMariaDb, kPostgres };

// What the ranking query of a person needs from their row (a first lookup
// by primary key): the scalars are inlined so that the spatial index sees a
// constant box.
struct PersonRow {
  std::string id;
  int birth = 0;
  int sex = 0;
  int education = 0;
  int experience = 0;
  double res_lng = 0, res_lat = 0, huk_lng = 0, huk_lat = 0;
  int radius = 30;
  bool relocate = false;
  uint32_t availability = 0;
  int min_salary = 0;
  int groups = 0;
};

// What the ranking query of a post needs from its row (and its campaigns).
struct PostRow {
  std::string id, occupation_code, minor_group, rel_key;
  double lng = 0, lat = 0;
  int remaining = 0, salary_min = 0, salary_max = 0;
  bool negotiable = false, board = false;
  int min_age = 16, max_age = 0, min_education = 0, min_experience = 0, required_sex = 0;
  int n_skills = 0, schedule = 0, applicants = 0;
  int64_t create_time = 0;
  // Evaluated at the query time by the lookup itself (SQL): open, valid and
  // in a running campaign (or in none); target groups of the post and of
  // its running campaigns.
  bool eligible_now = false;
  int targets_now = 0;
};

// The box around `lng, lat` holding every point within `km` by the
// matcher's surface distance (SurfaceKm), with a small margin.
struct Box {
  double x1, y1, x2, y2;
};
Box BoxAround(double lng, double lat, double km);

// SELECT of the PersonRow / PostRow columns for one id.
std::string PersonLookup(Dialect d, const std::string& id);
std::string PostLookup(Dialect d, const std::string& id, int64_t now);

// The `k` best posts for `p` at `now` (`today`: yyyymmdd in China time), as
// rows (id, score), best first, ties by id.
std::string TopPostsQuery(Dialect d, const PersonRow& p, int64_t now, int today, int k);
// The `k` best people for `p`, as rows (id, score).
std::string TopPeopleQuery(Dialect d, const PostRow& p, int64_t now, int today, int k);

}  // namespace jobmatch::bench

#endif  // JOBMATCH_BENCH_RECOMMEND_SQL_H_
