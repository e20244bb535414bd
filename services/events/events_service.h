// The gRPC face of the events service (callback API): each handler validates
// its request, hands it to EventsCore and turns the answer into a response.
// Unary calls finish from the core's worker threads; Subscribe streams are
// reactors fed by the FeedHub.
#ifndef JOBMATCH_SERVICES_EVENTS_EVENTS_SERVICE_H_
#define JOBMATCH_SERVICES_EVENTS_EVENTS_SERVICE_H_

#include "jobmatch/v1/events.grpc.pb.h"
#include "services/common/stream_limits.h"
#include "services/events/events_core.h"

namespace jobmatch::events {

class EventsService final : public v1::EventsService::CallbackService {
 public:
  // `core` must outlive the service, and so must `streams` (caps on open
  // Subscribe streams; null: none).
  explicit EventsService(EventsCore* core, StreamLimiter* streams = nullptr)
      : core_(*core), streams_(streams) {}

  grpc::ServerUnaryReactor* RecordView(grpc::CallbackServerContext* ctx,
                                       const v1::RecordViewRequest* req,
                                       v1::RecordViewResponse* resp) override;
  grpc::ServerUnaryReactor* RecordViews(grpc::CallbackServerContext* ctx,
                                        const v1::RecordViewsRequest* req,
                                        v1::RecordViewsResponse* resp) override;
  grpc::ServerUnaryReactor* SubmitApplication(grpc::CallbackServerContext* ctx,
                                              const v1::SubmitApplicationRequest* req,
                                              v1::SubmitApplicationResponse* resp) override;
  grpc::ServerUnaryReactor* InviteInterview(grpc::CallbackServerContext* ctx,
                                            const v1::InviteInterviewRequest* req,
                                            v1::InviteInterviewResponse* resp) override;
  grpc::ServerUnaryReactor* RecordHire(grpc::CallbackServerContext* ctx,
                                       const v1::RecordHireRequest* req,
                                       v1::RecordHireResponse* resp) override;
  grpc::ServerUnaryReactor* RecordRejection(grpc::CallbackServerContext* ctx,
                                            const v1::RecordRejectionRequest* req,
                                            v1::RecordRejectionResponse* resp) override;
  grpc::ServerUnaryReactor* PushLivePost(grpc::CallbackServerContext* ctx,
                                         const v1::PushLivePostRequest* req,
                                         v1::PushLivePostResponse* resp) override;
  grpc::ServerUnaryReactor* RecordFairCheckIn(grpc::CallbackServerContext* ctx,
                                              const v1::RecordFairCheckInRequest* req,
                                              v1::RecordFairCheckInResponse* resp) override;
  grpc::ServerUnaryReactor* RecordFieldVisit(grpc::CallbackServerContext* ctx,
                                             const v1::RecordFieldVisitRequest* req,
                                             v1::RecordFieldVisitResponse* resp) override;
  grpc::ServerWriteReactor<v1::SubscribeResponse>* Subscribe(
      grpc::CallbackServerContext* ctx, const v1::SubscribeRequest* req) override;
  grpc::ServerUnaryReactor* CampaignStats(grpc::CallbackServerContext* ctx,
                                          const v1::CampaignStatsRequest* req,
                                          v1::CampaignStatsResponse* resp) override;
  grpc::ServerUnaryReactor* ListMyApplications(grpc::CallbackServerContext* ctx,
                                               const v1::ListMyApplicationsRequest* req,
                                               v1::ListMyApplicationsResponse* resp) override;
  grpc::ServerUnaryReactor* ListApplicants(grpc::CallbackServerContext* ctx,
                                           const v1::ListApplicantsRequest* req,
                                           v1::ListApplicantsResponse* resp) override;
  grpc::ServerUnaryReactor* MarkApplicationViewed(grpc::CallbackServerContext* ctx,
                                                  const v1::MarkApplicationViewedRequest* req,
                                                  v1::MarkApplicationViewedResponse* resp) override;
  grpc::ServerUnaryReactor* RespondToInvitation(grpc::CallbackServerContext* ctx,
                                                const v1::RespondToInvitationRequest* req,
                                                v1::RespondToInvitationResponse* resp) override;
  grpc::ServerUnaryReactor* WithdrawApplication(grpc::CallbackServerContext* ctx,
                                                const v1::WithdrawApplicationRequest* req,
                                                v1::WithdrawApplicationResponse* resp) override;
  grpc::ServerUnaryReactor* UndoHire(grpc::CallbackServerContext* ctx,
                                     const v1::UndoHireRequest* req,
                                     v1::UndoHireResponse* resp) override;
  grpc::ServerUnaryReactor* RecordFollowUp(grpc::CallbackServerContext* ctx,
                                           const v1::RecordFollowUpRequest* req,
                                           v1::RecordFollowUpResponse* resp) override;
  grpc::ServerUnaryReactor* RecordSeparation(grpc::CallbackServerContext* ctx,
                                             const v1::RecordSeparationRequest* req,
                                             v1::RecordSeparationResponse* resp) override;
  grpc::ServerUnaryReactor* ListDueFollowUps(grpc::CallbackServerContext* ctx,
                                             const v1::ListDueFollowUpsRequest* req,
                                             v1::ListDueFollowUpsResponse* resp) override;

 private:
  EventsCore& core_;
  StreamLimiter* streams_;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_EVENTS_SERVICE_H_
