// Recommendations side by side: the matcher over gRPC against the same
// question asked of MariaDB (spatial index) and PostgreSQL + PostGIS, on the
// same generated posts and people (matcher/index/synthetic.h).
//
//   recommend_bench --write=DIR                  write the rows as TSV for the peers
//   recommend_bench --mariadb_port=... --pg=...  ask, compare and time
//
// bench/compare.sh runs both steps and loads the rows in between. Each
// question goes to the three systems in turn and every answer is compared
// (same ids in the same order, same scores) as it is timed; one
// row per question and peer is printed: p50 and p99 of each, and ours / peer.
// Any disagreement is reported on stderr and fails the run (exit 3).
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/recommend_sql.h"
#include "bench/table.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "matcher/index/match_index.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/live_push.h"
#include "matcher/service/matcher_service.h"
#include "services/common/db/database.h"
#include "services/common/server.h"

ABSL_FLAG(int, posts, 100000, "posts generated");
ABSL_FLAG(int, people, 100000, "people generated");
ABSL_FLAG(int, sample, 200, "people and posts asked about (each)");
ABSL_FLAG(std::string, write, "", "write the rows as TSV into this folder, then exit");
ABSL_FLAG(int, mariadb_port, 33348, "the bench's MariaDB");
ABSL_FLAG(std::string, mariadb_password_file, "", "root's password file of that server");
ABSL_FLAG(std::string, pg, "", "libpq connection string of the bench's PostgreSQL");
ABSL_FLAG(bool, check_only, false, "check the answers agree; print no figures");

namespace jobmatch::bench {
namespace {

using matcher::GeoPt;
using matcher::PostRecord;
using matcher::Seeker;

struct Data {
  std::vector<PostRecord> posts;
  std::vector<Seeker> people;
};

// The index benchmark's data (plain campaigns only): posts, then people,
// from one generator, so that --write and the run see the same rows.
Data Generate(int posts, int people) {
  Data d;
  matcher::synthetic::Generator gen(1);
  d.posts.reserve(posts);
  for (int i = 0; i < posts; ++i) d.posts.push_back(gen.Post(i));
  d.people.reserve(people);
  for (int i = 0; i < people; ++i) d.people.push_back(gen.Person(i));
  return d;
}

std::string RelKey(const std::string& code) {
  // synthetic::Relations: related codes share their first character and
  // their last two (a stand-in for the classification's synonym table).
  return code.size() < 2 ? code : code.substr(0, 1) + code.substr(code.size() - 2);
}
std::string Minor(const std::string& code) { return std::string(matcher::MinorGroupOf(code)); }
std::string D(double v) { return absl::StrFormat("%.17g", v); }

void WriteRows(const Data& data, const std::string& dir) {
  auto open = [&](const char* name) { return std::ofstream(absl::StrCat(dir, "/", name, ".tsv")); };
  std::ofstream posts = open("posts"), post_skills = open("post_skills"),
                relax = open("post_relaxations"), campaigns = open("post_campaigns"),
                people = open("people"), skills = open("person_skills"),
                wants = open("person_wants"), applied = open("person_applied"),
                hired = open("person_hired");
  const uint32_t board = (1u << matcher::kBenefitMeals) | (1u << matcher::kBenefitLodging);
  for (const PostRecord& p : data.posts) {
    posts << absl::StrJoin({p.id,
                            p.occupation_code,
                            Minor(p.occupation_code),
                            RelKey(p.occupation_code),
                            p.region_code,
                            D(p.point.lng),
                            D(p.point.lat),
                            absl::StrCat(p.remaining),
                            absl::StrCat(p.salary_min),
                            absl::StrCat(p.salary_max),
                            absl::StrCat(p.negotiable ? 1 : 0),
                            absl::StrCat((p.benefits & board) == board ? 1 : 0),
                            absl::StrCat(p.min_age),
                            absl::StrCat(p.max_age),
                            absl::StrCat(p.min_education),
                            absl::StrCat(p.min_experience),
                            absl::StrCat(p.required_sex),
                            absl::StrCat(p.required_skills.size()),
                            absl::StrCat(p.campaigns.size()),
                            absl::StrCat(p.target_groups),
                            absl::StrCat(p.schedule),
                            absl::StrCat(p.valid_from),
                            absl::StrCat(p.valid_until),
                            absl::StrCat(p.state),
                            absl::StrCat(p.applicants),
                            absl::StrCat(p.create_time)},
                           "\t")
          << "\n";
    int seq = 0;
    for (const matcher::SkillItem& s : p.required_skills) {
      post_skills << p.id << "\t" << seq++ << "\t" << s.name << "\t" << s.occupation_code << "\t"
                  << s.level << "\n";
    }
    for (const matcher::Relaxation& r : p.relaxations) {
      relax << p.id << "\t" << r.group << "\t" << r.max_age << "\t" << r.min_education << "\t"
            << r.waive_education << "\t" << r.waive_skills << "\t" << r.waive_experience << "\n";
    }
    for (const matcher::CampaignInfo& c : p.campaigns) {
      campaigns << p.id << "\t" << c.start << "\t" << c.end << "\t" << c.targets << "\n";
    }
  }
  for (const Seeker& s : data.people) {
    // Reach: the box of the person's radius around each home; the whole map
    // for someone who would move.
    Box res = BoxAround(s.residence.lng, s.residence.lat, s.travel_radius_km);
    Box huk = BoxAround(s.hukou.lng, s.hukou.lat, s.travel_radius_km);
    if (s.relocate) res = huk = {-180, -90, 180, 90};
    people << absl::StrJoin({s.id,
                             absl::StrCat(s.birth_yyyymmdd),
                             absl::StrCat(s.sex),
                             absl::StrCat(s.education),
                             absl::StrCat(s.experience_years),
                             D(s.residence.lng),
                             D(s.residence.lat),
                             D(s.hukou.lng),
                             D(s.hukou.lat),
                             absl::StrCat(s.travel_radius_km),
                             absl::StrCat(s.relocate ? 1 : 0),
                             absl::StrCat(s.availability),
                             absl::StrCat(s.min_salary),
                             absl::StrCat(s.groups),
                             D(res.x1),
                             D(res.y1),
                             D(res.x2),
                             D(res.y2),
                             D(huk.x1),
                             D(huk.y1),
                             D(huk.x2),
                             D(huk.y2)},
                            "\t")
           << "\n";
    for (const matcher::SkillItem& k : s.skills) {
      skills << s.id << "\t" << k.name << "\t" << k.occupation_code << "\t" << k.level << "\n";
    }
    for (const std::string& w : s.wanted_occupations) {
      wants << s.id << "\t" << w << "\t" << Minor(w) << "\t" << RelKey(w) << "\n";
    }
    for (const std::string& a : s.applied) applied << s.id << "\t" << a << "\n";
    for (const std::string& h : s.hired) hired << s.id << "\t" << h << "\n";
  }
}

struct Answer {
  std::vector<std::string> ids;
  std::vector<double> scores;
};

// One SQL peer: a lookup by primary key, then the ranking query.
class Peer {
 public:
  virtual ~Peer() = default;
  virtual std::vector<std::vector<std::string>> Rows(const std::string& sql) = 0;
  virtual Dialect dialect() const = 0;

  Answer TopPosts(const Seeker& who, const matcher::QueryTime& at, int k) {
    const auto rows = Rows(PersonLookup(dialect(), who.id));
    if (rows.size() != 1) return {};
    const auto& r = rows[0];
    PersonRow p;
    p.id = who.id;
    p.birth = std::stoi(r[0]);
    p.sex = std::stoi(r[1]);
    p.education = std::stoi(r[2]);
    p.experience = std::stoi(r[3]);
    p.res_lng = std::stod(r[4]);
    p.res_lat = std::stod(r[5]);
    p.huk_lng = std::stod(r[6]);
    p.huk_lat = std::stod(r[7]);
    p.radius = std::stoi(r[8]);
    p.relocate = r[9] != "0";
    p.availability = static_cast<uint32_t>(std::stoul(r[10]));
    p.min_salary = std::stoi(r[11]);
    p.groups = std::stoi(r[12]);
    return ToAnswer(Rows(TopPostsQuery(dialect(), p, at.now, at.today_yyyymmdd, k)));
  }

  Answer TopPeople(const PostRecord& post, const matcher::QueryTime& at, int k) {
    const auto rows = Rows(PostLookup(dialect(), post.id, at.now));
    if (rows.size() != 1) return {};
    const auto& r = rows[0];
    PostRow p;
    p.id = r[0];
    p.occupation_code = r[1];
    p.minor_group = r[2];
    p.rel_key = r[3];
    p.lng = std::stod(r[4]);
    p.lat = std::stod(r[5]);
    p.remaining = std::stoi(r[6]);
    p.salary_min = std::stoi(r[7]);
    p.salary_max = std::stoi(r[8]);
    p.negotiable = r[9] != "0";
    p.board = r[10] != "0";
    p.min_age = std::stoi(r[11]);
    p.max_age = std::stoi(r[12]);
    p.min_education = std::stoi(r[13]);
    p.min_experience = std::stoi(r[14]);
    p.required_sex = std::stoi(r[15]);
    p.n_skills = std::stoi(r[16]);
    p.schedule = std::stoi(r[17]);
    p.applicants = std::stoi(r[18]);
    p.create_time = std::stoll(r[19]);
    p.eligible_now = r[20] != "0";
    p.targets_now = std::stoi(r[21]);
    return ToAnswer(Rows(TopPeopleQuery(dialect(), p, at.now, at.today_yyyymmdd, k)));
  }

 private:
  static Answer ToAnswer(const std::vector<std::vector<std::string>>& rows) {
    Answer a;
    for (const auto& r : rows) {
      a.ids.push_back(r[0]);
      a.scores.push_back(std::stod(r[1]));
    }
    return a;
  }
};

class MariaDbPeer final : public Peer {
  // A read of an empty corner of the map through the posts' spatial index.
  static constexpr char kSpatialFirstRead[] =
      "SELECT 1 FROM posts FORCE INDEX (pt) WHERE MBRContains(ST_GeomFromText("
      "'POLYGON((0 0,0.001 0,0.001 0.001,0 0.001,0 0))'), pt) LIMIT 1";

 public:
  MariaDbPeer(int port, const std::string& password_file) {
    std::ifstream in(password_file);
    std::string password;
    std::getline(in, password);
    db::DbConfig config;
    config.url = absl::StrCat("tcp://127.0.0.1:", port);
    config.password = password;
    config.schema = "bench";
    config.max_connections = 1;
    db_ = std::make_unique<db::Database>(config);
  }
  Dialect dialect() const override { return Dialect::kMariaDb; }
  std::vector<std::vector<std::string>> Rows(const std::string& sql) override {
    auto lease = db_->Acquire();
    if (!lease.ok()) throw std::runtime_error(std::string(lease.status().message()));
    std::unique_ptr<sql::Statement> st((*lease)->createStatement());
    try {
      // MariaDB 10.11 refuses an R-tree read that follows a plain read in
      // the same transaction (MDEV-26123: error 1207, "Update locks cannot
      // be acquired during a READ UNCOMMITTED transaction"). At 1,000,000
      // posts the optimizer plans exactly that: a full scan for one home's
      // box, the spatial index for the other. A transaction whose first read
      // goes through the spatial index is marked as locking, and then runs
      // the query with the optimizer's own plan; this costs three round
      // trips, well under a millisecond against the query's hundreds.
      st->execute("START TRANSACTION");
      std::unique_ptr<sql::ResultSet>(st->executeQuery(kSpatialFirstRead));
      std::unique_ptr<sql::ResultSet> rs(st->executeQuery(sql));
      const int n = static_cast<int>(rs->getMetaData()->getColumnCount());
      std::vector<std::vector<std::string>> out;
      while (rs->next()) {
        std::vector<std::string> row;
        for (int i = 1; i <= n; ++i) row.push_back(std::string(rs->getString(i)));
        out.push_back(std::move(row));
      }
      st->execute("COMMIT");
      return out;
    } catch (const sql::SQLException& e) {
      throw std::runtime_error(absl::StrCat("mariadb: error ", e.getErrorCode(), ": ", e.what(),
                                            "\n  in: ", sql.substr(0, 300)));
    }
  }

 private:
  std::unique_ptr<db::Database> db_;
};

class PostgresPeer final : public Peer {
 public:
  explicit PostgresPeer(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      throw std::runtime_error(absl::StrCat("postgres: ", PQerrorMessage(conn_)));
    }
    // Doubles printed exactly (the default since PostgreSQL 12, said anyway).
    PQclear(PQexec(conn_, "SET extra_float_digits = 3"));
  }
  ~PostgresPeer() override { PQfinish(conn_); }
  Dialect dialect() const override { return Dialect::kPostgres; }
  std::vector<std::vector<std::string>> Rows(const std::string& sql) override {
    PGresult* res = PQexec(conn_, sql.c_str());
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
      std::string error = PQerrorMessage(conn_);
      PQclear(res);
      throw std::runtime_error(absl::StrCat("postgres: ", error, "\n", sql.substr(0, 400)));
    }
    std::vector<std::vector<std::string>> out;
    for (int r = 0; r < PQntuples(res); ++r) {
      std::vector<std::string> row;
      for (int c = 0; c < PQnfields(res); ++c) row.push_back(PQgetvalue(res, r, c));
      out.push_back(std::move(row));
    }
    PQclear(res);
    return out;
  }

 private:
  PGconn* conn_;
};

// The matcher as a client sees it: one gRPC call per question.
class MatcherClient {
 public:
  explicit MatcherClient(const std::string& target)
      : stub_(v1::MatcherService::NewStub(
            grpc::CreateChannel(target, grpc::InsecureChannelCredentials()))) {}

  Answer TopPosts(const Seeker& who, int k) {
    v1::RecommendPostsRequest req;
    req.set_profile_id(who.id);
    req.set_page_size(k);
    v1::RecommendPostsResponse resp;
    grpc::ClientContext ctx;
    AsStaff(ctx);
    Check(stub_->RecommendPosts(&ctx, req, &resp));
    Answer a;
    for (const auto& m : resp.matches()) {
      a.ids.push_back(m.post_id());
      a.scores.push_back(m.score());
    }
    return a;
  }
  Answer TopPeople(const PostRecord& post, int k) {
    v1::RecommendSeekersRequest req;
    req.set_post_id(post.id);
    req.set_page_size(k);
    v1::RecommendSeekersResponse resp;
    grpc::ClientContext ctx;
    AsStaff(ctx);
    Check(stub_->RecommendSeekers(&ctx, req, &resp));
    Answer a;
    for (const auto& m : resp.matches()) {
      a.ids.push_back(m.profile_id());
      a.scores.push_back(m.score());
    }
    return a;
  }

 private:
  static void AsStaff(grpc::ClientContext& ctx) {
    ctx.AddMetadata("jobmatch-role", "admin");
    ctx.AddMetadata("jobmatch-subject", "bench");
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  }
  static void Check(const grpc::Status& s) {
    if (!s.ok()) throw std::runtime_error(absl::StrCat("matcher: ", s.error_message()));
  }
  std::unique_ptr<v1::MatcherService::Stub> stub_;
};

// Same ids in the same order and the same scores (to rounding).
std::string Disagreement(const Answer& ours, const Answer& theirs) {
  if (ours.ids.size() != theirs.ids.size()) {
    return absl::StrCat(ours.ids.size(), " answers against ", theirs.ids.size());
  }
  for (size_t i = 0; i < ours.ids.size(); ++i) {
    if (ours.ids[i] != theirs.ids[i] || std::fabs(ours.scores[i] - theirs.scores[i]) > 1e-9) {
      return absl::StrFormat("at %d: %s %.17g against %s %.17g", i, ours.ids[i], ours.scores[i],
                             theirs.ids[i], theirs.scores[i]);
    }
  }
  return "";
}

double Micros(const std::function<void()>& fn) {
  const auto start = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
      .count();
}

double Quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
}

int Run() {
  const int n_posts = absl::GetFlag(FLAGS_posts), n_people = absl::GetFlag(FLAGS_people);
  Data data = Generate(n_posts, n_people);
  if (!absl::GetFlag(FLAGS_write).empty()) {
    WriteRows(data, absl::GetFlag(FLAGS_write));
    return 0;
  }
  const matcher::QueryTime at = matcher::synthetic::At();
  const int sample = absl::GetFlag(FLAGS_sample);
  // The sample: people spread through the generated order, and open posts
  // (a question about a closed post has an empty answer everywhere).
  // (Copies: the rows themselves move into the index.)
  std::vector<Seeker> who;
  for (int i = 0; i < sample; ++i) who.push_back(data.people[(i * 7919L) % n_people]);
  std::vector<PostRecord> which;
  for (long i = 0; static_cast<int>(which.size()) < sample && i < n_posts; ++i) {
    const PostRecord& p = data.posts[(i * 7919L) % n_posts];
    if (p.state == matcher::kPostStateOpen && p.valid_until > at.now) which.push_back(p);
  }

  matcher::synthetic::Relations relations;
  matcher::MatchIndex index(&relations);
  for (PostRecord& p : data.posts) index.UpsertPost(std::move(p));
  for (Seeker& s : data.people) index.UpsertSeeker(std::move(s));
  data = {};
  matcher::LivePushHub hub(
      &index, [&] { return at.now; }, absl::Milliseconds(100));
  matcher::MatcherService service(&index, &hub, [&] { return at.now; });
  HostOptions options;
  options.services = {&service};
  options.shutdown_grace = absl::Milliseconds(200);
  auto host = ServiceHost::Start(std::move(options));
  if (!host.ok()) {
    std::cerr << host.status() << "\n";
    return 1;
  }
  MatcherClient ours((*host)->target());
  MariaDbPeer maria(absl::GetFlag(FLAGS_mariadb_port), absl::GetFlag(FLAGS_mariadb_password_file));
  PostgresPeer pg(absl::GetFlag(FLAGS_pg));
  Peer* peers[] = {&maria, &pg};
  const char* names[] = {"MariaDB", "PostGIS"};

  struct Question {
    std::string name;
    size_t n;
    std::function<Answer(size_t)> ours;
    std::function<Answer(Peer&, size_t)> peer;
    std::function<std::string(size_t)> subject;  // the person's or the post's id
  };
  const Question questions[] = {
      {absl::StrCat("top-20 posts for a person (", n_posts, " posts)"), who.size(),
       [&](size_t i) { return ours.TopPosts(who[i], 20); },
       [&](Peer& p, size_t i) { return p.TopPosts(who[i], at, 20); },
       [&](size_t i) { return who[i].id; }},
      {absl::StrCat("top-50 people for a post (", n_people, " people)"), which.size(),
       [&](size_t i) { return ours.TopPeople(which[i], 50); },
       [&](Peer& p, size_t i) { return p.TopPeople(which[i], at, 50); },
       [&](size_t i) { return which[i].id; }},
  };
  int bad = 0;
  for (const Question& q : questions) {
    // A few questions first, untimed, to warm every cache; then each
    // question on each system in turn (so a slow moment of the machine hits
    // all three alike), timed, and its answers compared.
    for (size_t i = 0; i < std::min<size_t>(q.n, 10); ++i) {
      q.ours(i);
      for (Peer* p : peers) q.peer(*p, i);
    }
    std::vector<double> t[3];
    size_t results = 0;
    for (size_t i = 0; i < q.n; ++i) {
      Answer a, b[2];
      t[0].push_back(Micros([&] { a = q.ours(i); }));
      for (int k = 0; k < 2; ++k) t[k + 1].push_back(Micros([&] { b[k] = q.peer(*peers[k], i); }));
      results += a.ids.size();
      for (int k = 0; k < 2; ++k) {
        const std::string why = Disagreement(a, b[k]);
        if (!why.empty()) {
          ++bad;
          std::cerr << q.name << " #" << i << ": " << names[k] << " disagrees " << why << "\n";
        }
      }
    }
    std::cerr << q.name << ": " << q.n << " questions, " << results
              << " answers each, checked against both peers\n";
    if (absl::GetFlag(FLAGS_check_only)) continue;
    // The same questions to the matcher alone, back to back: between the
    // peers' queries, which take hundreds of milliseconds of both cores and
    // sweep the caches, each matcher call starts cold.
    std::vector<double> alone;
    for (size_t i = 0; i < q.n; ++i) alone.push_back(Micros([&] { q.ours(i); }));
    const size_t slowest = std::max_element(alone.begin(), alone.end()) - alone.begin();
    std::cerr << q.name << ": the matcher alone, back to back: p50 " << Quantile(alone, 0.5) / 1000
              << " ms, p99 " << Quantile(alone, 0.99) / 1000
              << " ms (slowest: " << q.subject(slowest) << ", " << alone[slowest] / 1000
              << " ms); between the peers' queries: p50 " << Quantile(t[0], 0.5) / 1000
              << " ms, p99 " << Quantile(t[0], 0.99) / 1000 << " ms\n";
    for (int k = 0; k < 2; ++k) {
      for (double p : {0.5, 0.99}) {
        PrintRow(absl::StrCat(q.name, ", p", p == 0.5 ? "50" : "99"), "matcher over gRPC",
                 Quantile(t[0], p) / 1000, names[k], Quantile(t[k + 1], p) / 1000, "ms");
      }
    }
  }
  (*host)->Shutdown();
  if (bad > 0) {
    std::cerr << bad << " answers disagree\n";
    return 3;
  }
  return 0;
}

}  // namespace
}  // namespace jobmatch::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  try {
    return jobmatch::bench::Run();
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
