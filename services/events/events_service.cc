#include "services/events/events_service.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "google/rpc/status.pb.h"
#include "services/common/call_deadline.h"
#include "services/common/caller.h"
#include "services/common/consistency_token.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/events/access_checks.h"
#include "services/events/applications.h"
#include "services/events/outcomes.h"
#include "services/events/requests.h"

namespace jobmatch::events {
namespace {

// The central policy decides which roles may call a method at all; this
// decides whether the caller may act for the record: jobseekers only for
// themselves, live hosts only in their own sessions, employers only on their
// own posts (interviews, hires and rejections are the employer's to record,
// never a competitor's), recruiters only for people living in their assigned
// regions and for visits to villages there.
// Whether each post was pushed in the calling host's sessions, as read during
// one call (a host's batch of views names few posts).
using PushedCache = absl::flat_hash_map<std::string, bool>;

absl::Status MayRecord(EventsCore& core, const Caller& caller, const v1::Event& event,
                       PushedCache* pushed_cache = nullptr) {
  // Which role takes which step of the application pipeline: a jobseeker
  // never hires (themself or anyone), an employer never answers for a person.
  if (std::optional<Step> step = StepOf(event)) {
    JM_RETURN_IF_ERROR(
        MayTakeStep(caller, *step, event.has_hire() && !event.hire().on_site_channel().empty()));
  }
  // Who reports an outcome, and through which channel (outcomes.h).
  if (event.has_follow_up() || event.has_separation()) {
    JM_RETURN_IF_ERROR(MayReportThrough(caller, event));
  }
  if (caller.role == Role::kJobseeker) {
    return RequireSubject(caller, event.profile_id(), "profile");
  }
  if (caller.role == Role::kLiveHost && event.has_live_push()) {
    return RequireSession(caller, event.live_push().session_id());
  }
  if (caller.role == Role::kLiveHost && event.has_view()) {
    // A host reports what its live room's viewers saw, nothing else: live
    // views of posts pushed in its own sessions.
    if (event.view().channel() != "live") {
      return absl::PermissionDeniedError("view.channel: a live host records only \"live\" views");
    }
    std::optional<bool> pushed;
    if (pushed_cache != nullptr) {
      auto it = pushed_cache->find(event.post_id());
      if (it != pushed_cache->end()) pushed = it->second;
    }
    if (!pushed.has_value()) {
      absl::StatusOr<bool> read = core.owners().PushedIn(event.post_id(), caller.session_ids);
      if (!read.ok()) return read.status();
      pushed = *read;
      if (pushed_cache != nullptr) pushed_cache->emplace(event.post_id(), *read);
    }
    if (!*pushed) {
      return absl::PermissionDeniedError(
          absl::StrCat("post ", event.post_id(), " was not pushed in your live sessions"));
    }
  }
  if (caller.role == Role::kEmployer) {
    // One indexed read on the calling thread: employers record interviews,
    // hires and rejections, a trickle beside the views that never come here.
    JM_RETURN_IF_ERROR(RequirePostOwner(core.owners(), caller, event.post_id()));
  }
  if (caller.role == Role::kRecruiter) {
    if (event.has_field_visit()) {
      JM_RETURN_IF_ERROR(RequireRegion(caller, event.field_visit().village_code()));
    }
    if (!event.profile_id().empty()) {
      JM_RETURN_IF_ERROR(RequireResident(core.owners(), caller, event.profile_id()));
    }
  }
  return absl::OkStatus();
}

// What a caller gets back of an accepted event. The feed enriches events with
// the person's residence and key groups for statistics; a live host only
// reports what its viewers did and learns nothing about who they are.
v1::Event Shown(const Caller& caller, v1::Event event) {
  if (caller.role == Role::kLiveHost) {
    event.clear_region_code();
    event.clear_key_groups();
  }
  return event;
}

// Records `sub` (a validated request, or why it is not) once the caller may,
// and finishes with `fill(response, accepted)`.
template <typename Resp, typename Fill>
grpc::ServerUnaryReactor* AcceptSubmission(EventsCore& core, grpc::CallbackServerContext* ctx,
                                           absl::StatusOr<Submission> sub, Resp* resp, Fill fill) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const ScopedCallDeadline deadline(*ctx);  // for the ownership reads below
  const Caller caller = CallerFromContext(*ctx);
  if (sub.ok()) {
    absl::Status allowed = MayRecord(core, caller, sub->event);
    if (!allowed.ok()) sub = allowed;
  }
  if (!sub.ok()) {
    reactor->Finish(ToGrpcStatus(sub.status()));
    return reactor;
  }
  core.Record(std::move(*sub), [reactor, resp, fill, caller](absl::StatusOr<Accepted> result) {
    if (result.ok()) {
      // The recorded event's own cursor, also on a retry: the first answer's token.
      resp->set_consistency_token(FeedToken(result->event.cursor()));
      result->event = Shown(caller, std::move(result->event));
      fill(resp, *result);
    }
    reactor->Finish(ToGrpcStatus(result.status()));
  });
  return reactor;
}

// Validates `req`, records it, and finishes with `fill(response, accepted)`.
template <typename Req, typename Resp, typename Fill>
grpc::ServerUnaryReactor* Accept(EventsCore& core, grpc::CallbackServerContext* ctx, const Req* req,
                                 Resp* resp, Fill fill) {
  return AcceptSubmission(core, ctx, FromRequest(*req), resp, fill);
}

// One item's answer in a bulk response: code, message and field violations.
void SetItemStatus(const absl::Status& status, google::rpc::Status* out) {
  const grpc::Status g = ToGrpcStatus(status);
  if (g.error_details().empty() || !out->ParseFromString(g.error_details())) {
    out->set_code(static_cast<int>(status.code()));
    out->set_message(std::string(status.message()));
  }
}

template <typename Resp>
void SetEvent(Resp* resp, const Accepted& a) {
  *resp->mutable_event() = a.event;
}

// One Subscribe stream. Owns itself: it is freed by the hub (through
// Subscription::Close) after gRPC reports it done, because the hub thread is
// the only caller of the ready callback and must never call a freed reactor.
class SubscribeReactor final : public grpc::ServerWriteReactor<v1::SubscribeResponse> {
 public:
  SubscribeReactor(FeedHub& hub, grpc::CallbackServerContext* ctx,
                   std::shared_ptr<Subscription> sub, StreamPermit permit)
      : ctx_(ctx), sub_(std::move(sub)), permit_(std::move(permit)) {
    sub_->SetReadyCallback([this] { Drain(); });
    hub.Register(sub_);
  }

  void OnWriteDone(bool ok) override {
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      if (!ok) {
        FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "stream closed"));
        return;
      }
    }
    Drain();
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    if (!writing_) FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
  }

  void OnDone() override {
    sub_->Close([this] { delete this; });
  }

 private:
  // Writes the next queued message, or ends the stream once the hub has
  // given it a final status and the queue is empty.
  void Drain() {
    bool write = false;
    {
      absl::MutexLock lock(&mu_);
      if (writing_ || finished_) return;
      if (cancelled_) {
        FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
        return;
      }
      if (sub_->Pop(&current_)) {
        writing_ = true;
        write = true;
      } else {
        absl::Status final_status = sub_->FinalStatus();
        if (!final_status.ok()) {
          if (auto oldest = final_status.GetPayload(kOldestCursorPayload)) {
            ctx_->AddTrailingMetadata("jobmatch-oldest-cursor", std::string(*oldest));
          }
          FinishLocked(ToGrpcStatus(final_status));
        }
      }
    }
    // Outside the lock: gRPC may run OnWriteDone inline.
    if (write) StartWrite(&current_);
  }

  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    finished_ = true;
    Finish(status);
  }

  grpc::CallbackServerContext* ctx_;
  std::shared_ptr<Subscription> sub_;
  StreamPermit permit_;  // the stream's slot, given back when freed
  absl::Mutex mu_;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  v1::SubscribeResponse current_;
};

// A stream that ends at once with `status` (bad request, expired cursor).
class FailedStream final : public grpc::ServerWriteReactor<v1::SubscribeResponse> {
 public:
  FailedStream(grpc::CallbackServerContext* ctx, const absl::Status& status) {
    if (auto oldest = status.GetPayload(kOldestCursorPayload)) {
      ctx->AddTrailingMetadata("jobmatch-oldest-cursor", std::string(*oldest));
    }
    Finish(ToGrpcStatus(status));
  }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerUnaryReactor* EventsService::RecordView(grpc::CallbackServerContext* ctx,
                                                    const v1::RecordViewRequest* req,
                                                    v1::RecordViewResponse* resp) {
  return Accept(core_, ctx, req, resp, SetEvent<v1::RecordViewResponse>);
}

grpc::ServerUnaryReactor* EventsService::RecordViews(grpc::CallbackServerContext* ctx,
                                                     const v1::RecordViewsRequest* req,
                                                     v1::RecordViewsResponse* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::Status valid = Validate(*req);
  if (!valid.ok()) {
    reactor->Finish(ToGrpcStatus(valid));
    return reactor;
  }
  // Items that fail validation or authorisation are answered here; the rest
  // go to the group commit together, remembering their place in the request.
  const Caller caller = CallerFromContext(*ctx);
  PushedCache pushed;
  std::vector<Submission> subs;
  std::vector<int> places;
  for (int i = 0; i < req->views_size(); ++i) {
    resp->add_results();
    const std::string prefix = absl::StrCat("views[", i, "]");
    absl::StatusOr<Submission> sub = FromRequest(req->views(i));
    if (sub.ok()) {
      absl::Status allowed = MayRecord(core_, caller, sub->event, &pushed);
      if (!allowed.ok()) sub = allowed;
    }
    if (!sub.ok()) {
      SetItemStatus(WithFieldPrefix(sub.status(), prefix),
                    resp->mutable_results(i)->mutable_status());
      continue;
    }
    subs.push_back(std::move(*sub));
    places.push_back(i);
  }
  core_.RecordMany(std::move(subs), [reactor, resp, caller, places = std::move(places)](
                                        std::vector<absl::StatusOr<Accepted>> results) {
    int64_t last_cursor = 0;
    for (size_t k = 0; k < results.size(); ++k) {
      v1::RecordViewResult* item = resp->mutable_results(places[k]);
      if (results[k].ok()) {
        last_cursor = std::max(last_cursor, results[k]->event.cursor());
        *item->mutable_event() = Shown(caller, std::move(results[k]->event));
      } else {
        SetItemStatus(WithFieldPrefix(results[k].status(), absl::StrCat("views[", places[k], "]")),
                      item->mutable_status());
      }
    }
    // One token for every accepted view: the newest of their cursors.
    resp->set_consistency_token(FeedToken(last_cursor));
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* EventsService::SubmitApplication(grpc::CallbackServerContext* ctx,
                                                           const v1::SubmitApplicationRequest* req,
                                                           v1::SubmitApplicationResponse* resp) {
  return Accept(core_, ctx, req, resp, SetEvent<v1::SubmitApplicationResponse>);
}

grpc::ServerUnaryReactor* EventsService::InviteInterview(grpc::CallbackServerContext* ctx,
                                                         const v1::InviteInterviewRequest* req,
                                                         v1::InviteInterviewResponse* resp) {
  return Accept(core_, ctx, req, resp, SetEvent<v1::InviteInterviewResponse>);
}

grpc::ServerUnaryReactor* EventsService::RecordHire(grpc::CallbackServerContext* ctx,
                                                    const v1::RecordHireRequest* req,
                                                    v1::RecordHireResponse* resp) {
  return Accept(core_, ctx, req, resp, [](v1::RecordHireResponse* r, const Accepted& a) {
    *r->mutable_event() = a.event;
    r->set_remaining_openings(a.remaining_openings);
  });
}

grpc::ServerUnaryReactor* EventsService::RecordRejection(grpc::CallbackServerContext* ctx,
                                                         const v1::RecordRejectionRequest* req,
                                                         v1::RecordRejectionResponse* resp) {
  return Accept(core_, ctx, req, resp, SetEvent<v1::RecordRejectionResponse>);
}

grpc::ServerUnaryReactor* EventsService::PushLivePost(grpc::CallbackServerContext* ctx,
                                                      const v1::PushLivePostRequest* req,
                                                      v1::PushLivePostResponse* resp) {
  return Accept(core_, ctx, req, resp, SetEvent<v1::PushLivePostResponse>);
}

grpc::ServerUnaryReactor* EventsService::RecordFairCheckIn(grpc::CallbackServerContext* ctx,
                                                           const v1::RecordFairCheckInRequest* req,
                                                           v1::RecordFairCheckInResponse* resp) {
  return Accept(core_, ctx, req, resp, SetEvent<v1::RecordFairCheckInResponse>);
}

grpc::ServerUnaryReactor* EventsService::RecordFieldVisit(grpc::CallbackServerContext* ctx,
                                                          const v1::RecordFieldVisitRequest* req,
                                                          v1::RecordFieldVisitResponse* resp) {
  return Accept(core_, ctx, req, resp, SetEvent<v1::RecordFieldVisitResponse>);
}

grpc::ServerWriteReactor<v1::SubscribeResponse>* EventsService::Subscribe(
    grpc::CallbackServerContext* ctx, const v1::SubscribeRequest* req) {
  absl::Status valid = Validate(*req);
  if (!valid.ok()) return new FailedStream(ctx, valid);
  StreamPermit permit;
  if (streams_ != nullptr) {
    absl::StatusOr<StreamPermit> admitted = streams_->Admit(CallerFromContext(*ctx));
    if (!admitted.ok()) return new FailedStream(ctx, admitted.status());
    permit = *std::move(admitted);
  }
  absl::StatusOr<std::shared_ptr<Subscription>> sub = core_.hub().Open(*req);
  if (!sub.ok()) return new FailedStream(ctx, sub.status());
  return new SubscribeReactor(core_.hub(), ctx, std::move(*sub), std::move(permit));
}

grpc::ServerUnaryReactor* EventsService::CampaignStats(grpc::CallbackServerContext* ctx,
                                                       const v1::CampaignStatsRequest* req,
                                                       v1::CampaignStatsResponse* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::Status valid = Validate(*req);
  if (!valid.ok()) {
    reactor->Finish(ToGrpcStatus(valid));
    return reactor;
  }
  // Sensitive groups' figures are for the bureau's own staff: analysts see
  // them as aggregates; the public, employers, hosts and jobseekers do not.
  const Caller caller = CallerFromContext(*ctx);
  const bool sensitive =
      ActsForBureau(caller) || caller.role == Role::kAnalyst || caller.role == Role::kRecruiter;
  absl::StatusOr<v1::CampaignStatsResponse> stats =
      core_.CampaignStats(req->campaign_id(), sensitive, req->region_level(), req->period());
  if (stats.ok()) *resp = std::move(*stats);
  reactor->Finish(ToGrpcStatus(stats.status()));
  return reactor;
}

// The application pipeline's steps; its lists are in applications_service.cc.

grpc::ServerUnaryReactor* EventsService::MarkApplicationViewed(
    grpc::CallbackServerContext* ctx, const v1::MarkApplicationViewedRequest* req,
    v1::MarkApplicationViewedResponse* resp) {
  return Accept(core_, ctx, req, resp, SetEvent<v1::MarkApplicationViewedResponse>);
}

grpc::ServerUnaryReactor* EventsService::RespondToInvitation(
    grpc::CallbackServerContext* ctx, const v1::RespondToInvitationRequest* req,
    v1::RespondToInvitationResponse* resp) {
  return Accept(core_, ctx, req, resp, SetEvent<v1::RespondToInvitationResponse>);
}

grpc::ServerUnaryReactor* EventsService::WithdrawApplication(
    grpc::CallbackServerContext* ctx, const v1::WithdrawApplicationRequest* req,
    v1::WithdrawApplicationResponse* resp) {
  return Accept(core_, ctx, req, resp, SetEvent<v1::WithdrawApplicationResponse>);
}

grpc::ServerUnaryReactor* EventsService::UndoHire(grpc::CallbackServerContext* ctx,
                                                  const v1::UndoHireRequest* req,
                                                  v1::UndoHireResponse* resp) {
  return Accept(core_, ctx, req, resp, [](v1::UndoHireResponse* r, const Accepted& a) {
    *r->mutable_event() = a.event;
    r->set_remaining_openings(a.remaining_openings);
  });
}

grpc::ServerUnaryReactor* EventsService::RecordFollowUp(grpc::CallbackServerContext* ctx,
                                                        const v1::RecordFollowUpRequest* req,
                                                        v1::RecordFollowUpResponse* resp) {
  return Accept(core_, ctx, req, resp, SetEvent<v1::RecordFollowUpResponse>);
}

grpc::ServerUnaryReactor* EventsService::RecordSeparation(grpc::CallbackServerContext* ctx,
                                                          const v1::RecordSeparationRequest* req,
                                                          v1::RecordSeparationResponse* resp) {
  return AcceptSubmission(core_, ctx, FromRequest(*req, absl::Now()), resp,
                          SetEvent<v1::RecordSeparationResponse>);
}

grpc::ServerUnaryReactor* EventsService::ListDueFollowUps(grpc::CallbackServerContext* ctx,
                                                          const v1::ListDueFollowUpsRequest* req,
                                                          v1::ListDueFollowUpsResponse* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const ScopedCallDeadline deadline(*ctx);
  absl::StatusOr<DueQuery> query = DueQueryFor(CallerFromContext(*ctx), *req, absl::Now());
  if (!query.ok()) {
    reactor->Finish(ToGrpcStatus(query.status()));
    return reactor;
  }
  const int page = query->limit;
  query->limit = page + 1;  // one more tells whether another page follows
  absl::StatusOr<std::vector<DueFollowUp>> due = core_.ListDue(*query);
  if (due.ok()) {
    for (int i = 0; i < static_cast<int>(due->size()) && i < page; ++i) {
      const DueFollowUp& d = (*due)[i];
      v1::DueFollowUp* out = resp->add_due();
      out->set_profile_id(d.profile_id);
      out->set_post_id(d.post_id);
      out->set_visit(d.visit);
      *out->mutable_due_time() = ToProto(d.due);
      out->set_region_code(d.region_code);
      for (const std::string& c : d.campaign_ids) out->add_campaign_ids(c);
    }
    if (static_cast<int>(due->size()) > page) {
      resp->set_next_page_token(DuePageToken(*req, *query, (*due)[page - 1]));
    }
  }
  reactor->Finish(ToGrpcStatus(due.status()));
  return reactor;
}

}  // namespace jobmatch::events
