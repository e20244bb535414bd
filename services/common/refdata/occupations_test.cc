// Tests of the occupation table as committed in deploy/refdata and of the
// loader's validation.
#include "services/common/refdata/occupations.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "services/common/testing/temp_path.h"

namespace jobmatch::refdata {
namespace {

TEST(OccupationTableTest, FindsEveryLevel) {
  const OccupationTable& t = DefaultOccupations();
  struct Case {
    const char* code;
    const char* name;
    int level;
    const char* parent;
  };
  const Case cases[] = {
      {"6", "生产制造及有关人员", 1, ""},         {"6-18", "机械制造基础加工人员", 2, "6"},
      {"6-18-02", "机械热加工人员", 3, "6-18"},   {"6-18-02-04", "焊工", 4, "6-18-02"},
      {"4-10-01-06", "家政服务员", 4, "4-10-01"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code);
    const Occupation* o = t.Find(c.code);
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(o->name, c.name);
    EXPECT_EQ(o->level, c.level);
    EXPECT_EQ(o->parent_code, c.parent);
    EXPECT_EQ(t.IsDetailed(c.code), c.level == 4);
  }
  for (const char* code : {"", "6-18-02-99", "6-18-2-4", "61802", "6-18-02-04-01", "9"}) {
    SCOPED_TRACE(code);
    EXPECT_FALSE(t.IsKnown(code));
    EXPECT_FALSE(t.IsDetailed(code));
  }
  int detailed = 0;
  for (const Occupation& o : t.all()) detailed += o.level == 4;
  EXPECT_GT(detailed, 1600);
}

TEST(OccupationTableTest, MinorGroupOf) {
  EXPECT_EQ(OccupationTable::MinorGroupOf("6-18-02-04"), "6-18-02");
  EXPECT_EQ(OccupationTable::MinorGroupOf("6-18-02"), "6-18-02");
  EXPECT_EQ(OccupationTable::MinorGroupOf("6-18"), "6-18");
  EXPECT_EQ(OccupationTable::MinorGroupOf("6"), "6");
}

TEST(OccupationTableTest, CodesForColloquialWords) {
  const OccupationTable& t = DefaultOccupations();
  const auto has = [&](const char* word, const char* code) {
    const std::vector<std::string> codes = t.CodesForWord(word);
    return std::find(codes.begin(), codes.end(), code) != codes.end();
  };
  EXPECT_TRUE(has("焊工", "6-18-02-04"));
  EXPECT_TRUE(has("电焊", "6-18-02-04"));  // only through its related word 焊工
  EXPECT_TRUE(has("保安", "4-07-05-01"));
  EXPECT_TRUE(has("家政服务员", "4-10-01-06"));  // an official name outside the synonym table
  EXPECT_TRUE(has("普工", "6-31-05-00"));        // 包装工, one of its related words
  EXPECT_FALSE(has("保安", "6-18-02-04"));
  EXPECT_TRUE(t.CodesForWord("寒假").empty());  // related to 临时 only: no occupation
  EXPECT_TRUE(t.CodesForWord("没有这个词").empty());
  for (const char* word : {"焊工", "普工", "服务员", "司机"}) {
    const std::vector<std::string> codes = t.CodesForWord(word);
    EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end())) << word;
    for (const std::string& c : codes) EXPECT_TRUE(t.IsDetailed(c)) << word << " " << c;
  }
}

TEST(OccupationTableTest, RelatedThroughTheSynonymTable) {
  const OccupationTable& t = DefaultOccupations();
  const std::vector<std::string> welder = t.CodesForWord("焊工");
  ASSERT_GE(welder.size(), 2u);
  struct Case {
    std::string a, b;
    bool related;
  };
  const Case cases[] = {
      {welder[0], welder[1], true},        {"6-18-02-04", "6-18-02-04", true},
      {"6-18-02-04", "4-07-05-01", false},  // 焊工 and 保安员 share no word
      {"6-18-02-04", "6-18-02-01", false},  // same minor group, but no word names both
      {"6-18-02-04", "6-18-02", false},     // not detailed
      {"6-18-02-04", "9-99-99-99", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.a + " " + c.b);
    EXPECT_EQ(t.Related(c.a, c.b), c.related);
    EXPECT_EQ(t.Related(c.b, c.a), c.related);
  }
}

TEST(OccupationTableTest, LoadRejectsMalformedRows) {
  const std::filesystem::path dir = jobmatch::testing::TempPath("occupations_test");
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream((dir / name).string()) << text;
    return (dir / name).string();
  };
  const std::string header = "code,name,level,parent_code\n";
  const std::string good = header + "6,生产制造及有关人员,1,\n6-18,机械制造基础加工人员,2,6\n" +
                           "6-18-02,机械热加工人员,3,6-18\n6-18-02-04,焊工,4,6-18-02\n";
  const std::string terms = write("terms.csv", "word,related,codes\n焊工,电焊,6-18-02-04\n");
  ASSERT_TRUE(OccupationTable::Load(write("good.csv", good), terms).ok());
  for (const char* row :
       {"6-18-02-05,铸造工,3,6-18-02\n", "6-18-03-01,x,4,6-18-03\n", "6-18-02-04,焊工,4,6-18-02\n",
        "6-18-02-0a,x,4,6-18-02\n", "6-18-02-06,,4,6-18-02\n", "6-18-02-07,x,4,6-18\n"}) {
    SCOPED_TRACE(row);
    EXPECT_EQ(OccupationTable::Load(write("bad.csv", good + row), terms).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
  const std::string bad_terms = write("bad_terms.csv", "word,related,codes\n焊工,,6-18-02\n");
  EXPECT_EQ(OccupationTable::Load(write("good.csv", good), bad_terms).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jobmatch::refdata
