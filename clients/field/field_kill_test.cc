// The jobmatch-field CLI killed with SIGKILL at random moments of a sync of
// hundreds of records, and restarted until it finishes: every captured record
// arrives on the server exactly once. The server is a real in-process
// profiles service on MariaDB; the CLI is a separate process reaching it over
// loopback, as a tablet would.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/field/field_test_records.h"
#include "clients/field/outbox.h"
#include "services/profiles/testing/service_fixture.h"

namespace jobmatch::field {
namespace {

constexpr int kRegistrations = 300;
constexpr int kVisits = 100;

class FieldKillTest : public profiles::testing::ProfilesServiceTest {
 protected:
  FieldKillTest() {
    char dir[] = "/tmp/field-kill-XXXXXX";
    dir_ = mkdtemp(dir);
    path_ = dir_ + "/outbox.db";
    // The key lives in a folder of its own, as on a tablet.
    char keys[] = "/tmp/field-kill-key-XXXXXX";
    key_dir_ = mkdtemp(keys);
    key_file_ = key_dir_ + "/outbox.key";
    const int fd = open(key_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const std::string hex(64, 'a');
    EXPECT_EQ(write(fd, hex.data(), hex.size()), 64);
    close(fd);
  }
  ~FieldKillTest() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path_ + suffix).c_str());
    rmdir(dir_.c_str());
    std::remove(key_file_.c_str());
    rmdir(key_dir_.c_str());
  }
  DataProtector Key() const { return *DataProtector::Load(KeyUse::kFieldOutbox, key_file_); }

  // Starts `jobmatch-field sync` against the in-process server.
  pid_t StartSync() {
    std::vector<std::string> args = {JOBMATCH_FIELD_CLI,        "--outbox=" + path_,
                                     "--key_file=" + key_file_, "--target=" + host_->target(),
                                     "--recruiter_id=rc1",      "--regions=4302",
                                     "--batch_size=20",         "sync"};
    const pid_t pid = fork();
    if (pid == 0) {
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      if (freopen("/dev/null", "w", stdout) == nullptr) _exit(126);
      execv(argv[0], argv.data());
      _exit(127);
    }
    return pid;
  }

  std::string dir_, path_, key_dir_, key_file_;
};

TEST_F(FieldKillTest, KilledMidSyncAndRestartedEveryRecordArrivesExactlyOnce) {
  std::set<std::string> keys;
  {
    auto outbox = FieldOutbox::Open(path_, Key(), "tab-kill");
    ASSERT_TRUE(outbox.ok()) << outbox.status();
    for (int i = 0; i < kRegistrations + kVisits; ++i) {
      // Visits interleaved with registrations, as a day in a village goes.
      auto key = (*outbox)->Capture(i % 4 == 3 ? testing::Visit(absl::StrCat("第", i, "户"))
                                               : testing::Registration(i));
      ASSERT_TRUE(key.ok()) << key.status();
      keys.insert(*key);
    }
  }
  ASSERT_EQ(keys.size(), static_cast<size_t>(kRegistrations + kVisits));

  // Kills are timed by the server's progress rather than the clock, so each
  // one lands mid-sync however fast the machine: a round runs until a random
  // number of further records has arrived (often in the middle of a batch's
  // answer, between the server's commit and the tablet's marking), then dies.
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> further(1, 80);
  constexpr int kTotal = kRegistrations + kVisits;
  int killed_mid_sync = 0;
  int finished = 0;
  for (int round = 0; round < 40 && finished == 0; ++round) {
    const int64_t arrived = Count("field_records");
    const bool cut_short = arrived < kTotal - 80;
    const int64_t kill_at = arrived + further(rng);
    const pid_t pid = StartSync();
    ASSERT_GT(pid, 0);
    int status = 0;
    if (cut_short) {
      bool exited = false;
      while (!exited && Count("field_records") < kill_at) {
        exited = waitpid(pid, &status, WNOHANG) == pid;
        if (!exited) usleep(500);
      }
      if (exited) {
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
            << "jobmatch-field sync failed in round " << round;
        finished = 1;
        continue;
      }
      kill(pid, SIGKILL);
      ++killed_mid_sync;
    }
    if (waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
      ASSERT_EQ(WEXITSTATUS(status), 0) << "jobmatch-field sync failed in round " << round;
      finished = 1;
    }
  }
  std::cout << "sync killed mid-way " << killed_mid_sync << " times before finishing\n";
  ASSERT_EQ(finished, 1);
  EXPECT_GE(killed_mid_sync, 3) << "the sync ended before the kills could test anything";

  // Server side: each record once.
  EXPECT_EQ(Count("profiles"), kRegistrations);
  EXPECT_EQ(Count("visits"), kVisits);
  EXPECT_EQ(Count("field_records"), kRegistrations + kVisits);
  EXPECT_EQ(Count("outbox"), kRegistrations + kVisits);
  // Tablet side: everything answered (and so deleted), each once.
  auto outbox = FieldOutbox::Open(path_, Key());
  ASSERT_TRUE(outbox.ok());
  const OutboxCounts counts = *(*outbox)->Counts();
  EXPECT_EQ(counts.pending, 0);
  EXPECT_EQ(counts.synced, kRegistrations + kVisits);
  EXPECT_EQ(counts.total(), kRegistrations + kVisits);
  for (const auto& row : Query("SELECT idempotency_key FROM field_records")) {
    EXPECT_TRUE(keys.count(row[0])) << row[0];
  }
  const auto server_ids = Query("SELECT COUNT(DISTINCT profile_id) FROM profiles");
  EXPECT_EQ(server_ids[0][0], std::to_string(kRegistrations));
}

}  // namespace
}  // namespace jobmatch::field
