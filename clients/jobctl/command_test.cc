// jobctl commands run whole (RunJobctl: parsing, the calls, the printing and
// the exit code) against in-process postings and profiles servers on the
// real MariaDB.
#include <google/protobuf/util/json_util.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/import/import_file.h"
#include "clients/jobctl/cli.h"
#include "clients/jobctl/format.h"
#include "clients/jobctl/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/consistency_token.h"
#include "services/postings/credit_code.h"
#include "services/postings/testing/service_fixture.h"
#include "services/profiles/testing/service_fixture.h"

namespace jobmatch::jobctl {
namespace {

namespace v1 = ::jobmatch::v1;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

struct Ran {
  int code;
  std::string out;
  std::string err;
};

// JSON lines of `out` as messages of type T.
template <typename T>
std::vector<T> Parsed(const std::string& out) {
  std::vector<T> messages;
  for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
    T m;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line), &m).ok()) << line;
    messages.push_back(std::move(m));
  }
  return messages;
}

std::string CreditCode(const std::string& first17) {
  return first17 + postings::CreditCodeCheckChar(first17);
}

class JobctlCommandTest : public profiles::testing::ProfilesServiceTest {
 protected:
  Ran Run(std::vector<std::string> argv, bool progress = false) {
    argv.insert(argv.begin(), {"--postings", postings_.target(), "--profiles", host_->target()});
    std::ostringstream out, err;
    const int code = RunJobctl(argv, Output{&out, &err, progress});
    return {code, out.str(), err.str()};
  }

  // Registers an employer through jobctl; returns its id.
  std::string Employer(const std::string& name, const std::string& first17,
                       const std::string& region) {
    const Ran ran = Run({"--json", "employers", "create", "--name", name, "--credit_code",
                         CreditCode(first17), "--region", region});
    EXPECT_EQ(ran.code, 0) << ran.err;
    auto employers = Parsed<v1::Employer>(ran.out);
    EXPECT_EQ(employers.size(), 1u);
    return employers.empty() ? "" : employers[0].employer_id();
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path =
        (std::filesystem::temp_directory_path() / absl::StrCat("jobctl-test-", getpid(), "-", name))
            .string();
    std::ofstream(path) << text;
    files_.push_back(path);
    return path;
  }

  ~JobctlCommandTest() override {
    for (const auto& f : files_) std::filesystem::remove(f);
  }

  postings::testing::PostingsServer postings_;
  std::vector<std::string> files_;
};

TEST_F(JobctlCommandTest, PostLifecycle) {
  const std::string employer = Employer("株洲恒达机械制造有限公司", "91430211MA4L00001", "430211");
  Ran created = Run({"--json", "posts", "create", "--employer", employer, "--title", "电焊工",
                     "--occupation", "6-18-02-04", "--region", "430211", "--openings", "3",
                     "--salary_min", "4500", "--salary_max", "6000"});
  ASSERT_EQ(created.code, 0) << created.err;
  auto posts = Parsed<v1::Post>(created.out);
  ASSERT_EQ(posts.size(), 1u);
  const std::string id = posts[0].post_id();
  EXPECT_EQ(posts[0].salary().min_monthly_cny(), 4500);

  // The table, exactly.
  const Ran got = Run({"posts", "get", id});
  ASSERT_EQ(got.code, 0) << got.err;
  Table expected({"POST", "TITLE", "EMPLOYER", "REGION", "OPENINGS", "SALARY", "STATE"});
  expected.AddRow({id, "电焊工", employer, "430211", "3/3", "4500-6000",
                   posts[0].state() == v1::POST_STATE_OPEN ? "OPEN" : "DRAFT"});
  EXPECT_EQ(got.out, expected.Render());
  EXPECT_THAT(got.out, HasSubstr("电焊工  " + employer));

  const Ran closed = Run({"posts", "close", id, "--reason", "招满了"});
  ASSERT_EQ(closed.code, 0) << closed.err;
  EXPECT_THAT(closed.out, HasSubstr("CLOSED"));
  const Ran listed = Run({"--json", "posts", "list", "--employer", employer, "--state", "closed"});
  ASSERT_EQ(listed.code, 0) << listed.err;
  auto closed_posts = Parsed<v1::Post>(listed.out);
  ASSERT_EQ(closed_posts.size(), 1u);
  EXPECT_EQ(closed_posts[0].post_id(), id);
  EXPECT_EQ(postings_.Count("posts"), 1);
}

TEST_F(JobctlCommandTest, ConsistencyOutWritesTheChangesToken) {
  const std::string employer = Employer("株洲恒达机械制造有限公司", "91430211MA4L00001", "430211");
  const std::string token_file = WriteFile("token", "");
  const Ran created =
      Run({"--json", "posts", "create", "--employer", employer, "--title", "电焊工", "--occupation",
           "6-18-02-04", "--region", "430211", "--consistency_out", token_file});
  ASSERT_EQ(created.code, 0) << created.err;
  std::ifstream in(token_file);
  std::string token;
  std::getline(in, token);
  absl::StatusOr<ConsistencyToken> parsed = ParseConsistencyToken(token);
  ASSERT_TRUE(parsed.ok()) << "\"" << token << "\"";
  EXPECT_EQ(parsed->kind, ConsistencyToken::Kind::kOutbox);
  EXPECT_EQ(parsed->schema, postings_.db().config().schema);
  EXPECT_GT(parsed->position, 0);
  // A file that cannot be read for --after is a usage error, found before any call.
  const Ran after = Run({"recommend", "posts", "--profile", "p", "--after", "@/no/such/file"});
  EXPECT_EQ(after.code, kExitUsage) << after.err;
}

TEST_F(JobctlCommandTest, ErrorsExitByClassWithFieldViolations) {
  const Ran missing = Run({"posts", "get", "no-such-post"});
  EXPECT_EQ(missing.code, kExitNotFound) << missing.err;
  EXPECT_THAT(missing.err, HasSubstr("jobctl: NOT_FOUND"));

  const Ran bad = Run({"posts", "create", "--employer", "e", "--title", "焊工", "--occupation",
                       "welder", "--region", "430211"});
  EXPECT_EQ(bad.code, kExitInvalid);
  EXPECT_THAT(bad.err, HasSubstr("jobctl: INVALID_ARGUMENT"));
  EXPECT_THAT(bad.err, HasSubstr("  post.occupation_code: "));
  EXPECT_EQ(postings_.Count("posts"), 0);
}

TEST_F(JobctlCommandTest, ImportReportsEveryUnusedRowAndIsIdempotent) {
  const std::string file =
      std::string(JOBMATCH_SOURCE_DIR) + "/clients/import/testdata/fair_messy.csv";
  Employer("株洲恒达机械制造有限公司", "91430211MA4L00001", "430211");
  Employer("株洲巾帼家政服务有限公司", "91430203MA4L00002", "430203");
  // What the file holds, read the way jobctl reads it.
  auto read = import::ImportFile(file, {});
  ASSERT_TRUE(read.ok()) << read.status();
  int registered = 0;
  for (const auto& p : read->posts) {
    registered += p.employer_name == "株洲恒达机械制造有限公司" ||
                  p.employer_name == "株洲巾帼家政服务有限公司";
  }
  const int held = static_cast<int>(read->posts.size()) - registered;
  const int not_used = static_cast<int>(read->reports.size()) + held;
  ASSERT_GT(registered, 0);
  ASSERT_GT(held, 0);
  ASSERT_GT(static_cast<int>(read->reports.size()), 0);

  // A dry run asks the service about employers, read-only: it holds what the
  // real import will hold and says the same numbers.
  const Ran dry = Run({"import", "postings", file, "--dry_run", "--source", "czt-fair"});
  EXPECT_EQ(dry.code, kExitPartial) << dry.err;
  EXPECT_THAT(dry.out,
              HasSubstr(absl::StrCat("read ", read->rows_read, " rows: ", registered,
                                     " usable (dry run: nothing sent), ", not_used, " not used")));
  EXPECT_THAT(dry.err,
              HasSubstr("employer_name \"醴陵华瓷陶瓷有限公司\": not a registered employer (held"));
  EXPECT_EQ(postings_.Count("posts"), 0);
  EXPECT_EQ(postings_.Count("employers"), 2);

  const Ran first = Run({"import", "postings", file, "--source", "czt-fair"});
  EXPECT_EQ(first.code, kExitPartial) << first.err;
  EXPECT_THAT(first.out, HasSubstr(absl::StrCat("read ", read->rows_read, " rows: ", registered,
                                                " sent, ", not_used, " not used")));
  for (const auto& r : read->reports) EXPECT_THAT(first.err, HasSubstr(r.ToString()));
  EXPECT_THAT(first.err,
              HasSubstr("employer_name \"醴陵华瓷陶瓷有限公司\": not a registered employer"));
  EXPECT_THAT(first.err, HasSubstr("columns not used: 备注"));
  // The closing summary: rows not used, by reason.
  EXPECT_THAT(first.out, HasSubstr("NOT USED"));
  EXPECT_THAT(first.out, ContainsRegex(absl::StrCat("employer_name: not a registered employer +",
                                                    held, "\n")));
  EXPECT_THAT(first.out, ContainsRegex("region_code: unknown region +1\n"));
  EXPECT_THAT(first.out, ContainsRegex("\nduplicate +1\n"));
  EXPECT_EQ(postings_.Count("posts"), registered);

  EXPECT_THAT(first.err, Not(HasSubstr("importing [")));  // no terminal, no bar

  const Ran again =
      Run({"--json", "import", "postings", file, "--source", "czt-fair"}, /*progress=*/true);
  EXPECT_THAT(again.err, HasSubstr(absl::StrCat("\rimporting [", std::string(30, '#'), "] ",
                                                registered, "/", registered, "\n")));
  EXPECT_EQ(again.code, kExitPartial);
  auto response = Parsed<v1::ImportPostingsResponse>(again.out);
  ASSERT_EQ(response.size(), 1u);
  EXPECT_EQ(response[0].created(), 0);
  EXPECT_EQ(response[0].unchanged(), registered);
  EXPECT_EQ(postings_.Count("posts"), registered);
}

// Without --source rows are keyed by content: the same rows in a renamed,
// reordered copy of the file (other ids, other column order) are the same posts.
TEST_F(JobctlCommandTest, ImportFindsTheSameRowsInAnotherFileByContent) {
  Employer("株洲恒达机械制造有限公司", "91430211MA4L00001", "430211");
  const std::string a = WriteFile("fair-day1.csv",
                                  "编号,岗位名称,公司,薪资,工作地点\n"
                                  "1,电焊工,株洲恒达机械制造有限公司,4500-6000元/月,株洲·天元区\n"
                                  "2,保安,株洲恒达机械制造有限公司,3000,株洲·天元区\n");
  const std::string b =
      WriteFile("fair-day1 (copy).csv",
                "公司,岗位名称,工作地点,薪资,编号\n"
                "株洲恒达机械制造有限公司,保安,株洲·天元区,3000,77\n"
                "株洲恒达机械制造有限公司,电焊工,株洲·天元区,4500-6000元/月,78\n");
  const Ran first = Run({"--json", "import", "postings", a});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_EQ(Parsed<v1::ImportPostingsResponse>(first.out)[0].created(), 2);
  const Ran second = Run({"--json", "import", "postings", b});
  ASSERT_EQ(second.code, 0) << second.err;
  auto response = Parsed<v1::ImportPostingsResponse>(second.out);
  EXPECT_EQ(response[0].created(), 0);
  EXPECT_EQ(response[0].unchanged(), 2);
  EXPECT_EQ(postings_.Count("posts"), 2);
}

TEST_F(JobctlCommandTest, ImportRegistersOrHoldsUnknownEmployers) {
  const std::string good = CreditCode("91430281MA4L00009");
  std::string bad = CreditCode("91430281MA4L00008");
  bad.back() = bad.back() == '0' ? '1' : '0';
  const std::string file =
      WriteFile("employers.csv", absl::StrCat("岗位名称,公司,统一社会信用代码,工作地点\n"
                                              "保安,醴陵华瓷陶瓷有限公司,",
                                              good,
                                              ",醴陵\n"
                                              "电焊工,醴陵华瓷陶瓷有限公司,",
                                              good,
                                              ",醴陵\n"
                                              "保安,攸县无码公司,,攸县\n"
                                              "保安,攸县错码公司,",
                                              bad, ",攸县\n"));
  // Held by default: reported, nothing sent or registered.
  const Ran held = Run({"import", "postings", file});
  EXPECT_EQ(held.code, kExitPartial);
  EXPECT_THAT(held.out, HasSubstr("read 4 rows: 0 sent, 4 not used"));
  EXPECT_THAT(held.err, HasSubstr("line 2: held: employer_name \"醴陵华瓷陶瓷有限公司\""));
  EXPECT_EQ(postings_.Count("employers"), 0);
  EXPECT_EQ(postings_.Count("posts"), 0);

  // A dry run of register says what it would do and does nothing.
  const Ran dry = Run({"import", "postings", file, "--unknown_employers=register", "--dry_run"});
  EXPECT_EQ(dry.code, kExitPartial);
  EXPECT_THAT(dry.out, HasSubstr("read 4 rows: 2 usable (dry run: nothing sent), 2 not used; "
                                 "1 employers to register"));
  EXPECT_THAT(dry.err, HasSubstr("fails the GB 32100 check"));
  EXPECT_EQ(postings_.Count("employers"), 0);

  // Registered from the file: once, with its credit code; the others held.
  const Ran reg = Run({"import", "postings", file, "--unknown_employers=register"});
  EXPECT_EQ(reg.code, kExitPartial) << reg.err;
  EXPECT_THAT(reg.out, HasSubstr("read 4 rows: 2 sent, 2 not used; 1 employers registered"));
  EXPECT_THAT(reg.err,
              HasSubstr("line 4: held: employer_name \"攸县无码公司\": not a registered employer, "
                        "and the file gives no credit code"));
  EXPECT_THAT(reg.err,
              HasSubstr(absl::StrCat("line 5: held: employer_name \"攸县错码公司\": cannot be "
                                     "registered: credit code ",
                                     bad)));
  EXPECT_THAT(reg.out, ContainsRegex("employer_name: credit code fails the GB 32100 check +1\n"));
  EXPECT_THAT(reg.out, ContainsRegex("employer_name: not registered, no credit code +1\n"));
  EXPECT_EQ(postings_.Count("employers"), 1);
  EXPECT_EQ(postings_.Count("posts"), 2);
  // Run again: the employer is known now (by its credit code), nothing new.
  const Ran again = Run({"--json", "import", "postings", file, "--unknown_employers=register"});
  EXPECT_EQ(Parsed<v1::ImportPostingsResponse>(again.out)[0].unchanged(), 2);
  EXPECT_EQ(postings_.Count("employers"), 1);

  const Ran wrong = Run({"import", "postings", file, "--unknown_employers=maybe"});
  EXPECT_EQ(wrong.code, kExitUsage);
}

TEST_F(JobctlCommandTest, ImportOfAHeaderOnlyFileFails) {
  const std::string file = WriteFile("header.csv", "岗位名称,公司,薪资,工作地点\n");
  const Ran ran = Run({"import", "postings", file, "--dry_run"});
  EXPECT_EQ(ran.code, kExitInvalid);
  EXPECT_THAT(ran.err, HasSubstr("a header but no rows"));
}

TEST_F(JobctlCommandTest, ModerationListApproveAndReject) {
  const std::string employer = Employer("株洲巾帼家政服务有限公司", "91430203MA4L00002", "430203");
  std::vector<std::string> ids;
  for (const char* title : {"家政服务员", "育婴员 限女 押金200元"}) {
    const Ran created =
        Run({"--json", "--role", "employer", "--subject", employer, "posts", "create", "--employer",
             employer, "--title", title, "--occupation", "4-10-01-06", "--region", "430203"});
    ASSERT_EQ(created.code, 0) << created.err;
    const v1::Post post = Parsed<v1::Post>(created.out).at(0);
    EXPECT_EQ(post.state(), v1::POST_STATE_PENDING_REVIEW);
    ids.push_back(post.post_id());
  }
  const Ran listed = Run({"moderation", "list"});
  ASSERT_EQ(listed.code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("FEE 押金"));
  auto flagged = Parsed<v1::Post>(Run({"--json", "moderation", "list", "--rule", "sex"}).out);
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].post_id(), ids[1]);
  EXPECT_EQ(Run({"moderation", "list", "--rule", "nonsense"}).code, kExitUsage);

  EXPECT_EQ(Run({"moderation", "reject", ids[1]}).code, kExitUsage);  // --reason is required
  const Ran rejected = Run(
      {"--json", "--subject", "staff-3", "moderation", "reject", ids[1], "--reason", "收取押金"});
  ASSERT_EQ(rejected.code, 0) << rejected.err;
  EXPECT_EQ(Parsed<v1::Post>(rejected.out).at(0).moderation().reason(), "收取押金");
  const std::string token_file = WriteFile("approve-token", "");
  const Ran approved = Run({"moderation", "approve", ids[0], "--expected_version", "1",
                            "--consistency_out", token_file});
  ASSERT_EQ(approved.code, 0) << approved.err;
  EXPECT_THAT(approved.out, HasSubstr("APPROVED"));
  // The approval's token, for a matcher read's --after.
  std::ifstream in(token_file);
  std::string token;
  std::getline(in, token);
  absl::StatusOr<ConsistencyToken> parsed = ParseConsistencyToken(token);
  ASSERT_TRUE(parsed.ok()) << "\"" << token << "\"";
  EXPECT_EQ(parsed->schema, postings_.db().config().schema);
  EXPECT_EQ(Run({"moderation", "approve", ids[0], "--expected_version", "1"}).code, kExitConflict);
  EXPECT_TRUE(Parsed<v1::Post>(Run({"--json", "moderation", "list"}).out).empty());
}

TEST_F(JobctlCommandTest, ReviewQueueListConfirmAndLearned) {
  const std::string employer = Employer("株洲巾帼家政服务有限公司", "91430203MA4L00002", "430203");
  std::vector<std::string> ids;
  for (const char* title : {"月嫂", "保姆", "月嫂"}) {
    const Ran created = Run({"--json", "posts", "create", "--employer", employer, "--title", title,
                             "--occupation", "4", "--region", "430203", "--needs_review"});
    ASSERT_EQ(created.code, 0) << created.err;
    ids.push_back(Parsed<v1::Post>(created.out).at(0).post_id());
  }

  const Ran listed = Run({"review", "list"});
  ASSERT_EQ(listed.code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("GUESS"));
  const Ran json = Run({"--json", "review", "list", "--page_size", "2", "--all"});
  ASSERT_EQ(json.code, 0) << json.err;
  auto queued = Parsed<v1::Post>(json.out);
  ASSERT_EQ(queued.size(), 3u);
  EXPECT_EQ(queued[0].post_id(), ids[0]);  // oldest first
  EXPECT_TRUE(queued[0].occupation_coding().needs_review());
  EXPECT_EQ(Parsed<v1::Post>(Run({"--json", "review", "list", "--region", "430211"}).out).size(),
            0u);
  // Without --all a page ends with the token of the next, which reads on from there.
  const Ran first = Run({"review", "list", "--page_size", "2"});
  ASSERT_EQ(first.code, 0) << first.err;
  const size_t at = first.err.find("more: --page_token=");
  ASSERT_NE(at, std::string::npos) << first.err;
  std::string token = first.err.substr(at + std::strlen("more: --page_token="));
  token = token.substr(0, token.find('\n'));
  const auto rest = Parsed<v1::Post>(
      Run({"--json", "review", "list", "--page_size", "2", "--page_token", token}).out);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].post_id(), ids[2]);

  // Bad input and a stale version change nothing.
  const Ran coarse = Run({"review", "confirm", ids[0], "4-10"});
  EXPECT_EQ(coarse.code, kExitInvalid);
  EXPECT_THAT(coarse.err, HasSubstr("  occupation_code: "));
  EXPECT_EQ(Run({"review", "confirm", ids[0], "4-10-01-06", "--expected_version", "7"}).code,
            kExitConflict);
  EXPECT_EQ(Run({"review", "confirm", ids[0], "4-10-01-06", "--expected_version", "x"}).code,
            kExitUsage);
  EXPECT_EQ(Run({"review", "confirm", ids[0]}).code, kExitUsage);
  EXPECT_EQ(Run({"review", "confirm", "no-such-post", "4-10-01-06"}).code, kExitNotFound);

  const Ran confirmed = Run({"--subject", "staff-3", "review", "confirm", ids[0], "4-10-01-06",
                             "--expected_version", "1"});
  ASSERT_EQ(confirmed.code, 0) << confirmed.err;
  Table expected({"POST", "TITLE", "CODE", "METHOD", "REVIEWED BY", "VERSION", "ALSO RESOLVED"});
  expected.AddRow({ids[0], "月嫂", "4-10-01-06", "staff", "staff-3", "2", "1"});
  EXPECT_EQ(confirmed.out, expected.Render());

  auto left = Parsed<v1::Post>(Run({"--json", "review", "list"}).out);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].post_id(), ids[1]);
  auto learned = Parsed<v1::LearnedTitle>(Run({"--json", "review", "learned"}).out);
  ASSERT_EQ(learned.size(), 1u);
  EXPECT_EQ(learned[0].normalised_title(), "月嫂");
  EXPECT_EQ(learned[0].taught_by(), "staff-3");
  EXPECT_THAT(Run({"review", "learned"}).out, HasSubstr("4-10-01-06"));
}

TEST_F(JobctlCommandTest, ProfilesFromFlagsAndFile) {
  const std::string id_number = profiles::testing::MakeId("430281", 1980, 5, 6, 102);
  const Ran one = Run({"profiles", "create", "--name", "李秀英", "--id_number", id_number,
                       "--phone", "13812345678", "--residence", "430281001001", "--hukou", "430281",
                       "--education", "junior_high", "--wants", "4-10-01-06"});
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_THAT(one.out, HasSubstr("李秀英"));
  EXPECT_THAT(one.out, Not(HasSubstr(id_number)));          // masked
  EXPECT_THAT(one.out, HasSubstr(id_number.substr(0, 6)));  // region part shown
  EXPECT_THAT(one.out, HasSubstr("GROUP_4050"));            // a woman of 45

  // A file: two people, a line that is no profile, and the first person again.
  v1::Profile a, b;
  a.set_name("王强");
  a.mutable_sensitive()->set_id_number(profiles::testing::MakeId("430224", 2004, 7, 1, 311));
  a.set_residence_region_code("430224");
  a.set_hukou_region_code("430224");
  a.set_education(v1::EDUCATION_BACHELOR);
  a.mutable_graduation_date()->set_year(2026);
  a.mutable_graduation_date()->set_month(6);
  a.mutable_graduation_date()->set_day(30);
  b = a;
  b.set_name("赵敏");
  b.mutable_sensitive()->set_id_number(profiles::testing::MakeId("430225", 1970, 1, 2, 522));
  std::string a_json, b_json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(a, &a_json).ok());
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(b, &b_json).ok());
  const std::string file =
      WriteFile("people.jsonl", absl::StrCat(a_json, "\n{\"name\": 7}\n", b_json,
                                             "\n# the first person again\n", a_json, "\n"));
  const Ran many = Run({"--json", "profiles", "create", "--file", file, "--request_id", "batch-1"});
  EXPECT_EQ(many.code, kExitPartial) << many.err;
  EXPECT_THAT(many.err, HasSubstr(file + ": line 2: not a profile"));
  EXPECT_THAT(many.err, HasSubstr(file + ": line 5: ALREADY_EXISTS"));
  auto created = Parsed<v1::Profile>(many.out);
  ASSERT_EQ(created.size(), 2u);
  EXPECT_EQ(created[0].name(), "王强");
  EXPECT_EQ(Count("profiles"), 3);

  // The same file again with the same request ids: no new person.
  const Ran rerun =
      Run({"--json", "profiles", "create", "--file", file, "--request_id", "batch-1"});
  EXPECT_EQ(Parsed<v1::Profile>(rerun.out).size(), 2u);
  EXPECT_EQ(Count("profiles"), 3);

  const Ran declared = Run({"profiles", "declare", "--profile", created[1].profile_id(), "--group",
                            "laid_off", "--source", "株洲市就业服务中心"});
  ASSERT_EQ(declared.code, 0) << declared.err;
  EXPECT_THAT(declared.out, HasSubstr("LAID_OFF"));

  const Ran listed = Run({"--json", "profiles", "list", "--group", "laid_off"});
  ASSERT_EQ(listed.code, 0) << listed.err;
  auto laid_off = Parsed<v1::Profile>(listed.out);
  ASSERT_EQ(laid_off.size(), 1u);
  EXPECT_EQ(laid_off[0].profile_id(), created[1].profile_id());

  EXPECT_EQ(Run({"profiles", "get", "no-such-person"}).code, kExitNotFound);
}

TEST_F(JobctlCommandTest, KeyGroupImportAppliesByIdNumber) {
  const v1::Profile person = Register("reg-1", 7);
  const std::string rows =
      WriteFile("groups.jsonl",
                absl::StrCat("{\"id_number\":\"", person.sensitive().id_number().empty() ? "" : "",
                             profiles::testing::MakeId("430281", 1980, 5, 6, 7),
                             "\",\"membership\":{\"group\":\"KEY_GROUP_POVERTY_LABOR\"}}\n"
                             "{\"id_number\":\"",
                             profiles::testing::MakeId("430224", 1990, 1, 1, 13),
                             "\",\"membership\":{\"group\":\"KEY_GROUP_LOW_INCOME\",\"low_income_"
                             "kind\":\"LOW_INCOME_KIND_DIBAO\"}}\n"));
  const Ran ran = Run({"--json", "profiles", "import-groups", rows, "--source", "民政局 2026-03"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  auto response = Parsed<v1::ImportKeyGroupsResponse>(ran.out);
  ASSERT_EQ(response.size(), 1u);
  EXPECT_EQ(response[0].applied(), 1);
  EXPECT_EQ(response[0].pending(), 1);
  const Ran got = Run({"profiles", "get", person.profile_id()});
  EXPECT_THAT(got.out, HasSubstr("POVERTY_LABOR"));
}

}  // namespace
}  // namespace jobmatch::jobctl
