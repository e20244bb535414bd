#include "services/events/notification_gateway.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace jobmatch::events {

absl::StatusOr<Delivery> AppPushDirectory::AddressOf(const std::string& profile_id) {
  Delivery d;
  d.channel = "app";
  d.address = absl::StrCat("app:", profile_id);
  return d;
}

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

absl::Status FileNotificationGateway::Deliver(const Delivery& d) {
  const std::string line = absl::StrCat(
      "{\"notification_id\":", JsonQuote(d.notification_id), ",\"channel\":", JsonQuote(d.channel),
      ",\"address\":", JsonQuote(d.address), ",\"text\":", JsonQuote(d.text), "}\n");
  absl::MutexLock lock(&mu_);
  const int fd = open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat(path_, ": ", std::strerror(errno)));
  }
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = write(fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      close(fd);
      return absl::UnavailableError(absl::StrCat(path_, ": ", why));
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = fdatasync(fd) == 0;
  close(fd);
  if (!synced) return absl::UnavailableError(absl::StrCat(path_, ": not flushed"));
  return absl::OkStatus();
}

}  // namespace jobmatch::events
