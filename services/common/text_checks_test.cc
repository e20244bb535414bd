// The shared check of untrusted text and coordinates, table-driven.
#include "services/common/text_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "jobmatch/v1/events.pb.h"
#include "jobmatch/v1/postings.pb.h"

namespace jobmatch {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::vector<std::string> Fields(const FieldViolations& v) {
  std::vector<std::string> out;
  for (const auto& f : v.proto().field_violations()) out.push_back(f.field());
  return out;
}

struct TextCase {
  const char* name;
  std::string text;
  TextKind kind;
  bool ok;
};

class TextProblemTest : public ::testing::TestWithParam<TextCase> {};

TEST_P(TextProblemTest, DecidesAsExpected) {
  const TextCase& c = GetParam();
  EXPECT_EQ(TextProblem(c.text, c.kind).empty(), c.ok) << TextProblem(c.text, c.kind);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TextProblemTest,
    ::testing::Values(TextCase{"plain_chinese", "焊工（长期）", TextKind::kLine, true},
                      TextCase{"empty", "", TextKind::kLine, true},
                      TextCase{"emoji", "\xF0\x9F\x91\x8D", TextKind::kLine, true},
                      TextCase{"newline_in_line", "张三\n", TextKind::kLine, false},
                      TextCase{"newline_in_multiline", "包吃住\n五险一金", TextKind::kMultiLine,
                               true},
                      TextCase{"tab_in_multiline", "a\tb\r\n", TextKind::kMultiLine, true},
                      TextCase{"nul", std::string("a\0b", 3), TextKind::kMultiLine, false},
                      TextCase{"escape", "\x1b[31m", TextKind::kMultiLine, false},
                      TextCase{"del", "a\x7f", TextKind::kLine, false},
                      TextCase{"c1_nel", "a\xC2\x85", TextKind::kMultiLine, false},
                      TextCase{"rlo",
                               "43028\xE2\x80\xAE"
                               "1",
                               TextKind::kLine, false},
                      TextCase{"lri", "\xE2\x81\xA6x", TextKind::kMultiLine, false},
                      TextCase{"rlm", "\xE2\x80\x8F", TextKind::kLine, false},
                      TextCase{"arabic_letter_mark", "\xD8\x9C", TextKind::kLine, false},
                      TextCase{"truncated_utf8", "\xE5\xBC", TextKind::kLine, false},
                      TextCase{"overlong", "\xC0\xAF", TextKind::kLine, false},
                      TextCase{"surrogate", "\xED\xA0\x80", TextKind::kLine, false}),
    [](const auto& test_case) { return std::string(test_case.param.name); });

TEST(CheckGeoPointTest, RefusesNanInfiniteAndOffTheGlobe) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  struct Case {
    double lng, lat;
    std::vector<std::string> fields;
  } cases[] = {
      {113.13, 27.83, {}},
      {180, -90, {}},
      {nan, 27.8, {"p.lng"}},
      {113.1, nan, {"p.lat"}},
      {inf, -inf, {"p.lng", "p.lat"}},
      {180.0001, 90.5, {"p.lng", "p.lat"}},
  };
  for (const Case& c : cases) {
    v1::GeoPoint p;
    p.set_lng(c.lng);
    p.set_lat(c.lat);
    FieldViolations v;
    CheckGeoPoint(p, "p", v);
    EXPECT_EQ(Fields(v), c.fields) << c.lng << "," << c.lat;
  }
}

TEST(CheckMessageTextTest, FindsEveryStringAndPointWithItsPath) {
  v1::CreatePostRequest req;
  req.set_request_id("r\x01");
  v1::Post* post = req.mutable_post();
  post->set_title("普工\xE2\x80\xAE");
  post->set_description("第一行\n第二行");  // multi-line field: fine
  post->mutable_location()->set_lat(std::nan(""));
  post->mutable_location()->set_lng(113.1);
  post->add_campaign_ids("ok");
  post->add_campaign_ids("bad\n");
  post->mutable_requirements()->add_required_skills()->set_name("焊工\x1b");
  FieldViolations v;
  CheckMessageText(req, "", v);
  EXPECT_THAT(Fields(v), UnorderedElementsAre("request_id", "post.title", "post.location.lat",
                                              "post.campaign_ids[1]",
                                              "post.requirements.required_skills[0].name"));

  v1::RecordViewsRequest views;
  views.add_views()->set_post_id("p1");
  views.add_views()->mutable_view()->set_channel("live\r");
  FieldViolations v2;
  CheckMessageText(views, "", v2);
  EXPECT_THAT(Fields(v2), ElementsAre("views[1].view.channel"));

  FieldViolations v3;
  CheckMessageText(v1::CreatePostRequest(), "", v3);
  EXPECT_THAT(Fields(v3), IsEmpty());
}

}  // namespace
}  // namespace jobmatch
