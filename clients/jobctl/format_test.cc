// Table layout (exact text, Chinese characters two columns wide), JSON lines
// and the shared value formats.
#include "clients/jobctl/format.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jobmatch/v1/postings.pb.h"

namespace jobmatch::jobctl {
namespace {

TEST(DisplayWidthTest, WideCharactersCountTwice) {
  EXPECT_EQ(DisplayWidth(""), 0);
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("焊工"), 4);
  EXPECT_EQ(DisplayWidth("株洲·天元区"), 11);  // the middle dot is narrow
  EXPECT_EQ(DisplayWidth("５０"), 4);          // full-width digits
  EXPECT_EQ(DisplayWidth("≥8000"), 5);
}

TEST(TableTest, ExactLayout) {
  Table t({"POST", "TITLE", "SALARY"});
  t.AddRow({"p-1", "电焊工", "4500-6000"});
  t.AddRow({"p-22", "cook", ""});
  EXPECT_EQ(t.Render(),
            "POST  TITLE   SALARY\n"
            "p-1   电焊工  4500-6000\n"
            "p-22  cook\n");
}

TEST(TableTest, HeadersOnlyWhenEmpty) {
  Table t({"A", "B"});
  EXPECT_EQ(t.Render(), "A  B\n");
}

TEST(FormatTest, JsonLineUsesProtoFieldNames) {
  jobmatch::v1::Post post;
  post.set_post_id("p-1");
  post.set_remaining_openings(3);
  post.set_state(jobmatch::v1::POST_STATE_OPEN);
  EXPECT_EQ(ToJsonLine(post),
            "{\"post_id\":\"p-1\",\"remaining_openings\":3,\"state\":\"POST_STATE_OPEN\"}\n");
}

TEST(FormatTest, EnumsByShortName) {
  auto g = ParseEnum(jobmatch::v1::KeyGroup_descriptor(), "KEY_GROUP_", "group_4050", "group");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(*g, jobmatch::v1::KEY_GROUP_GROUP_4050);
  EXPECT_EQ(
      *ParseEnum(jobmatch::v1::KeyGroup_descriptor(), "KEY_GROUP_", "KEY_GROUP_GRADUATE", "group"),
      jobmatch::v1::KEY_GROUP_GRADUATE);
  EXPECT_FALSE(
      ParseEnum(jobmatch::v1::KeyGroup_descriptor(), "KEY_GROUP_", "unspecified", "group").ok());
  EXPECT_EQ(
      EnumName(jobmatch::v1::KeyGroup_descriptor(), "KEY_GROUP_", jobmatch::v1::KEY_GROUP_LAID_OFF),
      "LAID_OFF");
  EXPECT_EQ(EnumName(jobmatch::v1::KeyGroup_descriptor(), "KEY_GROUP_", 0), "");
}

TEST(FormatTest, Salaries) {
  jobmatch::v1::SalaryRange s;
  EXPECT_EQ(SalaryText(s), "");
  s.set_min_monthly_cny(5000);
  EXPECT_EQ(SalaryText(s), "≥5000");
  s.set_max_monthly_cny(8000);
  EXPECT_EQ(SalaryText(s), "5000-8000");
  s.set_negotiable(true);
  EXPECT_EQ(SalaryText(s), "面议");
}

TEST(FormatTest, ReasonsJoinNonEmptyTexts) {
  google::protobuf::RepeatedPtrField<jobmatch::v1::Reason> reasons;
  reasons.Add()->set_text("距您家12公里");
  reasons.Add();
  reasons.Add()->set_text("技能匹配 3/4");
  EXPECT_EQ(ReasonsText(reasons), "距您家12公里；技能匹配 3/4");
  EXPECT_EQ(Decimal(12.345), "12.3");
}

}  // namespace
}  // namespace jobmatch::jobctl
