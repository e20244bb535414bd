#include "services/profiles/profile_manager.h"

#include <algorithm>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/rpc/error_details.pb.h"
#include "services/common/consistency_token.h"
#include "services/common/crypto/sealed_groups.h"
#include "services/common/field_violations.h"
#include "services/common/proto_time.h"
#include "services/common/sensitive_groups.h"
#include "services/common/status_macros.h"
#include "services/profiles/key_groups.h"
#include "services/profiles/masking.h"
#include "services/profiles/validation.h"
#include "services/profiles/wanted_work.h"

namespace jobmatch::profiles {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;
// Pages filtered by key group read at most this many store batches, then
// answer what they found with a token to go on.
constexpr int kMaxListBatches = 20;

std::string NewProfileId() {
  thread_local absl::BitGen gen;
  return absl::StrFormat("pf%016x", absl::Uniform<uint64_t>(gen));
}

// A token subject that can serve as a profile id (profile_id columns are VARCHAR(40)).
bool IsUsableProfileId(absl::string_view id) {
  if (id.empty() || id.size() > 40) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

// The update mask without the "identity_verified" path, which is not a
// person-entered field but a staff act (see ProfileManager::Update).
google::protobuf::FieldMask WithoutVerification(const google::protobuf::FieldMask& mask,
                                                bool* verify) {
  google::protobuf::FieldMask rest;
  *verify = false;
  for (const std::string& path : mask.paths()) {
    if (path == "identity_verified") {
      *verify = true;
    } else {
      rest.add_paths(path);
    }
  }
  return rest;
}

bool HasGroup(const v1::Profile& presented, v1::KeyGroup group) {
  if (group == v1::KEY_GROUP_LOW_INCOME) return presented.sensitive().has_low_income();
  if (group == v1::KEY_GROUP_DISABLED) return presented.sensitive().has_disabled();
  for (const auto& m : presented.key_groups()) {
    if (m.group() == group) return true;
  }
  return false;
}

}  // namespace

absl::Status AlreadyRegistered(const std::string& profile_id) {
  absl::Status s = absl::AlreadyExistsError(
      absl::StrCat("this person is already registered as profile ", profile_id));
  google::rpc::ResourceInfo info;
  info.set_resource_type("jobmatch.v1.Profile");
  info.set_resource_name(profile_id);
  info.set_description("the existing profile of this ID number");
  s.SetPayload(kResourceInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return s;
}

ProfileManager::ProfileManager(ProfileStore* store, const RegionDirectory* regions,
                               std::function<absl::Time()> clock,
                               const occupation::OccupationClassifier* classifier,
                               const DataProtector* stats_key)
    : store_(store),
      regions_(regions),
      clock_(std::move(clock)),
      classifier_(classifier != nullptr ? classifier : &occupation::DefaultClassifier()),
      stats_key_(stats_key) {}

void ProfileManager::CodeWantedWork(v1::Profile& profile) const {
  CodeWantedTexts(*classifier_, *profile.mutable_wanted_occupation_codes(),
                  *profile.mutable_wanted_occupation_texts());
}

void ProfileManager::CodeWantedWork(v1::VisitNote& note) const {
  CodeWantedTexts(*classifier_, *note.mutable_wanted_occupation_codes(),
                  *note.mutable_wanted_occupation_texts());
}

absl::CivilDay ProfileManager::Today() const { return absl::ToCivilDay(clock_(), ChinaTimeZone()); }

absl::Status ProfileManager::CheckMayEdit(const Caller& caller, const v1::Profile& profile) {
  if (ActsForBureau(caller) || IsSubject(caller, profile.profile_id())) return absl::OkStatus();
  if (caller.role == Role::kRecruiter && (CoversRegion(caller, profile.residence_region_code()) ||
                                          CoversRegion(caller, profile.hukou_region_code()))) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError("you may not change this profile");
}

bool ProfileManager::VouchesForIdentity(const Caller& caller) {
  return caller.role == Role::kAdmin || caller.role == Role::kRecruiter;
}

absl::Status ProfileManager::CheckMayRead(const Caller& caller, const v1::Profile& profile) {
  if (ActsForBureau(caller)) return absl::OkStatus();
  if (caller.role == Role::kJobseeker && IsSubject(caller, profile.profile_id())) {
    return absl::OkStatus();
  }
  if (caller.role == Role::kRecruiter && (CoversRegion(caller, profile.residence_region_code()) ||
                                          CoversRegion(caller, profile.hukou_region_code()))) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError("you may not see this profile");
}

absl::Status ProfileManager::CheckMayRegister(const Caller& caller, const std::string& residence) {
  switch (caller.role) {
    case Role::kAdmin:
    case Role::kService:
    case Role::kJobseeker:  // registering themself
      return absl::OkStatus();
    case Role::kRecruiter:
      return RequireRegion(caller, residence);
    default:
      return absl::PermissionDeniedError("your role may not register jobseekers");
  }
}

v1::Event ProfileManager::ProfileEvent(const v1::Profile& profile, v1::ChangeType type) const {
  v1::Event event;
  event.set_kind(v1::EVENT_KIND_PROFILE_CHANGED);
  event.set_profile_id(profile.profile_id());
  event.set_region_code(profile.residence_region_code());
  // Presented as for an employer: never LOW_INCOME or DISABLED.
  const v1::Profile shown = PresentProfile(profile, Caller(), Today());
  for (const auto& m : shown.key_groups()) event.add_key_groups(m.group());
  if (stats_key_ != nullptr) {
    // The statuses in force as staff see them, sealed even when there are
    // none, so that a status that ends stops counting.
    Caller service;
    service.role = Role::kService;
    const v1::Profile staff_view = PresentProfile(profile, service, Today());
    uint32_t mask = 0;
    for (const int g : kSensitiveKeyGroups) {
      if (HasGroup(staff_view, static_cast<v1::KeyGroup>(g))) mask |= 1u << g;
    }
    event.set_sealed_sensitive_groups(SealSensitiveGroups(*stats_key_, profile.profile_id(), mask));
  }
  event.mutable_change()->set_change_type(type);
  event.mutable_change()->set_version(profile.version());
  return event;
}

absl::StatusOr<v1::Profile> ProfileManager::CreateIn(ProfileTransaction& tx, v1::Profile profile) {
  JM_ASSIGN_OR_RETURN(std::optional<std::string> existing,
                      tx.FindByIdNumber(profile.sensitive().id_number()));
  if (existing) return AlreadyRegistered(*existing);
  if (profile.identity_verified()) {
    JM_ASSIGN_OR_RETURN(std::vector<v1::KeyGroupMembership> pending,
                        tx.TakePendingMemberships(profile.sensitive().id_number()));
    for (const auto& m : pending) ApplyMembership(m, profile);
  }
  if (profile.profile_id().empty()) profile.set_profile_id(NewProfileId());
  profile.set_version(1);
  *profile.mutable_create_time() = ToProto(Now());
  *profile.mutable_update_time() = profile.create_time();
  absl::Status inserted = tx.Insert(profile);
  if (absl::IsAlreadyExists(inserted)) {
    // Lost a race with a concurrent registration of the same person.
    return absl::AbortedError("the person was registered concurrently; retry");
  }
  JM_RETURN_IF_ERROR(inserted);
  JM_RETURN_IF_ERROR(tx.AppendEvent(ProfileEvent(profile, v1::CHANGE_TYPE_CREATED)));
  return profile;
}

absl::Status ProfileManager::SaveChangedIn(ProfileTransaction& tx, v1::Profile& profile,
                                           v1::ChangeType type) {
  profile.set_version(profile.version() + 1);
  *profile.mutable_update_time() = ToProto(Now());
  JM_RETURN_IF_ERROR(tx.Save(profile));
  return tx.AppendEvent(ProfileEvent(profile, type));
}

absl::Status ProfileManager::ApplyEdit(const v1::Profile& edit,
                                       const google::protobuf::FieldMask& mask,
                                       const std::string& path, v1::Profile& stored) const {
  v1::Profile merged = stored;
  ApplyUpdateMask(mask, edit, merged);
  // The statuses are managed by their own RPCs; check the rest as entered.
  v1::Profile check = merged;
  check.mutable_sensitive()->clear_low_income();
  check.mutable_sensitive()->clear_disabled();
  FieldViolations v;
  ValidateProfileData(check, path, Today(), *regions_, v);
  JM_RETURN_IF_ERROR(v.ToStatus());
  // Texts left uncoded before are tried again: the lexicon may know them now.
  CodeWantedWork(merged);
  stored = std::move(merged);
  return absl::OkStatus();
}

absl::Status ProfileManager::RecordAnswer(ProfileTransaction& tx, absl::string_view method,
                                          absl::string_view request_id,
                                          const google::protobuf::Message& request,
                                          int64_t* outbox_id, RequestRecord record) {
  JM_ASSIGN_OR_RETURN(*outbox_id, tx.OutboxPosition());
  record.outbox_id = *outbox_id;
  return tx.RecordRequest(method, request_id, request, record);
}

absl::StatusOr<v1::RegisterProfileResponse> ProfileManager::Register(
    const Caller& caller, const v1::RegisterProfileRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  v1::Profile profile = req.profile();
  ValidateProfileData(profile, "profile", Today(), *regions_, v);
  ValidateNewProfileExtras(profile, "profile", v);
  JM_RETURN_IF_ERROR(v.ToStatus());
  JM_RETURN_IF_ERROR(CheckMayRegister(caller, profile.residence_region_code()));
  const bool self = caller.role == Role::kJobseeker;
  if (self && !IsUsableProfileId(caller.subject_id)) {
    return absl::PermissionDeniedError(
        "your token names no usable profile id (1-40 letters, digits, - or _)");
  }
  CodeWantedWork(profile);
  // Server-owned fields are never taken from the client.
  profile.clear_age();
  profile.clear_version();
  profile.clear_create_time();
  profile.clear_update_time();
  // A jobseeker registers only themself: the profile is the one their token
  // names, so one token holds at most one identity and every claim of an ID
  // number is attributable. Nobody vouches for that claim until staff do.
  if (self) profile.set_profile_id(caller.subject_id);
  profile.set_identity_verified(VouchesForIdentity(caller));

  v1::Profile result;
  int64_t outbox_id = 0;
  absl::Status done = store_->InTransaction([&](ProfileTransaction& tx) -> absl::Status {
    JM_ASSIGN_OR_RETURN(auto prior, tx.FindRequest("RegisterProfile", req.request_id(), req));
    if (prior) {
      outbox_id = prior->outbox_id;
      // Another jobseeker replaying a request id must not read its answer.
      if (self && prior->profile_id != caller.subject_id) {
        return InvalidField("request_id", "already used for a different request");
      }
      JM_ASSIGN_OR_RETURN(result, tx.Load(prior->profile_id));
      return absl::OkStatus();
    }
    if (self) {
      absl::StatusOr<v1::Profile> mine = tx.Load(caller.subject_id);
      if (mine.ok()) return absl::AlreadyExistsError("you are already registered");
      if (!absl::IsNotFound(mine.status())) return mine.status();
    }
    JM_ASSIGN_OR_RETURN(result, CreateIn(tx, profile));
    return RecordAnswer(tx, "RegisterProfile", req.request_id(), req, &outbox_id,
                        {result.profile_id(), ""});
  });
  if (absl::IsAlreadyExists(done) && self) {
    // Opaque to jobseekers: neither the existing profile's id nor whether the
    // ID number or the token's own profile was taken; staff resolve it.
    return absl::AlreadyExistsError(
        "already registered; if this is your ID number and you did not register it, "
        "ask a public employment service point to check your identity");
  }
  JM_RETURN_IF_ERROR(done);
  v1::RegisterProfileResponse resp;
  *resp.mutable_profile() = PresentProfile(result, caller, Today());
  resp.set_consistency_token(OutboxToken(store_->OutboxSchema(), outbox_id));
  return resp;
}

absl::StatusOr<v1::GetProfileResponse> ProfileManager::Get(const Caller& caller,
                                                           const v1::GetProfileRequest& req) {
  if (req.profile_id().empty()) return InvalidField("profile_id", "required");
  // Decided before reading, so that a jobseeker cannot tell others' ids exist.
  if (caller.role == Role::kJobseeker && !IsSubject(caller, req.profile_id())) {
    return absl::PermissionDeniedError("a jobseeker may see only their own profile");
  }
  JM_ASSIGN_OR_RETURN(v1::Profile stored, store_->Get(req.profile_id()));
  JM_RETURN_IF_ERROR(CheckMayRead(caller, stored));
  v1::GetProfileResponse resp;
  *resp.mutable_profile() = PresentProfile(stored, caller, Today());
  return resp;
}

absl::StatusOr<v1::UpdateProfileResponse> ProfileManager::Update(
    const Caller& caller, const v1::UpdateProfileRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  if (req.profile().profile_id().empty()) v.Add("profile.profile_id", "required");
  bool verify = false;
  const google::protobuf::FieldMask edit_mask = WithoutVerification(req.update_mask(), &verify);
  if (!verify || edit_mask.paths_size() > 0) ValidateUpdateMask(edit_mask, "update_mask", v);
  if (verify && !req.profile().identity_verified()) {
    v.Add("profile.identity_verified", "can only be set to true: a verification is not undone");
  }
  if (req.expected_version() < 0) v.Add("expected_version", "must not be negative");
  JM_RETURN_IF_ERROR(v.ToStatus());
  if (verify && !VouchesForIdentity(caller)) {
    return absl::PermissionDeniedError(
        "identity_verified: only bureau staff verify an identity, with the ID document in hand");
  }

  v1::Profile result;
  int64_t outbox_id = 0;
  JM_RETURN_IF_ERROR(store_->InTransaction([&](ProfileTransaction& tx) -> absl::Status {
    JM_ASSIGN_OR_RETURN(auto prior, tx.FindRequest("UpdateProfile", req.request_id(), req));
    if (prior) {
      outbox_id = prior->outbox_id;
      JM_ASSIGN_OR_RETURN(result, tx.Load(prior->profile_id));
      return absl::OkStatus();
    }
    JM_ASSIGN_OR_RETURN(result, tx.Load(req.profile().profile_id()));
    JM_RETURN_IF_ERROR(CheckMayEdit(caller, result));
    if (result.erased()) return absl::FailedPreconditionError("the profile has been erased");
    if (req.expected_version() != 0 && req.expected_version() != result.version()) {
      return absl::AbortedError(absl::StrCat("profile is at version ", result.version(), ", not ",
                                             req.expected_version()));
    }
    if (edit_mask.paths_size() > 0) {
      JM_RETURN_IF_ERROR(ApplyEdit(req.profile(), edit_mask, "profile", result));
    }
    if (verify && !result.identity_verified()) {
      // Statuses imported while nobody vouched for the ID number attach now.
      result.set_identity_verified(true);
      JM_ASSIGN_OR_RETURN(std::vector<v1::KeyGroupMembership> pending,
                          tx.TakePendingMemberships(result.sensitive().id_number()));
      for (const auto& m : pending) ApplyMembership(m, result);
    }
    JM_RETURN_IF_ERROR(SaveChangedIn(tx, result, v1::CHANGE_TYPE_UPDATED));
    return RecordAnswer(tx, "UpdateProfile", req.request_id(), req, &outbox_id,
                        {result.profile_id(), ""});
  }));
  v1::UpdateProfileResponse resp;
  *resp.mutable_profile() = PresentProfile(result, caller, Today());
  resp.set_consistency_token(OutboxToken(store_->OutboxSchema(), outbox_id));
  return resp;
}

absl::StatusOr<v1::ListProfilesResponse> ProfileManager::List(const Caller& caller,
                                                              const v1::ListProfilesRequest& req) {
  FieldViolations v;
  if (req.page_size() < 0) v.Add("page_size", "must not be negative");
  int64_t after = 0;
  if (!req.page_token().empty() && (!absl::SimpleAtoi(req.page_token(), &after) || after < 0)) {
    v.Add("page_token", "not a token from an earlier answer");
  }
  if (req.region_prefix().size() > 12 ||
      !std::all_of(req.region_prefix().begin(), req.region_prefix().end(),
                   [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); })) {
    v.Add("region_prefix", "up to 12 digits");
  }
  if (!v1::KeyGroup_IsValid(req.key_group())) v.Add("key_group", "unknown key group");
  JM_RETURN_IF_ERROR(v.ToStatus());
  if (!ActsForBureau(caller) && caller.role != Role::kRecruiter) {
    return absl::PermissionDeniedError("listing profiles is for recruiters and bureau staff");
  }
  if (IsSensitiveGroup(req.key_group()) && !MaySeeSensitiveStatus(caller)) {
    return absl::PermissionDeniedError("you may not filter by a sensitive status");
  }
  const int page_size =
      req.page_size() == 0 ? kDefaultPageSize : std::min(req.page_size(), kMaxPageSize);
  const absl::CivilDay today = Today();
  v1::ListProfilesResponse resp;
  if (caller.role == Role::kRecruiter && caller.region_prefixes.empty()) return resp;
  ListQuery query{after, page_size, req.region_prefix()};
  // A recruiter of one region asking for everything reads only that region;
  // with several, the rows are filtered below.
  if (query.region_prefix.empty() && caller.role == Role::kRecruiter &&
      caller.region_prefixes.size() == 1) {
    query.region_prefix = caller.region_prefixes[0];
  }
  for (int batch = 0; batch < kMaxListBatches; ++batch) {
    JM_ASSIGN_OR_RETURN(std::vector<ListedProfile> rows, store_->List(query));
    for (const ListedProfile& row : rows) {
      query.after_seq = row.seq;
      if (!CheckMayRead(caller, row.profile).ok()) continue;  // outside the caller's regions
      v1::Profile shown = PresentProfile(row.profile, caller, today);
      if (req.key_group() != v1::KEY_GROUP_UNSPECIFIED && !HasGroup(shown, req.key_group())) {
        continue;
      }
      *resp.add_profiles() = std::move(shown);
      if (resp.profiles_size() == page_size) break;
    }
    if (resp.profiles_size() == page_size) break;
    if (static_cast<int>(rows.size()) < query.limit) return resp;  // no more rows
  }
  resp.set_next_page_token(absl::StrCat(query.after_seq));
  return resp;
}

}  // namespace jobmatch::profiles
