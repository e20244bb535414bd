#include "services/profiles/id_number.h"

#include <gtest/gtest.h>

#include "services/profiles/testing/ids.h"

namespace jobmatch::profiles {
namespace {

const absl::CivilDay kToday(2026, 3, 15);

TEST(IdCheckCharacterTest, PublishedExamples) {
  // The examples printed in GB 11643-1999.
  EXPECT_EQ(IdCheckCharacter("11010519491231002"), 'X');
  EXPECT_EQ(IdCheckCharacter("44052418800101001"), '4');
  EXPECT_EQ(IdCheckCharacter("1101051949123100"), '?');
  EXPECT_EQ(IdCheckCharacter("1101051949123100A"), '?');
}

TEST(IdCheckCharacterTest, EveryRemainderMapsToItsCharacter) {
  // Sum of weights times digits mod 11 -> 1 0 X 9 8 7 6 5 4 3 2.
  const char expected[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  // With digits all zero except the last (weight 2), the sum is 2 * d.
  for (int d = 0; d <= 9; ++d) {
    const std::string first17 = std::string(16, '0') + static_cast<char>('0' + d);
    EXPECT_EQ(IdCheckCharacter(first17), expected[(2 * d) % 11]) << d;
  }
}

struct ParseCase {
  std::string name;
  std::string id;
  bool ok;
  v1::Sex sex = v1::SEX_UNSPECIFIED;
  absl::CivilDay birth;
};

class ParseIdNumberTest : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseIdNumberTest, Case) {
  const ParseCase& c = GetParam();
  const FixedRegionDirectory regions = testing::TestRegions();
  absl::StatusOr<IdNumberFacts> facts = ParseIdNumber(c.id, kToday, regions);
  ASSERT_EQ(facts.ok(), c.ok) << facts.status();
  if (!c.ok) {
    EXPECT_TRUE(absl::IsInvalidArgument(facts.status()));
    return;
  }
  EXPECT_EQ(facts->sex, c.sex);
  EXPECT_EQ(facts->birth_date, c.birth);
  EXPECT_EQ(facts->region_code, c.id.substr(0, 6));
}

ParseCase Bad(std::string name, std::string id) {
  return ParseCase{std::move(name), std::move(id), false, v1::SEX_UNSPECIFIED, absl::CivilDay()};
}

std::string Flip(std::string id) {
  id[17] = id[17] == '0' ? '1' : '0';
  return id;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseIdNumberTest,
    ::testing::Values(ParseCase{"published_x", "11010519491231002X", true, v1::SEX_FEMALE,
                                absl::CivilDay(1949, 12, 31)},
                      ParseCase{"lower_x", "11010519491231002x", true, v1::SEX_FEMALE,
                                absl::CivilDay(1949, 12, 31)},
                      ParseCase{"published_male", "440524188001010014", true, v1::SEX_MALE,
                                absl::CivilDay(1880, 1, 1)},
                      ParseCase{"zhuzhou_male", testing::MakeId("430211", 1980, 5, 6, 123), true,
                                v1::SEX_MALE, absl::CivilDay(1980, 5, 6)},
                      ParseCase{"zhuzhou_female", testing::MakeId("430281", 1986, 2, 28, 124), true,
                                v1::SEX_FEMALE, absl::CivilDay(1986, 2, 28)},
                      // 株洲县's old code is in the table as an old code.
                      ParseCase{"old_county_known", testing::MakeId("430221", 1970, 1, 1, 11), true,
                                v1::SEX_MALE, absl::CivilDay(1970, 1, 1)},
                      // A retired county code the table does not list: accepted (lenient).
                      ParseCase{"old_county_unknown", testing::MakeId("432302", 1965, 7, 1, 22),
                                true, v1::SEX_FEMALE, absl::CivilDay(1965, 7, 1)},
                      ParseCase{"leap_day", testing::MakeId("430211", 2000, 2, 29, 21), true,
                                v1::SEX_MALE, absl::CivilDay(2000, 2, 29)},
                      ParseCase{"born_today", testing::MakeId("430211", 2026, 3, 15, 21), true,
                                v1::SEX_MALE, absl::CivilDay(2026, 3, 15)},
                      Bad("born_tomorrow", testing::MakeId("430211", 2026, 3, 16, 21)),
                      Bad("not_leap", testing::MakeId("430211", 1900, 2, 29, 21)),
                      Bad("month_13", testing::MakeId("430211", 1980, 13, 1, 21)),
                      Bad("day_32", testing::MakeId("430211", 1980, 1, 32, 21)),
                      Bad("before_1850", testing::MakeId("430211", 1849, 12, 31, 21)),
                      Bad("bad_check", Flip(testing::MakeId("430211", 1980, 5, 6, 123))),
                      Bad("no_province", testing::MakeId("990211", 1980, 5, 6, 123)),
                      Bad("city_00", testing::MakeId("430011", 1980, 5, 6, 123)),
                      Bad("county_00", testing::MakeId("432300", 1980, 5, 6, 123)),
                      Bad("short", "43021119800506123"), Bad("long", "4302111980050612345"),
                      Bad("letter", "43021A198005061234"), Bad("empty", "")),
    [](const ::testing::TestParamInfo<ParseCase>& test_case) { return test_case.param.name; });

}  // namespace
}  // namespace jobmatch::profiles
