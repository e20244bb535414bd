// In-process server tests of moderation (审核) against the real MariaDB:
// employers' posts wait for review, staff approve or reject them, and what
// each role sees meanwhile. Callers come from plain metadata (plaintext test
// server); the role x method table is policy_test's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/common/consistency_token.h"
#include "services/postings/testing/service_fixture.h"

namespace jobmatch::postings::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

struct As {
  const char* role;
  std::string subject;
  std::string regions;
};

void Apply(const As& as, grpc::ClientContext& ctx) {
  if (as.role[0] != '\0') ctx.AddMetadata("jobmatch-role", as.role);
  if (!as.subject.empty()) ctx.AddMetadata("jobmatch-subject", as.subject);
  if (!as.regions.empty()) ctx.AddMetadata("jobmatch-regions", as.regions);
}

const As kAdmin{"admin", "staff-1", ""};
const As kLilingRecruiter{"recruiter", "r-1", "430281"};
const As kChalingRecruiter{"recruiter", "r-2", "430224"};
const As kSeeker{"jobseeker", "seeker-1", ""};

std::vector<std::string> Ids(const google::protobuf::RepeatedPtrField<v1::Post>& posts) {
  std::vector<std::string> out;
  for (const auto& p : posts) out.push_back(p.post_id());
  return out;
}

class ModerationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    employer_id_ = server_.CreateSampleEmployer();
    ASSERT_FALSE(employer_id_.empty());
    employer_ = {"employer", employer_id_, ""};
  }

  grpc::Status Create(const As& as, const v1::Post& post, v1::Post* out) {
    grpc::ClientContext ctx;
    Apply(as, ctx);
    v1::CreatePostRequest req;
    req.set_request_id(absl::StrCat("create-", ++counter_));
    *req.mutable_post() = post;
    v1::CreatePostResponse resp;
    grpc::Status s = server_.stub().CreatePost(&ctx, req, &resp);
    *out = resp.post();
    return s;
  }
  v1::Post MustCreate(const As& as, const v1::Post& post) {
    v1::Post out;
    const grpc::Status s = Create(as, post, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  grpc::Status Get(const As& as, const std::string& post_id, v1::Post* out) {
    grpc::ClientContext ctx;
    Apply(as, ctx);
    v1::GetPostRequest req;
    req.set_post_id(post_id);
    v1::GetPostResponse resp;
    grpc::Status s = server_.stub().GetPost(&ctx, req, &resp);
    *out = resp.post();
    return s;
  }
  grpc::Status Approve(const As& as, const v1::ApprovePostRequest& req, v1::Post* out) {
    grpc::ClientContext ctx;
    Apply(as, ctx);
    v1::ApprovePostResponse resp;
    grpc::Status s = server_.stub().ApprovePost(&ctx, req, &resp);
    *out = resp.post();
    return s;
  }
  grpc::Status Reject(const As& as, const v1::RejectPostRequest& req, v1::Post* out) {
    grpc::ClientContext ctx;
    Apply(as, ctx);
    v1::RejectPostResponse resp;
    grpc::Status s = server_.stub().RejectPost(&ctx, req, &resp);
    *out = resp.post();
    return s;
  }
  grpc::Status List(const As& as, const v1::ListPostsForModerationRequest& req,
                    v1::ListPostsForModerationResponse* resp) {
    grpc::ClientContext ctx;
    Apply(as, ctx);
    return server_.stub().ListPostsForModeration(&ctx, req, resp);
  }
  std::vector<std::string> OpenIds() {
    grpc::ClientContext ctx;
    v1::ListPostsRequest req;
    v1::ListPostsResponse resp;
    EXPECT_TRUE(server_.stub().ListPosts(&ctx, req, &resp).ok());
    return Ids(resp.posts());
  }
  std::vector<std::string> Search(const std::string& query) {
    grpc::ClientContext ctx;
    v1::SearchPostsRequest req;
    req.set_query(query);
    v1::SearchPostsResponse resp;
    EXPECT_TRUE(server_.stub().SearchPosts(&ctx, req, &resp).ok());
    return Ids(resp.posts());
  }
  static v1::ApprovePostRequest ApproveReq(const std::string& id, const std::string& post_id) {
    v1::ApprovePostRequest req;
    req.set_request_id(id);
    req.set_post_id(post_id);
    return req;
  }
  static v1::RejectPostRequest RejectReq(const std::string& id, const std::string& post_id,
                                         const std::string& reason) {
    v1::RejectPostRequest req;
    req.set_request_id(id);
    req.set_post_id(post_id);
    req.set_reason(reason);
    return req;
  }
  // The post's events in the outbox, oldest first.
  std::vector<v1::Event> EventsOf(const std::string& post_id) {
    std::vector<v1::Event> out;
    for (auto& e : server_.OutboxEvents()) {
      if (e.post_id() == post_id) out.push_back(std::move(e));
    }
    return out;
  }

  PostingsServer server_;
  std::string employer_id_;
  As employer_;
  int counter_ = 0;
};

TEST_F(ModerationTest, EmployerPostWaitsUnseenUntilApproved) {
  const v1::Post created = MustCreate(employer_, SamplePost(employer_id_));
  EXPECT_EQ(created.state(), v1::POST_STATE_PENDING_REVIEW);
  EXPECT_EQ(created.moderation().decision(), v1::MODERATION_DECISION_PENDING);
  const std::string id = created.post_id();

  // Not published: not listed, not found by search, not shown to others.
  EXPECT_THAT(OpenIds(), IsEmpty());
  EXPECT_THAT(Search("焊工"), IsEmpty());
  v1::Post seen;
  EXPECT_EQ(Get(kSeeker, id, &seen).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(As{"employer", "E-other", ""}, id, &seen).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Its employer sees it, with its state.
  ASSERT_TRUE(Get(employer_, id, &seen).ok());
  EXPECT_EQ(seen.state(), v1::POST_STATE_PENDING_REVIEW);
  // The feed tells followers (the matcher) it is not live.
  std::vector<v1::Event> events = EventsOf(id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].change().change_type(), v1::CHANGE_TYPE_REMOVED);
  EXPECT_EQ(events[0].change().post_state(), v1::POST_STATE_PENDING_REVIEW);
  // The employer cannot publish it by itself.
  {
    grpc::ClientContext ctx;
    Apply(employer_, ctx);
    v1::UpdatePostRequest req;
    req.set_request_id("self-publish");
    req.mutable_post()->set_post_id(id);
    req.mutable_post()->set_state(v1::POST_STATE_OPEN);
    req.mutable_update_mask()->add_paths("state");
    v1::UpdatePostResponse resp;
    EXPECT_EQ(server_.stub().UpdatePost(&ctx, req, &resp).error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }

  // It is in the Liling recruiter's queue, not the Chaling one's.
  v1::ListPostsForModerationResponse queue;
  ASSERT_TRUE(List(kLilingRecruiter, {}, &queue).ok());
  EXPECT_THAT(Ids(queue.posts()), ElementsAre(id));
  queue.Clear();
  ASSERT_TRUE(List(kChalingRecruiter, {}, &queue).ok());
  EXPECT_THAT(Ids(queue.posts()), IsEmpty());

  v1::Post approved;
  ASSERT_TRUE(Approve(kLilingRecruiter, ApproveReq("approve-1", id), &approved).ok());
  EXPECT_EQ(approved.state(), v1::POST_STATE_OPEN);
  EXPECT_EQ(approved.moderation().decision(), v1::MODERATION_DECISION_APPROVED);
  EXPECT_EQ(approved.moderation().reviewed_by(), "r-1");
  EXPECT_EQ(approved.version(), created.version() + 1);
  EXPECT_THAT(OpenIds(), ElementsAre(id));
  EXPECT_THAT(Search("焊工"), ElementsAre(id));
  ASSERT_TRUE(Get(kSeeker, id, &seen).ok());
  // The review is between the bureau and the employer.
  EXPECT_FALSE(seen.has_moderation());
  events = EventsOf(id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].change().change_type(), v1::CHANGE_TYPE_UPDATED);
  EXPECT_EQ(events[1].change().post_state(), v1::POST_STATE_OPEN);

  // A retry has no second effect; approving again under a new id is refused.
  v1::Post again;
  ASSERT_TRUE(Approve(kLilingRecruiter, ApproveReq("approve-1", id), &again).ok());
  EXPECT_EQ(again.version(), approved.version());
  EXPECT_EQ(EventsOf(id).size(), 2u);
  EXPECT_EQ(Approve(kAdmin, ApproveReq("approve-2", id), &again).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  queue.Clear();
  ASSERT_TRUE(List(kAdmin, {}, &queue).ok());
  EXPECT_THAT(queue.posts(), IsEmpty());
}

TEST_F(ModerationTest, RejectedWithAReasonTheEmployerSees) {
  v1::Post p = SamplePost(employer_id_);
  p.set_description("入职需交押金500元，限男性，35岁以下");
  const v1::Post created = MustCreate(employer_, p);
  std::vector<v1::ScreeningRule> rules;
  for (const auto& f : created.moderation().flags()) rules.push_back(f.rule());
  EXPECT_THAT(rules,
              ElementsAre(v1::SCREENING_RULE_FEE, v1::SCREENING_RULE_SEX, v1::SCREENING_RULE_AGE));

  v1::Post out;
  // A reason is required.
  const grpc::Status missing = Reject(kAdmin, RejectReq("reject-0", created.post_id(), ""), &out);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(missing), ElementsAre("reason"));
  // A stale version is ABORTED and changes nothing.
  v1::RejectPostRequest stale = RejectReq("reject-1", created.post_id(), "收取押金违反规定");
  stale.set_expected_version(created.version() + 5);
  EXPECT_EQ(Reject(kAdmin, stale, &out).error_code(), grpc::StatusCode::ABORTED);

  const std::string reason = "招聘中收取押金、限定性别和年龄，违反就业促进法，请修改后重新提交";
  ASSERT_TRUE(Reject(kAdmin, RejectReq("reject-2", created.post_id(), reason), &out).ok());
  EXPECT_EQ(out.state(), v1::POST_STATE_REJECTED);
  v1::Post seen;
  ASSERT_TRUE(Get(employer_, created.post_id(), &seen).ok());
  EXPECT_EQ(seen.state(), v1::POST_STATE_REJECTED);
  EXPECT_EQ(seen.moderation().decision(), v1::MODERATION_DECISION_REJECTED);
  EXPECT_EQ(seen.moderation().reason(), reason);
  EXPECT_EQ(Get(kSeeker, created.post_id(), &seen).error_code(), grpc::StatusCode::NOT_FOUND);

  // The employer fixes it: it is submitted again, flags recomputed.
  grpc::ClientContext ctx;
  Apply(employer_, ctx);
  v1::UpdatePostRequest fix;
  fix.set_request_id("fix");
  fix.mutable_post()->set_post_id(created.post_id());
  fix.mutable_post()->set_description("无需押金，男女不限，年龄18-55岁");
  fix.mutable_update_mask()->add_paths("description");
  v1::UpdatePostResponse fixed;
  ASSERT_TRUE(server_.stub().UpdatePost(&ctx, fix, &fixed).ok());
  EXPECT_EQ(fixed.post().state(), v1::POST_STATE_PENDING_REVIEW);
  EXPECT_THAT(fixed.post().moderation().flags(), IsEmpty());
  EXPECT_EQ(fixed.post().moderation().decision(), v1::MODERATION_DECISION_PENDING);
}

TEST_F(ModerationTest, OnlyStaffOfTheRegionDecide) {
  const v1::Post created = MustCreate(employer_, SamplePost(employer_id_));
  v1::Post out;
  // A recruiter of another county: denied, nothing written.
  EXPECT_EQ(Approve(kChalingRecruiter, ApproveReq("a-1", created.post_id()), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Reject(kChalingRecruiter, RejectReq("r-1", created.post_id(), "不合规"), &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::ListPostsForModerationRequest other;
  other.set_region_prefix("430281");
  v1::ListPostsForModerationResponse queue;
  EXPECT_EQ(List(kChalingRecruiter, other, &queue).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The employer cannot approve its own post (the central policy refuses it
  // too; this is the service's own check).
  EXPECT_EQ(Approve(employer_, ApproveReq("a-2", created.post_id()), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::Post seen;
  ASSERT_TRUE(Get(employer_, created.post_id(), &seen).ok());
  EXPECT_EQ(seen.state(), v1::POST_STATE_PENDING_REVIEW);
  EXPECT_EQ(seen.version(), created.version());
  // Nor may anyone but staff list unpublished posts.
  grpc::ClientContext ctx;
  Apply(kSeeker, ctx);
  v1::ListPostsRequest req;
  req.mutable_filter()->add_states(v1::POST_STATE_PENDING_REVIEW);
  v1::ListPostsResponse resp;
  EXPECT_EQ(server_.stub().ListPosts(&ctx, req, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::ClientContext own;
  Apply(employer_, own);
  req.mutable_filter()->set_employer_id(employer_id_);
  ASSERT_TRUE(server_.stub().ListPosts(&own, req, &resp).ok());
  EXPECT_THAT(Ids(resp.posts()), ElementsAre(created.post_id()));
}

TEST_F(ModerationTest, StaffPostsArePublishedDirectly) {
  const v1::Post p = MustCreate(kAdmin, SamplePost(employer_id_));
  EXPECT_EQ(p.state(), v1::POST_STATE_OPEN);
  EXPECT_EQ(p.moderation().decision(), v1::MODERATION_DECISION_NOT_REQUIRED);
  EXPECT_THAT(OpenIds(), ElementsAre(p.post_id()));
}

TEST_F(ModerationTest, ApprovedPostGainingAFlagGoesBackToReview) {
  const v1::Post created = MustCreate(employer_, SamplePost(employer_id_));
  v1::Post approved;
  ASSERT_TRUE(Approve(kAdmin, ApproveReq("ok", created.post_id()), &approved).ok());
  grpc::ClientContext ctx;
  Apply(employer_, ctx);
  v1::UpdatePostRequest edit;
  edit.set_request_id("edit");
  edit.mutable_post()->set_post_id(created.post_id());
  edit.mutable_post()->set_description("上岗前交服装费200元");
  edit.mutable_update_mask()->add_paths("description");
  v1::UpdatePostResponse resp;
  ASSERT_TRUE(server_.stub().UpdatePost(&ctx, edit, &resp).ok());
  EXPECT_EQ(resp.post().state(), v1::POST_STATE_PENDING_REVIEW);
  EXPECT_THAT(OpenIds(), IsEmpty());
}

TEST_F(ModerationTest, QueueFiltersAndPages) {
  v1::Post fee = SamplePost(employer_id_);
  fee.set_description("培训费800元");
  v1::Post clean = SamplePost(employer_id_);
  v1::Post elsewhere = SamplePost(employer_id_);
  elsewhere.set_region_code("430224");
  const std::string a = MustCreate(employer_, clean).post_id();
  const std::string b = MustCreate(employer_, fee).post_id();
  const std::string c = MustCreate(employer_, elsewhere).post_id();

  v1::ListPostsForModerationResponse resp;
  ASSERT_TRUE(List(kAdmin, {}, &resp).ok());
  EXPECT_THAT(Ids(resp.posts()), ElementsAre(a, b, c));  // oldest first
  v1::ListPostsForModerationRequest flagged;
  flagged.set_flagged_only(true);
  resp.Clear();
  ASSERT_TRUE(List(kAdmin, flagged, &resp).ok());
  EXPECT_THAT(Ids(resp.posts()), ElementsAre(b));
  v1::ListPostsForModerationRequest by_rule;
  by_rule.set_rule(v1::SCREENING_RULE_SEX);
  resp.Clear();
  ASSERT_TRUE(List(kAdmin, by_rule, &resp).ok());
  EXPECT_THAT(resp.posts(), IsEmpty());
  v1::ListPostsForModerationRequest region;
  region.set_region_prefix("430224");
  resp.Clear();
  ASSERT_TRUE(List(kAdmin, region, &resp).ok());
  EXPECT_THAT(Ids(resp.posts()), ElementsAre(c));

  v1::ListPostsForModerationRequest paged;
  paged.set_page_size(2);
  resp.Clear();
  ASSERT_TRUE(List(kAdmin, paged, &resp).ok());
  EXPECT_THAT(Ids(resp.posts()), ElementsAre(a, b));
  paged.set_page_token(resp.next_page_token());
  resp.Clear();
  ASSERT_TRUE(List(kAdmin, paged, &resp).ok());
  EXPECT_THAT(Ids(resp.posts()), ElementsAre(c));
  EXPECT_EQ(resp.next_page_token(), "");
  // A token is bound to its query.
  by_rule.set_page_token(paged.page_token());
  EXPECT_EQ(List(kAdmin, by_rule, &resp).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// A fair's posts: a trusted source publishes at once (still screened), any
// other waits for review; re-importing the same rows changes nothing.
TEST(ModerationImportTest, TrustedSourcesSkipReview) {
  ImportOptions options;
  options.trusted_sources = {"czt-fair-2026"};
  PostingsServer server(options);
  const std::string employer_id = server.CreateSampleEmployer();
  auto import = [&](const std::string& request_id, const std::string& source) {
    grpc::ClientContext ctx;
    v1::ImportPostingsResponse resp;
    auto writer = server.stub().ImportPostings(&ctx, &resp);
    v1::ImportPostingsRequest header;
    header.mutable_header()->set_request_id(request_id);
    header.mutable_header()->set_source(source);
    writer->Write(header);
    for (int i = 0; i < 2; ++i) {
      v1::ImportPostingsRequest row;
      *row.mutable_post() = SamplePost(employer_id);
      row.mutable_post()->set_external_id(absl::StrCat("row-", i));
      if (i == 1) row.mutable_post()->set_description("限本地户口");
      writer->Write(row);
    }
    writer->WritesDone();
    EXPECT_TRUE(writer->Finish().ok());
    return resp;
  };
  EXPECT_EQ(import("trusted-1", "czt-fair-2026").created(), 2);
  EXPECT_EQ(import("other-1", "some-board").created(), 2);
  EXPECT_EQ(import("other-2", "some-board").unchanged(), 2);

  grpc::ClientContext ctx;
  ctx.AddMetadata("jobmatch-role", "admin");
  v1::ListPostsRequest req;
  req.mutable_filter()->add_states(v1::POST_STATE_OPEN);
  req.mutable_filter()->add_states(v1::POST_STATE_PENDING_REVIEW);
  v1::ListPostsResponse resp;
  ASSERT_TRUE(server.stub().ListPosts(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.posts_size(), 4);
  int flagged = 0;
  for (const auto& p : resp.posts()) {
    const bool trusted = p.source() == "czt-fair-2026";
    EXPECT_EQ(p.state(), trusted ? v1::POST_STATE_OPEN : v1::POST_STATE_PENDING_REVIEW);
    EXPECT_EQ(p.moderation().decision(),
              trusted ? v1::MODERATION_DECISION_TRUSTED_SOURCE : v1::MODERATION_DECISION_PENDING);
    flagged += p.moderation().flags_size();
  }
  EXPECT_EQ(flagged, 2);  // 户口, in both sources
}

// Approving and rejecting answer, like every other change, with the token a
// matcher read waits for: the change's own outbox row. A retry under the same
// request id answers with the same token.
TEST_F(ModerationTest, DecisionsAnswerWithTheirConsistencyToken) {
  const std::string first = MustCreate(employer_, SamplePost(employer_id_)).post_id();
  const std::string second = MustCreate(employer_, SamplePost(employer_id_)).post_id();
  const auto approve = [&](const std::string& request_id) {
    grpc::ClientContext ctx;
    Apply(kAdmin, ctx);
    v1::ApprovePostResponse resp;
    const grpc::Status s = server_.stub().ApprovePost(&ctx, ApproveReq(request_id, first), &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.consistency_token();
  };
  const auto reject = [&](const std::string& request_id) {
    grpc::ClientContext ctx;
    Apply(kAdmin, ctx);
    v1::RejectPostResponse resp;
    const grpc::Status s =
        server_.stub().RejectPost(&ctx, RejectReq(request_id, second, "收取押金"), &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.consistency_token();
  };

  const std::string approved = approve("approve-token");
  absl::StatusOr<ConsistencyToken> a = ParseConsistencyToken(approved);
  ASSERT_TRUE(a.ok()) << "\"" << approved << "\"";
  EXPECT_EQ(a->kind, ConsistencyToken::Kind::kOutbox);
  EXPECT_EQ(a->schema, server_.db().config().schema);
  EXPECT_EQ(a->position, server_.OutboxCount()) << "the approval's own row, the newest";

  const std::string rejected = reject("reject-token");
  absl::StatusOr<ConsistencyToken> r = ParseConsistencyToken(rejected);
  ASSERT_TRUE(r.ok()) << "\"" << rejected << "\"";
  EXPECT_EQ(r->position, server_.OutboxCount());
  EXPECT_GT(r->position, a->position);

  EXPECT_EQ(approve("approve-token"), approved) << "a retry answers with the same token";
  EXPECT_EQ(reject("reject-token"), rejected);
}

}  // namespace
}  // namespace jobmatch::postings::testing
