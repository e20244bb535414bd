// Import side by side: a fair's 90,000 posts through ImportPostings (the
// postings service in process on the bench's MariaDB, as
// services/postings/bench/import_benchmark.cc runs it, the fair's source
// trusted) against the floor of the same rows: what the import wrote to
// posts, post_campaigns and outbox, dumped and loaded again by LOAD DATA
// INFILE into empty copies of those tables in the same server. Prints one
// Markdown row (posts/s of each, and the ratio).
//
//   JOBMATCH_TEST_DB_URL=tcp://127.0.0.1:33348 JOBMATCH_DB_DIR=var/bench/mariadb
//     build/bench/import_side --dump_dir=$PWD/var/bench/import
//   (one command line)
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "bench/table.h"
#include "services/postings/demo/demo_client.h"
#include "services/postings/demo/generator.h"
#include "services/postings/testing/service_fixture.h"

ABSL_FLAG(int, posts, 90000, "posts in the fair's file");
ABSL_FLAG(std::string, dump_dir, "",
          "absolute folder the server may write and read (SELECT INTO OUTFILE, LOAD DATA INFILE)");

namespace jobmatch::bench {
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int Run() {
  namespace pt = postings::testing;
  const int n = absl::GetFlag(FLAGS_posts);
  const std::string dir = absl::GetFlag(FLAGS_dump_dir);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  pt::PostingsServer server(pt::Trusting({postings::demo::kFairSource}));
  const postings::demo::DemoGenerator generator;
  auto base = postings::demo::CreateBase(server.stub(), generator, 300, "bench");
  if (!base.ok()) {
    std::cerr << base.status() << "\n";
    return 1;
  }
  const auto posts = generator.FairPosts(n, base->employers);
  const int64_t outbox_before = server.OutboxCount();
  const int64_t posts_before = server.Count("posts");
  const auto start = std::chrono::steady_clock::now();
  auto imported =
      postings::demo::ImportPosts(server.stub(), "bench-import", postings::demo::kFairSource,
                                  {base->campaigns[2].campaign_id()}, posts);
  const double ours_s = Seconds(start);
  if (!imported.ok() || imported->created() != n) {
    std::cerr << "import failed: " << imported.status() << "\n";
    return 1;
  }
  double floor_s = 0;
  absl::Status s = server.db().WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT DATABASE()"));
    rs->next();
    const std::string schema = rs->getString(1);
    const std::string floor = schema + "_floor";
    // The rows the import wrote, as the server writes them out.
    st->execute(absl::StrCat("SELECT * INTO OUTFILE '", dir, "/posts.tsv' FROM posts WHERE seq > ",
                             "(SELECT COALESCE(MAX(seq), 0) FROM (SELECT seq FROM posts ORDER BY ",
                             "seq LIMIT ", posts_before, ") b)"));
    st->execute(absl::StrCat("SELECT * INTO OUTFILE '", dir, "/post_campaigns.tsv' FROM ",
                             "post_campaigns"));
    st->execute(absl::StrCat("SELECT * INTO OUTFILE '", dir, "/outbox.tsv' FROM outbox ORDER BY ",
                             "id LIMIT 1000000000 OFFSET ", outbox_before));
    st->execute(absl::StrCat("DROP DATABASE IF EXISTS ", floor));
    st->execute(absl::StrCat("CREATE DATABASE ", floor));
    for (const char* t : {"posts", "post_campaigns", "outbox"}) {
      st->execute(absl::StrCat("CREATE TABLE ", floor, ".", t, " LIKE ", schema, ".", t));
    }
    const auto load = std::chrono::steady_clock::now();
    st->execute("SET foreign_key_checks = 0");
    for (const char* t : {"posts", "post_campaigns", "outbox"}) {
      st->execute(
          absl::StrCat("LOAD DATA INFILE '", dir, "/", t, ".tsv' INTO TABLE ", floor, ".", t));
    }
    floor_s = Seconds(load);
    st->execute(absl::StrCat("DROP DATABASE ", floor));
    return absl::OkStatus();
  });
  if (!s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }
  std::cerr << "import: " << n << " posts in " << ours_s << " s; LOAD DATA of the same rows "
            << floor_s << " s\n";
  PrintRow(
      absl::StrCat("import of a fair's ", n, " posts (", ours_s, " s against ", floor_s, " s)"),
      "ImportPostings", n / ours_s, "LOAD DATA INFILE", n / floor_s, "posts/s");
  return 0;
}

}  // namespace
}  // namespace jobmatch::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return jobmatch::bench::Run();
}
