// jobmatch-events-subscriber: follows the feed and appends one line per event
// ("<cursor> <kind> <post_id> <profile_id>") to --out, saving its position in
// --cursor_file. Killed at any moment (even with SIGKILL) and started again
// with the same files, it continues after the last event it wrote: no event
// is written twice and none is skipped.
//
// Why that holds: each event line is appended with one write(2) before the
// cursor file is replaced (write to a temporary file, then rename). On start
// the position is the larger of the cursor file and the last complete line of
// --out, and a torn last line is cut off, so whichever of the two steps a
// kill interrupts, the next run resumes exactly after what --out holds.
#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "jobmatch/v1/events.grpc.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50053", "events service address");
ABSL_FLAG(std::string, out, "events.log", "file the events are appended to");
ABSL_FLAG(std::string, cursor_file, "events.cursor", "file holding the last cursor read");

namespace {

int64_t ReadCursorFile(const std::string& path) {
  std::ifstream in(path);
  int64_t cursor = 0;
  if (in >> cursor) return cursor;
  return 0;
}

// The cursor of the last complete line of `path`, after cutting off a torn one.
int64_t RepairLog(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return 0;
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  const size_t end = text.rfind('\n');
  const size_t keep = end == std::string::npos ? 0 : end + 1;
  if (keep != text.size() && truncate(path.c_str(), static_cast<off_t>(keep)) != 0) {
    std::perror("truncate");
  }
  if (keep == 0) return 0;
  const size_t start = text.rfind('\n', keep - 2);
  const std::string line = text.substr(start == std::string::npos ? 0 : start + 1);
  int64_t cursor = 0;
  (void)absl::SimpleAtoi(line.substr(0, line.find(' ')), &cursor);
  return cursor;
}

bool SaveCursor(const std::string& path, int64_t cursor) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << cursor << "\n";
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string out_path = absl::GetFlag(FLAGS_out);
  const std::string cursor_path = absl::GetFlag(FLAGS_cursor_file);
  int64_t cursor = std::max(ReadCursorFile(cursor_path), RepairLog(out_path));

  const int fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) {
    std::perror("open");
    return 1;
  }
  auto channel =
      grpc::CreateChannel(absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials());
  auto stub = jobmatch::v1::EventsService::NewStub(channel);
  for (;;) {
    grpc::ClientContext ctx;
    jobmatch::v1::SubscribeRequest req;
    req.set_after_cursor(cursor);
    auto reader = stub->Subscribe(&ctx, req);
    jobmatch::v1::SubscribeResponse msg;
    while (reader->Read(&msg)) {
      if (msg.has_event()) {
        const auto& e = msg.event();
        const std::string line =
            absl::StrCat(e.cursor(), " ", e.kind(), " ", e.post_id(), " ", e.profile_id(), "\n");
        if (write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
          std::perror("write");
          return 1;
        }
        cursor = e.cursor();
      } else {
        cursor = std::max(cursor, msg.keepalive().cursor());
      }
      if (!SaveCursor(cursor_path, cursor)) {
        std::perror("save cursor");
        return 1;
      }
    }
    grpc::Status status = reader->Finish();
    std::cerr << "stream ended: " << status.error_code() << " " << status.error_message()
              << "; resuming after " << cursor << "\n";
    if (status.error_code() == grpc::StatusCode::OUT_OF_RANGE ||
        status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
      return 2;
    }
    sleep(1);
  }
}
