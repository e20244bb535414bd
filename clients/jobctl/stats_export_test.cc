// `jobctl stats export` against an in-process events server on the real
// MariaDB: the CSV and the XLSX (read back with python3's zipfile) hold the
// numbers CampaignStats answers, under the same role rules and suppression.
#include "clients/jobctl/stats_export.h"

#include <cppconn/connection.h>
#include <cppconn/statement.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/jobctl/session.h"
#include "gtest/gtest.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::jobctl {
namespace {

namespace v1 = ::jobmatch::v1;
using events::testing::EventsSchemas;
using events::testing::EventsServer;
using Rows = std::vector<std::vector<std::string>>;

// The rows of the first worksheet of an XLSX file, as text; numbers as integers.
constexpr char kXlsxReader[] = R"(
import sys, zipfile, re
import xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
        shared.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
def col(ref):
    n = 0
    for ch in re.match('[A-Z]+', ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1
for row in sheet.find('m:sheetData', ns).findall('m:row', ns):
    cells = {}
    for c in row.findall('m:c', ns):
        v = c.find('m:v', ns)
        t = c.get('t')
        if t == 's':
            text = shared[int(v.text)]
        elif t == 'inlineStr':
            text = ''.join(x.text or '' for x in c.iter('{%s}t' % ns['m']))
        elif v is not None:
            text = str(int(float(v.text)))
        else:
            text = ''
        cells[col(c.get('r'))] = text
    width = max(cells) + 1 if cells else 0
    sys.stdout.write('\t'.join(cells.get(i, '') for i in range(width)) + '\n')
)";

class StatsExportTest : public ::testing::Test {
 protected:
  StatsExportTest()
      : server_(schemas_, events::testing::TestOptions()),
        stub_(server_.NewStub()),
        dir_(std::filesystem::temp_directory_path() /
             absl::StrCat("stats_export_test_", getpid())) {
    std::filesystem::create_directories(dir_);
  }
  ~StatsExportTest() override { std::filesystem::remove_all(dir_); }

  template <typename Req, typename Resp, typename Method>
  void Admin(Method method, const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("jobmatch-role", "admin");
    ctx.AddMetadata("jobmatch-subject", "staff-1");
    grpc::Status s = (stub_.get()->*method)(&ctx, req, resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // A post of "spring" for graduates, three people hired, their follow-ups,
  // and LOW_INCOME cells as a counting source of them would write them.
  void Seed() {
    schemas_.AddPost("p1", 10);
    schemas_.SetPostTargets("p1", 10, {v1::KEY_GROUP_GRADUATE}, {"spring"});
    v1::Event post;
    post.set_kind(v1::EVENT_KIND_POST_CHANGED);
    post.set_post_id("p1");
    post.set_campaign_id("spring");
    post.mutable_change()->set_change_type(v1::CHANGE_TYPE_CREATED);
    schemas_.WriteOutbox(schemas_.postings(), post);
    for (const auto& [person, home] : std::vector<std::pair<std::string, std::string>>{
             {"ann", "430225101201"}, {"bob", "430225101202"}, {"cat", "430281001001"}}) {
      schemas_.AddProfile(person, home);
      v1::Event e;
      e.set_kind(v1::EVENT_KIND_PROFILE_CHANGED);
      e.set_profile_id(person);
      e.set_region_code(home);
      if (person != "bob") e.add_key_groups(v1::KEY_GROUP_GRADUATE);
      schemas_.WriteOutbox(schemas_.profiles(), e);
    }
    ASSERT_TRUE(server_.core().RelayOnce().ok());
    for (const std::string person : {"ann", "bob", "cat"}) {
      v1::RecordHireRequest hire;
      hire.set_request_id("h-" + person);
      hire.set_profile_id(person);
      hire.set_post_id("p1");
      hire.mutable_hire()->set_on_site_channel("fair");  // placed at the fair, no application
      v1::RecordHireResponse hired;
      Admin(&v1::EventsService::Stub::RecordHire, hire, &hired);
      v1::RecordFollowUpRequest f;
      f.set_request_id("f-" + person);
      f.set_profile_id(person);
      f.set_post_id("p1");
      f.mutable_follow_up()->set_visit(v1::FOLLOW_UP_VISIT_DAY_7);
      f.mutable_follow_up()->set_still_employed(person != "cat");
      f.mutable_follow_up()->set_channel("staff");
      v1::RecordFollowUpResponse done;
      Admin(&v1::EventsService::Stub::RecordFollowUp, f, &done);
    }
    absl::Status s = schemas_.events().WithConnection([&](sql::Connection& conn) {
      std::unique_ptr<sql::Statement> st(conn.createStatement());
      st->executeUpdate(absl::StrCat(
          "INSERT INTO campaign_cells (campaign_id, key_group, region_code, day, hires) VALUES "
          "('spring', ",
          v1::KEY_GROUP_LOW_INCOME, ", '430225101201', '2026-04-02', 2), ('spring', ",
          v1::KEY_GROUP_LOW_INCOME, ", '430281001001', '2026-04-02', 30)"));
      return absl::OkStatus();
    });
    ASSERT_TRUE(s.ok()) << s;
  }

  int Jobctl(std::vector<std::string> argv, std::string* err = nullptr) {
    argv.insert(argv.begin(), {"--events", server_.target()});
    std::ostringstream out, errs;
    const int code = RunJobctl(argv, Output{&out, &errs, false});
    if (err != nullptr) *err = errs.str();
    return code;
  }

  v1::CampaignStatsResponse Answer(const std::string& role, v1::StatsRegionLevel level,
                                   v1::StatsPeriod period) {
    v1::CampaignStatsRequest req;
    req.set_campaign_id("spring");
    req.set_region_level(level);
    req.set_period(period);
    grpc::ClientContext ctx;
    ctx.AddMetadata("jobmatch-role", role);
    v1::CampaignStatsResponse resp;
    EXPECT_TRUE(stub_->CampaignStats(&ctx, req, &resp).ok());
    return resp;
  }

  static Rows ReadCsv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string body = text.str();
    EXPECT_EQ(body.rfind("\xEF\xBB\xBF", 0), 0u) << "no byte-order mark";
    body = body.substr(3);
    Rows rows;
    for (absl::string_view line : absl::StrSplit(body, "\r\n", absl::SkipEmpty())) {
      rows.push_back(absl::StrSplit(line, ','));
    }
    return rows;
  }

  Rows ReadXlsx(const std::string& path) {
    const std::string script = (dir_ / "read_xlsx.py").string();
    std::ofstream(script) << kXlsxReader;
    FILE* pipe = popen(absl::StrCat("python3 ", script, " ", path).c_str(), "r");
    EXPECT_NE(pipe, nullptr);
    std::string text;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) text.append(buf, n);
    EXPECT_EQ(pclose(pipe), 0);
    Rows rows;
    for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
      std::vector<std::string> row = absl::StrSplit(line, '\t');
      row.resize(13);  // trailing empty cells are not written
      rows.push_back(row);
    }
    return rows;
  }

  // Every row of `rows` (after the header) says what `answer` says.
  static void ExpectSameNumbers(const Rows& rows, const v1::CampaignStatsResponse& answer) {
    std::map<std::tuple<std::string, std::string, std::string>, v1::GroupStats> want;
    auto name = [](v1::KeyGroup g) {
      return g == 0 ? std::string("ALL")
                    : v1::KeyGroup_Name(g).substr(std::string("KEY_GROUP_").size());
    };
    want[{kAllRegions, kWholeCampaign, "ALL"}] = answer.total();
    for (const auto& g : answer.by_group())
      want[{kAllRegions, kWholeCampaign, name(g.group())}] = g;
    for (const auto& c : answer.cells()) {
      want[{c.region_code(), c.period_start(), name(c.stats().group())}] = c.stats();
    }
    ASSERT_EQ(rows.size(), want.size() + 1);
    EXPECT_EQ(rows[0][0], "地区");
    for (size_t i = 1; i < rows.size(); ++i) {
      const auto& r = rows[i];
      ASSERT_EQ(r.size(), 13u);
      auto it = want.find({r[0], r[1], r[2]});
      ASSERT_NE(it, want.end()) << r[0] << " " << r[1] << " " << r[2];
      const v1::GroupStats& g = it->second;
      const bool campaign_wide = r[0] == kAllRegions;
      auto fig = [&](int64_t v) { return g.suppressed() ? std::string("*") : absl::StrCat(v); };
      auto stock = [&](int64_t v) { return campaign_wide ? fig(v) : std::string(); };
      EXPECT_EQ(r, (std::vector<std::string>{
                       r[0], r[1], r[2], stock(g.posts()), stock(g.openings()), fig(g.views()),
                       fig(g.applications()), fig(g.hires()), stock(g.people_placed()),
                       fig(g.follow_ups()), fig(g.retained_7d()), fig(g.retained_30d()),
                       fig(g.separations())}));
    }
  }

  EventsSchemas schemas_;
  EventsServer server_;
  std::unique_ptr<v1::EventsService::Stub> stub_;
  std::filesystem::path dir_;
};

TEST_F(StatsExportTest, CsvAndXlsxSayWhatCampaignStatsSays) {
  Seed();
  const std::string csv = (dir_ / "spring.csv").string();
  const std::string xlsx = (dir_ / "spring.xlsx").string();
  ASSERT_EQ(Jobctl({"stats", "export", "--campaign", "spring", "--by", "county", "--period",
                    "month", "--format", "csv", "--out", csv}),
            0);
  ASSERT_EQ(Jobctl({"stats", "export", "--campaign", "spring", "--by", "county", "--period",
                    "month", "--format", "xlsx", "--out", xlsx}),
            0);
  const v1::CampaignStatsResponse answer =
      Answer("admin", v1::STATS_REGION_LEVEL_COUNTY, v1::STATS_PERIOD_MONTH);
  ASSERT_GT(answer.cells_size(), 0);
  const Rows from_csv = ReadCsv(csv);
  ExpectSameNumbers(from_csv, answer);
  const Rows from_xlsx = ReadXlsx(xlsx);
  ExpectSameNumbers(from_xlsx, answer);
  EXPECT_EQ(from_csv, from_xlsx);

  // The figures themselves, not only agreement: 3 hires, 2 still employed at 7 days.
  EXPECT_EQ(from_csv[1][7], "3");
  EXPECT_EQ(from_csv[1][10], "2");
  // The small LOW_INCOME cell is withheld in the file as in the answer.
  bool withheld_low_income = false;
  for (const auto& r : from_csv) withheld_low_income |= r[2] == "LOW_INCOME" && r[7] == "*";
  EXPECT_TRUE(withheld_low_income);
}

TEST_F(StatsExportTest, AnotherRoleExportsWhatItMaySee) {
  Seed();
  const std::string csv = (dir_ / "public.csv").string();
  ASSERT_EQ(Jobctl({"--role", "jobseeker", "--subject", "ann", "stats", "export", "--campaign",
                    "spring", "--by", "community", "--period", "week", "--out", csv}),
            0);
  const Rows rows = ReadCsv(csv);
  ExpectSameNumbers(rows,
                    Answer("jobseeker", v1::STATS_REGION_LEVEL_COMMUNITY, v1::STATS_PERIOD_WEEK));
  for (const auto& r : rows) EXPECT_NE(r[2], "LOW_INCOME");
}

TEST_F(StatsExportTest, BadFormatIsAUsageError) {
  std::string err;
  EXPECT_EQ(Jobctl({"stats", "export", "--campaign", "spring", "--format", "pdf", "--out",
                    (dir_ / "x").string()},
                   &err),
            2);
  EXPECT_NE(err.find("csv or xlsx"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "x"));
}

}  // namespace
}  // namespace jobmatch::jobctl
