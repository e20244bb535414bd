#include "services/events/notification_texts.h"

#include "gtest/gtest.h"

namespace jobmatch::events {
namespace {

struct MaskCase {
  const char* in;
  const char* out;
};

TEST(MaskDigitRunsTest, LongDigitRunsAreMaskedShortOnesKept) {
  const MaskCase cases[] = {
      {"焊工", "焊工"},
      {"月薪8000元 3班倒", "月薪8000元 3班倒"},
      {"联系13800138000", "联系***"},
      {"身份证430211199001011234", "身份证***"},
      {"电话１３８００１３８０００", "电话***"},  // full-width digits
      {"123456 and 1234567", "123456 and ***"},   // six kept, seven masked
      {"", ""},
  };
  for (const MaskCase& c : cases) {
    EXPECT_EQ(MaskDigitRuns(c.in), c.out) << c.in;
  }
}

TEST(NotificationTextsTest, NameThePostAndNoNumbersFromEmployerText) {
  EXPECT_EQ(NewPostText("电焊工"), "有新岗位符合您的求职意向：「电焊工」。打开App查看详情并申请。");
  v1::InterviewInvitation interview;
  interview.mutable_interview_time()->set_seconds(1767229200);  // 2026-01-01 09:00 CST
  interview.set_place("醴陵市陶瓷园A栋 电话13800138000");
  const std::string text = InterviewText("拉坯工", interview);
  EXPECT_EQ(text,
            "「拉坯工」邀请您参加面试，时间：2026-01-01 09:00，地点：醴陵市陶瓷园A栋 电话***。");
  EXPECT_EQ(RejectedText("保洁员"),
            "很遗憾，「保洁员」这次没有录用您。App里还有为您推荐的其他岗位。");
  v1::Hire hire;
  EXPECT_EQ(HiredText("", hire), "恭喜！您已被「岗位」录用。");
}

}  // namespace
}  // namespace jobmatch::events
