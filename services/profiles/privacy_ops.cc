// ProfileManager operations on key groups, consent, erasure and reveal.
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/consistency_token.h"
#include "services/common/field_violations.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/text_checks.h"
#include "services/profiles/id_number.h"
#include "services/profiles/key_groups.h"
#include "services/profiles/masking.h"
#include "services/profiles/profile_manager.h"
#include "services/profiles/validation.h"

namespace jobmatch::profiles {
namespace {

constexpr int kMaxImportRows = 10000;
constexpr int kBirthYearBand = 5;

void RequireReason(absl::string_view reason, FieldViolations& v) {
  if (reason.empty()) v.Add("reason", "required: why, for the audit log");
  if (TextLength(reason) > 500) v.Add("reason", "at most 500 characters");
}

bool IsPurpose(absl::string_view purpose) {
  if (purpose.empty() || purpose.size() > 50) return false;
  for (char c : purpose) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// What erasure keeps: anonymous facts for statistics only — sex, a 5-year
// birth band (as a year-only date: month and day 0), counties, education,
// wanted work, availability, the non-sensitive key groups in force that day
// (without sources) and the consent history (purposes and times).
v1::Profile Anonymised(const v1::Profile& full, const RegionDirectory& regions,
                       absl::CivilDay today) {
  const v1::Profile shown = PresentProfile(full, Caller(), today);
  v1::Profile out;
  out.set_profile_id(full.profile_id());
  out.set_sex(full.sex());
  if (full.has_birth_date()) {
    const int year = full.birth_date().year();
    out.mutable_birth_date()->set_year(year - year % kBirthYearBand);
  }
  out.set_residence_region_code(regions.CountyOf(full.residence_region_code()));
  if (!full.hukou_region_code().empty()) {
    out.set_hukou_region_code(regions.CountyOf(full.hukou_region_code()));
  }
  out.set_education(full.education());
  *out.mutable_wanted_occupation_codes() = full.wanted_occupation_codes();
  *out.mutable_availability() = full.availability();
  for (const auto& m : shown.key_groups()) {
    v1::KeyGroupMembership kept;
    kept.set_group(m.group());
    kept.set_provenance(m.provenance());
    *out.add_key_groups() = kept;
  }
  *out.mutable_consents() = full.consents();
  out.set_version(full.version());
  *out.mutable_create_time() = full.create_time();
  out.set_erased(true);
  return out;
}

}  // namespace

absl::StatusOr<v1::DeclareKeyGroupResponse> ProfileManager::DeclareKeyGroup(
    const Caller& caller, const v1::DeclareKeyGroupRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  CheckMessageText(req, "", v);
  if (req.profile_id().empty()) v.Add("profile_id", "required");
  ValidateDeclared(req.membership(), "membership", v);
  JM_RETURN_IF_ERROR(v.ToStatus());
  if (req.membership().provenance() == v1::PROVENANCE_VERIFIED &&
      !(ActsForBureau(caller) || caller.role == Role::kRecruiter)) {
    return absl::PermissionDeniedError("only bureau staff and recruiters verify statuses");
  }
  v1::Profile result;
  int64_t outbox_id = 0;
  JM_RETURN_IF_ERROR(store_->InTransaction([&](ProfileTransaction& tx) -> absl::Status {
    JM_ASSIGN_OR_RETURN(auto prior, tx.FindRequest("DeclareKeyGroup", req.request_id(), req));
    if (prior) {
      outbox_id = prior->outbox_id;
      JM_ASSIGN_OR_RETURN(result, tx.Load(prior->profile_id));
      return absl::OkStatus();
    }
    JM_ASSIGN_OR_RETURN(result, tx.Load(req.profile_id()));
    JM_RETURN_IF_ERROR(CheckMayEdit(caller, result));
    if (result.erased()) return absl::FailedPreconditionError("the profile has been erased");
    ApplyMembership(req.membership(), result);
    JM_RETURN_IF_ERROR(SaveChangedIn(tx, result, v1::CHANGE_TYPE_UPDATED));
    return RecordAnswer(tx, "DeclareKeyGroup", req.request_id(), req, &outbox_id,
                        {result.profile_id(), ""});
  }));
  v1::DeclareKeyGroupResponse resp;
  *resp.mutable_profile() = PresentProfile(result, caller, Today());
  resp.set_consistency_token(OutboxToken(store_->OutboxSchema(), outbox_id));
  return resp;
}

absl::StatusOr<v1::ImportKeyGroupsResponse> ProfileManager::ImportKeyGroups(
    const Caller& caller, const v1::ImportKeyGroupsRequest& req) {
  if (!ActsForBureau(caller)) {
    return absl::PermissionDeniedError(
        "only the bureau's authorised data sharing imports statuses");
  }
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  CheckMessageText(req, "", v);
  if (req.source().empty()) v.Add("source", "required: the agency and batch");
  if (TextLength(req.source()) > 200) v.Add("source", "at most 200 characters");
  if (req.rows_size() == 0) v.Add("rows", "required");
  if (req.rows_size() > kMaxImportRows) v.Add("rows", absl::StrCat("at most ", kMaxImportRows));
  JM_RETURN_IF_ERROR(v.ToStatus());

  const absl::CivilDay today = Today();
  v1::ImportKeyGroupsResponse base;
  std::vector<std::pair<std::string, v1::KeyGroupMembership>> good;  // id number, membership
  for (int i = 0; i < req.rows_size(); ++i) {
    const v1::KeyGroupImportRow& row = req.rows(i);
    FieldViolations rv;
    const std::string p = absl::StrCat("rows[", i, "]");
    absl::StatusOr<IdNumberFacts> facts = ParseIdNumber(row.id_number(), today, *regions_);
    if (!facts.ok()) rv.Add(p + ".id_number", facts.status().message());
    ValidateImported(row.membership(), p + ".membership", rv);
    if (!rv.empty()) {
      v1::RecordError* err = base.add_errors();
      err->set_index(i);
      *err->mutable_violations() = rv.proto().field_violations();
      continue;
    }
    v1::KeyGroupMembership m = row.membership();
    m.set_provenance(v1::PROVENANCE_IMPORTED);
    m.set_source(req.source());
    good.emplace_back(facts->normalized, std::move(m));
  }

  v1::ImportKeyGroupsResponse resp;
  int64_t outbox_id = 0;
  JM_RETURN_IF_ERROR(store_->InTransaction([&](ProfileTransaction& tx) -> absl::Status {
    resp = base;
    JM_ASSIGN_OR_RETURN(auto prior, tx.FindRequest("ImportKeyGroups", req.request_id(), req));
    if (prior) {
      outbox_id = prior->outbox_id;
      if (!resp.ParseFromString(prior->result)) return absl::InternalError("bad stored result");
      return absl::OkStatus();
    }
    for (const auto& [id_number, m] : good) {
      JM_ASSIGN_OR_RETURN(std::optional<std::string> id, tx.FindByIdNumber(id_number));
      std::optional<v1::Profile> profile;
      if (id) {
        JM_ASSIGN_OR_RETURN(profile, tx.Load(*id));
      }
      // A profile whose ID number nobody has vouched for may be someone
      // claiming another's number: the status waits for a verification.
      if (!profile || !profile->identity_verified()) {
        JM_RETURN_IF_ERROR(tx.AddPendingMembership(id_number, m));
        resp.set_pending(resp.pending() + 1);
        continue;
      }
      ApplyMembership(m, *profile);
      JM_RETURN_IF_ERROR(SaveChangedIn(tx, *profile, v1::CHANGE_TYPE_UPDATED));
      resp.set_applied(resp.applied() + 1);
    }
    return RecordAnswer(tx, "ImportKeyGroups", req.request_id(), req, &outbox_id,
                        {"", resp.SerializeAsString()});
  }));
  resp.set_consistency_token(OutboxToken(store_->OutboxSchema(), outbox_id));
  return resp;
}

absl::StatusOr<v1::RecordConsentResponse> ProfileManager::RecordConsent(
    const Caller& caller, const v1::RecordConsentRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  CheckMessageText(req, "", v);
  if (req.profile_id().empty()) v.Add("profile_id", "required");
  if (!IsPurpose(req.consent().purpose())) {
    v.Add("consent.purpose", "1-50 characters of a-z, 0-9 and _ (e.g. job_matching)");
  }
  JM_RETURN_IF_ERROR(v.ToStatus());
  v1::Profile result;
  int64_t outbox_id = 0;
  JM_RETURN_IF_ERROR(store_->InTransaction([&](ProfileTransaction& tx) -> absl::Status {
    JM_ASSIGN_OR_RETURN(auto prior, tx.FindRequest("RecordConsent", req.request_id(), req));
    if (prior) {
      outbox_id = prior->outbox_id;
      JM_ASSIGN_OR_RETURN(result, tx.Load(prior->profile_id));
      return absl::OkStatus();
    }
    JM_ASSIGN_OR_RETURN(result, tx.Load(req.profile_id()));
    JM_RETURN_IF_ERROR(CheckMayEdit(caller, result));
    if (result.erased()) return absl::FailedPreconditionError("the profile has been erased");
    v1::Consent* c = result.add_consents();
    c->set_purpose(req.consent().purpose());
    c->set_granted(req.consent().granted());
    *c->mutable_record_time() = ToProto(Now());
    JM_RETURN_IF_ERROR(SaveChangedIn(tx, result, v1::CHANGE_TYPE_UPDATED));
    return RecordAnswer(tx, "RecordConsent", req.request_id(), req, &outbox_id,
                        {result.profile_id(), ""});
  }));
  v1::RecordConsentResponse resp;
  *resp.mutable_profile() = PresentProfile(result, caller, Today());
  resp.set_consistency_token(OutboxToken(store_->OutboxSchema(), outbox_id));
  return resp;
}

absl::StatusOr<v1::EraseProfileResponse> ProfileManager::Erase(const Caller& caller,
                                                               const v1::EraseProfileRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  CheckMessageText(req, "", v);
  if (req.profile_id().empty()) v.Add("profile_id", "required");
  RequireReason(req.reason(), v);
  JM_RETURN_IF_ERROR(v.ToStatus());
  // Erasure is for the person themself or bureau staff, not field teams.
  JM_RETURN_IF_ERROR(RequireSubject(caller, req.profile_id(), "profile"));
  v1::Profile result;
  int64_t outbox_id = 0;
  JM_RETURN_IF_ERROR(store_->InTransaction([&](ProfileTransaction& tx) -> absl::Status {
    JM_ASSIGN_OR_RETURN(auto prior, tx.FindRequest("EraseProfile", req.request_id(), req));
    JM_ASSIGN_OR_RETURN(result, tx.Load(req.profile_id()));
    if (prior) {
      outbox_id = prior->outbox_id;
      return absl::OkStatus();
    }
    if (result.erased()) {  // erased once is erased; by then its event is in the outbox
      JM_ASSIGN_OR_RETURN(outbox_id, tx.OutboxPosition());
      return absl::OkStatus();
    }
    result = Anonymised(result, *regions_, Today());
    JM_RETURN_IF_ERROR(SaveChangedIn(tx, result, v1::CHANGE_TYPE_REMOVED));
    JM_RETURN_IF_ERROR(tx.EraseVisitNotes(result.profile_id()));
    JM_RETURN_IF_ERROR(tx.AppendAudit({"erase", std::string(RoleName(caller.role)),
                                       caller.subject_id, result.profile_id(), req.reason()}));
    return RecordAnswer(tx, "EraseProfile", req.request_id(), req, &outbox_id,
                        {result.profile_id(), ""});
  }));
  v1::EraseProfileResponse resp;
  *resp.mutable_profile() = PresentProfile(result, caller, Today());
  resp.set_consistency_token(OutboxToken(store_->OutboxSchema(), outbox_id));
  return resp;
}

absl::StatusOr<v1::RevealSensitiveDataResponse> ProfileManager::Reveal(
    const Caller& caller, const v1::RevealSensitiveDataRequest& req) {
  FieldViolations v;
  CheckMessageText(req, "", v);
  if (req.profile_id().empty()) v.Add("profile_id", "required");
  RequireReason(req.reason(), v);
  JM_RETURN_IF_ERROR(v.ToStatus());
  v1::RevealSensitiveDataResponse resp;
  JM_RETURN_IF_ERROR(store_->InTransaction([&](ProfileTransaction& tx) -> absl::Status {
    resp.Clear();
    JM_ASSIGN_OR_RETURN(v1::Profile profile, tx.Load(req.profile_id()));
    if (!MaySeeClearIdentity(caller, profile.profile_id(), profile.residence_region_code())) {
      return absl::PermissionDeniedError("you may not see this person's clear identity");
    }
    if (profile.erased()) return absl::FailedPreconditionError("the profile has been erased");
    // The answer is only given once the audit row is part of the transaction.
    JM_RETURN_IF_ERROR(tx.AppendAudit({"reveal", std::string(RoleName(caller.role)),
                                       caller.subject_id, profile.profile_id(), req.reason()}));
    const v1::Profile shown = PresentProfile(profile, caller, Today());
    *resp.mutable_sensitive() = shown.sensitive();
    resp.mutable_sensitive()->set_id_number(profile.sensitive().id_number());
    resp.mutable_sensitive()->set_phone(profile.sensitive().phone());
    return absl::OkStatus();
  }));
  return resp;
}

}  // namespace jobmatch::profiles
