#include "services/events/notification_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/call_deadline.h"
#include "services/common/caller.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/common/text_checks.h"

namespace jobmatch::events {
namespace {

grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context, const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// Page size (0 -> 20) and the keyset position (the last id of the previous
// page) from a request; violations otherwise.
void Paging(int32_t page_size, const std::string& token, FieldViolations& v, NotificationQuery* q) {
  if (page_size < 0 || page_size > 100) v.Add("page_size", "must be 0-100");
  q->limit = page_size == 0 ? 20 : page_size;
  if (!token.empty() && (!absl::SimpleAtoi(token, &q->before_id) || q->before_id <= 0)) {
    v.Add("page_token", "not a token from a previous response");
  }
}

template <typename Response>
absl::Status Answer(NotificationStore* store, const NotificationQuery& q, Response* response) {
  absl::StatusOr<std::vector<v1::Notification>> page = store->List(q);
  if (!page.ok()) return page.status();
  for (v1::Notification& n : *page) *response->add_notifications() = std::move(n);
  if (static_cast<int>(page->size()) == q.limit) {
    response->set_next_page_token(
        response->notifications(response->notifications_size() - 1).notification_id());
  }
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* NotificationService::ListMyNotifications(
    grpc::CallbackServerContext* context, const v1::ListMyNotificationsRequest* request,
    v1::ListMyNotificationsResponse* response) {
  const ScopedCallDeadline deadline(*context);
  FieldViolations v;
  if (request->profile_id().empty()) v.Add("profile_id", "required");
  CheckText(request->profile_id(), "profile_id", v);
  NotificationQuery q;
  Paging(request->page_size(), request->page_token(), v, &q);
  if (!v.empty()) return Finish(context, v.ToStatus());
  // Decided before any read, so other people's ids cannot be probed.
  if (absl::Status s =
          RequireSubject(CallerFromContext(*context), request->profile_id(), "profile");
      !s.ok()) {
    return Finish(context, s);
  }
  q.profile_id = request->profile_id();
  return Finish(context, Answer(store_, q, response));
}

grpc::ServerUnaryReactor* NotificationService::ListNotifications(
    grpc::CallbackServerContext* context, const v1::ListNotificationsRequest* request,
    v1::ListNotificationsResponse* response) {
  const ScopedCallDeadline deadline(*context);
  FieldViolations v;
  CheckText(request->profile_id(), "profile_id", v);
  if (!v1::DeliveryState_IsValid(request->state())) v.Add("state", "unknown delivery state");
  NotificationQuery q;
  Paging(request->page_size(), request->page_token(), v, &q);
  if (!v.empty()) return Finish(context, v.ToStatus());
  q.profile_id = request->profile_id();
  q.state = request->state();
  q.with_attempts = true;
  return Finish(context, Answer(store_, q, response));
}

}  // namespace jobmatch::events
