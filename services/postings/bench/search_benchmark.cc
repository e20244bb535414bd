// Search over the demo's 90,000-post fair (imported through ImportPostings
// into a fresh schema of the real MariaDB, then indexed): the first page (20)
// of each of the load mix's words, answered by the platform's own index
// (post_terms, read newest first through the store) and by the query it
// replaced, MariaDB's FULLTEXT index over the same tokens (a copy of
// post_search with a FULLTEXT key, the old AGAINST() expression, the same
// filters and order). Both must return the same posts before either is
// timed. Not run by ctest:
//   build/services/postings/bench/postings_search_benchmark
// (needs the private MariaDB: deploy/db.sh start; JOBMATCH_TEST_DB_URL to override).
#include <benchmark/benchmark.h>
#include <cppconn/connection.h>
#include <cppconn/statement.h>

#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/postings/demo/demo_client.h"
#include "services/postings/mysql_postings_store.h"
#include "services/postings/search_text.h"
#include "services/postings/testing/service_fixture.h"

namespace jobmatch::postings {
namespace {

// The load mix's words (clients/load/load_setup.cc), a lone character, and
// two common words seldom together: the worst case of the platform's index,
// which reads the leading word's posts until a page holds both.
const std::vector<std::string>& Queries() {
  static const auto* q = new std::vector<std::string>{
      "焊工",      "普工", "家政服务员", "保安员", "快递员", "陶瓷", "缝纫工", "养老护理员",
      "醴陵 陶瓷", "车工", "仓储管理员", "服装",   "司机",   "电工", "焊",     "快递员 陶瓷"};
  return *q;
}

struct Fair {
  std::unique_ptr<testing::PostingsServer> server;
  std::unique_ptr<MysqlPostingsStore> store;
  bool ok = false;
};

Fair& TheFair() {
  static Fair* fair = [] {
    auto* f = new Fair;
    f->server = std::make_unique<testing::PostingsServer>(testing::Trusting({demo::kFairSource}));
    const demo::DemoGenerator generator;
    auto base = demo::CreateBase(f->server->stub(), generator, 300, "search");
    if (!base.ok()) return f;
    const auto posts = generator.FairPosts(90000, base->employers);
    auto imported = demo::ImportPosts(f->server->stub(), "search-fair", demo::kFairSource,
                                      {base->campaigns[2].campaign_id()}, posts);
    if (!imported.ok()) return f;
    f->server->WaitForSearchIndex();
    f->ok = f->server->db()
                .WithConnection([](sql::Connection& conn) {
                  std::unique_ptr<sql::Statement> st(conn.createStatement());
                  st->execute(
                      "CREATE TABLE post_search_ft (post_seq BIGINT NOT NULL PRIMARY KEY, "
                      "search_text MEDIUMTEXT NOT NULL, FULLTEXT KEY (search_text)) "
                      "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
                  st->execute(
                      "INSERT INTO post_search_ft SELECT post_seq, search_text FROM "
                      "post_search");
                  return absl::OkStatus();
                })
                .ok();
    f->store = std::make_unique<MysqlPostingsStore>(&f->server->db());
    return f;
  }();
  return *fair;
}

// The platform's search before post_terms: MariaDB's FULLTEXT lookup.
absl::StatusOr<PostPage> FullTextPage(db::Database& db, const SearchQuery& q) {
  std::vector<std::string> expression;
  for (const std::string& t : q.terms) expression.push_back("+" + t);
  for (const std::string& t : q.prefixes) expression.push_back("+" + t + "*");
  return internal::ReadPostPage(
      db,
      absl::StrCat("SELECT ", internal::kPostColumns,
                   " FROM posts WHERE seq < ? AND state = ", v1::POST_STATE_OPEN,
                   " AND posts.seq IN (SELECT post_seq FROM post_search_ft WHERE "
                   "MATCH(search_text) AGAINST (? IN BOOLEAN MODE)) ORDER BY seq DESC LIMIT ?"),
      INT64_MAX, {absl::StrJoin(expression, " ")}, 20);
}

std::vector<std::string> Ids(const PostPage& page) {
  std::vector<std::string> ids;
  for (const auto& p : page.items) ids.push_back(p.post_id());
  return ids;
}

// {query, 0: post_terms (ours) | 1: FULLTEXT (the peer)}.
void BM_Search(benchmark::State& state) {
  Fair& fair = TheFair();
  if (!fair.ok) {
    state.SkipWithError("cannot import the fair");
    return;
  }
  const std::string& text = Queries()[state.range(0)];
  const SearchQuery q = ParseSearchQuery(text);
  const PostQuery ours{{}, q, 0, 20};
  auto mine = fair.store->ListPosts(ours);
  auto theirs = FullTextPage(fair.server->db(), q);
  if (!mine.ok() || !theirs.ok() || Ids(*mine) != Ids(*theirs)) {
    std::cerr << text << ": ours "
              << (mine.ok() ? absl::StrJoin(Ids(*mine), ",") : mine.status().ToString())
              << "\n  theirs "
              << (theirs.ok() ? absl::StrJoin(Ids(*theirs), ",") : theirs.status().ToString())
              << "\n";
    state.SkipWithError("the two indexes disagree");
    return;
  }
  state.SetLabel(absl::StrCat(text, " (", mine->items.size(), " on the page)"));
  for (auto _ : state) {
    auto page =
        state.range(1) == 0 ? fair.store->ListPosts(ours) : FullTextPage(fair.server->db(), q);
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_Search)
    ->ArgsProduct({benchmark::CreateDenseRange(0, 15, 1), {0, 1}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace jobmatch::postings

BENCHMARK_MAIN();
