// The peer of events_bench's BM_IngestViewBatches: the same views (request
// id, person, post, channel, as ingest_bench.cc's View(n)) appended to a
// Redis stream with XADD, a batch pipelined per round trip, with as many
// batches in flight (one connection each) as that benchmark keeps calls in
// flight. Redis runs with appendonly yes, appendfsync everysec (bench/peers.sh):
// an acknowledged event may still be lost in the last second, where the
// events service acknowledges only what MariaDB has committed durably.
//
//   redis_ingest --port=33548 --per_call=500 --in_flight=4 --seconds=5
//
// Prints one JSON line: events/s, batch p50/p99 in ms, and the stream's
// length checked against the events acknowledged.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"

ABSL_FLAG(int, port, 33548, "the bench's Redis");
ABSL_FLAG(int, per_call, 500, "XADDs pipelined per round trip (views per RecordViews call)");
ABSL_FLAG(int, in_flight, 4, "batches in flight, one connection each");
ABSL_FLAG(double, seconds, 5, "how long to run");
ABSL_FLAG(std::string, stream, "views", "the stream key (deleted first)");
ABSL_FLAG(std::string, appendfsync, "everysec",
          "the fsync policy for this run (CONFIG SET; set back to everysec after): everysec or "
          "always, to see what a durable acknowledgement costs Redis");

namespace {

class Connection {
 public:
  explicit Connection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("cannot connect to redis");
    }
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Connection() { close(fd_); }

  void Send(const std::string& bytes) {
    for (size_t off = 0; off < bytes.size();) {
      const ssize_t n = write(fd_, bytes.data() + off, bytes.size() - off);
      if (n <= 0) throw std::runtime_error("redis write failed");
      off += static_cast<size_t>(n);
    }
  }
  // Reads `n` replies (simple, error, integer or bulk strings); returns how
  // many were not errors, and the last integer seen.
  int Replies(int n, long long* integer = nullptr) {
    int ok = 0;
    for (int i = 0; i < n; ++i) {
      const std::string line = Line();
      if (line.empty()) throw std::runtime_error("redis: empty reply");
      if (line[0] == '$') {
        const long len = std::stol(line.substr(1));
        if (len >= 0) Skip(static_cast<size_t>(len) + 2);
        ++ok;
      } else if (line[0] == ':') {
        if (integer != nullptr) *integer = std::stoll(line.substr(1));
        ++ok;
      } else if (line[0] == '+') {
        ++ok;
      } else {
        std::fprintf(stderr, "redis: %s\n", line.c_str());
      }
    }
    return ok;
  }

 private:
  bool Fill() {
    if (start_ > 0) {
      buf_.erase(0, start_);
      start_ = 0;
    }
    char tmp[1 << 16];
    const ssize_t n = read(fd_, tmp, sizeof tmp);
    if (n <= 0) throw std::runtime_error("redis read failed");
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }
  std::string Line() {
    size_t end;
    while ((end = buf_.find("\r\n", start_)) == std::string::npos) Fill();
    std::string line = buf_.substr(start_, end - start_);
    start_ = end + 2;
    return line;
  }
  void Skip(size_t n) {
    while (buf_.size() - start_ < n) Fill();
    start_ += n;
  }
  int fd_;
  std::string buf_;
  size_t start_ = 0;
};

std::string Command(const std::vector<std::string>& args) {
  std::string out = absl::StrCat("*", args.size(), "\r\n");
  for (const std::string& a : args) absl::StrAppend(&out, "$", a.size(), "\r\n", a, "\r\n");
  return out;
}

// XADD of view n, with ingest_bench.cc's View(n) fields.
std::string Xadd(const std::string& stream, long long n) {
  return Command({"XADD", stream, "*", "request_id", absl::StrCat("bench-", n), "profile_id",
                  absl::StrCat("person-", n % 100000), "post_id", absl::StrCat("post-", n % 5000),
                  "channel", "app"});
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int port = absl::GetFlag(FLAGS_port), per_call = absl::GetFlag(FLAGS_per_call);
  const int in_flight = absl::GetFlag(FLAGS_in_flight);
  const std::string stream = absl::GetFlag(FLAGS_stream);
  try {
    Connection admin(port);
    admin.Send(Command({"DEL", stream}));
    admin.Replies(1);
    admin.Send(Command({"CONFIG", "SET", "appendfsync", absl::GetFlag(FLAGS_appendfsync)}));
    if (admin.Replies(1) != 1) throw std::runtime_error("CONFIG SET appendfsync refused");
    std::atomic<long long> next{0}, acknowledged{0};
    std::vector<std::vector<double>> latencies(in_flight);
    const auto start = std::chrono::steady_clock::now();
    const auto until = start + std::chrono::duration<double>(absl::GetFlag(FLAGS_seconds));
    std::vector<std::thread> threads;
    for (int t = 0; t < in_flight; ++t) {
      threads.emplace_back([&, t] {
        Connection conn(port);
        while (std::chrono::steady_clock::now() < until) {
          const long long first = next.fetch_add(per_call);
          std::string batch;
          for (int k = 0; k < per_call; ++k) batch += Xadd(stream, first + k);
          const auto sent = std::chrono::steady_clock::now();
          conn.Send(batch);
          acknowledged += conn.Replies(per_call);
          latencies[t].push_back(
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent)
                  .count());
        }
      });
    }
    for (auto& th : threads) th.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    auto pct = [&](double p) {
      return all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))];
    };
    long long length = -1;
    admin.Send(Command({"XLEN", stream}));
    admin.Replies(1, &length);
    admin.Send(Command({"DEL", stream}));
    admin.Replies(1);
    admin.Send(Command({"CONFIG", "SET", "appendfsync", "everysec"}));
    admin.Replies(1);
    std::printf(
        "{\"events_per_s\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"acked\": %lld, "
        "\"in_stream\": %lld}\n",
        acknowledged / seconds, pct(0.5), pct(0.99), acknowledged.load(), length);
    return length == acknowledged ? 0 : 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
