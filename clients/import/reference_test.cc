// DefaultReference() over the platform's real tables: region text as job
// boards write it, and job titles to occupation codes.
#include "clients/import/reference.h"

#include <string>

#include "gtest/gtest.h"

namespace jobmatch::import {
namespace {

struct TextCase {
  std::string text;
  std::string code;
};

class RegionTextTest : public testing::TestWithParam<TextCase> {};
TEST_P(RegionTextTest, ResolvesToTheMostSpecificCode) {
  const refdata::Place place = DefaultReference().RegionForText(GetParam().text);
  EXPECT_EQ(place.kind == refdata::Place::Kind::kInArea ? place.code : "", GetParam().code)
      << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(Boards, RegionTextTest,
                         testing::Values(TextCase{"长沙-岳麓区", "430104"},
                                         TextCase{"湖南省 - 株洲市", "4302"},
                                         TextCase{"株洲·天元区", "430211"},
                                         TextCase{"醴陵", "430281"}, TextCase{"醴陵市", "430281"},
                                         TextCase{"株洲市芦淞区", "430203"},
                                         TextCase{"攸县", "430223"}, TextCase{"株洲县", "430212"},
                                         TextCase{"430281", "430281"}, TextCase{"北京市朝阳区", ""},
                                         TextCase{"外星球", ""}));

struct TitleCase {
  std::string title;
  std::string code;  // "" for any code
  bool needs_review;
};

class OccupationTitleTest : public testing::TestWithParam<TitleCase> {};
TEST_P(OccupationTitleTest, ClassifiesTheTitle) {
  const occupation::Classification got = DefaultReference().ClassifyTitle(GetParam().title, "");
  if (!GetParam().code.empty()) {
    EXPECT_EQ(got.code, GetParam().code) << GetParam().title;
  }
  EXPECT_FALSE(got.code.empty()) << GetParam().title;
  EXPECT_EQ(got.needs_review, GetParam().needs_review) << GetParam().title;
}
INSTANTIATE_TEST_SUITE_P(
    Titles, OccupationTitleTest,
    testing::Values(TitleCase{"焊工", "6-18-02-04", false},  // an occupation's own name
                    TitleCase{"电焊工", "6-18-02-04", false},
                    TitleCase{"焊工学徒", "6-18-02-04", false},
                    TitleCase{"家政服务员", "4-10-01-06", false},
                    TitleCase{"保安", "4-07-05-01", false},  // everyday titles
                    TitleCase{"文员", "3-01-01-01", false}, TitleCase{"普工", "6-25-04-07", false},
                    TitleCase{"招聘普工（长白班）", "6-25-04-07", false},
                    TitleCase{"叉车司机", "6-30-05-01", false},
                    TitleCase{"服务员", "4-03-02-05", false},
                    TitleCase{"月嫂", "4-10-01-06", false},
                    TitleCase{"储备干部", "", true}));  // any guess, for review

TEST(OccupationCodeTest, OnlyDetailedCodesCount) {
  EXPECT_TRUE(DefaultReference().IsDetailedOccupation("6-18-02-04"));
  EXPECT_FALSE(DefaultReference().IsDetailedOccupation("6-18-02"));
  EXPECT_FALSE(DefaultReference().IsDetailedOccupation("9-99-99-99"));
}

}  // namespace
}  // namespace jobmatch::import
