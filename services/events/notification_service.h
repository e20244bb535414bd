// The gRPC face of notifications: a jobseeker lists their own; the bureau
// reads the delivery log. Notifications are made by the notifier (notifier.h).
#ifndef JOBMATCH_SERVICES_EVENTS_NOTIFICATION_SERVICE_H_
#define JOBMATCH_SERVICES_EVENTS_NOTIFICATION_SERVICE_H_

#include "jobmatch/v1/notifications.grpc.pb.h"
#include "services/events/notification_store.h"

namespace jobmatch::events {

class NotificationService final : public v1::NotificationService::CallbackService {
 public:
  // `store` must outlive the service.
  explicit NotificationService(NotificationStore* store) : store_(store) {}

  grpc::ServerUnaryReactor* ListMyNotifications(grpc::CallbackServerContext* context,
                                                const v1::ListMyNotificationsRequest* request,
                                                v1::ListMyNotificationsResponse* response) override;
  grpc::ServerUnaryReactor* ListNotifications(grpc::CallbackServerContext* context,
                                              const v1::ListNotificationsRequest* request,
                                              v1::ListNotificationsResponse* response) override;

 private:
  NotificationStore* store_;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_NOTIFICATION_SERVICE_H_
