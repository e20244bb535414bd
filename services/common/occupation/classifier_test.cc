#include "services/common/occupation/classifier.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "services/common/occupation/title_eval.h"
#include "services/common/occupation/title_normaliser.h"
#include "services/common/refdata/regions.h"
#include "services/common/testing/temp_path.h"

namespace jobmatch::occupation {
namespace {

const OccupationClassifier& Classifier() {
  static const OccupationClassifier* const c =
      OccupationClassifier::Load(refdata::RefdataDir())->release();
  return *c;
}

struct Case {
  const char* title;
  const char* description;
  const char* code;    // expected code (detailed, or a prefix for a major group)
  const char* method;  // expected method
  bool needs_review;
};

class ClassifyTest : public ::testing::TestWithParam<Case> {};

TEST_P(ClassifyTest, Classifies) {
  const Case& c = GetParam();
  const Classification got = Classifier().Classify(c.title, c.description);
  EXPECT_EQ(got.code, c.code) << c.title;
  EXPECT_EQ(got.method, c.method) << c.title;
  EXPECT_EQ(got.needs_review, c.needs_review) << c.title << " " << got.confidence;
  EXPECT_GE(got.confidence, 0.0);
  EXPECT_LE(got.confidence, 1.0);
  EXPECT_EQ(got.needs_review, got.confidence < OccupationClassifier::kReviewBelow);
}

// Letters match whole words only: PA (a hotel's public-area cleaner) is no
// part of PaaS or SPA.
TEST(ClassifierTest, LettersMatchWholeWords) {
  EXPECT_NE(Classifier().Classify("PaaS工程师").code, "4-09-08-01");
  EXPECT_NE(Classifier().Classify("SPA会所技师").code, "4-09-08-01");
  EXPECT_EQ(Classifier().Classify("商场PA").code, "4-09-08-01");
}

INSTANTIATE_TEST_SUITE_P(
    Titles, ClassifyTest,
    ::testing::Values(
        // The titles a fair's file lost before the lexicon: home and care,
        // ceramics, manufacturing, logistics, delivery, e-commerce, office.
        Case{"月嫂", "", "4-10-01-06", "lexicon", false},
        Case{"育婴师", "", "4-10-01-03", "lexicon", false},
        Case{"保姆", "", "4-10-01-06", "lexicon", false},
        Case{"护工", "", "4-10-01-05", "lexicon", false},
        Case{"陶瓷工", "", "6-15-05-02", "lexicon", false},
        Case{"装配工", "", "6-20-01-01", "lexicon", false},
        Case{"仓管员", "", "4-02-06-01", "lexicon", false},
        Case{"搬运工", "", "4-02-05-01", "lexicon", false},
        Case{"外卖骑手", "", "4-10-08-01", "lexicon", false},
        Case{"主播", "", "4-01-06-02", "lexicon", false},
        Case{"电商运营", "", "4-01-06-01", "lexicon", false},
        Case{"客服", "", "4-04-05-03", "lexicon", false},
        Case{"前台", "", "4-03-01-01", "lexicon", false},
        // The classification's own names.
        Case{"焊工", "", "6-18-02-04", "lexicon", false},
        Case{"家政服务员", "", "4-10-01-06", "lexicon", false},
        // Decorated titles reach the same entry.
        Case{"【急招】株洲·高级电焊工（包吃住）月入8000+", "", "6-18-02-04", "lexicon", false},
        // A lexicon term inside a longer title: the longest, then the later.
        Case{"醴陵日用瓷厂施釉工", "", "6-15-05-02", "lexicon", false},
        Case{"轨道交通车辆装配工", "", "6-23-01-02", "lexicon", false},
        // Between equal terms the later, unless it overlaps the earlier.
        Case{"仓管（工地）", "", "4-02-06-01", "lexicon", false},
        Case{"工地司机", "", "4-02-02-01", "lexicon", false},
        // A trade in a car repair shop, named in the title or the
        // description, is a 汽车维修工; the same trade elsewhere is not.
        Case{"4S店钣金工", "", "4-12-01-01", "lexicon", false},
        Case{"汽修厂喷漆工", "", "4-12-01-01", "lexicon", false},
        Case{"机修师傅", "汽修厂", "4-12-01-01", "lexicon", false},
        Case{"钣金工", "", "6-18-01-11", "lexicon", false},
        Case{"机修工", "注塑车间设备维修", "6-31-01-02", "lexicon", false},
        Case{"汽车总装工", "", "6-22-01-01", "lexicon", false},
        // A subject teacher at the level of school the title names.
        Case{"初中辅导老师", "", "2-08-02-03", "lexicon", false},
        Case{"高三物理辅导老师", "", "2-08-02-01", "lexicon", false},
        Case{"物理辅导老师", "", "2-08-02-04", "lexicon", false},
        // 主管, 经理, 助理, 专员, 领班 give way to the trade they head.
        Case{"保安主管", "", "4-07-05-01", "lexicon", false},
        Case{"收银领班", "", "4-01-02-04", "lexicon", false},
        // ... and so do 司机, 驾驶员 and 服务员 to the vehicle or venue.
        Case{"叉车驾驶员", "", "6-30-05-01", "lexicon", false},
        Case{"康体服务员", "", "4-14-05-04", "lexicon", false},
        // A place of work names the job only with a generic head; any job
        // word in the title outranks it.
        Case{"电玩城员工", "", "4-14-05-04", "lexicon", false},
        Case{"电子厂保安", "", "4-07-05-01", "lexicon", false},
        Case{"养老院厨师", "", "4-03-02-01", "lexicon", false},
        Case{"美容院保安", "", "4-07-05-01", "lexicon", false},
        // A job title first, then requirements and place: the title.
        Case{"电工 熟悉PLC编程", "", "6-31-01-03", "lexicon", false},
        Case{"保安 会开车优先 五险", "", "4-07-05-01", "lexicon", false},
        // ... unless it is a generic head, which the words after it qualify.
        Case{"普工 电子厂插件", "", "6-25-04-07", "lexicon", false},
        // Of "A兼B" the first job.
        Case{"收银员兼服务员", "", "4-01-02-04", "lexicon", false},
        // New words: the nearest entry by character n-grams.
        Case{"小哥", "", "4-02-07-08", "ngram", true},
        // Weakly like anything: its nearest entry's major group, for review.
        Case{"焊件修补", "", "6", "major_group", true},
        // Nothing resembling a job: the unclassifiable major group, for review.
        Case{"abcxyz", "", "8", "major_group", true}, Case{"★★★", "", "8", "major_group", true}));

TEST(ClassifierTest, DescriptionSupportsAWeakTitle) {
  const Classification alone = Classifier().Classify("小哥", "");
  const Classification with =
      Classifier().Classify("小哥", "负责美团外卖配送，骑手自备电动车，按单计费");
  EXPECT_EQ(with.code, "4-10-08-01");
  EXPECT_NE(alone.code, with.code);
}

TEST(ClassifierTest, ADescriptionGivesAContextualTitleItsSetting) {
  EXPECT_EQ(Classifier().Classify("普工", "").code, "6-25-04-07");
  EXPECT_EQ(Classifier().Classify("普工", "注塑车间").code, "6-14-02-00");
  EXPECT_EQ(Classifier().Classify("护士", "内科").code, "2-05-08-01");
  EXPECT_EQ(Classifier().Classify("护士", "手术室").code, "2-05-08-04");
  // A title that is specific on its own keeps its code whatever the description says.
  EXPECT_EQ(Classifier().Classify("电焊工", "注塑车间").code, "6-18-02-04");
}

TEST(ClassifierTest, EmptyTitleAndDescriptionGiveNothing) {
  const Classification got = Classifier().Classify("", "");
  EXPECT_EQ(got.code, "");
  EXPECT_EQ(got.method, "");
  EXPECT_TRUE(got.needs_review);
}

TEST(ClassifierTest, LearnedTitlesTakePrecedence) {
  auto loaded = OccupationClassifier::Load(refdata::RefdataDir());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  OccupationClassifier& c = **loaded;
  EXPECT_EQ(c.Classify("【急招】小时工").code, "4-10-01-06");
  ASSERT_TRUE(c.Learn(NormaliseTitle("小时工"), "4-02-05-01").ok());
  const Classification got = c.Classify("【急招】小时工");
  EXPECT_EQ(got.code, "4-02-05-01");
  EXPECT_EQ(got.method, "learned");
  EXPECT_EQ(got.confidence, 1.0);
  EXPECT_FALSE(got.needs_review);
  EXPECT_EQ(c.Learn("小时工", "4-02-05").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(c.Learn("小时工", "9-99-99-99").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(c.Learn("", "4-02-05-01").code(), absl::StatusCode::kInvalidArgument);
}

TEST(ClassifierTest, ConcurrentReadersAndATeacherAgree) {
  auto loaded = OccupationClassifier::Load(refdata::RefdataDir());
  ASSERT_TRUE(loaded.ok());
  OccupationClassifier& c = **loaded;
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&c, &wrong, t] {
      for (int i = 0; i < 2000; ++i) {
        if (c.Classify(i % 2 ? "电焊工" : "收银员").code != (i % 2 ? "6-18-02-04" : "4-01-02-04")) {
          ++wrong[t];
        }
      }
    });
  }
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(c.Learn("焊件修补", "6-18-02-04").ok());
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
  EXPECT_EQ(c.Classify("焊件修补").code, "6-18-02-04");
}

TEST(ClassifierTest, LoadRefusesATitleWithAnUnknownCode) {
  const std::string dir = jobmatch::testing::TempPath("refdata_bad_titles");
  std::filesystem::create_directories(dir);
  for (const char* f : {"occupations.csv", "related_terms.csv"}) {
    std::filesystem::copy_file(refdata::RefdataDir() + "/" + f, dir + "/" + f,
                               std::filesystem::copy_options::overwrite_existing);
  }
  std::ofstream(dir + "/job_titles.csv") << "title,occupation_code,source\n电焊工,6-18,curated\n";
  EXPECT_EQ(OccupationClassifier::Load(dir).status().code(), absl::StatusCode::kInvalidArgument);
}

struct AgreeCase {
  const char* code;
  const char* expected;
  int level;
  bool agrees;
};

class AgreesAtTest : public ::testing::TestWithParam<AgreeCase> {};

TEST_P(AgreesAtTest, Compares) {
  const AgreeCase& c = GetParam();
  EXPECT_EQ(AgreesAt(c.code, c.expected, c.level), c.agrees) << c.code << " " << c.expected;
}

INSTANTIATE_TEST_SUITE_P(Levels, AgreesAtTest,
                         ::testing::Values(AgreeCase{"6-18-02-04", "6-18-02-04", 4, true},
                                           AgreeCase{"6-18-02-01", "6-18-02-04", 4, false},
                                           AgreeCase{"6-18-02-01", "6-18-02-04", 2, true},
                                           AgreeCase{"6-20-01-01", "6-18-02-04", 2, false},
                                           AgreeCase{"6-20-01-01", "6-18-02-04", 1, true},
                                           AgreeCase{"6", "6-18-02-04", 1, true},
                                           AgreeCase{"6", "6-18-02-04", 2, false},
                                           AgreeCase{"4-01-02-03", "6-18-02-04", 1, false}));

}  // namespace
}  // namespace jobmatch::occupation
