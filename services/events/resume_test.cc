// Kill-and-resume: a subscriber process (jobmatch-events-subscriber) is killed
// with SIGKILL several times mid-stream while events keep arriving, and
// restarted from its saved files each time. The union of what it wrote must
// be the whole feed, in order, with no gap and no duplicate.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/events/testing/events_fixture.h"

extern char** environ;

namespace jobmatch::events {
namespace {

pid_t StartSubscriber(const std::string& target, const std::string& dir) {
  std::vector<std::string> args = {SUBSCRIBER_BIN, "--target=" + target,
                                   "--out=" + dir + "/events.log",
                                   "--cursor_file=" + dir + "/events.cursor"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, SUBSCRIBER_BIN, nullptr, nullptr, argv.data(), environ), 0);
  return pid;
}

void Kill(pid_t pid) {
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
}

std::vector<int64_t> LoggedCursors(const std::string& path) {
  std::ifstream in(path);
  std::vector<int64_t> out;
  std::string line;
  while (std::getline(in, line)) {
    int64_t c = 0;
    std::vector<std::string> parts = absl::StrSplit(line, ' ');
    if (!parts.empty() && absl::SimpleAtoi(parts[0], &c)) out.push_back(c);
  }
  return out;
}

TEST(ResumeTest, SubscriberKilledAndRestartedSeesEveryEventOnce) {
  testing::EventsSchemas schemas;
  testing::EventsServer server(schemas, testing::TestOptions());
  const std::string dir =
      std::filesystem::temp_directory_path() / absl::StrCat("jm_events_resume_", getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  constexpr int kEvents = 1500;
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    auto stub = server.NewStub();
    for (int i = 0; i < kEvents; ++i) {
      grpc::ClientContext ctx;
      v1::RecordViewRequest req;
      req.set_request_id(absl::StrCat("v", i));
      req.set_profile_id(absl::StrCat("person-", i % 50));
      req.set_post_id(absl::StrCat("post-", i % 7));
      v1::RecordViewResponse resp;
      ASSERT_TRUE(stub->RecordView(&ctx, req, &resp).ok());
      if (i % 50 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    writing = false;
  });

  std::mt19937 rng(42);
  pid_t pid = StartSubscriber(server.target(), dir);
  for (int round = 0; round < 5; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 250));
    Kill(pid);
    pid = StartSubscriber(server.target(), dir);
  }
  writer.join();
  const int64_t head = *server.feed().Head();
  ASSERT_EQ(head, kEvents);
  for (int i = 0; i < 300; ++i) {
    auto seen = LoggedCursors(dir + "/events.log");
    if (!seen.empty() && seen.back() >= head) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  Kill(pid);

  const std::vector<int64_t> seen = LoggedCursors(dir + "/events.log");
  ASSERT_EQ(seen.size(), static_cast<size_t>(kEvents));
  for (int i = 0; i < kEvents; ++i) ASSERT_EQ(seen[i], i + 1) << "at line " << i;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jobmatch::events
