#include "bench/recommend_sql.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace jobmatch::bench {
namespace {

// matcher/domain/eligibility.cc's SurfaceKm constants.
constexpr double kKmPerDegree = 6371.0 * M_PI / 180.0;
constexpr double kHalfDegreeRadians = M_PI / 360.0;

// A double literal read back to the same bits: MariaDB takes an exponent
// form as DOUBLE (a plain decimal would be DECIMAL); PostgreSQL is told.
std::string Lit(Dialect d, double v) {
  return d == Dialect::kPostgres ? absl::StrFormat("float8 '%.17g'", v)
                                 : absl::StrFormat("%.17e", v);
}

// Ids are generated ("post-12"); quoted, never interpolated from input.
std::string Quote(const std::string& s) {
  return absl::StrCat("'", absl::StrReplaceAll(s, {{"'", "''"}, {"\\", "\\\\"}}), "'");
}

std::string IntDiv(Dialect d, const std::string& a, const std::string& b) {
  return d == Dialect::kPostgres ? absl::StrCat("((", a, ") / (", b, "))")
                                 : absl::StrCat("((", a, ") DIV (", b, "))");
}

// SurfaceKm(a, b) with a the person's home and b the post, operation for
// operation as in the C++, so both give the same bits.
std::string Km(Dialect d, const std::string& ax, const std::string& ay, const std::string& bx,
               const std::string& by) {
  const std::string dlat = absl::StrCat("(", by, " - ", ay, ")");
  const std::string dlng = absl::StrCat("((", bx, " - ", ax, ") * COS((", ay, " + ", by, ") * ",
                                        Lit(d, kHalfDegreeRadians), "))");
  return absl::StrCat(Lit(d, kKmPerDegree), " * SQRT(", dlat, " * ", dlat, " + ", dlng, " * ", dlng,
                      ")");
}

std::string BoxSql(Dialect d, const Box& b) {
  if (d == Dialect::kPostgres) {
    return absl::StrFormat("ST_MakeEnvelope(%.17g, %.17g, %.17g, %.17g)", b.x1, b.y1, b.x2, b.y2);
  }
  return absl::StrFormat(
      "ST_GeomFromText('POLYGON((%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g))')",
      b.x1, b.y1, b.x2, b.y1, b.x2, b.y2, b.x1, b.y2, b.x1, b.y1);
}

// Whether `box` holds the point column or literal `pt`: the spatial index's test.
std::string BoxHolds(Dialect d, const std::string& box, const std::string& pt) {
  return d == Dialect::kPostgres ? absl::StrCat(box, " && ", pt)
                                 : absl::StrCat("MBRContains(", box, ", ", pt, ")");
}

std::string PointSql(Dialect d, double x, double y) {
  return d == Dialect::kPostgres ? absl::StrFormat("ST_MakePoint(%.17g, %.17g)", x, y)
                                 : absl::StrFormat("ST_GeomFromText('POINT(%.17g %.17g)')", x, y);
}

std::string BitOr(Dialect d) { return d == Dialect::kPostgres ? "bit_or" : "BIT_OR"; }

// A relaxation of post `post` for a person in groups `groups` (a column or a
// number) meeting `extra`.
std::string Relaxed(const std::string& post, const std::string& groups, const std::string& extra) {
  return absl::StrCat("EXISTS (SELECT 1 FROM post_relaxations r WHERE r.post_id = ", post,
                      " AND r.grp BETWEEN 1 AND 7 AND (", groups, " & (1 << r.grp)) <> 0",
                      extra.empty() ? "" : " AND ", extra, ")");
}

// A required skill of `post` held by `person` (same name or same occupation
// code, at the level asked or above): HoldsSkill.
std::string Holds(const std::string& person) {
  return absl::StrCat(
      "EXISTS (SELECT 1 FROM person_skills hs WHERE hs.person_id = ", person,
      " AND (hs.name = ps.name OR (ps.occupation_code <> '' AND hs.occupation_code = "
      "ps.occupation_code)) AND hs.level >= ps.level)");
}

// The occupation part: the best fit of the post's code against any wanted
// one (FitOf); `rel_key` stands for the synonym table (synthetic::Relations).
std::string Fit(const std::string& person, const std::string& code, const std::string& minor,
                const std::string& rel_key) {
  return absl::StrCat(
      "COALESCE((SELECT MAX(CASE WHEN w.occupation_code = ", code,
      " THEN 40 WHEN w.minor_group = ", minor, " THEN 25 WHEN w.rel_key = ", rel_key,
      " THEN 15 ELSE 0 END) FROM person_wants w WHERE w.person_id = ", person, "), 0)");
}

}  // namespace

Box BoxAround(double lng, double lat, double km) {
  const double dlat = km / kKmPerDegree;
  // The cosine of the mean latitude of any pair within reach is at least this.
  const double c = std::cos((std::fabs(lat) + dlat) * M_PI / 180.0);
  const double dlng = km / (kKmPerDegree * c);
  const double m = 1.001;
  return {lng - dlng * m - 1e-9, lat - dlat * m - 1e-9, lng + dlng * m + 1e-9,
          lat + dlat * m + 1e-9};
}

std::string PersonLookup(Dialect, const std::string& id) {
  return absl::StrCat(
      "SELECT birth, sex, education, experience, res_lng, res_lat, huk_lng, huk_lat, radius, "
      "relocate, availability, min_salary, grps FROM people WHERE id = ",
      Quote(id));
}

std::string PostLookup(Dialect d, const std::string& id, int64_t now) {
  const std::string running =
      absl::StrCat("pc.post_id = p.id AND pc.start_at <= ", now, " AND ", now, " < pc.end_at");
  return absl::StrCat(
      "SELECT id, occupation_code, minor_group, rel_key, lng, lat, remaining, salary_min, "
      "salary_max, negotiable, board, min_age, max_age, min_education, min_experience, "
      "required_sex, n_skills, schedule, applicants, create_time, "
      "CASE WHEN state = 2 AND valid_from <= ",
      now, " AND ", now,
      " < valid_until AND (n_campaigns = 0 OR EXISTS (SELECT 1 FROM post_campaigns pc WHERE ",
      running, ")) THEN 1 ELSE 0 END, target_groups | COALESCE((SELECT ", BitOr(d),
      "(pc.targets) FROM post_campaigns pc WHERE ", running,
      "), 0) FROM posts p WHERE id = ", Quote(id));
}

std::string TopPostsQuery(Dialect d, const PersonRow& s, int64_t now, int today, int k) {
  const std::string me = Quote(s.id);
  const int age = (today - s.birth) / 10000;
  const std::string km =
      absl::StrCat("LEAST(", Km(d, Lit(d, s.res_lng), Lit(d, s.res_lat), "p.lng", "p.lat"), ", ",
                   Km(d, Lit(d, s.huk_lng), Lit(d, s.huk_lat), "p.lng", "p.lat"), ")");
  // Rules on the post's own columns, checked while reading the index.
  const std::string cheap = absl::StrCat(
      "p.state = 2 AND p.valid_from <= ", now, " AND ", now, " < p.valid_until",
      " AND (p.schedule = 0 OR ", s.availability, " = 0 OR (", s.availability,
      " & (1 << p.schedule)) <> 0)", " AND (p.required_sex = 0 OR p.required_sex = ", s.sex, ")",
      " AND ", s.birth != 0 ? "1 = 1" : "1 = 0", " AND p.min_age <= ", age);
  const std::string columns = absl::StrCat(
      "SELECT p.id, p.occupation_code, p.minor_group, p.rel_key, p.remaining, p.salary_min, "
      "p.salary_max, p.negotiable, p.board, p.max_age, p.min_education, p.min_experience, "
      "p.n_skills, p.n_campaigns, p.target_groups, p.applicants, p.create_time, ",
      km, " AS km FROM posts p WHERE ", cheap);
  // Where to look: every post for someone who would move; else the posts in
  // the boxes around either home (the spatial index), each post once.
  std::string from;
  if (s.relocate) {
    from = columns;
  } else {
    const std::string res = BoxSql(d, BoxAround(s.res_lng, s.res_lat, s.radius));
    from = absl::StrCat(columns, " AND ", BoxHolds(d, res, "p.pt"));
    if (s.huk_lng != s.res_lng || s.huk_lat != s.res_lat) {
      const std::string huk = BoxSql(d, BoxAround(s.huk_lng, s.huk_lat, s.radius));
      absl::StrAppend(&from, " UNION ALL ", columns, " AND ", BoxHolds(d, huk, "p.pt"), " AND NOT ",
                      BoxHolds(d, res, "p.pt"));
    }
  }
  const std::string g = absl::StrCat(s.groups);
  const std::string running =
      absl::StrCat("pc.post_id = c.id AND pc.start_at <= ", now, " AND ", now, " < pc.end_at");
  const double horizon = s.relocate ? std::max<double>(s.radius, 200) : s.radius;
  const std::string days = IntDiv(d, absl::StrCat(now, " - c.create_time"), "86400");
  const std::string score = absl::StrCat(
      Fit(me, "c.occupation_code", "c.minor_group", "c.rel_key"),
      " + CASE WHEN c.n_skills > 0 THEN ", Lit(d, 10),
      " * (SELECT COUNT(*) FROM post_skills ps WHERE ps.post_id = c.id AND ", Holds(me),
      ") / c.n_skills ELSE 0 END", " + CASE WHEN c.km < ", Lit(d, horizon), " AND ",
      horizon > 0 ? "1 = 1" : "1 = 0", " THEN ", Lit(d, 20), " * (", Lit(d, 1), " - c.km / ",
      Lit(d, horizon), ") ELSE 0 END", " + CASE WHEN c.negotiable = 0 AND ", s.min_salary,
      " > 0 AND (CASE WHEN c.salary_max > 0 THEN c.salary_max ELSE c.salary_min END) >= ",
      s.min_salary, " THEN 8 ELSE 0 END", " + CASE WHEN c.board <> 0 AND c.km > ", Lit(d, 20),
      " THEN 4 ELSE 0 END", " + CASE WHEN ", days, " BETWEEN 0 AND 3 THEN 4 WHEN ", days,
      " BETWEEN 4 AND 14 THEN 2 ELSE 0 END",
      " + CASE WHEN c.applicants = 0 THEN 3 WHEN c.remaining > 0 AND c.applicants >= 5 * "
      "c.remaining THEN CASE WHEN c.applicants >= 10 * c.remaining THEN -5 ELSE -3 END ELSE 0 END",
      " + CASE WHEN (", g, " & (c.target_groups | COALESCE((SELECT ", BitOr(d),
      "(pc.targets) FROM post_campaigns pc WHERE ", running, "), 0))) <> 0 THEN 10 ELSE 0 END",
      " + CASE WHEN ", Relaxed("c.id", g, ""), " THEN 5 ELSE 0 END");
  const std::string rules = absl::StrCat(
      s.relocate ? "1 = 1" : absl::StrCat("c.km <= ", s.radius),
      " AND (c.n_campaigns = 0 OR EXISTS (SELECT 1 FROM post_campaigns pc WHERE ", running, "))",
      " AND (c.max_age = 0 OR ", age, " <= c.max_age OR ",
      Relaxed("c.id", g, absl::StrCat("r.max_age >= ", age)), ")", " AND (", s.education,
      " >= c.min_education OR ",
      Relaxed("c.id", g,
              absl::StrCat("(r.waive_education <> 0 OR (r.min_education > 0 AND ", s.education,
                           " >= r.min_education))")),
      ")", " AND (", s.experience, " >= c.min_experience OR ",
      Relaxed("c.id", g, "r.waive_experience <> 0"), ")",
      " AND (c.n_skills = 0 OR NOT EXISTS (SELECT 1 FROM post_skills ps WHERE ps.post_id = c.id "
      "AND NOT ",
      Holds(me), ") OR ", Relaxed("c.id", g, "r.waive_skills <> 0"), ")",
      " AND NOT EXISTS (SELECT 1 FROM person_applied a WHERE a.person_id = ", me,
      " AND a.post_id = c.id)",
      " AND NOT EXISTS (SELECT 1 FROM person_hired h WHERE h.person_id = ", me,
      " AND h.post_id = c.id)");
  return absl::StrCat("SELECT c.id, ", score, " AS score FROM (", from, ") c WHERE ", rules,
                      " ORDER BY score DESC, c.id LIMIT ", k);
}

std::string TopPeopleQuery(Dialect d, const PostRow& p, int64_t now, int today, int k) {
  const std::string post = Quote(p.id);
  const std::string pt = PointSql(d, p.lng, p.lat);
  const std::string age = IntDiv(d, absl::StrCat(today, " - s.birth"), "10000");
  const std::string km =
      absl::StrCat("LEAST(", Km(d, "s.res_lng", "s.res_lat", Lit(d, p.lng), Lit(d, p.lat)), ", ",
                   Km(d, "s.huk_lng", "s.huk_lat", Lit(d, p.lng), Lit(d, p.lat)), ")");
  const std::string cheap = absl::StrCat(
      p.eligible_now ? "1 = 1" : "1 = 0", " AND s.birth <> 0 AND ", age, " >= ", p.min_age,
      " AND (", p.schedule, " = 0 OR s.availability = 0 OR (s.availability & (1 << ", p.schedule,
      ")) <> 0)", " AND (", p.required_sex, " = 0 OR s.sex = ", p.required_sex, ")");
  const std::string columns = absl::StrCat(
      "SELECT s.id, s.education, s.experience, s.radius, s.relocate, s.min_salary, s.grps, ", age,
      " AS age, ", km, " AS km FROM people s WHERE ", cheap);
  // Everyone whose reach (a box of their own radius around either home; the
  // whole map for those who would move) holds the post, each person once.
  const std::string from = absl::StrCat(
      columns, " AND ", BoxHolds(d, "s.res_reach", pt), " UNION ALL ", columns, " AND ",
      BoxHolds(d, "s.huk_reach", pt), " AND NOT ", BoxHolds(d, "s.res_reach", pt));
  const std::string horizon =
      "(CASE WHEN c.relocate <> 0 AND c.radius < 200 THEN 200 ELSE c.radius END)";
  const int64_t days_old = (now - p.create_time) / 86400;
  const int fresh = days_old >= 0 && days_old <= 3 ? 4 : days_old > 3 && days_old <= 14 ? 2 : 0;
  const int crowd = p.applicants == 0 ? 3
                    : p.remaining > 0 && p.applicants >= 5 * p.remaining
                        ? (p.applicants >= 10 * p.remaining ? -5 : -3)
                        : 0;
  const int top = p.salary_max > 0 ? p.salary_max : p.salary_min;
  const std::string score = absl::StrCat(
      Fit("c.id", Quote(p.occupation_code), Quote(p.minor_group), Quote(p.rel_key)),
      p.n_skills > 0
          ? absl::StrCat(" + ", Lit(d, 10), " * (SELECT COUNT(*) FROM post_skills ps WHERE ",
                         "ps.post_id = ", post, " AND ", Holds("c.id"), ") / ", p.n_skills)
          : " + 0",
      " + CASE WHEN ", horizon, " > 0 AND c.km < ", horizon, " THEN ", Lit(d, 20), " * (",
      Lit(d, 1), " - c.km / ", horizon, ") ELSE 0 END",
      p.negotiable ? " + 0"
                   : absl::StrCat(" + CASE WHEN c.min_salary > 0 AND ", top,
                                  " >= c.min_salary THEN 8 ELSE 0 END"),
      p.board ? absl::StrCat(" + CASE WHEN c.km > ", Lit(d, 20), " THEN 4 ELSE 0 END") : " + 0",
      " + ", fresh, " + ", crowd, " + CASE WHEN (c.grps & ", p.targets_now,
      ") <> 0 THEN 10 ELSE 0 END", " + CASE WHEN ", Relaxed(post, "c.grps", ""),
      " THEN 5 ELSE 0 END");
  const std::string rules = absl::StrCat(
      "(c.relocate <> 0 OR c.km <= c.radius)", " AND (", p.max_age, " = 0 OR c.age <= ", p.max_age,
      " OR ", Relaxed(post, "c.grps", "r.max_age >= c.age"), ")",
      " AND (c.education >= ", p.min_education, " OR ",
      Relaxed(post, "c.grps",
              "(r.waive_education <> 0 OR (r.min_education > 0 AND c.education >= "
              "r.min_education))"),
      ")", " AND (c.experience >= ", p.min_experience, " OR ",
      Relaxed(post, "c.grps", "r.waive_experience <> 0"), ")",
      p.n_skills == 0
          ? ""
          : absl::StrCat(" AND (NOT EXISTS (SELECT 1 FROM post_skills ps WHERE ps.post_id = ", post,
                         " AND NOT ", Holds("c.id"), ") OR ",
                         Relaxed(post, "c.grps", "r.waive_skills <> 0"), ")"),
      " AND NOT EXISTS (SELECT 1 FROM person_applied a WHERE a.person_id = c.id AND a.post_id = ",
      post, ")", " AND NOT EXISTS (SELECT 1 FROM person_hired h WHERE h.person_id = c.id AND ",
      "h.post_id = ", post, ")");
  return absl::StrCat("SELECT c.id, ", score, " AS score FROM (", from, ") c WHERE ", rules,
                      " ORDER BY score DESC, c.id LIMIT ", k);
}

}  // namespace jobmatch::bench
