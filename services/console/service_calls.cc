#include "services/console/service_calls.h"

#include "absl/strings/str_cat.h"
#include "clients/lib/channel.h"
#include "jobmatch/v1/events.grpc.pb.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "jobmatch/v1/postings.grpc.pb.h"
#include "services/common/status_macros.h"
#include "services/console/json_io.h"

namespace jobmatch::console {
namespace {

// A request_id for a mutating request that came without one, so that the
// runner's retries of it have exactly one effect.
void EnsureRequestIdField(google::protobuf::Message* request) {
  const auto* field = request->GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) return;
  const auto* reflection = request->GetReflection();
  if (reflection->GetString(*request, field).empty()) {
    reflection->SetString(request, field, client::NewRequestId());
  }
}

// One unary RPC of `Service`, read from and answered in JSON.
template <typename Service, typename Request, typename Response>
auto Unary(std::shared_ptr<grpc::Channel> channel,
           grpc::Status (Service::Stub::*method)(grpc::ClientContext*, const Request&, Response*)) {
  auto stub = std::make_shared<typename Service::Stub>(channel);
  return [stub, method](absl::string_view body,
                        const client::CallRunner& runner) -> absl::StatusOr<std::string> {
    Request request;
    JM_RETURN_IF_ERROR(ParseJsonRequest(body, &request));
    EnsureRequestIdField(&request);
    JM_ASSIGN_OR_RETURN(Response response, runner.Unary(stub.get(), method, request));
    return ToJson(response);
  };
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServiceCalls>> ServiceCalls::Connect(const ServiceTargets& targets) {
  client::ConnectionSettings settings;
  settings.ca_file = targets.ca_file;
  std::unique_ptr<ServiceCalls> calls(new ServiceCalls());
  JM_ASSIGN_OR_RETURN(calls->postings_, client::MakeChannel(targets.postings, settings));
  JM_ASSIGN_OR_RETURN(calls->profiles_, client::MakeChannel(targets.profiles, settings));
  JM_ASSIGN_OR_RETURN(calls->events_, client::MakeChannel(targets.events, settings));
  JM_ASSIGN_OR_RETURN(calls->matcher_, client::MakeChannel(targets.matcher, settings));
  calls->AddHandlers();
  return calls;
}

void ServiceCalls::AddHandlers() {
  using v1::EventsService;
  using v1::MatcherService;
  using v1::MatcherWorkService;
  using v1::PostingsService;
  // Campaigns and posts (dashboard, host console, review queue).
  handlers_["ListCampaigns"] =
      Unary<PostingsService>(postings_, &PostingsService::Stub::ListCampaigns);
  handlers_["GetPost"] = Unary<PostingsService>(postings_, &PostingsService::Stub::GetPost);
  handlers_["ListPosts"] = Unary<PostingsService>(postings_, &PostingsService::Stub::ListPosts);
  handlers_["SearchPosts"] = Unary<PostingsService>(postings_, &PostingsService::Stub::SearchPosts);
  handlers_["ListPostsForModeration"] =
      Unary<PostingsService>(postings_, &PostingsService::Stub::ListPostsForModeration);
  handlers_["ApprovePost"] = Unary<PostingsService>(postings_, &PostingsService::Stub::ApprovePost);
  handlers_["RejectPost"] = Unary<PostingsService>(postings_, &PostingsService::Stub::RejectPost);
  handlers_["ListPostsForReview"] =
      Unary<PostingsService>(postings_, &PostingsService::Stub::ListPostsForReview);
  handlers_["ReviewPostOccupation"] =
      Unary<PostingsService>(postings_, &PostingsService::Stub::ReviewPostOccupation);
  // Figures and the live session.
  handlers_["CampaignStats"] = Unary<EventsService>(events_, &EventsService::Stub::CampaignStats);
  handlers_["PushLivePost"] = Unary<EventsService>(events_, &EventsService::Stub::PushLivePost);
  handlers_["LiveAudience"] =
      Unary<MatcherWorkService>(matcher_, &MatcherWorkService::Stub::LiveAudience);
  // Matching and planning.
  handlers_["RecommendSeekers"] =
      Unary<MatcherService>(matcher_, &MatcherService::Stub::RecommendSeekers);
  handlers_["ExplainMatch"] = Unary<MatcherService>(matcher_, &MatcherService::Stub::ExplainMatch);
  handlers_["PlanCampaign"] = Unary<MatcherService>(matcher_, &MatcherService::Stub::PlanCampaign);
}

absl::StatusOr<std::string> ServiceCalls::Call(absl::string_view method, absl::string_view body,
                                               const std::string& bearer_token) const {
  auto it = handlers_.find(method);
  if (it == handlers_.end()) {
    return absl::NotFoundError(absl::StrCat("the console offers no call ", method));
  }
  client::ClientOptions options;
  options.deadline = absl::Seconds(20);  // a plan of a whole campaign takes seconds
  options.retry.max_attempts = 2;
  options.identity.bearer_token = bearer_token;
  return it->second(body, client::CallRunner(options));
}

}  // namespace jobmatch::console
