#include "services/postings/validation.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "services/common/refdata/occupations.h"
#include "services/common/refdata/regions.h"
#include "services/common/text_checks.h"
#include "services/postings/credit_code.h"
#include "services/postings/occupation_coding.h"

namespace jobmatch::postings {
namespace {

std::string At(absl::string_view field, int i) { return absl::StrCat(field, "[", i, "]"); }

void CheckText(absl::string_view field, absl::string_view value, int min_chars, int max_chars,
               FieldViolations& v) {
  const int n = CharCount(value);
  if (n < min_chars) {
    v.Add(field, min_chars == 1 ? "required" : absl::StrCat("at least ", min_chars, " characters"));
  } else if (n > max_chars) {
    v.Add(field, absl::StrCat("at most ", max_chars, " characters"));
  }
}

bool IsKnownGroup(int g) { return g != v1::KEY_GROUP_UNSPECIFIED && v1::KeyGroup_IsValid(g); }

// A region where work happens or an office sits: county, township or village.
void CheckLocalRegion(absl::string_view field, absl::string_view code, FieldViolations& v) {
  if (code.empty()) {
    v.Add(field, "required");
    return;
  }
  const refdata::Region* r = refdata::DefaultRegions().Find(code);
  if (r == nullptr) {
    v.Add(field, absl::StrCat("unknown region code ", code));
  } else if (r->level == refdata::RegionLevel::kProvince ||
             r->level == refdata::RegionLevel::kCity) {
    v.Add(field, "must be a county, township or village code");
  }
}

void CheckWindow(absl::string_view field, const v1::TimeWindow& w, FieldViolations& v) {
  if (w.has_start_time() && w.has_end_time() &&
      FromProto(w.end_time()) < FromProto(w.start_time())) {
    v.Add(absl::StrCat(field, ".end_time"), "ends before it starts");
  }
}

void CheckAge(absl::string_view field, int age, FieldViolations& v) {
  if (age != 0 && (age < kMinAge || age > kMaxAge)) {
    v.Add(field, absl::StrCat("must be 0 (none) or ", kMinAge, "-", kMaxAge));
  }
}

void CheckOccupation(absl::string_view field, absl::string_view code, bool required,
                     FieldViolations& v) {
  if (code.empty()) {
    if (required) v.Add(field, "required");
    return;
  }
  const auto& table = refdata::DefaultOccupations();
  if (!table.IsKnown(code)) {
    v.Add(field, absl::StrCat("unknown occupation code ", code));
  } else if (!table.IsDetailed(code)) {
    v.Add(field, "must be a detailed (4-level) occupation code, e.g. 6-18-02-04");
  }
}

// The post's code and how it was found: a detailed code, unless the coding
// says staff must still review it, when any entry of the classification (the
// major group "6", "6-18", "6-18-02" or a detailed code) is a fair best guess.
void CheckCoding(const v1::Post& p, FieldViolations& v) {
  const v1::OccupationCoding& c = p.occupation_coding();
  if (!c.needs_review()) {
    CheckOccupation("occupation_code", p.occupation_code(), true, v);
  } else if (p.occupation_code().empty()) {
    v.Add("occupation_code", "required: the best guess, at least the major group");
  } else if (!refdata::DefaultOccupations().IsKnown(p.occupation_code())) {
    v.Add("occupation_code", absl::StrCat("unknown occupation code ", p.occupation_code()));
  }
  if (!(c.confidence() >= 0 && c.confidence() <= 1))
    v.Add("occupation_coding.confidence", "must be 0-1");
  const bool coded = !c.method().empty() || c.needs_review() || c.confidence() != 0;
  if (coded && !IsKnownCodingMethod(c.method())) {
    v.Add("occupation_coding.method", c.method().empty()
                                          ? "required with a coding"
                                          : absl::StrCat("unknown method ", c.method()));
  }
}

void CheckQuotas(absl::string_view field,
                 const google::protobuf::RepeatedPtrField<v1::ReservedQuota>& quotas,
                 int64_t openings, FieldViolations& v) {
  absl::flat_hash_set<int> groups;
  int64_t total = 0;
  for (int i = 0; i < quotas.size(); ++i) {
    const auto& q = quotas[i];
    if (!IsKnownGroup(q.group())) {
      v.Add(At(field, i) + ".group", "unknown key group");
    } else if (!groups.insert(q.group()).second) {
      v.Add(At(field, i) + ".group", "group appears more than once");
    }
    if (q.places() < 1) v.Add(At(field, i) + ".places", "must be at least 1");
    total += q.places() > 0 ? q.places() : 0;
  }
  if (openings >= 0 && total > openings) {
    v.Add(field, absl::StrCat("reserved places (", total, ") exceed openings (", openings, ")"));
  }
}

void CheckGroups(absl::string_view field, const google::protobuf::RepeatedField<int>& groups,
                 FieldViolations& v) {
  absl::flat_hash_set<int> seen;
  for (int i = 0; i < groups.size(); ++i) {
    if (!IsKnownGroup(groups[i])) {
      v.Add(At(field, i), "unknown key group");
    } else if (!seen.insert(groups[i]).second) {
      v.Add(At(field, i), "group appears more than once");
    }
  }
}

bool AllOf(absl::string_view s, bool (*pred)(unsigned char)) {
  for (unsigned char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}
bool IsDigit(unsigned char c) { return absl::ascii_isdigit(c); }
bool IsCodeChar(unsigned char c) { return absl::ascii_isdigit(c) || c == '-'; }
bool IsIdChar(unsigned char c) { return absl::ascii_isgraph(c); }

}  // namespace

int CharCount(absl::string_view s) {
  int n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void ValidateRequestId(absl::string_view request_id, FieldViolations& v) {
  if (request_id.empty()) {
    v.Add("request_id", "required: a client-chosen id that makes retries safe");
  } else if (request_id.size() > 64 || !AllOf(request_id, IsIdChar)) {
    v.Add("request_id", "1-64 printable ASCII characters");
  }
}

void ValidateEmployer(const v1::Employer& e, FieldViolations& v) {
  CheckMessageText(e, "", v);
  CheckText("name", e.name(), 1, kMaxNameChars, v);
  if (e.credit_code().empty()) {
    v.Add("credit_code", "required");
  } else if (!IsValidCreditCode(e.credit_code())) {
    v.Add("credit_code", "not a valid unified social credit code (GB 32100 check failed)");
  }
  CheckText("industry", e.industry(), 0, 100, v);
  CheckLocalRegion("region_code", e.region_code(), v);
  if (!v1::LaborBrand_IsValid(e.labor_brand())) v.Add("labor_brand", "unknown labour brand");
}

void ValidateCampaign(const v1::Campaign& c, FieldViolations& v) {
  CheckMessageText(c, "", v);
  if (c.kind() == v1::CAMPAIGN_KIND_UNSPECIFIED || !v1::CampaignKind_IsValid(c.kind())) {
    v.Add("kind", "required: a known campaign kind");
  }
  CheckText("name", c.name(), 1, kMaxNameChars, v);
  CheckWindow("window", c.window(), v);
  for (int i = 0; i < c.region_codes_size(); ++i) {
    if (!refdata::DefaultRegions().IsKnown(c.region_codes(i))) {
      v.Add(At("region_codes", i), absl::StrCat("unknown region code ", c.region_codes(i)));
    }
  }
  CheckGroups("target_groups", c.target_groups(), v);
  if (c.organisers_size() > 20) v.Add("organisers", "at most 20");
  for (int i = 0; i < c.organisers_size(); ++i)
    CheckText(At("organisers", i), c.organisers(i), 1, 100, v);
  for (int i = 0; i < c.targeting_rules_size(); ++i) {
    const auto& rule = c.targeting_rules(i);
    const std::string field = At("targeting_rules", i);
    CheckText(field + ".name", rule.name(), 1, 100, v);
    for (int k = 0; k < rule.residence_region_prefixes_size(); ++k) {
      const std::string& p = rule.residence_region_prefixes(k);
      if (p.empty() || p.size() > 12 || !AllOf(p, IsDigit)) {
        v.Add(At(field + ".residence_region_prefixes", k), "1-12 digits of a region code");
      }
    }
    CheckGroups(field + ".any_of_groups", rule.any_of_groups(), v);
  }
  CheckQuotas("reserved_quotas", c.reserved_quotas(), -1, v);
  CheckText("description", c.description(), 0, 2000, v);
}

void ValidatePost(const v1::Post& p, FieldViolations& v) {
  CheckMessageText(p, "", v);  // every text field, and the location
  if (p.employer_id().empty()) v.Add("employer_id", "required");
  CheckCoding(p, v);
  CheckText("title", p.title(), 1, kMaxTitleChars, v);
  CheckText("description", p.description(), 0, kMaxDescriptionChars, v);
  CheckLocalRegion("region_code", p.region_code(), v);
  if (p.openings() < 1) {
    v.Add("openings", "must be at least 1");
  } else if (p.openings() > kMaxOpenings) {
    v.Add("openings", absl::StrCat("at most ", kMaxOpenings));
  }
  const auto& s = p.salary();
  if (s.min_monthly_cny() < 0) v.Add("salary.min_monthly_cny", "must not be negative");
  if (s.max_monthly_cny() < 0) v.Add("salary.max_monthly_cny", "must not be negative");
  if (s.max_monthly_cny() > 0 && s.min_monthly_cny() > s.max_monthly_cny()) {
    v.Add("salary.min_monthly_cny", "exceeds salary.max_monthly_cny");
  }
  CheckText("salary.original_text", s.original_text(), 0, 100, v);
  for (int i = 0; i < p.benefits_size(); ++i) {
    if (p.benefits(i) == v1::BENEFIT_UNSPECIFIED || !v1::Benefit_IsValid(p.benefits(i))) {
      v.Add(At("benefits", i), "unknown benefit");
    }
  }
  const auto& r = p.requirements();
  CheckAge("requirements.min_age", r.min_age(), v);
  CheckAge("requirements.max_age", r.max_age(), v);
  if (r.min_age() != 0 && r.max_age() != 0 && r.min_age() > r.max_age()) {
    v.Add("requirements.max_age", "below requirements.min_age");
  }
  if (!v1::Education_IsValid(r.min_education()))
    v.Add("requirements.min_education", "unknown level");
  if (r.required_skills_size() > 20) v.Add("requirements.required_skills", "at most 20");
  for (int i = 0; i < r.required_skills_size(); ++i) {
    const std::string field = At("requirements.required_skills", i);
    CheckText(field + ".name", r.required_skills(i).name(), 1, 50, v);
    CheckOccupation(field + ".occupation_code", r.required_skills(i).occupation_code(), false, v);
    if (!v1::SkillLevel_IsValid(r.required_skills(i).level()))
      v.Add(field + ".level", "unknown level");
  }
  if (r.min_experience_years() < 0 || r.min_experience_years() > 50) {
    v.Add("requirements.min_experience_years", "must be 0-50");
  }
  if (!v1::Sex_IsValid(r.required_sex())) {
    v.Add("requirements.required_sex", "unknown value");
  } else if (r.required_sex() != v1::SEX_UNSPECIFIED && r.required_sex_reason().empty()) {
    v.Add("requirements.required_sex_reason", "required when requirements.required_sex is set");
  }
  CheckText("requirements.required_sex_reason", r.required_sex_reason(), 0, 200, v);

  absl::flat_hash_set<int> relaxed;
  for (int i = 0; i < p.relaxations_size(); ++i) {
    const auto& x = p.relaxations(i);
    const std::string field = At("relaxations", i);
    if (!IsKnownGroup(x.group())) {
      v.Add(field + ".group", "unknown key group");
    } else if (!relaxed.insert(x.group()).second) {
      v.Add(field + ".group", "group has more than one relaxation");
    }
    CheckAge(field + ".max_age", x.max_age(), v);
    if (x.max_age() != 0 && r.min_age() != 0 && x.max_age() < r.min_age()) {
      v.Add(field + ".max_age", "below requirements.min_age");
    }
    if (!v1::Education_IsValid(x.min_education())) v.Add(field + ".min_education", "unknown level");
  }
  CheckGroups("target_groups", p.target_groups(), v);
  absl::flat_hash_set<std::string> campaigns;
  for (int i = 0; i < p.campaign_ids_size(); ++i) {
    const std::string& id = p.campaign_ids(i);
    if (id.empty() || id.size() > 40) {
      v.Add(At("campaign_ids", i), "1-40 characters");
    } else if (!campaigns.insert(id).second) {
      v.Add(At("campaign_ids", i), "campaign appears more than once");
    }
  }
  if (campaigns.size() > 20) v.Add("campaign_ids", "at most 20");
  if (!v1::Schedule_IsValid(p.schedule())) v.Add("schedule", "unknown schedule");
  CheckWindow("validity", p.validity(), v);
  if (!v1::PostState_IsValid(p.state())) v.Add("state", "unknown state");
  CheckText("source", p.source(), 0, 100, v);
  CheckText("external_id", p.external_id(), 0, 100, v);
  if (!v1::LaborBrand_IsValid(p.labor_brand())) v.Add("labor_brand", "unknown labour brand");
  CheckQuotas("reserved_quotas", p.reserved_quotas(), p.openings(), v);
}

void ValidatePostFilter(const v1::PostFilter& f, FieldViolations& v) {
  CheckMessageText(f, "", v);
  if (f.campaign_id().size() > 40) v.Add("campaign_id", "at most 40 characters");
  if (f.employer_id().size() > 40) v.Add("employer_id", "at most 40 characters");
  if (f.region_prefix().size() > 12 || !AllOf(f.region_prefix(), IsDigit)) {
    v.Add("region_prefix", "up to 12 digits of a region code");
  }
  if (f.occupation_prefix().size() > 16 || !AllOf(f.occupation_prefix(), IsCodeChar)) {
    v.Add("occupation_prefix", "an occupation code prefix such as 6-18 or 6-18-02");
  }
  if (f.target_group() != 0 && !IsKnownGroup(f.target_group()))
    v.Add("target_group", "unknown key group");
  if (!v1::LaborBrand_IsValid(f.labor_brand())) v.Add("labor_brand", "unknown labour brand");
  if (f.salary_floor() < 0) v.Add("salary_floor", "must not be negative");
  for (int i = 0; i < f.states_size(); ++i) {
    if (f.states(i) == 0 || !v1::PostState_IsValid(f.states(i)))
      v.Add(At("states", i), "unknown state");
  }
}

void ValidateReviewQueueRequest(const v1::ListPostsForReviewRequest& req, FieldViolations& v) {
  ValidatePageSize(req.page_size(), v);
  ValidateQueueFilters(req.campaign_id(), req.region_prefix(), v);
  CheckText("source", req.source(), 0, 100, v);
}

void ValidateReviewRequest(const v1::ReviewPostOccupationRequest& req, FieldViolations& v) {
  ValidateDecidedPostId(req.post_id(), v);
  CheckOccupation("occupation_code", req.occupation_code(), true, v);
  if (req.expected_version() < 0) v.Add("expected_version", "must not be negative");
}

void ValidatePageSize(int page_size, FieldViolations& v) {
  if (page_size < 0 || page_size > 1000) v.Add("page_size", "must be 0 (default 50) or 1-1000");
}

void ValidateQueueFilters(const std::string& campaign_id, const std::string& region_prefix,
                          FieldViolations& v) {
  if (campaign_id.size() > 40) v.Add("campaign_id", "at most 40 characters");
  if (region_prefix.size() > 12 || !AllOf(region_prefix, IsDigit)) {
    v.Add("region_prefix", "up to 12 digits of a region code");
  }
}

void ValidateDecidedPostId(const std::string& post_id, FieldViolations& v) {
  if (post_id.empty()) {
    v.Add("post_id", "required");
  } else if (post_id.size() > 40) {
    v.Add("post_id", "at most 40 characters");
  }
}

}  // namespace jobmatch::postings
