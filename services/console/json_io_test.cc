#include "services/console/json_io.h"

#include <gtest/gtest.h>

#include "jobmatch/v1/matcher.pb.h"
#include "services/common/field_violations.h"

namespace jobmatch::console {
namespace {

// Each bad body is refused naming the field a person would have to fix.
TEST(ParseJsonRequestTest, NamesTheOffendingField) {
  struct Case {
    const char* body;
    const char* field;
  } cases[] = {
      {R"({"campaign_id": 5})", "campaign_id"},
      {R"({"campaing_id": "c1"})", "campaing_id"},
      {R"({"mode": "PLAN_MODE_BEST"})", "mode"},
      {R"({"extra_reserves": [{"group": "KEY_GROUP_NOPE"}]})", "extra_reserves[0].group"},
      {R"({"worklist_days": "many"})", "worklist_days"},
      {R"({"campaign_id": )", "body"},
      {R"([1, 2])", "body"},
  };
  for (const Case& c : cases) {
    v1::PlanCampaignRequest request;
    absl::Status status = ParseJsonRequest(c.body, &request);
    ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.body;
    const auto violations = BadRequestOf(status).field_violations();
    ASSERT_EQ(violations.size(), 1) << c.body << " => " << status;
    EXPECT_EQ(violations[0].field(), c.field) << c.body << " => " << status;
  }
}

TEST(ParseJsonRequestTest, ReadsAGoodBodyAndAnEmptyOne) {
  v1::PlanCampaignRequest request;
  ASSERT_TRUE(
      ParseJsonRequest(
          R"({"campaign_id": "c1", "mode": "PLAN_MODE_STABLE", "region_prefixes": ["430225"]})",
          &request)
          .ok());
  EXPECT_EQ(request.campaign_id(), "c1");
  EXPECT_EQ(request.mode(), v1::PLAN_MODE_STABLE);
  EXPECT_EQ(request.region_prefixes(0), "430225");
  v1::PlanCampaignRequest empty;
  EXPECT_TRUE(ParseJsonRequest("  ", &empty).ok());
}

TEST(ParseJsonRequestTest, RefusesControlCharactersNamingTheField) {
  v1::PlanCampaignRequest request;
  absl::Status status = ParseJsonRequest(R"({"campaign_id": "c\u202e1"})", &request);
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(BadRequestOf(status).field_violations(0).field(), "campaign_id");
}

TEST(ToJsonTest, PrintsZerosAndProtoNames) {
  v1::GroupPlacement placement;
  placement.set_group(v1::KEY_GROUP_GRADUATE);
  const std::string json = ToJson(placement);
  EXPECT_NE(json.find("\"placed\":0"), std::string::npos) << json;
  EXPECT_NE(json.find("\"cutoff_score\":0"), std::string::npos) << json;
  EXPECT_NE(json.find("\"reserved_used\""), std::string::npos) << json;
}

TEST(ErrorJsonTest, CarriesCodeMessageAndViolations) {
  const std::string json = ErrorJson(InvalidField("post_id", "required \"here\""));
  for (const char* part : {R"("code":"INVALID_ARGUMENT")", R"("message":"invalid request)",
                           R"("field":"post_id")", R"("description":"required \"here\"")"}) {
    EXPECT_NE(json.find(part), std::string::npos) << part << " in " << json;
  }
  EXPECT_EQ(HttpStatusOf(InvalidField("a", "b")), 400);
  EXPECT_EQ(HttpStatusOf(absl::PermissionDeniedError("no")), 403);
  EXPECT_EQ(HttpStatusOf(absl::UnauthenticatedError("no")), 401);
  EXPECT_EQ(HttpStatusOf(absl::UnavailableError("no")), 503);
}

}  // namespace
}  // namespace jobmatch::console
