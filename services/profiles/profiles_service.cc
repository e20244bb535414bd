#include "services/profiles/profiles_service.h"

#include "google/rpc/status.pb.h"
#include "services/common/call_deadline.h"
#include "services/common/caller.h"
#include "services/common/grpc_status.h"

namespace jobmatch::profiles {
namespace {

template <typename T>
grpc::Status Answer(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return ToGrpcWithResource(result.status());
  *response = std::move(*result);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status ToGrpcWithResource(const absl::Status& status) {
  auto info = status.GetPayload(kResourceInfoTypeUrl);
  if (!info) return ToGrpcStatus(status);
  google::rpc::Status details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(std::string(status.message()));
  auto* any = details.add_details();
  any->set_type_url(std::string(kResourceInfoTypeUrl));
  any->set_value(std::string(*info));
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      details.SerializeAsString());
}

grpc::Status ProfilesService::RegisterProfile(grpc::ServerContext* ctx,
                                              const v1::RegisterProfileRequest* req,
                                              v1::RegisterProfileResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(manager_->Register(CallerFromContext(*ctx), *req), resp);
}

grpc::Status ProfilesService::GetProfile(grpc::ServerContext* ctx, const v1::GetProfileRequest* req,
                                         v1::GetProfileResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(manager_->Get(CallerFromContext(*ctx), *req), resp);
}

grpc::Status ProfilesService::UpdateProfile(grpc::ServerContext* ctx,
                                            const v1::UpdateProfileRequest* req,
                                            v1::UpdateProfileResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(manager_->Update(CallerFromContext(*ctx), *req), resp);
}

grpc::Status ProfilesService::ListProfiles(grpc::ServerContext* ctx,
                                           const v1::ListProfilesRequest* req,
                                           v1::ListProfilesResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(manager_->List(CallerFromContext(*ctx), *req), resp);
}

grpc::Status ProfilesService::DeclareKeyGroup(grpc::ServerContext* ctx,
                                              const v1::DeclareKeyGroupRequest* req,
                                              v1::DeclareKeyGroupResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(manager_->DeclareKeyGroup(CallerFromContext(*ctx), *req), resp);
}

grpc::Status ProfilesService::ImportKeyGroups(grpc::ServerContext* ctx,
                                              const v1::ImportKeyGroupsRequest* req,
                                              v1::ImportKeyGroupsResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(manager_->ImportKeyGroups(CallerFromContext(*ctx), *req), resp);
}

grpc::Status ProfilesService::RecordConsent(grpc::ServerContext* ctx,
                                            const v1::RecordConsentRequest* req,
                                            v1::RecordConsentResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(manager_->RecordConsent(CallerFromContext(*ctx), *req), resp);
}

grpc::Status ProfilesService::EraseProfile(grpc::ServerContext* ctx,
                                           const v1::EraseProfileRequest* req,
                                           v1::EraseProfileResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(manager_->Erase(CallerFromContext(*ctx), *req), resp);
}

grpc::Status ProfilesService::RevealSensitiveData(grpc::ServerContext* ctx,
                                                  const v1::RevealSensitiveDataRequest* req,
                                                  v1::RevealSensitiveDataResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(manager_->Reveal(CallerFromContext(*ctx), *req), resp);
}

grpc::Status ProfilesService::SyncFieldRecords(grpc::ServerContext* ctx,
                                               const v1::SyncFieldRecordsRequest* req,
                                               v1::SyncFieldRecordsResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(sync_.Sync(CallerFromContext(*ctx), *req), resp);
}

}  // namespace jobmatch::profiles
