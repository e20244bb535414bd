// The file-backed audit log: records land whole, one per line, never truncated.
#include "services/common/auth/audit_log.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace jobmatch::auth {
namespace {

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/jobmatch-audit-XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/audit.jsonl";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> Lines() const {
    std::ifstream in(path_);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  std::string dir_;
  std::string path_;
};

Caller Recruiter() { return Caller{Role::kRecruiter, "r-0042", {"430281"}, {}}; }

TEST_F(AuditLogTest, AppendsWholeRecordsAndNeverTruncates) {
  {
    auto log = FileAuditLog::Open(path_);
    ASSERT_TRUE(log.ok()) << log.status();
    ASSERT_TRUE((*log)
                    ->Append(MakeAuditRecord(Recruiter(), "p-1", "id_number,phone",
                                             "上门核实身份 \"visit\"\n2nd line",
                                             "/jobmatch.v1.ProfilesService/RevealSensitiveData"))
                    .ok());
  }
  auto again = FileAuditLog::Open(path_);
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE((*again)->Append(MakeAuditRecord(Recruiter(), "p-2", "phone", "callback", "")).ok());

  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(absl::StrContains(lines[0], R"("actor_role":"recruiter","actor_id":"r-0042")"));
  EXPECT_TRUE(absl::StrContains(lines[0], R"("subject_id":"p-1","what":"id_number,phone")"));
  EXPECT_TRUE(absl::StrContains(lines[0], R"("reason":"上门核实身份 \"visit\"\n2nd line")"));
  EXPECT_TRUE(absl::StrContains(lines[0], R"("at":")"));
  EXPECT_TRUE(absl::StrContains(lines[1], R"("subject_id":"p-2")"));

  struct stat st;
  ASSERT_EQ(stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(AuditLogTest, IncompleteRecordsAreRefusedAndNotWritten) {
  auto log = FileAuditLog::Open(path_);
  ASSERT_TRUE(log.ok());
  Caller anonymous;
  EXPECT_TRUE(absl::IsInvalidArgument(
      (*log)->Append(MakeAuditRecord(anonymous, "p-1", "phone", "why", ""))));
  EXPECT_TRUE(absl::IsInvalidArgument(
      (*log)->Append(MakeAuditRecord(Recruiter(), "", "phone", "why", ""))));
  EXPECT_TRUE(
      absl::IsInvalidArgument((*log)->Append(MakeAuditRecord(Recruiter(), "p-1", "", "why", ""))));
  EXPECT_TRUE(absl::IsInvalidArgument(
      (*log)->Append(MakeAuditRecord(Recruiter(), "p-1", "phone", "", ""))));
  EXPECT_TRUE(Lines().empty());
}

TEST_F(AuditLogTest, ConcurrentWritersNeverInterleave) {
  auto log = FileAuditLog::Open(path_);
  ASSERT_TRUE(log.ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        ASSERT_TRUE((*log)
                        ->Append(MakeAuditRecord(Recruiter(), "p-" + std::to_string(t), "phone",
                                                 std::string(500, 'x'), ""))
                        .ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 100u);
  for (const auto& line : lines) {
    EXPECT_TRUE(absl::StartsWith(line, "{\"at\":") && absl::EndsWith(line, "}")) << line;
  }
}

TEST_F(AuditLogTest, UnwritablePathIsAnError) {
  EXPECT_FALSE(FileAuditLog::Open(dir_ + "/missing/dir/audit.jsonl").ok());
}

}  // namespace
}  // namespace jobmatch::auth
