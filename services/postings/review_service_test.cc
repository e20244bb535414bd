// In-process server tests of the intake review queue (ListPostsForReview,
// ReviewPostOccupation, ListLearnedTitles) and of lessons applied to created
// and imported posts, against the real MariaDB. Callers come from plain
// metadata (plaintext test server); review_auth_test.cc checks the roles
// through the real token policy.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/postings/testing/service_fixture.h"

namespace jobmatch::postings::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kHousekeeper[] = "4-10-01-06";  // 家政服务员

// A post an importer could not code: its major group as best guess.
v1::Post Queued(const std::string& employer_id, const std::string& title,
                const std::string& region = "430281") {
  v1::Post p = SamplePost(employer_id);
  p.set_title(title);
  p.set_region_code(region);
  p.set_occupation_code("4");
  p.mutable_occupation_coding()->set_needs_review(true);
  p.mutable_occupation_coding()->set_confidence(0.3f);
  p.mutable_occupation_coding()->set_method("major_group");
  return p;
}

std::vector<std::string> Titles(const v1::ListPostsForReviewResponse& resp) {
  std::vector<std::string> out;
  for (const auto& p : resp.posts()) out.push_back(p.title());
  return out;
}

class ReviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    employer_id_ = server_.CreateSampleEmployer();
    ASSERT_FALSE(employer_id_.empty());
    campaign_id_ = server_.CreateSampleCampaign();
    ASSERT_FALSE(campaign_id_.empty());
  }

  static void AsStaff(grpc::ClientContext& ctx) {
    ctx.AddMetadata("jobmatch-role", "recruiter");
    ctx.AddMetadata("jobmatch-subject", "r-7");
  }

  v1::Post MustCreate(const v1::Post& post) {
    grpc::ClientContext ctx;
    v1::CreatePostRequest req;
    req.set_request_id(absl::StrCat("p-", ++counter_));
    *req.mutable_post() = post;
    v1::CreatePostResponse resp;
    const grpc::Status s = server_.stub().CreatePost(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.post();
  }
  v1::Post MustGet(const std::string& post_id) {
    grpc::ClientContext ctx;
    v1::GetPostRequest req;
    req.set_post_id(post_id);
    v1::GetPostResponse resp;
    EXPECT_TRUE(server_.stub().GetPost(&ctx, req, &resp).ok());
    return resp.post();
  }
  grpc::Status Queue(const v1::ListPostsForReviewRequest& req,
                     v1::ListPostsForReviewResponse* resp) {
    grpc::ClientContext ctx;
    AsStaff(ctx);
    return server_.stub().ListPostsForReview(&ctx, req, resp);
  }
  v1::ListPostsForReviewResponse MustQueue(v1::ListPostsForReviewRequest req = {}) {
    v1::ListPostsForReviewResponse resp;
    const grpc::Status s = Queue(req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }
  grpc::Status Review(const std::string& request_id, const std::string& post_id,
                      const std::string& code, v1::ReviewPostOccupationResponse* resp,
                      int64_t expected_version = 0) {
    grpc::ClientContext ctx;
    AsStaff(ctx);
    v1::ReviewPostOccupationRequest req;
    req.set_request_id(request_id);
    req.set_post_id(post_id);
    req.set_occupation_code(code);
    req.set_expected_version(expected_version);
    return server_.stub().ReviewPostOccupation(&ctx, req, resp);
  }
  v1::ListLearnedTitlesResponse MustLearned(int page_size = 0, const std::string& token = "") {
    grpc::ClientContext ctx;
    AsStaff(ctx);
    v1::ListLearnedTitlesRequest req;
    req.set_page_size(page_size);
    req.set_page_token(token);
    v1::ListLearnedTitlesResponse resp;
    EXPECT_TRUE(server_.stub().ListLearnedTitles(&ctx, req, &resp).ok());
    return resp;
  }

  v1::ImportPostingsResponse MustImport(const std::string& request_id,
                                        const std::vector<v1::Post>& rows) {
    grpc::ClientContext ctx;
    v1::ImportPostingsResponse resp;
    auto writer = server_.stub().ImportPostings(&ctx, &resp);
    v1::ImportPostingsRequest header;
    header.mutable_header()->set_request_id(request_id);
    header.mutable_header()->set_source("liling-fair");
    writer->Write(header);
    for (const auto& row : rows) {
      v1::ImportPostingsRequest m;
      *m.mutable_post() = row;
      writer->Write(m);
    }
    writer->WritesDone();
    const grpc::Status s = writer->Finish();
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  // A trusted source: its posts are published without moderation.
  PostingsServer server_{Trusting({"liling-fair"})};
  std::string employer_id_, campaign_id_;
  int counter_ = 0;
};

TEST_F(ReviewTest, AGivenCodeIsCodedGivenAndACoarseOneOnlyWithReview) {
  const v1::Post given = MustCreate(SamplePost(employer_id_));
  EXPECT_EQ(given.occupation_coding().method(), "given");
  EXPECT_EQ(given.occupation_coding().confidence(), 1.0f);
  EXPECT_FALSE(given.occupation_coding().needs_review());
  EXPECT_EQ(MustGet(given.post_id()).occupation_coding().method(), "given");

  const v1::Post queued = MustCreate(Queued(employer_id_, "月嫂"));
  EXPECT_EQ(queued.occupation_code(), "4");
  EXPECT_TRUE(MustGet(queued.post_id()).occupation_coding().needs_review());

  v1::Post coarse = SamplePost(employer_id_);
  coarse.set_occupation_code("4-10");
  grpc::ClientContext ctx;
  v1::CreatePostRequest req;
  req.set_request_id("coarse");
  *req.mutable_post() = coarse;
  v1::CreatePostResponse resp;
  const grpc::Status s = server_.stub().CreatePost(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), ElementsAre("post.occupation_code"));
}

TEST_F(ReviewTest, QueueListsOnlyPostsNeedingReviewOldestFirstWithFiltersAndStablePages) {
  MustCreate(SamplePost(employer_id_));
  MustCreate(Queued(employer_id_, "月嫂"));
  v1::Post in_campaign = Queued(employer_id_, "保姆", "430202");
  in_campaign.add_campaign_ids(campaign_id_);
  MustCreate(in_campaign);
  v1::Post sourced = Queued(employer_id_, "护工");
  sourced.set_source("liling-fair");
  sourced.set_external_id("row-1");
  MustCreate(sourced);

  EXPECT_THAT(Titles(MustQueue()), ElementsAre("月嫂", "保姆", "护工"));
  v1::ListPostsForReviewRequest by_region;
  by_region.set_region_prefix("430202");
  EXPECT_THAT(Titles(MustQueue(by_region)), ElementsAre("保姆"));
  v1::ListPostsForReviewRequest by_campaign;
  by_campaign.set_campaign_id(campaign_id_);
  EXPECT_THAT(Titles(MustQueue(by_campaign)), ElementsAre("保姆"));
  v1::ListPostsForReviewRequest by_source;
  by_source.set_source("liling-fair");
  EXPECT_THAT(Titles(MustQueue(by_source)), ElementsAre("护工"));

  // Pages of one: a post queued between pages comes last, nothing repeats.
  v1::ListPostsForReviewRequest paged;
  paged.set_page_size(1);
  std::vector<std::string> seen;
  for (int page = 0; page < 10; ++page) {
    const v1::ListPostsForReviewResponse resp = MustQueue(paged);
    for (const auto& p : resp.posts()) seen.push_back(p.title());
    if (page == 0) MustCreate(Queued(employer_id_, "陶瓷工"));
    if (resp.next_page_token().empty()) break;
    paged.set_page_token(resp.next_page_token());
  }
  EXPECT_THAT(seen, ElementsAre("月嫂", "保姆", "护工", "陶瓷工"));

  // A token is bound to its query.
  v1::ListPostsForReviewRequest first;
  first.set_page_size(1);
  v1::ListPostsForReviewRequest other = by_region;
  other.set_page_token(MustQueue(first).next_page_token());
  v1::ListPostsForReviewResponse resp;
  const grpc::Status s = Queue(other, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), ElementsAre("page_token"));
}

TEST_F(ReviewTest, AReviewCodesThePostTeachesTheTitleAndResolvesTheQueuedPostsOfThatTitle) {
  const v1::Post first = MustCreate(Queued(employer_id_, "月嫂"));
  const v1::Post same = MustCreate(Queued(employer_id_, " 月 嫂 "));
  const v1::Post other = MustCreate(Queued(employer_id_, "保姆"));
  const int64_t events = server_.OutboxCount();

  v1::ReviewPostOccupationResponse resp;
  const grpc::Status s = Review("review-1", first.post_id(), kHousekeeper, &resp, first.version());
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.also_resolved(), 1);
  EXPECT_EQ(resp.post().occupation_code(), kHousekeeper);
  EXPECT_EQ(resp.post().occupation_coding().method(), "staff");
  EXPECT_EQ(resp.post().occupation_coding().reviewed_by(), "r-7");
  EXPECT_TRUE(resp.post().occupation_coding().has_review_time());
  EXPECT_FALSE(resp.post().occupation_coding().needs_review());
  EXPECT_EQ(resp.post().version(), first.version() + 1);
  EXPECT_EQ(MustGet(first.post_id()).occupation_coding().reviewed_by(), "r-7");

  const v1::Post resolved = MustGet(same.post_id());
  EXPECT_EQ(resolved.occupation_code(), kHousekeeper);
  EXPECT_EQ(resolved.occupation_coding().method(), "learned");
  EXPECT_FALSE(resolved.occupation_coding().needs_review());
  EXPECT_EQ(resolved.version(), same.version() + 1);
  EXPECT_EQ(MustGet(other.post_id()).occupation_code(), "4");
  EXPECT_THAT(Titles(MustQueue()), ElementsAre("保姆"));

  // One event per changed post, each at its new version.
  const std::vector<v1::Event> all = server_.OutboxEvents();
  ASSERT_EQ(static_cast<int64_t>(all.size()), events + 2);
  EXPECT_EQ(all[events].post_id(), first.post_id());
  EXPECT_EQ(all[events].change().version(), first.version() + 1);
  EXPECT_EQ(all[events + 1].post_id(), same.post_id());
  EXPECT_EQ(all[events + 1].change().change_type(), v1::CHANGE_TYPE_UPDATED);

  const v1::ListLearnedTitlesResponse learned = MustLearned();
  ASSERT_EQ(learned.titles_size(), 1);
  EXPECT_EQ(learned.titles(0).normalised_title(), "月嫂");
  EXPECT_EQ(learned.titles(0).occupation_code(), kHousekeeper);
  EXPECT_EQ(learned.titles(0).taught_by(), "r-7");

  // A new post of the title is coded by the lesson and never queued.
  const v1::Post later = MustCreate(Queued(employer_id_, "月嫂"));
  EXPECT_EQ(later.occupation_code(), kHousekeeper);
  EXPECT_EQ(later.occupation_coding().method(), "learned");
  EXPECT_FALSE(later.occupation_coding().needs_review());
  EXPECT_THAT(Titles(MustQueue()), ElementsAre("保姆"));
}

TEST_F(ReviewTest, ARetriedReviewHasOneEffectAndAReusedIdIsRefused) {
  const v1::Post post = MustCreate(Queued(employer_id_, "育婴师"));
  v1::ReviewPostOccupationResponse first, again;
  ASSERT_TRUE(Review("once", post.post_id(), kHousekeeper, &first).ok());
  const int64_t events = server_.OutboxCount();
  ASSERT_TRUE(Review("once", post.post_id(), kHousekeeper, &again).ok());
  EXPECT_EQ(again.post().version(), first.post().version());
  EXPECT_EQ(server_.OutboxCount(), events);
  EXPECT_EQ(MustGet(post.post_id()).version(), first.post().version());

  const grpc::Status s = Review("once", post.post_id(), "4-10-01-03", &again);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), ElementsAre("request_id"));
  EXPECT_EQ(MustGet(post.post_id()).occupation_code(), kHousekeeper);
}

TEST_F(ReviewTest, AStaleVersionIsAbortedAndWritesNothing) {
  const v1::Post post = MustCreate(Queued(employer_id_, "护工"));
  MustCreate(Queued(employer_id_, "护工"));
  const int64_t events = server_.OutboxCount();
  v1::ReviewPostOccupationResponse resp;
  EXPECT_EQ(Review("stale", post.post_id(), kHousekeeper, &resp, post.version() + 1).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(server_.OutboxCount(), events);
  EXPECT_EQ(server_.Count("learned_titles"), 0);
  EXPECT_EQ(MustQueue().posts_size(), 2);
  // The refused call did not claim its request id.
  EXPECT_TRUE(Review("stale", post.post_id(), kHousekeeper, &resp, post.version()).ok());
}

TEST_F(ReviewTest, BadInputNamesTheFields) {
  const v1::Post post = MustCreate(Queued(employer_id_, "搬运工"));
  v1::ReviewPostOccupationResponse resp;
  grpc::Status s = Review("", "", "4-10", &resp, -1);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s),
              ElementsAre("request_id", "post_id", "occupation_code", "expected_version"));
  s = Review("unknown-code", post.post_id(), "9-99-99-99", &resp);
  EXPECT_THAT(ViolationFields(s), ElementsAre("occupation_code"));
  EXPECT_EQ(Review("no-such-post", "P0000000000000000", kHousekeeper, &resp).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::ListPostsForReviewRequest bad;
  bad.set_page_size(-1);
  bad.set_region_prefix("43a");
  v1::ListPostsForReviewResponse list;
  s = Queue(bad, &list);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), ElementsAre("page_size", "region_prefix"));
  EXPECT_EQ(server_.Count("learned_titles"), 0);
}

TEST_F(ReviewTest, AClosedPostCannotBeReviewed) {
  const v1::Post post = MustCreate(Queued(employer_id_, "前台"));
  grpc::ClientContext ctx;
  v1::ClosePostRequest close;
  close.set_request_id("close");
  close.set_post_id(post.post_id());
  v1::ClosePostResponse closed;
  ASSERT_TRUE(server_.stub().ClosePost(&ctx, close, &closed).ok());
  EXPECT_THAT(MustQueue().posts(), IsEmpty());
  v1::ReviewPostOccupationResponse resp;
  EXPECT_EQ(Review("closed", post.post_id(), kHousekeeper, &resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

// Imported rows that wait for review are kept and queued; a lesson codes the
// rows of its title in later imports, and an unchanged re-import keeps the
// staff's code.
TEST_F(ReviewTest, ImportsQueueRowsForReviewAndApplyLessons) {
  std::vector<v1::Post> rows;
  for (const char* title : {"月嫂", "陶瓷工", "月嫂"}) {
    rows.push_back(Queued(employer_id_, title));
    rows.back().set_external_id(absl::StrCat("row-", rows.size()));
  }
  rows.push_back(SamplePost(employer_id_));
  rows.back().set_external_id("row-coded");
  const v1::ImportPostingsResponse first = MustImport("import-1", rows);
  EXPECT_EQ(first.created(), 4);
  EXPECT_EQ(first.failed(), 0);
  const v1::ListPostsForReviewResponse queue = MustQueue();
  EXPECT_THAT(Titles(queue), ElementsAre("月嫂", "陶瓷工", "月嫂"));

  v1::ReviewPostOccupationResponse reviewed;
  ASSERT_TRUE(Review("teach", queue.posts(0).post_id(), kHousekeeper, &reviewed).ok());
  EXPECT_EQ(reviewed.also_resolved(), 1);
  EXPECT_THAT(Titles(MustQueue()), ElementsAre("陶瓷工"));

  // The same file again: nothing changes, the staff's code stays.
  const v1::ImportPostingsResponse again = MustImport("import-2", rows);
  EXPECT_EQ(again.unchanged(), 4);
  EXPECT_EQ(MustGet(queue.posts(0).post_id()).occupation_coding().method(), "staff");

  // A new row of the taught title is coded on the way in.
  v1::Post fresh = Queued(employer_id_, "月嫂");
  fresh.set_external_id("row-new");
  EXPECT_EQ(MustImport("import-3", {fresh}).created(), 1);
  EXPECT_THAT(Titles(MustQueue()), ElementsAre("陶瓷工"));
  v1::ListPostsRequest list;
  list.mutable_filter()->set_occupation_prefix(kHousekeeper);
  grpc::ClientContext ctx;
  v1::ListPostsResponse listed;
  ASSERT_TRUE(server_.stub().ListPosts(&ctx, list, &listed).ok());
  ASSERT_EQ(listed.posts_size(), 3);
  EXPECT_EQ(listed.posts(0).external_id(), "row-new");
  EXPECT_EQ(listed.posts(0).occupation_coding().method(), "learned");
}

TEST_F(ReviewTest, LearnedTitlesPageNewestFirst) {
  for (const char* title : {"月嫂", "保姆", "护工"}) {
    const v1::Post p = MustCreate(Queued(employer_id_, title));
    v1::ReviewPostOccupationResponse resp;
    ASSERT_TRUE(Review(absl::StrCat("teach-", p.post_id()), p.post_id(), kHousekeeper, &resp).ok());
  }
  std::vector<std::string> seen;
  std::string token;
  do {
    const v1::ListLearnedTitlesResponse page = MustLearned(2, token);
    for (const auto& t : page.titles()) seen.push_back(t.normalised_title());
    token = page.next_page_token();
  } while (!token.empty());
  EXPECT_THAT(seen, ElementsAre("护工", "保姆", "月嫂"));
}

}  // namespace
}  // namespace jobmatch::postings::testing
