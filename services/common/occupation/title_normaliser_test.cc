#include "services/common/occupation/title_normaliser.h"

#include <string>

#include "gtest/gtest.h"

namespace jobmatch::occupation {
namespace {

struct Case {
  const char* title;
  const char* normalised;
};

class NormaliseTitleTest : public testing::TestWithParam<Case> {};

TEST_P(NormaliseTitleTest, Normalises) {
  EXPECT_EQ(NormaliseTitle(GetParam().title), GetParam().normalised) << GetParam().title;
}

INSTANTIATE_TEST_SUITE_P(
    Forms, NormaliseTitleTest,
    testing::Values(
        // Already normal.
        Case{"电焊工", "电焊工"}, Case{"月嫂", "月嫂"},
        // Brackets holding urgency, benefits, pay, shifts, places go whole.
        Case{"【急招】电焊工", "电焊工"}, Case{"普工（包吃住）", "普工"},
        Case{"普工(长白班)", "普工"}, Case{"保安[月休4天]", "保安"},
        Case{"服务员（男女不限）", "服务员"}, Case{"叉车司机（醴陵）", "叉车司机"},
        Case{"仓管员【株洲市】", "仓管员"},
        // Other bracketed words stay, without their brackets.
        Case{"焊工(二保焊)", "焊工二保焊"}, Case{"家政服务（月嫂）", "家政服务月嫂"},
        // Pay figures and decorations outside brackets.
        Case{"普工 月入8000+", "普工"}, Case{"★★操作工★★", "操作工"}, Case{"司机 5k-8k", "司机"},
        Case{"急招普工包吃住", "普工"}, Case{"主播底薪3000+提成", "主播"},
        // Letters that belong to the job stay (c1, 4s店).
        Case{"C1司机", "c1司机"}, Case{"4S店销售顾问", "4s店销售顾问"},
        // Place prefixes.
        Case{"株洲·电焊工", "电焊工"}, Case{"株洲·天元区·普工", "普工"},
        Case{"醴陵陶瓷工", "陶瓷工"}, Case{"长沙市-客服", "客服"},
        // Modifiers, unless nothing would be left.
        Case{"高级会计", "会计"}, Case{"资深Java开发", "java开发"}, Case{"熟练车工", "车工"},
        Case{"电工学徒", "电工"}, Case{"储备店长", "店长"}, Case{"实习律师", "律师"},
        Case{"长期临时工", "临时工"}, Case{"兼职服务员", "服务员"}, Case{"实习生", "实习生"},
        // Full-width forms, ASCII case, whitespace and punctuation.
        Case{"ＣＮＣ操机员", "cnc操机员"}, Case{"  Java  开发 ", "java开发"},
        Case{"收银员/理货员", "收银员理货员"},
        // Of "A兼B" the first job; (小时工) is a form of employment.
        Case{"收银员兼服务员", "收银员"}, Case{"前台兼文员", "前台"}, Case{"兼职", "兼职"},
        Case{"服务员（小时工）", "服务员"}, Case{"电商运营、美工", "电商运营美工"},
        // Nothing usable.
        Case{"", ""}, Case{"★★★", ""}, Case{"8000+", ""}));

}  // namespace
}  // namespace jobmatch::occupation
