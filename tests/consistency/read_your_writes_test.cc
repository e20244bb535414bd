// Read-your-writes through real servers: a change made through postings or
// profiles, with its consistency token, is seen by the very next matcher
// read, even though the relay carries it into the feed only every 150 ms.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/common/consistency_token.h"
#include "tests/consistency/platform.h"

namespace jobmatch::consistency {
namespace {

using postings::testing::SampleEmployer;
using postings::testing::SamplePost;

class ReadYourWritesTest : public ::testing::Test {
 protected:
  // A slow relay, so that a read that did not wait would miss the change.
  Platform platform_{{absl::Milliseconds(150), absl::Seconds(2)}};

  v1::RegisterProfileResponse Register(const std::string& request_id, int seq) {
    v1::RegisterProfileResponse resp;
    grpc::Status s = platform_.profiles().RegisterProfile(
        Platform::AsAdmin().get(), Platform::NewPerson(request_id, seq), &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  v1::CreatePostResponse CreatePost(const std::string& request_id) {
    if (employer_id_.empty()) {
      employer_id_ = platform_.postings_server().CreateSampleEmployer();
      EXPECT_FALSE(employer_id_.empty());
    }
    v1::CreatePostRequest req;
    req.set_request_id(request_id);
    *req.mutable_post() = SamplePost(employer_id_);
    v1::CreatePostResponse resp;
    grpc::Status s = platform_.postings().CreatePost(Platform::AsAdmin().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  grpc::Status Recommend(const std::string& profile_id, std::vector<std::string> tokens,
                         absl::Duration deadline = absl::Seconds(10)) {
    v1::RecommendPostsRequest req;
    req.set_profile_id(profile_id);
    for (auto& t : tokens) req.add_consistency_tokens(std::move(t));
    v1::RecommendPostsResponse resp;
    return platform_.matcher().RecommendPosts(Platform::AsAdmin(deadline).get(), req, &resp);
  }

  std::string employer_id_;
};

TEST_F(ReadYourWritesTest, MutationsAnswerWithTheirOutboxPosition) {
  const v1::RegisterProfileResponse registered = Register("reg-1", 1);
  absl::StatusOr<ConsistencyToken> t = ParseConsistencyToken(registered.consistency_token());
  ASSERT_TRUE(t.ok()) << registered.consistency_token();
  EXPECT_EQ(t->kind, ConsistencyToken::Kind::kOutbox);
  EXPECT_GT(t->position, 0);
  // A retry answers with the first answer's token, even after later writes.
  Register("reg-2", 2);
  EXPECT_EQ(Register("reg-1", 1).consistency_token(), registered.consistency_token());

  const v1::CreatePostResponse created = CreatePost("post-1");
  t = ParseConsistencyToken(created.consistency_token());
  ASSERT_TRUE(t.ok()) << created.consistency_token();
  EXPECT_EQ(t->schema, platform_.postings_schema());
  CreatePost("post-2");
  EXPECT_EQ(CreatePost("post-1").consistency_token(), created.consistency_token());
}

TEST_F(ReadYourWritesTest, RegisterThenRecommendAtOnceFindsThePerson) {
  for (int i = 0; i < 8; ++i) {
    const v1::RegisterProfileResponse r = Register(absl::StrCat("reg-", i), 10 + i);
    const grpc::Status s = Recommend(r.profile().profile_id(), {r.consistency_token()});
    EXPECT_TRUE(s.ok()) << "person " << i << ": " << s.error_code() << " " << s.error_message();
  }
}

TEST_F(ReadYourWritesTest, WithoutTheTokenTheSameReadMissesThePerson) {
  // What the token is for: the relay has not run yet, so the matcher does
  // not know her (this is the behaviour the issue reported).
  const v1::RegisterProfileResponse r = Register("reg-plain", 30);
  EXPECT_EQ(Recommend(r.profile().profile_id(), {}).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ReadYourWritesTest, CreatePostThenPeopleForPostAndExplain) {
  const v1::RegisterProfileResponse person = Register("reg-p", 40);
  const v1::CreatePostResponse post = CreatePost("post-p");
  v1::RecommendSeekersRequest seekers;
  seekers.set_post_id(post.post().post_id());
  seekers.add_consistency_tokens(post.consistency_token());
  seekers.add_consistency_tokens(person.consistency_token());
  v1::RecommendSeekersResponse found;
  grpc::Status s = platform_.matcher().RecommendSeekers(Platform::AsAdmin().get(), seekers, &found);
  // Both are known to the matcher: the post (else NOT_FOUND) and the person.
  ASSERT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();

  v1::ExplainMatchRequest explain;
  explain.set_profile_id(person.profile().profile_id());
  explain.set_post_id(post.post().post_id());
  explain.add_consistency_tokens(person.consistency_token());
  explain.add_consistency_tokens(post.consistency_token());
  v1::ExplainMatchResponse why;
  s = platform_.matcher().ExplainMatch(Platform::AsAdmin().get(), explain, &why);
  ASSERT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
  EXPECT_GT(why.checks_size(), 0);
}

TEST_F(ReadYourWritesTest, AnUpdateIsSeenWithItsToken) {
  const v1::RegisterProfileResponse person = Register("reg-u", 45);
  const v1::CreatePostResponse post = CreatePost("post-u");
  v1::ClosePostRequest close;
  close.set_request_id("close-u");
  close.set_post_id(post.post().post_id());
  v1::ClosePostResponse closed;
  ASSERT_TRUE(platform_.postings().ClosePost(Platform::AsAdmin().get(), close, &closed).ok());
  v1::ExplainMatchRequest explain;
  explain.set_profile_id(person.profile().profile_id());
  explain.set_post_id(post.post().post_id());
  explain.add_consistency_tokens(person.consistency_token());
  explain.add_consistency_tokens(closed.consistency_token());
  v1::ExplainMatchResponse why;
  const grpc::Status s = platform_.matcher().ExplainMatch(Platform::AsAdmin().get(), explain, &why);
  ASSERT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
  // The answer reflects the close, not only the create.
  bool open_rule_failed = false;
  for (const auto& c : why.checks()) {
    if (c.rule() == v1::REASON_CODE_POST_NOT_OPEN) open_rule_failed = !c.passed();
  }
  EXPECT_TRUE(open_rule_failed) << why.Utf8DebugString();
  EXPECT_FALSE(why.eligible());
}

TEST_F(ReadYourWritesTest, ATokenFromTheFutureIsUnavailableWithinTheLimit) {
  const v1::RegisterProfileResponse r = Register("reg-f", 50);
  ASSERT_TRUE(Recommend(r.profile().profile_id(), {r.consistency_token()}).ok());
  const std::string profiles_schema = ParseConsistencyToken(r.consistency_token())->schema;
  for (const std::string& token :
       {FeedToken(1000000000), OutboxToken(profiles_schema, 1000000000)}) {
    const absl::Time start = absl::Now();
    v1::RecommendPostsRequest req;
    req.set_profile_id(r.profile().profile_id());
    req.add_consistency_tokens(token);
    v1::RecommendPostsResponse resp;
    const grpc::Status s =
        platform_.matcher().RecommendPosts(Platform::AsAdmin().get(), req, &resp);
    const absl::Duration waited = absl::Now() - start;
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << token;
    EXPECT_GE(waited, absl::Milliseconds(1900)) << token;
    EXPECT_LT(waited, absl::Seconds(4)) << token;
    google::rpc::Status details;
    ASSERT_TRUE(details.ParseFromString(s.error_details())) << token;
    bool retry_info = false;
    for (const auto& d : details.details()) retry_info |= d.Is<google::rpc::RetryInfo>();
    EXPECT_TRUE(retry_info) << token;
  }
  // Position 0 is before every write: nothing to wait for.
  EXPECT_TRUE(
      Recommend(r.profile().profile_id(), {OutboxToken(platform_.postings_schema(), 0)}).ok());
}

TEST_F(ReadYourWritesTest, TheCallersDeadlineBoundsTheWait) {
  const v1::RegisterProfileResponse r = Register("reg-d", 60);
  const absl::Time start = absl::Now();
  const grpc::Status s =
      Recommend(r.profile().profile_id(), {FeedToken(1000000000)}, absl::Milliseconds(300));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // Well short of the 2 s the token would otherwise be waited for.
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(1800));
}

TEST_F(ReadYourWritesTest, MalformedTokensAreInvalidArgumentNamingTheField) {
  v1::RecommendPostsRequest req;
  req.set_profile_id("anyone");
  req.add_consistency_tokens("f:1");
  req.add_consistency_tokens("not-a-token");
  v1::RecommendPostsResponse resp;
  const grpc::Status s = platform_.matcher().RecommendPosts(Platform::AsAdmin().get(), req, &resp);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(s.error_details()));
  google::rpc::BadRequest bad;
  ASSERT_EQ(details.details_size(), 1);
  ASSERT_TRUE(details.details(0).UnpackTo(&bad));
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "consistency_tokens[1]");

  v1::PlanCampaignRequest plan;
  plan.set_campaign_id("c");
  for (int i = 0; i < 17; ++i) plan.add_consistency_tokens("f:1");
  v1::PlanCampaignResponse planned;
  EXPECT_EQ(
      platform_.matcher().PlanCampaign(Platform::AsAdmin().get(), plan, &planned).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ReadYourWritesTest, ABadRequestIsRefusedBeforeWaitingForItsWrites) {
  v1::RecommendPostsRequest req;  // no profile_id
  req.add_consistency_tokens(FeedToken(1000000000));
  v1::RecommendPostsResponse resp;
  const absl::Time start = absl::Now();
  const grpc::Status s = platform_.matcher().RecommendPosts(Platform::AsAdmin().get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // Not after the 2 s the token would otherwise be waited for.
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(1800));
}

}  // namespace
}  // namespace jobmatch::consistency
