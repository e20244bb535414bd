// Whole postings files through ImportFile with the platform's real reference
// tables: every usable row becomes a post with exact values, every other row
// is reported with its line and reason.
#include "clients/import/import_file.h"

#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jobmatch::import {
namespace {

using ::jobmatch::v1::Benefit;
using ::jobmatch::v1::Education;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kTestdata = JOBMATCH_IMPORT_TESTDATA;

struct ExpectedPost {
  int line;
  std::string external_id;  // "" for a derived id
  std::string title;
  std::string employer;
  std::string occupation;  // "" for a guess that needs review (checked apart)
  std::string region;
  int min_cny;
  int max_cny;
  bool negotiable;
  Education education;
  int experience;
  int openings;
  std::vector<Benefit> benefits;
  bool graduate;
};

void ExpectPosts(const std::vector<ImportedPost>& posts, const std::vector<ExpectedPost>& want) {
  ASSERT_EQ(posts.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const ExpectedPost& w = want[i];
    const ImportedPost& got = posts[i];
    const jobmatch::v1::Post& p = got.post;
    SCOPED_TRACE("line " + std::to_string(w.line) + ": " + p.ShortDebugString());
    EXPECT_EQ(got.line, w.line);
    if (w.external_id.empty()) {
      EXPECT_THAT(p.external_id(), StartsWith("row-"));
      EXPECT_EQ(p.external_id().size(), 20u);
    } else {
      EXPECT_EQ(p.external_id(), w.external_id);
    }
    EXPECT_EQ(p.title(), w.title);
    EXPECT_EQ(got.employer_name, w.employer);
    EXPECT_TRUE(p.employer_id().empty());
    if (!w.occupation.empty()) {
      EXPECT_EQ(p.occupation_code(), w.occupation);
    }
    EXPECT_EQ(p.region_code(), w.region);
    EXPECT_EQ(p.salary().min_monthly_cny(), w.min_cny);
    EXPECT_EQ(p.salary().max_monthly_cny(), w.max_cny);
    EXPECT_EQ(p.salary().negotiable(), w.negotiable);
    EXPECT_EQ(p.requirements().min_education(), w.education);
    EXPECT_EQ(p.requirements().min_experience_years(), w.experience);
    EXPECT_EQ(p.openings(), w.openings);
    EXPECT_THAT(p.benefits(), ElementsAreArray(w.benefits));
    if (w.graduate) {
      EXPECT_THAT(p.target_groups(), ElementsAre(jobmatch::v1::KEY_GROUP_GRADUATE));
    } else {
      EXPECT_TRUE(p.target_groups().empty());
    }
  }
}

// (line, problem, field of the first issue, words in the first reason)
using ReportSummary = std::tuple<int, RowProblem, std::string, std::string>;

void ExpectReports(const std::vector<RowReport>& reports, const std::vector<ReportSummary>& want) {
  ASSERT_EQ(reports.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const auto& [line, problem, field, reason] = want[i];
    SCOPED_TRACE(reports[i].ToString());
    EXPECT_EQ(reports[i].line, line);
    EXPECT_EQ(reports[i].problem, problem);
    ASSERT_FALSE(reports[i].issues.empty());
    EXPECT_EQ(reports[i].issues[0].field, field);
    EXPECT_THAT(reports[i].issues[0].reason, HasSubstr(reason));
  }
}

constexpr auto kMeals = jobmatch::v1::BENEFIT_MEALS;
constexpr auto kLodging = jobmatch::v1::BENEFIT_LODGING;
constexpr auto kInsurance = jobmatch::v1::BENEFIT_SOCIAL_INSURANCE;
constexpr auto kFund = jobmatch::v1::BENEFIT_HOUSING_FUND;
constexpr auto kTransport = jobmatch::v1::BENEFIT_TRANSPORT;
constexpr auto kLeave = jobmatch::v1::BENEFIT_PAID_LEAVE;
constexpr auto kTraining = jobmatch::v1::BENEFIT_TRAINING;
constexpr auto kBonus = jobmatch::v1::BENEFIT_BONUS;

TEST(ImportFileTest, CsvKeepsGoodRowsAndReportsEveryOtherWithItsLine) {
  auto result = ImportFile(kTestdata + "/fair_messy.csv", {});
  ASSERT_TRUE(result.ok()) << result.status();
  ExpectPosts(result->posts,
              {
                  {2,
                   "ZZ-001",
                   "电焊工",
                   "株洲恒达机械制造有限公司",
                   "6-18-02-04",
                   "430211",
                   4500,
                   6000,
                   false,
                   jobmatch::v1::EDUCATION_SENIOR_HIGH,
                   1,
                   3,
                   {kMeals, kLodging, kInsurance, kFund},
                   false},
                  {3,
                   "ZZ-002",
                   "普工",
                   "醴陵华瓷陶瓷有限公司",
                   "6-25-04-07",
                   "430281",
                   6000,
                   10000,
                   false,
                   jobmatch::v1::EDUCATION_JUNIOR_HIGH,
                   0,
                   5,
                   {kLodging, kBonus},
                   false},
                  // 150 yuan a day x 21.75 = 3262.5, rounded half up.
                  {4,
                   "ZZ-003",
                   "家政服务员",
                   "株洲巾帼家政服务有限公司",
                   "4-10-01-06",
                   "430203",
                   3263,
                   3263,
                   false,
                   jobmatch::v1::EDUCATION_UNSPECIFIED,
                   0,
                   20,
                   {kTraining},
                   false},
                  {5,
                   "ZZ-004",
                   "会计",
                   "长沙岳麓财税咨询有限公司",
                   "2-06-03-00",
                   "430104",
                   5833,
                   11667,
                   false,
                   jobmatch::v1::EDUCATION_BACHELOR,
                   3,
                   2,
                   {kInsurance, kFund, kLeave},
                   false},
                  // A title no lexicon entry names is kept with its best guess, for review.
                  {7,
                   "ZZ-005",
                   "储备干部",
                   "株洲恒达机械制造有限公司",
                   "",
                   "430211",
                   5000,
                   8000,
                   false,
                   jobmatch::v1::EDUCATION_JUNIOR_COLLEGE,
                   0,
                   5,
                   {kInsurance, kFund},
                   true},
                  // 面谈 is negotiable, like 面议.
                  {8,
                   "ZZ-006",
                   "保安",
                   "株洲城发物业管理有限公司",
                   "4-07-05-01",
                   "430202",
                   0,
                   0,
                   true,
                   jobmatch::v1::EDUCATION_UNSPECIFIED,
                   0,
                   2,
                   {},
                   false},
                  {13,
                   "ZZ-009",
                   "服务员",
                   "攸县福满楼餐饮有限公司",
                   "4-03-02-05",
                   "430223",
                   3000,
                   4000,
                   false,
                   jobmatch::v1::EDUCATION_UNSPECIFIED,
                   0,
                   5,
                   {kMeals, kLodging},
                   true},
                  {16,
                   "ZZ-011",
                   "焊工",
                   "株洲中车配套有限公司",
                   "6-18-02-04",
                   "430211",
                   27083,
                   37917,
                   false,
                   jobmatch::v1::EDUCATION_JUNIOR_COLLEGE,
                   3,
                   3,
                   {kInsurance, kFund, kBonus},
                   false},
                  {17,
                   "ZZ-012",
                   "销售代表",
                   "湖南醴陵红官窑瓷业有限公司",
                   "4-01-02-01",
                   "430281",
                   8000,
                   0,
                   false,
                   jobmatch::v1::EDUCATION_SENIOR_HIGH,
                   2,
                   5,
                   {kTransport, kBonus},
                   false},
                  {20,
                   "",
                   "缝纫工",
                   "株洲芦淞服饰有限公司",
                   "6-05-01-03",
                   "430203",
                   4500,
                   6000,
                   false,
                   jobmatch::v1::EDUCATION_JUNIOR_HIGH,
                   0,
                   10,
                   {kMeals, kLodging, kInsurance},
                   false},
              });
  ExpectReports(result->reports,
                {
                    {9, RowProblem::kDuplicate, "", "same content as line 2"},
                    {10, RowProblem::kRepeatedHeader, "", "repeated header"},
                    {11, RowProblem::kInvalid, "region_code", "unknown region"},
                    {12, RowProblem::kMalformed, "", "quoted field never closed"},
                    {14, RowProblem::kDuplicateExternalId, "external_id", "line 2 has this id"},
                    {15, RowProblem::kMalformed, "", "12 fields but the header has 10"},
                    {18, RowProblem::kInvalid, "title", "missing"},
                    {19, RowProblem::kInvalid, "region_code", "names a city"},
                });
  EXPECT_THAT(result->ignored_columns, ElementsAre("备注"));
  EXPECT_EQ(result->rows_read, 18);
  EXPECT_EQ(result->reports[2].ToString(),
            "line 11: invalid [ZZ-007]: region_code \"外星球\": unknown region");
  const jobmatch::v1::OccupationCoding& known = result->posts[0].post.occupation_coding();
  EXPECT_EQ(known.method(), "lexicon");
  EXPECT_FALSE(known.needs_review());
  EXPECT_GE(known.confidence(), 0.9f);
  const jobmatch::v1::OccupationCoding& guess = result->posts[4].post.occupation_coding();
  EXPECT_TRUE(guess.needs_review());
  EXPECT_LT(guess.confidence(), 0.6f);
  EXPECT_FALSE(result->posts[4].post.occupation_code().empty());
}

TEST(ImportFileTest, AGivenCodeStaysAsGivenAndOnlyAMissingTitleIsRefused) {
  auto result = ImportText(
      "岗位名称,公司,薪资,工作地点,职业代码\n"
      "操作员,某公司,3000,攸县,6-18-02-04\n"
      "★★★,某公司,3000,攸县,\n"
      ",某公司,3000,攸县,\n",
      FileFormat::kCsv, {});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->posts.size(), 2u);
  const jobmatch::v1::Post& given = result->posts[0].post;
  EXPECT_EQ(given.occupation_code(), "6-18-02-04");
  EXPECT_EQ(given.occupation_coding().method(), "given");
  EXPECT_EQ(given.occupation_coding().confidence(), 1.0f);
  EXPECT_FALSE(given.occupation_coding().needs_review());
  // Only decoration: kept as unclassifiable (major group 8) for review.
  const jobmatch::v1::Post& unknown = result->posts[1].post;
  EXPECT_EQ(unknown.occupation_code(), "8");
  EXPECT_EQ(unknown.occupation_coding().method(), "major_group");
  EXPECT_TRUE(unknown.occupation_coding().needs_review());
  ExpectReports(result->reports, {{4, RowProblem::kInvalid, "title", "missing"}});
}

TEST(ImportFileTest, JsonlKeepsGoodRowsAndReportsEveryOtherWithItsLine) {
  auto result = ImportFile(kTestdata + "/fair_messy.jsonl", {});
  ASSERT_TRUE(result.ok()) << result.status();
  ExpectPosts(result->posts, {
                                 {1,
                                  "CZT-1",
                                  "焊工",
                                  "株洲恒达机械制造有限公司",
                                  "6-18-02-04",
                                  "430211",
                                  5000,
                                  7000,
                                  false,
                                  jobmatch::v1::EDUCATION_SENIOR_HIGH,
                                  2,
                                  4,
                                  {kLodging, kInsurance, kFund},
                                  false},
                                 {2,
                                  "CZT-2",
                                  "普工",
                                  "醴陵华瓷陶瓷有限公司",
                                  "6-25-04-07",
                                  "430281",
                                  4500,
                                  6000,
                                  false,
                                  jobmatch::v1::EDUCATION_UNSPECIFIED,
                                  0,
                                  5,
                                  {},
                                  false},
                                 {5,
                                  "CZT-4",
                                  "会计",
                                  "长沙岳麓财税咨询有限公司",
                                  "2-06-03-00",
                                  "430104",
                                  0,
                                  0,
                                  true,
                                  jobmatch::v1::EDUCATION_BACHELOR,
                                  3,
                                  1,
                                  {},
                                  false},
                                 {9,
                                  "CZT-6",
                                  "司机",
                                  "株洲湘运物流有限公司",
                                  "4-02-02-01",
                                  "430223",
                                  5833,
                                  11667,
                                  false,
                                  jobmatch::v1::EDUCATION_JUNIOR_HIGH,
                                  10,
                                  2,
                                  {},
                                  false},
                             });
  EXPECT_EQ(result->posts[3].post.requirements().min_age(), 25);
  EXPECT_EQ(result->posts[3].post.requirements().max_age(), 50);
  EXPECT_EQ(result->posts[2].post.salary().original_text(), "面议");
  ExpectReports(result->reports,
                {
                    {3, RowProblem::kMalformed, "", "malformed JSON"},
                    {4, RowProblem::kDuplicate, "", "same content as line 1"},
                    {6, RowProblem::kRepeatedHeader, "", "repeated header"},
                    {7, RowProblem::kInvalid, "requirements.min_education", "unknown level"},
                    {10, RowProblem::kMalformed, "", "nested objects"},
                });
  // Every bad value of a row is reported, not just the first.
  ASSERT_EQ(result->reports[3].issues.size(), 2u);
  EXPECT_EQ(result->reports[3].issues[1].field, "openings");
  EXPECT_THAT(result->ignored_columns, ElementsAre("source_url"));
  EXPECT_EQ(result->rows_read, 9);
}

TEST(ImportFileTest, DerivedIdsAreStableAcrossRuns) {
  auto first = ImportFile(kTestdata + "/fair_messy.csv", {});
  auto second = ImportFile(kTestdata + "/fair_messy.csv", {});
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->posts.size(), second->posts.size());
  EXPECT_EQ(first->posts.back().post.external_id(), second->posts.back().post.external_id());
}

TEST(ImportFileTest, EnglishHeadersAndDefaultRegion) {
  ImportOptions options;
  options.normalise.default_region = "醴陵";
  options.normalise.unspecified_openings = 8;
  auto result =
      ImportText("Title,Employer,Salary,Headcount\n陶瓷烧成工,醴陵华瓷陶瓷有限公司,5k-8k,不限\n",
                 FileFormat::kCsv, options);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->posts.size(), 1u);
  EXPECT_EQ(result->posts[0].post.region_code(), "430281");
  EXPECT_EQ(result->posts[0].post.openings(), 8);
  EXPECT_EQ(result->posts[0].post.salary().min_monthly_cny(), 5000);
}

TEST(ImportFileTest, ThirteenthMonthAndYearEndBonusGiveOneBonus) {
  auto result =
      ImportText("岗位名称,公司,薪资,工作地点,福利\n焊工,某公司,25-35K·13薪,攸县,\"年终奖,包住\"\n",
                 FileFormat::kCsv, {});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->posts.size(), 1u);
  EXPECT_THAT(result->posts[0].post.benefits(), ElementsAre(kLodging, kBonus));
}

TEST(ImportFileTest, OverlongTextIsReportedWithAWholeCharacterPrefix) {
  std::string long_salary = "3000";
  for (int i = 0; i < 50; ++i) long_salary += "元元";
  auto result = ImportText("岗位名称,公司,薪资,工作地点\n焊工,某公司," + long_salary + ",攸县\n",
                           FileFormat::kCsv, {});
  ASSERT_TRUE(result.ok()) << result.status();
  ExpectReports(result->reports, {{2, RowProblem::kInvalid, "salary", "longer than 100"}});
  std::string first_30 = "3000";  // 4 digits and 26 whole 元
  for (int i = 0; i < 26; ++i) first_30 += "元";
  EXPECT_EQ(result->reports[0].issues[0].value, first_30);
}

TEST(ImportFileTest, GivenOccupationCodeIsChecked) {
  auto result = ImportText(
      "title,employer,salary,region,occupation_code\n"
      "焊工,某公司,5000,攸县,6-18-02-04\n"
      "焊工,某公司,6000,攸县,6-18-02\n",
      FileFormat::kCsv, {});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->posts.size(), 1u);
  EXPECT_EQ(result->posts[0].post.occupation_code(), "6-18-02-04");
  ExpectReports(result->reports,
                {{3, RowProblem::kInvalid, "occupation_code", "not a detailed code"}});
}

TEST(ImportFileTest, GbkRowsAreReportedAndGbkHeaderFailsTheFile) {
  const std::string gbk_hanzi = "\xBA\xB8\xB9\xA4";  // 焊工 in GBK
  auto rows = ImportText("title,employer,salary,region\n" + gbk_hanzi + ",x,5000,攸县\n",
                         FileFormat::kCsv, {});
  ASSERT_TRUE(rows.ok()) << rows.status();
  ExpectReports(rows->reports, {{2, RowProblem::kMalformed, "", "not UTF-8"}});

  auto header = ImportText(gbk_hanzi + ",salary\nx,5000\n", FileFormat::kCsv, {});
  EXPECT_EQ(header.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(header.status().message()), HasSubstr("iconv"));
}

TEST(ImportFileTest, FileLevelFailures) {
  EXPECT_EQ(ImportFile(kTestdata + "/no_such_file.csv", {}).status().code(),
            absl::StatusCode::kNotFound);
  auto no_title = ImportText("salary,region\n5000,攸县\n", FileFormat::kCsv, {});
  EXPECT_EQ(no_title.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ImportText("", FileFormat::kCsv, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  // A header and nothing else is an export gone wrong, not an empty success.
  auto header_only = ImportText("岗位名称,公司,薪资\n\n", FileFormat::kCsv, {});
  EXPECT_EQ(header_only.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(header_only.status().message(), HasSubstr("a header but no rows"));
  EXPECT_EQ(ImportText("\n\n", FileFormat::kJsonl, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Rows as public job boards export them: places all over the country, city
// and district joined, salary and headcount in free words.
TEST(ImportFileTest, BoardRowsOutsideTheAreaAreRefusedWithWhereTheyAre) {
  const std::string long_description(6000, 'x');
  const std::string csv = absl::StrCat(
      "职位名称,公司名称,统一社会信用代码,薪资,学历,经验,招聘人数,工作地点,职位描述,联系人\n"
      "会计,南京某财税有限公司,,6000,本科,3年,1,南京·建邺区,,王\n"
      "普工,上海某制造有限公司,,5000-7000,不限,不限,2,上海市-松江区,,李\n"
      "普工,广州某电子厂,,5000-7000,不限,不限,2,广州-白云区,,张\n"
      "会计,南京某会计事务所,,6000,本科,3年,1,南京·雨花台区,,赵\n"
      "会计,长沙某财税有限公司,91430104ma4l00003,4000-6000元/月 包吃住,初中及以下,4天/周3个月,"
      "20人人,长沙·岳麓区,",
      long_description, ",\n",
      "普工,株洲某机械有限公司,,底薪3000+提成,学历不限,实习,数名,株洲·天元区,,\n");
  auto result = ImportText(csv, FileFormat::kCsv, {});
  ASSERT_TRUE(result.ok()) << result.status();
  ExpectReports(result->reports, {
                                     {2, RowProblem::kInvalid, "region_code",
                                      "outside the platform's area: 江苏省南京市建邺区"},
                                     {3, RowProblem::kInvalid, "region_code",
                                      "outside the platform's area: 上海市松江区"},
                                     {4, RowProblem::kInvalid, "region_code",
                                      "outside the platform's area: 广东省广州市白云区"},
                                     {5, RowProblem::kInvalid, "region_code",
                                      "outside the platform's area: 江苏省南京市雨花台区"},
                                 });
  EXPECT_EQ(result->reports[0].Reason(), "region_code: outside the platform's area");
  EXPECT_THAT(result->ignored_columns, ElementsAre("联系人"));
  ExpectPosts(result->posts, {
                                 {6,
                                  "",
                                  "会计",
                                  "长沙某财税有限公司",
                                  "2-06-03-00",
                                  "430104",
                                  4000,
                                  6000,
                                  false,
                                  jobmatch::v1::EDUCATION_UNSPECIFIED,
                                  0,
                                  20,
                                  {kMeals, kLodging},
                                  false},
                                 {7,
                                  "",
                                  "普工",
                                  "株洲某机械有限公司",
                                  "6-25-04-07",
                                  "430211",
                                  3000,
                                  0,
                                  false,
                                  jobmatch::v1::EDUCATION_UNSPECIFIED,
                                  0,
                                  5,
                                  {},
                                  false},
                             });
  const ImportedPost& first = result->posts[0];
  EXPECT_EQ(first.employer_credit_code, "91430104MA4L00003");
  // The long description is kept, cut at 5,000 characters, and said so.
  EXPECT_EQ(first.post.description(), long_description.substr(0, 5000));
  ASSERT_EQ(first.warnings.size(), 1u);
  EXPECT_EQ(first.warnings[0].field, "description");
  EXPECT_THAT(first.warnings[0].reason, HasSubstr("cut at 5000"));
  EXPECT_TRUE(result->posts[1].warnings.empty());
}

TEST(ImportFileTest, DescriptionIsCutOnACharacterBoundary) {
  std::string description;
  for (int i = 0; i < 5001; ++i) description += "岗";
  auto result = ImportText(
      absl::StrCat("岗位名称,公司,工作地点,职位描述\n会计,某公司,攸县,", description, "\n"),
      FileFormat::kCsv, {});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->posts.size(), 1u);
  EXPECT_EQ(result->posts[0].post.description(), description.substr(0, 5000 * 3));
}

// Keyed by content, the same rows under other ids (a re-export, a renamed
// copy) are the same posts; keyed by the file's ids, they are not.
TEST(ImportFileTest, KeyByContentIgnoresTheFilesIds) {
  const std::string a = "编号,岗位名称,公司,工作地点\nA-1,会计,某公司,攸县\nA-2,普工,某公司,醴陵\n";
  const std::string b = "岗位名称,编号,工作地点,公司\n普工,B-9,醴陵,某公司\n会计,B-8,攸县,某公司\n";
  ImportOptions by_content;
  by_content.normalise.key_by_content = true;
  auto first = ImportText(a, FileFormat::kCsv, by_content);
  auto second = ImportText(b, FileFormat::kCsv, by_content);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->posts.size(), 2u);
  ASSERT_EQ(second->posts.size(), 2u);
  EXPECT_EQ(first->posts[0].post.external_id(), second->posts[1].post.external_id());
  EXPECT_EQ(first->posts[1].post.external_id(), second->posts[0].post.external_id());
  EXPECT_NE(first->posts[0].post.external_id(), first->posts[1].post.external_id());
  // Within one file, two rows differing only in their ids are one post.
  auto twice = ImportText("编号,岗位名称,公司,工作地点\n1,会计,某公司,攸县\n2,会计,某公司,攸县\n",
                          FileFormat::kCsv, by_content);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->posts.size(), 1u);
  ASSERT_EQ(twice->reports.size(), 1u);
  EXPECT_EQ(twice->reports[0].problem, RowProblem::kDuplicate);

  auto by_id = ImportText(a, FileFormat::kCsv, {});
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->posts[0].post.external_id(), "A-1");
}

TEST(ImportFileTest, EmployerMayBeLeftToTheCaller) {
  const std::string csv = "岗位名称,工作地点\n会计,攸县\n";
  auto strict = ImportText(csv, FileFormat::kCsv, {});
  ASSERT_TRUE(strict.ok());
  EXPECT_TRUE(strict->posts.empty());
  ImportOptions options;
  options.normalise.employer_optional = true;
  auto lenient = ImportText(csv, FileFormat::kCsv, options);
  ASSERT_TRUE(lenient.ok());
  ASSERT_EQ(lenient->posts.size(), 1u);
  EXPECT_EQ(lenient->posts[0].employer_name, "");
}

}  // namespace
}  // namespace jobmatch::import
