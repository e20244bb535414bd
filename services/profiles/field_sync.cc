#include "services/profiles/field_sync.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "services/common/consistency_token.h"
#include "services/common/field_violations.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/text_checks.h"
#include "services/profiles/masking.h"
#include "services/profiles/validation.h"
#include "services/profiles/wanted_work.h"

namespace jobmatch::profiles {
namespace {

using Result = v1::FieldRecordResult;
constexpr int kMaxBatch = 1000;

void CheckRecordHeader(const v1::FieldRecord& rec, FieldViolations& v) {
  if (rec.idempotency_key().empty() || rec.idempotency_key().size() > 128) {
    v.Add("idempotency_key", "1-128 characters");
  }
  if (rec.device_id().empty() || rec.device_id().size() > 64) v.Add("device_id", "1-64 characters");
  if (rec.recruiter_id().empty() || rec.recruiter_id().size() > 64) {
    v.Add("recruiter_id", "1-64 characters");
  }
  // Stored beside the record and shown to staff: the shared text check.
  CheckText(rec.idempotency_key(), "idempotency_key", v);
  CheckText(rec.device_id(), "device_id", v);
  CheckText(rec.recruiter_id(), "recruiter_id", v);
  if (rec.record_case() == v1::FieldRecord::RECORD_NOT_SET) {
    v.Add("record", "one of registration, edit or visit is required");
  }
  if (rec.record_case() == v1::FieldRecord::kEdit && rec.base_version() <= 0) {
    v.Add("base_version", "required for an edit: the version the tablet last saw");
  }
}

void CheckVisit(const v1::VisitNote& n, const RegionDirectory& regions, FieldViolations& v) {
  if (n.region_code().empty()) {
    v.Add("visit.region_code", "required");
  } else if (!regions.IsKnown(n.region_code())) {
    v.Add("visit.region_code", "not a known region code");
  }
  for (int i = 0; i < n.wanted_occupation_codes_size(); ++i) {
    if (!IsOccupationCode(n.wanted_occupation_codes(i))) {
      v.Add(absl::StrCat("visit.wanted_occupation_codes[", i, "]"), "not an occupation code");
    }
  }
  for (int i = 0; i < n.wanted_region_codes_size(); ++i) {
    if (!regions.IsKnown(n.wanted_region_codes(i))) {
      v.Add(absl::StrCat("visit.wanted_region_codes[", i, "]"), "not a known region code");
    }
  }
  if (n.has_available_from() && !IsValidDate(n.available_from())) {
    v.Add("visit.available_from", "not a real date");
  }
  if (TextLength(n.notes()) > 2000) v.Add("visit.notes", "at most 2000 characters");
  CheckWantedTexts(n.wanted_occupation_texts(), "visit.wanted_occupation_texts", v);
}

Result Invalid(int index, const absl::Status& status) {
  Result r;
  r.set_index(index);
  r.set_outcome(Result::OUTCOME_INVALID);
  google::rpc::BadRequest bad = BadRequestOf(status);
  if (bad.field_violations().empty()) {
    auto* fv = bad.add_field_violations();
    fv->set_field("record");
    fv->set_description(std::string(status.message()));
  }
  *r.mutable_violations() = bad.field_violations();
  return r;
}

}  // namespace

absl::StatusOr<v1::SyncFieldRecordsResponse> FieldSync::Sync(
    const Caller& caller, const v1::SyncFieldRecordsRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  if (req.records_size() > kMaxBatch) v.Add("records", absl::StrCat("at most ", kMaxBatch));
  JM_RETURN_IF_ERROR(v.ToStatus());
  if (!(ActsForBureau(caller) || caller.role == Role::kRecruiter)) {
    return absl::PermissionDeniedError("field sync is for recruiters and bureau staff");
  }
  v1::SyncFieldRecordsResponse resp;
  for (int i = 0; i < req.records_size(); ++i) {
    JM_ASSIGN_OR_RETURN(*resp.add_results(), SyncOne(caller, req.records(i), i));
  }
  // Each record committed on its own (a repeat changes nothing): the outbox's
  // head now covers every change the batch made.
  JM_ASSIGN_OR_RETURN(int64_t outbox_head, manager_->store().OutboxHead());
  resp.set_consistency_token(OutboxToken(manager_->store().OutboxSchema(), outbox_head));
  return resp;
}

absl::StatusOr<v1::FieldRecordResult> FieldSync::SyncOne(const Caller& caller,
                                                         const v1::FieldRecord& rec, int index) {
  FieldViolations v;
  CheckRecordHeader(rec, v);
  v1::Profile registration;
  if (rec.has_registration()) {
    registration = rec.registration();
    ValidateProfileData(registration, "registration", manager_->Today(), manager_->regions(), v);
    ValidateNewProfileExtras(registration, "registration", v);
    manager_->CodeWantedWork(registration);
  } else if (rec.has_edit()) {
    if (rec.edit().profile().profile_id().empty()) v.Add("edit.profile.profile_id", "required");
    ValidateUpdateMask(rec.edit().update_mask(), "edit.update_mask", v);
  } else if (rec.has_visit()) {
    CheckVisit(rec.visit(), manager_->regions(), v);
    CheckMessageText(rec.visit(), "visit", v);
  }
  if (!v.empty()) return Invalid(index, v.ToStatus());

  Result result;
  bool conflict = false;
  const absl::Status status =
      manager_->store().InTransaction([&](ProfileTransaction& tx) -> absl::Status {
        result.Clear();
        result.set_index(index);
        conflict = false;
        JM_ASSIGN_OR_RETURN(std::optional<FieldRecordOutcome> done,
                            tx.ClaimFieldRecord(rec.device_id(), rec.idempotency_key()));
        if (done) {
          result.set_outcome(Result::OUTCOME_DUPLICATE);
          result.set_profile_id(done->profile_id);
          result.set_current_version(done->version);
          return absl::OkStatus();
        }
        v1::Profile profile;
        if (rec.has_registration()) {
          JM_RETURN_IF_ERROR(
              ProfileManager::CheckMayRegister(caller, registration.residence_region_code()));
          registration.set_identity_verified(ProfileManager::VouchesForIdentity(caller));
          JM_ASSIGN_OR_RETURN(profile, manager_->CreateIn(tx, registration));
        } else if (rec.has_edit()) {
          JM_ASSIGN_OR_RETURN(profile, tx.Load(rec.edit().profile().profile_id()));
          JM_RETURN_IF_ERROR(ProfileManager::CheckMayEdit(caller, profile));
          if (profile.erased()) return absl::FailedPreconditionError("the profile has been erased");
          if (rec.base_version() != profile.version()) {
            result.set_outcome(Result::OUTCOME_CONFLICT);
            result.set_profile_id(profile.profile_id());
            result.set_current_version(profile.version());
            *result.mutable_current() = PresentProfile(profile, caller, manager_->Today());
            // Nothing is written, the key's claim included (rolled back by
            // this status), so the same record sent again is judged afresh;
            // the recruiter resolves it.
            conflict = true;
            return absl::AbortedError("edit made against a stale version");
          }
          JM_RETURN_IF_ERROR(manager_->ApplyEdit(rec.edit().profile(), rec.edit().update_mask(),
                                                 "edit.profile", profile));
          JM_RETURN_IF_ERROR(manager_->SaveChangedIn(tx, profile, v1::CHANGE_TYPE_UPDATED));
        } else {
          v1::VisitNote note = rec.visit();
          manager_->CodeWantedWork(note);
          JM_RETURN_IF_ERROR(RequireRegion(caller, note.region_code()));
          if (!note.profile_id().empty()) {
            JM_ASSIGN_OR_RETURN(profile, tx.Load(note.profile_id()));
          }
          VisitRecord visit{note, rec.recruiter_id(), rec.device_id(), std::nullopt};
          if (rec.has_capture_time()) visit.capture_time = rec.capture_time();
          JM_RETURN_IF_ERROR(tx.AddVisit(visit));
          v1::Event event;
          event.set_kind(v1::EVENT_KIND_FIELD_VISIT);
          event.set_profile_id(note.profile_id());
          event.set_region_code(note.region_code());
          v1::FieldVisit* fv = event.mutable_field_visit();
          fv->set_recruiter_id(rec.recruiter_id());
          fv->set_village_code(note.region_code());
          *fv->mutable_wanted_occupation_codes() = note.wanted_occupation_codes();
          JM_RETURN_IF_ERROR(tx.AppendEvent(event));
        }
        result.set_outcome(Result::OUTCOME_APPLIED);
        result.set_profile_id(profile.profile_id());
        result.set_current_version(profile.version());
        return tx.RecordFieldRecord(
            rec.device_id(), rec.idempotency_key(),
            {Result::OUTCOME_APPLIED, profile.profile_id(), profile.version()});
      });
  if (status.ok() || conflict) return result;
  if (absl::IsAlreadyExists(status)) {
    Result r;
    r.set_index(index);
    r.set_outcome(Result::OUTCOME_ALREADY_EXISTS);
    if (auto payload = status.GetPayload(kResourceInfoTypeUrl)) {
      google::rpc::ResourceInfo info;
      if (info.ParseFromString(std::string(*payload))) r.set_profile_id(info.resource_name());
    }
    return r;
  }
  // Bad data, a stranger's region, a missing or erased profile: this record only.
  if (absl::IsInvalidArgument(status) || absl::IsPermissionDenied(status) ||
      absl::IsNotFound(status) || absl::IsFailedPrecondition(status)) {
    return Invalid(index, status);
  }
  return status;
}

}  // namespace jobmatch::profiles
