// Employers may not aim posts at LOW_INCOME or DISABLED; staff may. And
// untrusted text and coordinates are refused before anything is stored.
// Through a real in-process server and MariaDB.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "services/postings/testing/service_fixture.h"

namespace jobmatch::postings::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class PostGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ClientContext ctx;
    v1::CreateEmployerRequest req;
    req.set_request_id("employer");
    *req.mutable_employer() = SampleEmployer();
    v1::CreateEmployerResponse resp;
    ASSERT_TRUE(server_.stub().CreateEmployer(As("admin").get(), req, &resp).ok());
    employer_id_ = resp.employer().employer_id();
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& role) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("jobmatch-role", role);
    ctx->AddMetadata("jobmatch-subject", role == "employer" ? employer_id_ : "staff-1");
    return ctx;
  }

  grpc::Status Create(const std::string& role, const v1::Post& post, v1::Post* out = nullptr) {
    v1::CreatePostRequest req;
    req.set_request_id(absl::StrCat("c-", ++counter_));
    *req.mutable_post() = post;
    v1::CreatePostResponse resp;
    grpc::Status s = server_.stub().CreatePost(As(role).get(), req, &resp);
    if (out != nullptr) *out = resp.post();
    return s;
  }

  PostingsServer server_;
  std::string employer_id_;
  int counter_ = 0;
};

TEST_F(PostGuardTest, EmployersCannotTargetRelaxOrReserveForSensitiveGroups) {
  v1::Post post = SamplePost(employer_id_);
  post.add_target_groups(v1::KEY_GROUP_LOW_INCOME);
  post.add_relaxations()->set_group(v1::KEY_GROUP_DISABLED);
  post.mutable_relaxations()->rbegin()->set_max_age(55);
  auto* quota = post.add_reserved_quotas();
  quota->set_group(v1::KEY_GROUP_LOW_INCOME);
  quota->set_places(1);
  const int64_t events = server_.OutboxCount();
  const grpc::Status s = Create("employer", post);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s),
              UnorderedElementsAre("post.target_groups[1]", "post.relaxations[1].group",
                                   "post.reserved_quotas[0].group"));
  EXPECT_EQ(server_.Count("posts"), 0);
  EXPECT_EQ(server_.OutboxCount(), events);

  // Bureau staff may: a village outreach post relaxing for 低保 households.
  v1::Post staff_post;
  ASSERT_TRUE(Create("admin", post, &staff_post).ok());

  // The employer may still edit the rest of that post...
  v1::UpdatePostRequest update;
  update.set_request_id("u1");
  update.mutable_post()->set_post_id(staff_post.post_id());
  update.mutable_post()->set_title("普工（长白班）");
  update.mutable_update_mask()->add_paths("title");
  v1::UpdatePostResponse updated;
  grpc::Status u = server_.stub().UpdatePost(As("employer").get(), update, &updated);
  ASSERT_TRUE(u.ok()) << u.error_message();
  EXPECT_EQ(updated.post().target_groups_size(), 2);
  // ...but not put a sensitive group into it.
  update.set_request_id("u2");
  update.mutable_post()->add_relaxations()->set_group(v1::KEY_GROUP_LOW_INCOME);
  update.mutable_post()->mutable_relaxations(0)->set_waive_education(true);
  update.mutable_update_mask()->add_paths("relaxations");
  u = server_.stub().UpdatePost(As("employer").get(), update, &updated);
  EXPECT_THAT(ViolationFields(u), ElementsAre("post.relaxations[0].group"));
  // Non-sensitive groups stay the employer's to choose.
  v1::Post ordinary = SamplePost(employer_id_);
  EXPECT_TRUE(Create("employer", ordinary).ok());
}

TEST_F(PostGuardTest, NonFiniteOrOffGlobeCoordinatesAreRefused) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  struct Case {
    double lng, lat;
    std::vector<std::string> fields;
  } cases[] = {
      {113.49, nan, {"post.location.lat"}},
      {nan, 27.6, {"post.location.lng"}},
      {inf, -inf, {"post.location.lng", "post.location.lat"}},
      {200, 27.6, {"post.location.lng"}},
  };
  for (const Case& c : cases) {
    v1::Post post = SamplePost(employer_id_);
    post.mutable_location()->set_lng(c.lng);
    post.mutable_location()->set_lat(c.lat);
    const grpc::Status s = Create("employer", post);
    EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT) << c.lng << "," << c.lat;
    EXPECT_EQ(ViolationFields(s), c.fields);
  }
  EXPECT_EQ(server_.Count("posts"), 0);
}

TEST_F(PostGuardTest, ControlAndBidiCharactersAreRefusedInEveryTextField) {
  v1::Post post = SamplePost(employer_id_);
  post.set_title(
      "普工\xE2\x80\xAE"
      "资工");                                      // right-to-left override
  post.set_description("包吃住\n\x1b[2J五险一金");  // a newline is fine; ESC is not
  post.mutable_requirements()->set_required_sex_reason("\xE2\x81\xA6x");  // isolate
  post.mutable_salary()->set_original_text("3000\r");
  const grpc::Status s = Create("employer", post);
  EXPECT_THAT(ViolationFields(s), UnorderedElementsAre("post.title", "post.description",
                                                       "post.requirements.required_sex_reason",
                                                       "post.salary.original_text"));
  // The same on updates, employers and searches.
  v1::Post ok;
  ASSERT_TRUE(Create("employer", SamplePost(employer_id_), &ok).ok());
  v1::UpdatePostRequest update;
  update.set_request_id("u1");
  update.mutable_post()->set_post_id(ok.post_id());
  update.mutable_post()->set_title("焊工\x7f");
  update.mutable_update_mask()->add_paths("title");
  v1::UpdatePostResponse updated;
  EXPECT_THAT(ViolationFields(server_.stub().UpdatePost(As("employer").get(), update, &updated)),
              ElementsAre("post.title"));
  v1::CreateEmployerRequest employer;
  employer.set_request_id("e2");
  *employer.mutable_employer() = SampleEmployer("91110000600037341L");
  employer.mutable_employer()->set_name(
      "株洲\xE2\x80\x8F"
      "某厂");
  v1::CreateEmployerResponse created;
  EXPECT_THAT(ViolationFields(server_.stub().CreateEmployer(As("admin").get(), employer, &created)),
              ElementsAre("employer.name"));
  v1::SearchPostsRequest search;
  search.set_query("焊工\x01");
  v1::SearchPostsResponse found;
  EXPECT_THAT(ViolationFields(server_.stub().SearchPosts(As("admin").get(), search, &found)),
              ElementsAre("query"));
  EXPECT_EQ(server_.Count("posts"), 1);
}

// A campaign's targeting rules are a hard filter in the matcher: an employer
// whose post joined a campaign for LOW_INCOME people alone would learn who
// they are from its applicants. Staff may put posts in; employers may not.
TEST_F(PostGuardTest, EmployersCannotJoinCampaignsTargetingSensitiveGroups) {
  auto campaign = [&](const std::string& request_id, v1::KeyGroup group) {
    v1::CreateCampaignRequest req;
    req.set_request_id(request_id);
    req.mutable_campaign()->set_kind(v1::CAMPAIGN_KIND_OTHER);
    req.mutable_campaign()->set_name("专场招聘");
    v1::TargetingRule* rule = req.mutable_campaign()->add_targeting_rules();
    rule->set_name("帮扶对象");
    rule->add_any_of_groups(v1::KEY_GROUP_POVERTY_LABOR);
    rule->add_any_of_groups(group);
    v1::CreateCampaignResponse resp;
    EXPECT_TRUE(server_.stub().CreateCampaign(As("admin").get(), req, &resp).ok());
    return resp.campaign().campaign_id();
  };
  const std::string sensitive = campaign("c-low", v1::KEY_GROUP_LOW_INCOME);
  const std::string ordinary = campaign("c-poor", v1::KEY_GROUP_RETURNING_MIGRANT);

  v1::Post post = SamplePost(employer_id_);
  post.add_campaign_ids(ordinary);
  post.add_campaign_ids(sensitive);
  const int64_t events = server_.OutboxCount();
  const grpc::Status s = Create("employer", post);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), ElementsAre("post.campaign_ids[1]"));
  EXPECT_EQ(server_.Count("posts"), 0);
  EXPECT_EQ(server_.OutboxCount(), events);

  // Into the other campaign, yes; then not into the sensitive one by an edit.
  v1::Post created;
  post.clear_campaign_ids();
  post.add_campaign_ids(ordinary);
  ASSERT_TRUE(Create("employer", post, &created).ok());
  v1::UpdatePostRequest update;
  update.set_request_id("join");
  update.mutable_post()->set_post_id(created.post_id());
  update.mutable_post()->add_campaign_ids(sensitive);
  update.mutable_update_mask()->add_paths("campaign_ids");
  v1::UpdatePostResponse updated;
  grpc::Status u = server_.stub().UpdatePost(As("employer").get(), update, &updated);
  EXPECT_THAT(ViolationFields(u), ElementsAre("post.campaign_ids[0]"));
  // An edit of other fields is not refused for campaigns it leaves alone.
  update.set_request_id("title");
  update.mutable_post()->set_title("普工（长白班）");
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("title");
  u = server_.stub().UpdatePost(As("employer").get(), update, &updated);
  EXPECT_TRUE(u.ok()) << u.error_message();

  // Bureau staff may put a post into it.
  post.add_campaign_ids(sensitive);
  EXPECT_TRUE(Create("admin", post).ok());
}

}  // namespace
}  // namespace jobmatch::postings::testing
