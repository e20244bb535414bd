// The profiles domain: every operation of the profiles service as a plain
// class over a ProfileStore, a RegionDirectory and a clock. Knows nothing of
// gRPC or SQL. Each mutation runs in one store transaction that also writes
// its outbox event and its request_id record, so a failed call leaves
// nothing behind and a retried one has exactly one effect.
#ifndef JOBMATCH_SERVICES_PROFILES_PROFILE_MANAGER_H_
#define JOBMATCH_SERVICES_PROFILES_PROFILE_MANAGER_H_

#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "jobmatch/v1/events.pb.h"
#include "jobmatch/v1/profiles.pb.h"
#include "services/common/caller.h"
#include "services/common/crypto/data_protector.h"
#include "services/common/occupation/classifier.h"
#include "services/profiles/profile_store.h"
#include "services/profiles/region_directory.h"

namespace jobmatch::profiles {

// The detail type under which ALREADY_EXISTS carries the existing profile id
// (a serialized google.rpc.ResourceInfo, resource_name = the profile id).
inline constexpr absl::string_view kResourceInfoTypeUrl =
    "type.googleapis.com/google.rpc.ResourceInfo";

// ALREADY_EXISTS "already registered as profile <id>" with a ResourceInfo.
absl::Status AlreadyRegistered(const std::string& profile_id);

// Thread-safe (the store is).
class ProfileManager {
 public:
  // `store`, `regions` and `classifier` must outlive the manager; `clock`
  // gives "now" (tests inject a fixed one to check derivations on boundary
  // days); `classifier` codes wanted work given as text (nullptr: the
  // platform's, occupation::DefaultClassifier()); `stats_key`, when given,
  // seals each person's sensitive groups into their change events for the
  // events service's staff statistics (sealed_groups.h; nullptr: those
  // statistics count no one in LOW_INCOME or DISABLED).
  ProfileManager(ProfileStore* store, const RegionDirectory* regions,
                 std::function<absl::Time()> clock = absl::Now,
                 const occupation::OccupationClassifier* classifier = nullptr,
                 const DataProtector* stats_key = nullptr);

  absl::StatusOr<v1::RegisterProfileResponse> Register(const Caller& caller,
                                                       const v1::RegisterProfileRequest& req);
  absl::StatusOr<v1::GetProfileResponse> Get(const Caller& caller,
                                             const v1::GetProfileRequest& req);
  absl::StatusOr<v1::UpdateProfileResponse> Update(const Caller& caller,
                                                   const v1::UpdateProfileRequest& req);
  absl::StatusOr<v1::ListProfilesResponse> List(const Caller& caller,
                                                const v1::ListProfilesRequest& req);
  absl::StatusOr<v1::DeclareKeyGroupResponse> DeclareKeyGroup(
      const Caller& caller, const v1::DeclareKeyGroupRequest& req);
  absl::StatusOr<v1::ImportKeyGroupsResponse> ImportKeyGroups(
      const Caller& caller, const v1::ImportKeyGroupsRequest& req);
  absl::StatusOr<v1::RecordConsentResponse> RecordConsent(const Caller& caller,
                                                          const v1::RecordConsentRequest& req);
  absl::StatusOr<v1::EraseProfileResponse> Erase(const Caller& caller,
                                                 const v1::EraseProfileRequest& req);
  absl::StatusOr<v1::RevealSensitiveDataResponse> Reveal(const Caller& caller,
                                                         const v1::RevealSensitiveDataRequest& req);

  // --- Building blocks shared with FieldSync; run inside `tx`. ---
  absl::Time Now() const { return clock_(); }
  absl::CivilDay Today() const;
  const RegionDirectory& regions() const { return *regions_; }
  // Codes wanted_occupation_texts into wanted_occupation_codes (CodeWantedTexts).
  void CodeWantedWork(v1::Profile& profile) const;
  void CodeWantedWork(v1::VisitNote& note) const;
  ProfileStore& store() { return *store_; }

  // Stores a validated new profile (assigns id, version 1 and times, applies
  // pending imported memberships) and writes its event. ALREADY_EXISTS (see
  // AlreadyRegistered) if the person is registered.
  absl::StatusOr<v1::Profile> CreateIn(ProfileTransaction& tx, v1::Profile profile);
  // Bumps the version and update time of a changed profile, saves it and
  // writes its event.
  absl::Status SaveChangedIn(ProfileTransaction& tx, v1::Profile& profile, v1::ChangeType type);
  // Records the answer to a request with the outbox position its change
  // reached, which `outbox_id` receives (the consistency token's).
  static absl::Status RecordAnswer(ProfileTransaction& tx, absl::string_view method,
                                   absl::string_view request_id,
                                   const google::protobuf::Message& request, int64_t* outbox_id,
                                   RequestRecord record);
  // Applies a masked edit to `stored` and validates the result; violations
  // are reported under `path` ("profile"). `stored` is untouched on error.
  absl::Status ApplyEdit(const v1::Profile& edit, const google::protobuf::FieldMask& mask,
                         const std::string& path, v1::Profile& stored) const;

  // OK if `caller` may change `profile` (the bureau, the person, a recruiter
  // covering where they live or are registered), else PERMISSION_DENIED.
  static absl::Status CheckMayEdit(const Caller& caller, const v1::Profile& profile);
  // OK if `caller` may read `profile`: the bureau, the person themself, a
  // recruiter covering where they live or are registered; else PERMISSION_DENIED.
  static absl::Status CheckMayRead(const Caller& caller, const v1::Profile& profile);
  // Whether what `caller` registers counts as a verified identity: staff who
  // see the person and their ID document (admins, recruiters), not a
  // jobseeker's own claim nor another service passing one on.
  static bool VouchesForIdentity(const Caller& caller);
  // OK if `caller` may register someone living in `residence`.
  static absl::Status CheckMayRegister(const Caller& caller, const std::string& residence);

 private:
  v1::Event ProfileEvent(const v1::Profile& profile, v1::ChangeType type) const;

  ProfileStore* store_;
  const RegionDirectory* regions_;
  std::function<absl::Time()> clock_;
  const occupation::OccupationClassifier* classifier_;
  const DataProtector* const stats_key_;
};

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_PROFILE_MANAGER_H_
