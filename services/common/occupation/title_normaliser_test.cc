#include "services/common/occupation/title_normaliser.h"

#include <gtest/gtest.h>

namespace jobmatch::occupation {
namespace {

TEST(NormaliseTitleTest, TitlesStaffWouldCodeAlikeShareAKey) {
  const struct {
    const char* title;
    const char* key;
  } cases[] = {
      {"月嫂", "月嫂"},
      {"  月嫂 ", "月嫂"},
      {"焊 工", "焊工"},
      {"CNC操作工", "cnc操作工"},
      {"cnc\t操作工\n", "cnc操作工"},
      {" \t ", ""},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(NormaliseTitle(c.title), c.key) << c.title;
}

TEST(NormaliseTitleTest, DifferentTitlesStayApart) {
  EXPECT_NE(NormaliseTitle("焊工"), NormaliseTitle("电焊工"));
  EXPECT_NE(NormaliseTitle("保姆"), NormaliseTitle("月嫂"));
}

}  // namespace
}  // namespace jobmatch::occupation
