// The gRPC face of the profiles service: reads the caller, hands the request
// to the domain (ProfileManager, FieldSync) and the answer back.
#ifndef JOBMATCH_SERVICES_PROFILES_PROFILES_SERVICE_H_
#define JOBMATCH_SERVICES_PROFILES_PROFILES_SERVICE_H_

#include "jobmatch/v1/profiles.grpc.pb.h"
#include "services/profiles/field_sync.h"
#include "services/profiles/profile_manager.h"

namespace jobmatch::profiles {

class ProfilesService final : public v1::ProfilesService::Service {
 public:
  // `manager` must outlive the service.
  explicit ProfilesService(ProfileManager* manager) : manager_(manager), sync_(manager) {}

  grpc::Status RegisterProfile(grpc::ServerContext* ctx, const v1::RegisterProfileRequest* req,
                               v1::RegisterProfileResponse* resp) override;
  grpc::Status GetProfile(grpc::ServerContext* ctx, const v1::GetProfileRequest* req,
                          v1::GetProfileResponse* resp) override;
  grpc::Status UpdateProfile(grpc::ServerContext* ctx, const v1::UpdateProfileRequest* req,
                             v1::UpdateProfileResponse* resp) override;
  grpc::Status ListProfiles(grpc::ServerContext* ctx, const v1::ListProfilesRequest* req,
                            v1::ListProfilesResponse* resp) override;
  grpc::Status DeclareKeyGroup(grpc::ServerContext* ctx, const v1::DeclareKeyGroupRequest* req,
                               v1::DeclareKeyGroupResponse* resp) override;
  grpc::Status ImportKeyGroups(grpc::ServerContext* ctx, const v1::ImportKeyGroupsRequest* req,
                               v1::ImportKeyGroupsResponse* resp) override;
  grpc::Status RecordConsent(grpc::ServerContext* ctx, const v1::RecordConsentRequest* req,
                             v1::RecordConsentResponse* resp) override;
  grpc::Status EraseProfile(grpc::ServerContext* ctx, const v1::EraseProfileRequest* req,
                            v1::EraseProfileResponse* resp) override;
  grpc::Status RevealSensitiveData(grpc::ServerContext* ctx,
                                   const v1::RevealSensitiveDataRequest* req,
                                   v1::RevealSensitiveDataResponse* resp) override;
  grpc::Status SyncFieldRecords(grpc::ServerContext* ctx, const v1::SyncFieldRecordsRequest* req,
                                v1::SyncFieldRecordsResponse* resp) override;

 private:
  ProfileManager* manager_;
  FieldSync sync_;
};

// ToGrpcStatus, plus the google.rpc.ResourceInfo detail that ALREADY_EXISTS
// carries (the existing profile id; see AlreadyRegistered).
grpc::Status ToGrpcWithResource(const absl::Status& status);

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_PROFILES_SERVICE_H_
