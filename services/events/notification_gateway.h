// Where notifications leave the platform: an SMS or app-push gateway behind
// one interface, and a file-backed one for development that appends a JSON
// line per delivery.
#ifndef JOBMATCH_SERVICES_EVENTS_NOTIFICATION_GATEWAY_H_
#define JOBMATCH_SERVICES_EVENTS_NOTIFICATION_GATEWAY_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace jobmatch::events {

// One message to hand over. `address` is where it goes (a phone for SMS,
// "app:<profile id>" for app push) and is the only place a phone may appear.
struct Delivery {
  std::string notification_id;  // a gateway may use it to drop a repeat
  std::string channel;          // "sms" or "app"
  std::string address;
  std::string text;
};

// Thread-safe. An error means not delivered (the notifier tries again later).
class NotificationGateway {
 public:
  virtual ~NotificationGateway() = default;
  virtual absl::Status Deliver(const Delivery& delivery) = 0;
};

// Where a person's notifications go. Thread-safe.
class RecipientDirectory {
 public:
  virtual ~RecipientDirectory() = default;
  // Channel and address for `profile_id` (the text is filled in by the caller).
  virtual absl::StatusOr<Delivery> AddressOf(const std::string& profile_id) = 0;
};

// App push to the person's own app account: the address is their profile
// id, so no phone number leaves the profiles service.
class AppPushDirectory final : public RecipientDirectory {
 public:
  absl::StatusOr<Delivery> AddressOf(const std::string& profile_id) override;
};

// Development gateway: appends {"notification_id","channel","address","text"}
// as one JSON line to a file (created 0600), flushed before returning.
class FileNotificationGateway final : public NotificationGateway {
 public:
  explicit FileNotificationGateway(std::string path) : path_(std::move(path)) {}
  absl::Status Deliver(const Delivery& delivery) override;

 private:
  const std::string path_;
  absl::Mutex mu_;  // one line at a time
};

// JSON string literal of `s` (UTF-8 kept, quotes, backslashes and controls escaped).
std::string JsonQuote(const std::string& s);

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_NOTIFICATION_GATEWAY_H_
