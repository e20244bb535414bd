// The import bar: 90,000 generated fair posts through ImportPostings into
// MariaDB (in-process server on port 0, fresh schema), then the identical set
// again, which must change nothing. Also how long after the first import
// full-text search has caught up with it, and the same with a fifth of the
// rows waiting for occupation review, half of their titles taught by staff
// beforehand (lessons looked up and applied on the way in). Not run by ctest:
//   build-*/services/postings/bench/postings_import_benchmark
// (needs the private MariaDB: deploy/db.sh start; JOBMATCH_TEST_DB_URL to override).
#include <benchmark/benchmark.h>

#include <iostream>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/postings/demo/demo_client.h"
#include "services/postings/mysql_postings_store.h"
#include "services/postings/screening.h"
#include "services/postings/search_text.h"
#include "services/postings/testing/service_fixture.h"
#include "services/postings/validation.h"

namespace jobmatch::postings {
namespace {

// Makes `percent` of `posts` rows an importer could not code (their major
// group as the guess, waiting for review), and has staff teach every other
// title among them first, so the import looks lessons up and codes the rows
// of taught titles. False if a lesson could not be taught.
bool QueueForReview(testing::PostingsServer& server, int percent, const std::string& employer_id,
                    std::vector<v1::Post>& posts) {
  absl::flat_hash_map<std::string, std::string> titles;  // title -> its real code
  for (size_t i = 0; i < posts.size(); ++i) {
    if (static_cast<int>(i % 100) >= percent) continue;
    v1::Post& p = posts[i];
    titles.emplace(p.title(), p.occupation_code());
    p.set_occupation_code(p.occupation_code().substr(0, 1));
    p.mutable_occupation_coding()->set_needs_review(true);
    p.mutable_occupation_coding()->set_method("major_group");
    p.mutable_occupation_coding()->set_confidence(0.3f);
  }
  int n = 0;
  for (const auto& [title, code] : titles) {
    if (n++ % 2 != 0) continue;
    v1::CreatePostRequest create;
    create.set_request_id("teach-post-" + std::to_string(n));
    *create.mutable_post() = testing::SamplePost(employer_id);
    create.mutable_post()->set_title(title);
    v1::CreatePostResponse created;
    grpc::ClientContext cctx;
    if (!server.stub().CreatePost(&cctx, create, &created).ok()) return false;
    v1::ReviewPostOccupationRequest review;
    review.set_request_id("teach-" + std::to_string(n));
    review.set_post_id(created.post().post_id());
    review.set_occupation_code(code);
    v1::ReviewPostOccupationResponse reviewed;
    grpc::ClientContext rctx;
    rctx.AddMetadata("jobmatch-role", "admin");
    if (!server.stub().ReviewPostOccupation(&rctx, review, &reviewed).ok()) return false;
  }
  return true;
}

void BM_ImportFair(benchmark::State& state) {
  const int posts_count = static_cast<int>(state.range(0));
  // The fair's source trusted (published at once) or not (every post waits
  // for moderation); screened either way.
  const bool trusted = state.range(2) != 0;
  testing::PostingsServer server(trusted ? testing::Trusting({demo::kFairSource})
                                         : ImportOptions{});
  const demo::DemoGenerator generator;
  auto base = demo::CreateBase(server.stub(), generator, 300, "bench");
  if (!base.ok()) {
    state.SkipWithError("cannot create employers");
    return;
  }
  auto posts = generator.FairPosts(posts_count, base->employers);
  const std::vector<std::string> campaigns = {base->campaigns[2].campaign_id()};
  if (!QueueForReview(server, static_cast<int>(state.range(1)), base->employers[0].employer_id(),
                      posts)) {
    state.SkipWithError("cannot teach titles");
    return;
  }
  int run = 0;
  for (auto _ : state) {
    const int64_t outbox_before = server.OutboxCount();
    const int64_t retries_before = server.db().Use().lock_retries;
    const absl::Time t0 = absl::Now();
    auto first = demo::ImportPosts(server.stub(), "bench-first-" + std::to_string(run),
                                   demo::kFairSource, campaigns, posts);
    const absl::Time t1 = absl::Now();
    const int64_t outbox_first = server.OutboxCount();
    // Full-text search trails the import (services/postings/search_indexer.h).
    server.WaitForSearchIndex();
    const double searchable_s = absl::ToDoubleSeconds(absl::Now() - t1);
    const int64_t unindexed = server.Count("post_search_pending");
    const absl::Time t1b = absl::Now();
    auto second = demo::ImportPosts(server.stub(), "bench-second-" + std::to_string(run),
                                    demo::kFairSource, campaigns, posts);
    const absl::Time t2 = absl::Now();
    const int64_t outbox_second = server.OutboxCount();
    ++run;
    if (!first.ok() || !second.ok()) {
      std::cerr << "import failed: " << (first.ok() ? second.status() : first.status()) << "\n";
      state.SkipWithError("import failed");
      return;
    }
    const double first_s = absl::ToDoubleSeconds(t1 - t0);
    const double second_s = absl::ToDoubleSeconds(t2 - t1b);
    state.SetIterationTime(first_s);
    state.counters["posts_per_s"] = first->created() / first_s;
    state.counters["first_s"] = first_s;
    state.counters["created"] = first->created();
    state.counters["failed"] = first->failed();
    state.counters["outbox_rows"] = static_cast<double>(outbox_first - outbox_before);
    state.counters["searchable_after_s"] = searchable_s;
    state.counters["unindexed"] = static_cast<double>(unindexed);
    state.counters["second_s"] = second_s;
    state.counters["second_changed"] = second->created() + second->updated();
    state.counters["second_unchanged"] = second->unchanged();
    state.counters["second_outbox_rows"] = static_cast<double>(outbox_second - outbox_first);
    // Transactions of the import and the search indexer run again after a
    // deadlock or lock wait (db::Database::InTransaction).
    state.counters["lock_retries"] =
        static_cast<double>(server.db().Use().lock_retries - retries_before);
    state.counters["queued"] = static_cast<double>(server.Count("posts WHERE needs_review = 1"));
    state.counters["pending_review"] = static_cast<double>(
        server.Count(absl::StrCat("posts WHERE state = ", v1::POST_STATE_PENDING_REVIEW)));
    state.counters["learned"] =
        static_cast<double>(server.Count("posts WHERE coding_method = 'learned'"));
    std::cout << "first import: " << first->created() << " created, " << first->failed()
              << " failed in " << first_s << " s = " << first->created() / first_s
              << " posts/s, all searchable " << searchable_s
              << " s later; second import: " << second->created() << " created, "
              << second->updated() << " updated, " << second->unchanged() << " unchanged, "
              << (outbox_second - outbox_first) << " new outbox rows in " << second_s << " s\n";
    // Chinese search over the imported fair: first page (20) of each query.
    for (const char* query : {"焊工", "醴陵 陶瓷"}) {
      grpc::ClientContext ctx;
      v1::SearchPostsRequest req;
      req.set_query(query);
      req.set_page_size(20);
      v1::SearchPostsResponse resp;
      const absl::Time s0 = absl::Now();
      const grpc::Status s = server.stub().SearchPosts(&ctx, req, &resp);
      const double ms = absl::ToDoubleMilliseconds(absl::Now() - s0);
      bool all_match = true;
      for (const auto& p : resp.posts()) {
        const std::string text = p.title() + p.description();
        for (absl::string_view word : absl::StrSplit(query, ' ')) {
          all_match = all_match && text.find(std::string(word)) != std::string::npos;
        }
      }
      std::cout << "search \"" << query << "\": " << (s.ok() ? "ok" : s.error_message()) << ", "
                << resp.posts_size() << " posts on the first page, all containing the words: "
                << (all_match ? "yes" : "no") << ", " << ms << " ms\n";
    }
    if (second->created() + second->updated() != 0 || outbox_second != outbox_first) {
      state.SkipWithError("the identical second import changed something");
    }
  }
}
// The CPU the import spends per row outside the database, for comparison.
void BM_RowPreparation(benchmark::State& state) {
  const demo::DemoGenerator generator;
  auto employers = generator.Employers(300);
  for (size_t i = 0; i < employers.size(); ++i)
    employers[i].set_employer_id("E" + std::to_string(i));
  const auto posts = generator.FairPosts(5000, employers);
  size_t i = 0;
  for (auto _ : state) {
    const v1::Post& p = posts[i++ % posts.size()];
    if (state.range(0) == 0) benchmark::DoNotOptimize(SearchDocument(p.title(), p.description()));
    if (state.range(0) == 1) benchmark::DoNotOptimize(PostContentHash(p));
    if (state.range(0) == 2) {
      FieldViolations v("post");
      ValidatePost(p, v);
      benchmark::DoNotOptimize(v);
    }
    if (state.range(0) == 3) benchmark::DoNotOptimize(ScreenPost(p, {4000}));
  }
}
// 0 search text, 1 content hash, 2 validation, 3 moderation screening.
BENCHMARK(BM_RowPreparation)->Arg(0)->Arg(1)->Arg(2)->Arg(3);

// {posts, percent of rows waiting for occupation review, source trusted}.
BENCHMARK(BM_ImportFair)
    ->Args({90000, 0, 1})
    ->Args({90000, 0, 0})
    ->Args({90000, 20, 1})
    ->Args({10000, 0, 1})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace jobmatch::postings

BENCHMARK_MAIN();
