// The corpus scorer on a small corpus written here: each measure counts what
// it says it counts.
#include "clients/import/forms_eval.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace jobmatch::import {
namespace {

class FormsEvalTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrCat("forms-eval-", ::testing::UnitTest::GetInstance()->random_seed(), "-",
                        getpid());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(FormsEvalTest, ScoresEachMeasure) {
  Write("regions.csv",
        "text,expected,split\n"
        "株洲·天元区,430211,dev\n"       // exact
        "天元区嵩山路街道,430211,dev\n"  // deeper than labelled: right county only
        "南京·建邺区,outside:32,dev\n"   // outside, exact
        "北京市朝阳区,outside:31,dev\n"  // outside, wrong province
        "外星球,unknown,dev\n"           // exact
        "醴陵,430281,heldout\n");        // not in the split
  Write("forms.csv",
        "kind,text,expected,split\n"
        "education,初中及以下,EDUCATION_UNSPECIFIED,dev\n"
        "headcount,若干,unspecified,dev\n"
        "headcount,20人人,20,dev\n"
        "salary,4000-6000元/月 包吃住,\"4000,6000\",dev\n"
        "salary,面议,\"1,2\",dev\n"  // wrong label: counted wrong
        "experience,3-5年,3,heldout\n");
  auto eval = EvaluateCorpus(dir_.string(), "dev", refdata::DefaultRegions());
  ASSERT_TRUE(eval.ok()) << eval.status();
  EXPECT_EQ(eval->region_exact.total, 5);
  EXPECT_EQ(eval->region_exact.right, 3);
  EXPECT_EQ(eval->region_county.total, 2);
  EXPECT_EQ(eval->region_county.right, 2);
  EXPECT_EQ(eval->region_outside.total, 2);
  EXPECT_EQ(eval->region_outside.right, 2);
  EXPECT_EQ(eval->region_false_outside, 0);
  EXPECT_EQ(eval->forms.at("education").right, 1);
  EXPECT_EQ(eval->forms.at("headcount").right, 2);
  EXPECT_EQ(eval->forms.at("salary").total, 2);
  EXPECT_EQ(eval->forms.at("salary").right, 1);
  EXPECT_EQ(eval->forms.count("experience"), 0u);
  EXPECT_EQ(eval->misses.size(), 3u);

  auto all = EvaluateCorpus(dir_.string(), "all", refdata::DefaultRegions());
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->region_exact.total, 6);
  EXPECT_EQ(all->forms.at("experience").right, 1);
  EXPECT_EQ(EvaluateCorpus(dir_.string(), "test", refdata::DefaultRegions()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EvaluateCorpus("/nonexistent", "dev", refdata::DefaultRegions()).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(FormLabelTest, WritesTheCorpusRepresentation) {
  EXPECT_EQ(FormLabel("experience", "应届生"), "0;graduate");
  EXPECT_EQ(FormLabel("salary", "8000以上"), "8000,0");
  EXPECT_EQ(FormLabel("salary", "面议"), "negotiable");
  EXPECT_EQ(FormLabel("headcount", "不限"), "unspecified");
  EXPECT_EQ(FormLabel("salary", "abc").rfind("refused: ", 0), 0u);
}

}  // namespace
}  // namespace jobmatch::import
