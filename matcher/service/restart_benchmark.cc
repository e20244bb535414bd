// How long the real jobmatch-matcher takes from its start to answering, from
// a checkpoint of N posts and N people, and how much memory it peaks at on
// the way compared with what its index holds once loaded; and how long a
// start without a checkpoint spends building its index from the records.
//
//   build/matcher/service/matcher_restart_benchmark [--posts=1000000 --people=1000000 --runs=3]
//
// 1. Generates the records (matcher/index/synthetic.h) and builds an index
//    from them at once (MatchIndex::Build, what a snapshot start does once it
//    has listed the services' posts and people; the listing itself is not in
//    this figure), then saves its checkpoint.
// 2. Starts jobmatch-matcher (--events= so that nothing but the checkpoint
//    is read) without a checkpoint, to learn its memory when empty, then
//    --runs times with it: time from fork to the first RecommendPosts that
//    is not UNAVAILABLE (the readiness that health reports), and the
//    process's VmHWM (peak) and VmRSS (after loading) from /proc.
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/checkpoint.h"

ABSL_FLAG(int, posts, 1000000, "posts in the index");
ABSL_FLAG(int, people, 1000000, "people in the index");
ABSL_FLAG(int, runs, 3, "restarts from the checkpoint");
ABSL_FLAG(std::string, dir, "",
          "where the checkpoint and key go (default: a fresh folder in /tmp)");
ABSL_FLAG(bool, keep_files, false, "keep the checkpoint and key (e.g. to profile a load)");
ABSL_FLAG(std::string, matcher, "", "jobmatch-matcher binary (default: next to this one)");

namespace jobmatch::matcher {
namespace {

// A /proc/<pid>/status field in kB, e.g. "VmHWM".
long StatusKb(pid_t pid, absl::string_view field) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, absl::StrCat(field, ":"))) {
      std::vector<std::string> parts = absl::StrSplit(line, ' ', absl::SkipEmpty());
      long kb = 0;
      if (parts.size() >= 2 && absl::SimpleAtoi(parts[1], &kb)) return kb;
    }
  }
  return -1;
}

double Mb(long kb) { return kb / 1024.0; }

// User plus system CPU seconds of a process so far (/proc/<pid>/stat), which
// other work on the machine does not inflate.
double CpuSeconds(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces) start at its ')'.
  std::vector<std::string> fields =
      absl::StrSplit(stat.substr(stat.rfind(')') + 2), ' ', absl::SkipEmpty());
  long utime = 0, stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &utime) ||
      !absl::SimpleAtoi(fields[12], &stime)) {
    return -1;
  }
  return static_cast<double>(utime + stime) / ::sysconf(_SC_CLK_TCK);
}

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool PortOpen(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool open = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return open;
}

struct Started {
  pid_t pid = -1;
  absl::Duration to_listen;
  absl::Duration to_answer;
  long hwm_kb = 0;
  long rss_kb = 0;
  double cpu_seconds = 0;
};

// Starts the matcher and waits until it answers (not UNAVAILABLE).
Started StartMatcher(const std::string& binary, const std::vector<std::string>& flags,
                     const std::string& log) {
  const int port = FreePort();
  std::vector<std::string> args = {binary, absl::StrCat("--listen=127.0.0.1:", port),
                                   "--events=", "--plaintext_development"};
  args.insert(args.end(), flags.begin(), flags.end());
  Started s;
  const absl::Time start = absl::Now();
  s.pid = ::fork();
  if (s.pid == 0) {
    std::FILE* out = std::fopen(log.c_str(), "a");
    ::dup2(::fileno(out), 2);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::perror("execv");
    ::_exit(127);
  }
  // The channel is made once the port is open: one refused before would put
  // it in reconnect backoff, seconds that are not the matcher's.
  while (!PortOpen(port)) absl::SleepFor(absl::Milliseconds(5));
  s.to_listen = absl::Now() - start;
  auto stub = v1::MatcherService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  while (true) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("jobmatch-role", "admin");
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    v1::RecommendPostsRequest request;
    request.set_profile_id("person-1");
    v1::RecommendPostsResponse response;
    const grpc::Status status = stub->RecommendPosts(&ctx, request, &response);
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE &&
        status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
      break;
    }
    int wstatus = 0;
    if (::waitpid(s.pid, &wstatus, WNOHANG) == s.pid) {
      std::cerr << "the matcher exited; see " << log << "\n";
      std::exit(1);
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  s.to_answer = absl::Now() - start;
  s.hwm_kb = StatusKb(s.pid, "VmHWM");
  s.rss_kb = StatusKb(s.pid, "VmRSS");
  s.cpu_seconds = CpuSeconds(s.pid);
  return s;
}

void Stop(pid_t pid) {
  ::kill(pid, SIGKILL);  // no last checkpoint: the file stays as generated
  ::waitpid(pid, nullptr, 0);
}

std::string LastLine(const std::string& log, absl::string_view containing) {
  std::ifstream in(log);
  std::string line;
  std::string last;
  while (std::getline(in, line)) {
    if (absl::StrContains(line, containing)) last = line;
  }
  return last;
}

int Run() {
  const int posts = absl::GetFlag(FLAGS_posts);
  const int people = absl::GetFlag(FLAGS_people);
  std::string dir = absl::GetFlag(FLAGS_dir);
  if (dir.empty()) {
    char pattern[] = "/tmp/matcher-restart-XXXXXX";
    dir = ::mkdtemp(pattern);
  }
  std::filesystem::create_directories(dir);
  std::string binary = absl::GetFlag(FLAGS_matcher);
  if (binary.empty()) {
    binary = (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "jobmatch-matcher")
                 .string();
  }
  const std::string path = dir + "/matcher.checkpoint";
  const std::string key_file = dir + "/data.key";
  const std::string log = dir + "/matcher.log";
  {
    // A fresh data key, in a file as the matcher reads it.
    std::string hex;
    std::FILE* r = std::fopen("/dev/urandom", "rb");
    unsigned char raw[32];
    if (std::fread(raw, 1, sizeof raw, r) != sizeof raw) return 1;
    std::fclose(r);
    for (unsigned char c : raw) absl::StrAppend(&hex, absl::Hex(c, absl::kZeroPad2));
    std::ofstream(key_file) << hex << "\n";
    ::chmod(key_file.c_str(), 0600);  // a key others may read is refused
  }
  absl::StatusOr<DataProtector> file_key =
      DataProtector::Load(KeyUse::kMatcherCheckpoint, key_file);
  if (!file_key.ok()) return 1;

  std::printf("matcher restart: %d posts, %d people; files in %s\n", posts, people, dir.c_str());
  {
    synthetic::Relations relations;
    MatchIndex index(&relations);
    const long rss_before = StatusKb(::getpid(), "VmRSS");
    absl::Time t = absl::Now();
    synthetic::Generator gen(7);
    std::vector<std::shared_ptr<const PostRecord>> post_records;
    std::vector<std::shared_ptr<const Seeker>> seeker_records;
    post_records.reserve(posts);
    seeker_records.reserve(people);
    for (int i = 0; i < posts; ++i)
      post_records.push_back(std::make_shared<PostRecord>(gen.Post(i)));
    for (int i = 0; i < people; ++i) {
      seeker_records.push_back(std::make_shared<Seeker>(gen.Person(i)));
    }
    const absl::Duration generated = absl::Now() - t;
    t = absl::Now();
    index.Build(std::move(post_records), std::move(seeker_records));
    const absl::Duration built = absl::Now() - t;
    index.set_cursor(1);
    std::printf(
        "snapshot start, index part: generate %.2f s (not part of a start), "
        "MatchIndex::Build %.2f s; index %.0f MB (RSS growth)\n",
        absl::ToDoubleSeconds(generated), absl::ToDoubleSeconds(built),
        Mb(StatusKb(::getpid(), "VmRSS") - rss_before));
    t = absl::Now();
    if (absl::Status saved = SaveCheckpoint(index, *file_key, path); !saved.ok()) {
      std::cerr << saved << "\n";
      return 1;
    }
    std::printf("checkpoint saved in %.2f s: %.1f MB\n", absl::ToDoubleSeconds(absl::Now() - t),
                std::filesystem::file_size(path) / 1e6);
  }

  const std::vector<std::string> common = {absl::StrCat("--checkpoint_key_file=", key_file),
                                           "--checkpoint_seconds=3600"};
  std::vector<std::string> empty_flags = common;
  empty_flags.push_back(absl::StrCat("--checkpoint_file=", dir, "/absent.checkpoint"));
  const Started empty = StartMatcher(binary, empty_flags, log);
  Stop(empty.pid);
  std::printf("empty matcher: VmRSS %.0f MB (subtracted below)\n", Mb(empty.rss_kb));

  std::vector<std::string> flags = common;
  flags.push_back(absl::StrCat("--checkpoint_file=", path));
  for (int run = 0; run < absl::GetFlag(FLAGS_runs); ++run) {
    const Started s = StartMatcher(binary, flags, log);
    Stop(s.pid);
    const double index_mb = Mb(s.rss_kb - empty.rss_kb);
    const double peak_mb = Mb(s.hwm_kb - empty.rss_kb);
    std::printf(
        "run %d: start to listening %.2f s, to answering %.2f s (CPU %.2f s); VmRSS %.0f MB, "
        "VmHWM %.0f MB; index %.0f MB, peak %.0f MB = %.2fx the index\n  %s\n",
        run + 1, absl::ToDoubleSeconds(s.to_listen), absl::ToDoubleSeconds(s.to_answer),
        s.cpu_seconds, Mb(s.rss_kb), Mb(s.hwm_kb), index_mb, peak_mb, peak_mb / index_mb,
        LastLine(log, "resuming from").c_str());
  }
  if (!absl::GetFlag(FLAGS_keep_files)) std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace jobmatch::matcher

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return jobmatch::matcher::Run();
}
