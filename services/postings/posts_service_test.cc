// In-process server tests of the post RPCs against the real MariaDB.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/postings/testing/service_fixture.h"

namespace jobmatch::postings::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

class PostsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    employer_id_ = server_.CreateSampleEmployer();
    ASSERT_FALSE(employer_id_.empty());
    campaign_id_ = server_.CreateSampleCampaign();
    ASSERT_FALSE(campaign_id_.empty());
    base_events_ = server_.OutboxCount();
  }

  grpc::Status Create(const std::string& request_id, const v1::Post& post,
                      v1::Post* out = nullptr) {
    grpc::ClientContext ctx;
    v1::CreatePostRequest req;
    req.set_request_id(request_id);
    *req.mutable_post() = post;
    v1::CreatePostResponse resp;
    grpc::Status s = server_.stub().CreatePost(&ctx, req, &resp);
    if (out != nullptr) *out = resp.post();
    return s;
  }
  v1::Post MustCreate(const v1::Post& post) {
    v1::Post out;
    const grpc::Status s = Create(absl::StrCat("p-", ++counter_), post, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  grpc::Status Update(const std::string& request_id, const v1::Post& post,
                      std::vector<std::string> paths, v1::Post* out = nullptr,
                      int64_t expected_version = 0) {
    grpc::ClientContext ctx;
    v1::UpdatePostRequest req;
    req.set_request_id(request_id);
    *req.mutable_post() = post;
    for (auto& p : paths) req.mutable_update_mask()->add_paths(p);
    req.set_expected_version(expected_version);
    v1::UpdatePostResponse resp;
    grpc::Status s = server_.stub().UpdatePost(&ctx, req, &resp);
    if (out != nullptr) *out = resp.post();
    return s;
  }
  std::vector<std::string> ListIds(const v1::PostFilter& filter) {
    grpc::ClientContext ctx;
    v1::ListPostsRequest req;
    *req.mutable_filter() = filter;
    req.set_page_size(1000);
    v1::ListPostsResponse resp;
    EXPECT_TRUE(server_.stub().ListPosts(&ctx, req, &resp).ok());
    std::vector<std::string> ids;
    for (const auto& p : resp.posts()) ids.push_back(p.post_id());
    return ids;
  }
  std::vector<std::string> SearchIds(const std::string& query) {
    grpc::ClientContext ctx;
    v1::SearchPostsRequest req;
    req.set_query(query);
    v1::SearchPostsResponse resp;
    const grpc::Status s = server_.stub().SearchPosts(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> ids;
    for (const auto& p : resp.posts()) ids.push_back(p.post_id());
    return ids;
  }

  PostingsServer server_;
  std::string employer_id_, campaign_id_;
  int64_t base_events_ = 0;
  int counter_ = 0;
};

TEST_F(PostsTest, CreateAssignsOutputFieldsAndWritesItsEvent) {
  v1::Post post = SamplePost(employer_id_);
  post.add_campaign_ids(campaign_id_);
  post.set_version(99);  // output only: ignored
  v1::Post created = MustCreate(post);
  EXPECT_EQ(created.post_id().size(), 17u);
  EXPECT_EQ(created.remaining_openings(), 10);
  EXPECT_EQ(created.version(), 1);
  EXPECT_EQ(created.state(), v1::POST_STATE_OPEN);
  EXPECT_EQ(created.labor_brand(), v1::LABOR_BRAND_LILING_CERAMICS);  // the employer's

  grpc::ClientContext ctx;
  v1::GetPostRequest get;
  get.set_post_id(created.post_id());
  v1::GetPostResponse got;
  ASSERT_TRUE(server_.stub().GetPost(&ctx, get, &got).ok());
  EXPECT_EQ(got.post().title(), "陶瓷机械焊工");

  const auto events = server_.OutboxEvents();
  ASSERT_EQ(static_cast<int64_t>(events.size()), base_events_ + 1);
  const v1::Event& e = events.back();
  EXPECT_EQ(e.kind(), v1::EVENT_KIND_POST_CHANGED);
  EXPECT_EQ(e.post_id(), created.post_id());
  EXPECT_EQ(e.employer_id(), employer_id_);
  EXPECT_EQ(e.campaign_id(), campaign_id_);
  EXPECT_EQ(e.region_code(), "430281");
  EXPECT_EQ(e.change().change_type(), v1::CHANGE_TYPE_CREATED);
  EXPECT_EQ(e.change().version(), 1);
}

TEST_F(PostsTest, InvalidPostNamesEveryFieldAndWritesNothing) {
  v1::Post bad = SamplePost(employer_id_);
  bad.set_region_code("439999");
  bad.mutable_salary()->set_min_monthly_cny(9000);
  bad.mutable_requirements()->set_min_age(12);
  bad.set_openings(0);
  bad.set_occupation_code("6-18");
  bad.add_relaxations()->set_group(v1::KEY_GROUP_GROUP_4050);
  const grpc::Status s = Create("bad", bad);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s),
              UnorderedElementsAre("post.region_code", "post.salary.min_monthly_cny",
                                   "post.requirements.min_age", "post.openings",
                                   "post.occupation_code", "post.relaxations[1].group"));

  v1::Post orphan = SamplePost("E0000000000000000");
  orphan.add_campaign_ids("C-none");
  const grpc::Status missing = Create("orphan", orphan);
  EXPECT_THAT(ViolationFields(missing),
              UnorderedElementsAre("post.employer_id", "post.campaign_ids[0]"));
  EXPECT_EQ(server_.Count("posts"), 0);
  EXPECT_EQ(server_.Count("request_log"), 2);  // the employer's and the campaign's only
  EXPECT_EQ(server_.OutboxCount(), base_events_);
}

TEST_F(PostsTest, RetriedCreateHasOneEffect) {
  v1::Post a, b;
  ASSERT_TRUE(Create("once", SamplePost(employer_id_), &a).ok());
  ASSERT_TRUE(Create("once", SamplePost(employer_id_), &b).ok());
  EXPECT_EQ(a.post_id(), b.post_id());
  EXPECT_EQ(server_.Count("posts"), 1);
  EXPECT_EQ(server_.OutboxCount(), base_events_ + 1);
  v1::Post other = SamplePost(employer_id_);
  other.set_openings(3);
  EXPECT_THAT(ViolationFields(Create("once", other)), ElementsAre("request_id"));
}

TEST_F(PostsTest, UpdateAppliesTheMaskAndKeepsCountersInStep) {
  v1::Post created = MustCreate(SamplePost(employer_id_));
  v1::Post change;
  change.set_post_id(created.post_id());
  change.mutable_salary()->set_min_monthly_cny(6000);
  change.mutable_salary()->set_max_monthly_cny(9000);
  change.set_openings(12);
  change.set_title("not in the mask");
  v1::Post updated;
  ASSERT_TRUE(Update("u1", change, {"salary", "openings"}, &updated, 1).ok());
  EXPECT_EQ(updated.salary().max_monthly_cny(), 9000);
  EXPECT_EQ(updated.title(), "陶瓷机械焊工");
  EXPECT_EQ(updated.openings(), 12);
  EXPECT_EQ(updated.remaining_openings(), 12);
  EXPECT_EQ(updated.version(), 2);
  EXPECT_EQ(server_.OutboxCount(), base_events_ + 2);

  // The same request again: the first answer, no second event.
  v1::Post again;
  ASSERT_TRUE(Update("u1", change, {"salary", "openings"}, &again, 1).ok());
  EXPECT_EQ(again.version(), 2);
  EXPECT_EQ(server_.OutboxCount(), base_events_ + 2);

  EXPECT_EQ(Update("u2", change, {"salary"}, nullptr, 1).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(ViolationFields(Update("u3", change, {"version", "bogus", "remaining_openings"})),
              ElementsAre("update_mask.paths[0]", "update_mask.paths[1]", "update_mask.paths[2]"));
  change.mutable_requirements()->set_max_age(80);
  EXPECT_THAT(ViolationFields(Update("u4", change, {"requirements.max_age"})),
              ElementsAre("post.requirements.max_age"));
  change.set_state(v1::POST_STATE_FILLED);
  EXPECT_THAT(ViolationFields(Update("u5", change, {"state"})), ElementsAre("post.state"));
  change.set_state(v1::POST_STATE_PAUSED);
  ASSERT_TRUE(Update("u6", change, {"state"}, &updated).ok());
  EXPECT_EQ(updated.state(), v1::POST_STATE_PAUSED);
  EXPECT_EQ(server_.OutboxCount(), base_events_ + 3);
}

TEST_F(PostsTest, CloseIsFinal) {
  v1::Post created = MustCreate(SamplePost(employer_id_));
  grpc::ClientContext ctx;
  v1::ClosePostRequest req;
  req.set_request_id("close");
  req.set_post_id(created.post_id());
  req.set_reason("招满");
  v1::ClosePostResponse resp;
  ASSERT_TRUE(server_.stub().ClosePost(&ctx, req, &resp).ok());
  EXPECT_EQ(resp.post().state(), v1::POST_STATE_CLOSED);
  EXPECT_EQ(server_.OutboxEvents().back().change().change_type(), v1::CHANGE_TYPE_REMOVED);

  grpc::ClientContext again_ctx;
  req.set_request_id("close-2");
  EXPECT_EQ(server_.stub().ClosePost(&again_ctx, req, &resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::Post change;
  change.set_post_id(created.post_id());
  change.set_title("reopen?");
  EXPECT_EQ(Update("after-close", change, {"title"}).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(ListIds(v1::PostFilter()).empty());
  v1::PostFilter closed;
  closed.add_states(v1::POST_STATE_CLOSED);
  EXPECT_THAT(ListIds(closed), ElementsAre(created.post_id()));
  EXPECT_EQ(server_.OutboxCount(), base_events_ + 2);
}

TEST_F(PostsTest, FiltersSelectExactlyTheMatchingPosts) {
  v1::Post liling = SamplePost(employer_id_);
  liling.add_campaign_ids(campaign_id_);
  const std::string a = MustCreate(liling).post_id();

  v1::Post zhuzhou = SamplePost(employer_id_);
  zhuzhou.set_region_code("430211");
  zhuzhou.set_occupation_code("4-10-01-06");
  zhuzhou.set_title("家政服务员");
  zhuzhou.clear_target_groups();
  zhuzhou.add_target_groups(v1::KEY_GROUP_GROUP_4050);
  zhuzhou.set_labor_brand(v1::LABOR_BRAND_DOMESTIC_SERVICE);
  zhuzhou.mutable_salary()->set_min_monthly_cny(3500);
  zhuzhou.mutable_salary()->set_max_monthly_cny(4500);
  const std::string b = MustCreate(zhuzhou).post_id();

  v1::Post changsha = SamplePost(employer_id_);
  changsha.set_region_code("430104");
  changsha.set_occupation_code("6-18-01-01");
  changsha.mutable_salary()->set_max_monthly_cny(0);  // "5000以上"
  const std::string c = MustCreate(changsha).post_id();

  auto filter = [](auto fill) {
    v1::PostFilter f;
    fill(f);
    return f;
  };
  EXPECT_THAT(ListIds(v1::PostFilter()), ElementsAre(c, b, a));  // newest first
  EXPECT_THAT(ListIds(filter([](auto& f) { f.set_region_prefix("4302"); })),
              UnorderedElementsAre(a, b));
  EXPECT_THAT(ListIds(filter([](auto& f) { f.set_region_prefix("430281"); })), ElementsAre(a));
  EXPECT_THAT(ListIds(filter([](auto& f) { f.set_region_prefix("4301"); })), ElementsAre(c));
  EXPECT_THAT(ListIds(filter([](auto& f) { f.set_occupation_prefix("6-18"); })),
              UnorderedElementsAre(a, c));
  EXPECT_THAT(ListIds(filter([](auto& f) { f.set_occupation_prefix("6-18-02"); })), ElementsAre(a));
  EXPECT_THAT(ListIds(filter([](auto& f) { f.set_occupation_prefix("6-1"); })),
              ::testing::IsEmpty());
  EXPECT_THAT(ListIds(filter([](auto& f) { f.set_target_group(v1::KEY_GROUP_GROUP_4050); })),
              ElementsAre(b));
  EXPECT_THAT(ListIds(filter([](auto& f) { f.set_labor_brand(v1::LABOR_BRAND_LILING_CERAMICS); })),
              UnorderedElementsAre(a, c));
  EXPECT_THAT(ListIds(filter([](auto& f) { f.set_salary_floor(5000); })),
              UnorderedElementsAre(a, c));
  EXPECT_THAT(ListIds(filter([&](auto& f) { f.set_campaign_id(campaign_id_); })), ElementsAre(a));
  EXPECT_THAT(ListIds(filter([&](auto& f) {
                f.set_region_prefix("4302");
                f.set_salary_floor(4000);
                f.set_target_group(v1::KEY_GROUP_RETURNING_MIGRANT);
              })),
              ElementsAre(a));

  grpc::ClientContext ctx;
  v1::ListPostsRequest bad;
  bad.mutable_filter()->set_region_prefix("43x");
  bad.set_page_size(5000);
  v1::ListPostsResponse resp;
  EXPECT_THAT(ViolationFields(server_.stub().ListPosts(&ctx, bad, &resp)),
              UnorderedElementsAre("page_size", "filter.region_prefix"));
}

TEST_F(PostsTest, PagesNeitherSkipNorRepeatWhilePostsAreInserted) {
  std::vector<std::string> before;
  for (int i = 0; i < 23; ++i) before.push_back(MustCreate(SamplePost(employer_id_)).post_id());

  std::atomic<bool> stop{false};
  std::atomic<int> inserted{0};
  std::thread writer([&] {
    int n = 0;
    while (!stop) {
      v1::Post p = SamplePost(employer_id_);
      if (Create(absl::StrCat("concurrent-", n++), p).ok()) ++inserted;
    }
  });
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    grpc::ClientContext ctx;
    v1::ListPostsRequest req;
    req.set_page_size(5);
    req.set_page_token(token);
    v1::ListPostsResponse resp;
    ASSERT_TRUE(server_.stub().ListPosts(&ctx, req, &resp).ok());
    for (const auto& p : resp.posts()) seen.push_back(p.post_id());
    token = resp.next_page_token();
    ++pages;
    while (inserted < pages * 2 && !token.empty())
      std::this_thread::yield();  // inserts between pages
  } while (!token.empty());
  stop = true;
  writer.join();
  EXPECT_GT(inserted.load(), 0);

  // The first page may include posts inserted before it was read; after that
  // no new post may enter, and every earlier post appears exactly once.
  absl::flat_hash_set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "a post was repeated";
  for (const auto& id : before) EXPECT_TRUE(unique.contains(id)) << "skipped " << id;
  EXPECT_LE(seen.size(), before.size() + 5);

  grpc::ClientContext ctx;
  v1::ListPostsRequest other;
  other.set_page_token(EncodePageToken(PageCursor{5, 1}));
  v1::ListPostsResponse resp;
  EXPECT_THAT(ViolationFields(server_.stub().ListPosts(&ctx, other, &resp)),
              ElementsAre("page_token"));
}

TEST_F(PostsTest, SearchFindsChineseWordsInsideRuns) {
  const std::string welder =
      MustCreate(SamplePost(employer_id_)).post_id();  // 陶瓷机械焊工 / 醴陵陶瓷产业园
  v1::Post cook = SamplePost(employer_id_);
  cook.set_title("食堂厨师");
  cook.set_occupation_code("4-03-02-01");
  cook.set_description("株洲高新区，包吃住");
  const std::string chef = MustCreate(cook).post_id();
  v1::Post glaze = SamplePost(employer_id_);
  glaze.set_title("陶瓷施釉工");
  glaze.set_description("长沙县工业园");
  const std::string glazer = MustCreate(glaze).post_id();

  EXPECT_THAT(SearchIds("焊工"), ElementsAre(welder));
  EXPECT_THAT(SearchIds("醴陵 陶瓷"), ElementsAre(welder));
  EXPECT_THAT(SearchIds("陶瓷"), ElementsAre(glazer, welder));
  EXPECT_THAT(SearchIds("包吃住"), ElementsAre(chef, welder));
  EXPECT_THAT(SearchIds("厨"), ElementsAre(chef));
  EXPECT_THAT(SearchIds("电工"), ::testing::IsEmpty());

  // An update is searched by its new words at once, and no longer by the old.
  v1::Post retitled;
  retitled.set_post_id(chef);
  retitled.set_title("面点师");
  ASSERT_TRUE(Update("retitle-chef", retitled, {"title"}).ok());
  EXPECT_THAT(SearchIds("面点"), ElementsAre(chef));
  EXPECT_THAT(SearchIds("厨"), ::testing::IsEmpty());
  EXPECT_THAT(SearchIds("厨师"), ::testing::IsEmpty());
  EXPECT_THAT(SearchIds("包吃住"), ElementsAre(chef, welder));  // the description stays

  grpc::ClientContext ctx;
  v1::SearchPostsRequest empty;
  v1::SearchPostsResponse resp;
  EXPECT_THAT(ViolationFields(server_.stub().SearchPosts(&ctx, empty, &resp)),
              ElementsAre("query"));
}

// Every query form pages through all its matches, newest first, against
// what the posts' text says: a rare word leading a common one, a common word
// alone, words with a lone character, a lone character alone, and a filter.
TEST_F(PostsTest, SearchPagesThroughEveryMatchNewestFirstWhicheverWordLeads) {
  const std::vector<std::string> trades = {"焊工", "电工", "普工"};
  const std::vector<std::string> towns = {"醴陵", "株洲", "湘潭", "长沙"};
  std::vector<std::pair<std::string, std::string>> made;  // id, text; oldest first
  for (int i = 0; i < 24; ++i) {
    v1::Post p = SamplePost(employer_id_);
    p.set_title(trades[i % 3] + towns[i % 4]);
    p.set_description(i % 2 == 0 ? "包吃住" : "五险一金");
    if (i >= 12) p.add_campaign_ids(campaign_id_);  // the newer half
    made.push_back({MustCreate(p).post_id(), p.title() + " " + p.description()});
  }
  // The posts whose text holds every space-separated part (in this data a
  // lone character always starts a pair, as the index asks).
  auto expected = [&](const std::string& query) {
    std::vector<std::string> ids;
    for (auto it = made.rbegin(); it != made.rend(); ++it) {
      bool all = true;
      for (absl::string_view part : absl::StrSplit(query, ' '))
        all = all && it->second.find(std::string(part)) != std::string::npos;
      if (all) ids.push_back(it->first);
    }
    return ids;
  };
  auto search_all = [&](const std::string& query, const v1::PostFilter& filter) {
    std::vector<std::string> ids;
    std::string token;
    for (int page = 0; page < 20; ++page) {
      grpc::ClientContext ctx;
      v1::SearchPostsRequest req;
      req.set_query(query);
      req.set_page_size(5);
      req.set_page_token(token);
      *req.mutable_filter() = filter;
      v1::SearchPostsResponse resp;
      const grpc::Status s = server_.stub().SearchPosts(&ctx, req, &resp);
      EXPECT_TRUE(s.ok()) << query << ": " << s.error_message();
      EXPECT_LE(resp.posts_size(), 5);
      for (const auto& p : resp.posts()) ids.push_back(p.post_id());
      token = resp.next_page_token();
      if (token.empty()) break;
    }
    return ids;
  };
  for (const std::string query :
       {"普工", "醴陵 焊工", "焊工 醴陵", "包吃住 工", "株", "湘潭 包吃住 电"}) {
    const std::vector<std::string> want = expected(query);
    ASSERT_FALSE(want.empty()) << query;
    EXPECT_THAT(search_all(query, {}), ElementsAreArray(want)) << query;
  }
  EXPECT_EQ(expected("普工").size(), 8u);                          // more than one page
  EXPECT_THAT(search_all("焊工 电工", {}), ::testing::IsEmpty());  // each common, never together

  v1::PostFilter other_employer;
  other_employer.set_employer_id("E-nobody");
  EXPECT_THAT(search_all("普工", other_employer), ::testing::IsEmpty());
  v1::PostFilter in_campaign;
  in_campaign.set_campaign_id(campaign_id_);
  std::vector<std::string> newer_half = expected("普工");
  newer_half.resize(4);  // 普工 is every third post: 4 of the newer 12
  EXPECT_THAT(search_all("普工", in_campaign), ElementsAreArray(newer_half));
  EXPECT_THAT(search_all("工", in_campaign), SizeIs(12));
}

// Posts created at once from several callers are each indexed in their own
// transaction without the index's writes deadlocking one another (which the
// store would retry, slowly), and every one is found.
TEST_F(PostsTest, ConcurrentCreatesAreAllSearchableWithoutLockRetries) {
  const int64_t retries_before = server_.db().Use().lock_retries;
  constexpr int kThreads = 4, kEach = 20;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        v1::Post p = SamplePost(employer_id_);
        p.set_title(absl::StrCat("并发招聘焊工", t, "x", i));
        if (!Create(absl::StrCat("concurrent-", t, "-", i), p).ok()) ++failed;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(server_.db().Use().lock_retries - retries_before, 0);
  grpc::ClientContext ctx;
  v1::SearchPostsRequest req;
  req.set_query("并发");
  req.set_page_size(1000);
  v1::SearchPostsResponse resp;
  ASSERT_TRUE(server_.stub().SearchPosts(&ctx, req, &resp).ok());
  EXPECT_EQ(resp.posts_size(), kThreads * kEach);
}

// An employer writes only its own records (the central policy lets employers
// call these methods at all; the domain checks whose record it is). On the
// plaintext test server the caller comes from plain metadata.
TEST_F(PostsTest, EmployersWriteOnlyTheirOwnRecordsAndARefusalWritesNothing) {
  grpc::ClientContext octx;
  v1::CreateEmployerRequest oreq;
  oreq.set_request_id("other-employer");
  *oreq.mutable_employer() = SampleEmployer("91110000600037341L");
  v1::CreateEmployerResponse oresp;
  ASSERT_TRUE(server_.stub().CreateEmployer(&octx, oreq, &oresp).ok());
  const std::string other_id = oresp.employer().employer_id();
  const v1::Post theirs = MustCreate(SamplePost(other_id));
  const int64_t events = server_.OutboxCount();
  auto as_employer = [this](grpc::ClientContext& ctx) {
    ctx.AddMetadata("jobmatch-role", "employer");
    ctx.AddMetadata("jobmatch-subject", employer_id_);
  };

  grpc::ClientContext create_ctx;
  as_employer(create_ctx);
  v1::CreatePostRequest create;
  create.set_request_id("post-for-another");
  *create.mutable_post() = SamplePost(other_id);
  v1::CreatePostResponse created;
  EXPECT_EQ(server_.stub().CreatePost(&create_ctx, create, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  grpc::ClientContext update_ctx;
  as_employer(update_ctx);
  v1::UpdatePostRequest update;
  update.set_request_id("update-theirs");
  update.mutable_post()->set_post_id(theirs.post_id());
  update.mutable_post()->set_title("被改了");
  update.mutable_update_mask()->add_paths("title");
  v1::UpdatePostResponse updated;
  EXPECT_EQ(server_.stub().UpdatePost(&update_ctx, update, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  grpc::ClientContext close_ctx;
  as_employer(close_ctx);
  v1::ClosePostRequest close;
  close.set_request_id("close-theirs");
  close.set_post_id(theirs.post_id());
  v1::ClosePostResponse closed;
  EXPECT_EQ(server_.stub().ClosePost(&close_ctx, close, &closed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  grpc::ClientContext employer_ctx;
  as_employer(employer_ctx);
  v1::UpdateEmployerRequest employer;
  employer.set_request_id("rename-them");
  employer.mutable_employer()->set_employer_id(other_id);
  employer.mutable_employer()->set_name("别人家");
  employer.mutable_update_mask()->add_paths("name");
  v1::UpdateEmployerResponse employer_resp;
  EXPECT_EQ(server_.stub().UpdateEmployer(&employer_ctx, employer, &employer_resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Nothing was written by the refusals; their post is as it was.
  EXPECT_EQ(server_.OutboxCount(), events);
  grpc::ClientContext get_ctx;
  v1::GetPostRequest get;
  get.set_post_id(theirs.post_id());
  v1::GetPostResponse got;
  ASSERT_TRUE(server_.stub().GetPost(&get_ctx, get, &got).ok());
  EXPECT_EQ(got.post().title(), theirs.title());
  EXPECT_EQ(got.post().state(), theirs.state());

  // Its own post it may create, change and close.
  grpc::ClientContext own_ctx;
  as_employer(own_ctx);
  create.set_request_id("own-post");
  *create.mutable_post() = SamplePost(employer_id_);
  ASSERT_TRUE(server_.stub().CreatePost(&own_ctx, create, &created).ok());
  grpc::ClientContext own_update_ctx;
  as_employer(own_update_ctx);
  update.set_request_id("update-own");
  update.mutable_post()->set_post_id(created.post().post_id());
  EXPECT_TRUE(server_.stub().UpdatePost(&own_update_ctx, update, &updated).ok());
  EXPECT_EQ(updated.post().title(), "被改了");
  grpc::ClientContext own_close_ctx;
  as_employer(own_close_ctx);
  close.set_request_id("close-own");
  close.set_post_id(created.post().post_id());
  EXPECT_TRUE(server_.stub().ClosePost(&own_close_ctx, close, &closed).ok());
}

}  // namespace
}  // namespace jobmatch::postings::testing
