// Wiring of notifications into jobmatch-events: the store, the
// NotificationService, and (when configured) the notifier with its file
// gateway and the matcher it asks. Flags stay in main.cc.
#ifndef JOBMATCH_SERVICES_EVENTS_NOTIFIER_SETUP_H_
#define JOBMATCH_SERVICES_EVENTS_NOTIFIER_SETUP_H_

#include <memory>
#include <string>

#include "services/common/auth/host_security.h"
#include "services/common/db/database.h"
#include "services/events/event_store.h"
#include "services/events/matcher_wisher_source.h"
#include "services/events/notification_service.h"
#include "services/events/notifier.h"

namespace jobmatch::events {

struct NotifierConfig {
  std::string file;     // the development gateway's file; empty: no notifier
  std::string matcher;  // host:port; empty: no new-post notifications
  auth::ClientSecurityFlags calling;
};

class NotifierSetup {
 public:
  // All must outlive the setup.
  NotifierSetup(db::Database* db, FeedReader* feed, std::string postings_schema)
      : feed_(feed), store_(db, std::move(postings_schema)), service_(&store_) {}

  // Starts the notifier when `config.file` is set.
  absl::Status Start(const NotifierConfig& config);
  grpc::Service* service() { return &service_; }

 private:
  FeedReader* feed_;
  MysqlNotificationStore store_;
  NotificationService service_;
  std::unique_ptr<FileNotificationGateway> gateway_;
  AppPushDirectory directory_;
  std::unique_ptr<MatcherWisherSource> wishers_;
  std::unique_ptr<Notifier> notifier_;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_NOTIFIER_SETUP_H_
