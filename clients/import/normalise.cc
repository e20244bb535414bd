#include "clients/import/normalise.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/import/fields.h"
#include "clients/import/salary.h"
#include "clients/import/text.h"

namespace jobmatch::import {
namespace {

std::string Trimmed(absl::string_view s) { return std::string(absl::StripAsciiWhitespace(s)); }

// The status message without the parser's own "salary \"...\": " prefix.
std::string Reason(const absl::Status& status) {
  absl::string_view m = status.message();
  const size_t colon = m.find("\": ");
  if (colon != absl::string_view::npos) m.remove_prefix(colon + 3);
  return std::string(m);
}

}  // namespace

std::string RowContentKey(const RawRow& row, bool include_external_id) {
  std::string key;
  for (int c = 1; c < kColumnCount; ++c) {
    if (!include_external_id && c == static_cast<int>(Column::kExternalId)) continue;
    // Columns added later count only when given, so rows keep the keys (and
    // derived ids) that earlier imports gave them.
    if (c == static_cast<int>(Column::kCreditCode) && row.cells[c].empty()) continue;
    key.append(Fold(row.cells[c]));
    key.push_back('\x1f');
  }
  return key;
}

std::vector<RowIssue> NormaliseRow(const RawRow& row, const Reference& reference,
                                   const NormaliseOptions& options, ImportedPost* out) {
  std::vector<RowIssue> issues;
  const auto issue = [&](absl::string_view field, absl::string_view value,
                         absl::string_view reason) {
    issues.push_back({std::string(field), std::string(value), std::string(reason)});
  };
  out->line = row.line;
  out->post.Clear();
  jobmatch::v1::Post& post = out->post;

  const std::string title = Trimmed(row.cell(Column::kTitle));
  if (title.empty()) {
    issue("title", title, "missing");
  } else if (CodePointCount(title) > 100) {
    issue("title", title, "longer than 100 characters");
  }
  post.set_title(title);

  out->employer_name = Trimmed(row.cell(Column::kEmployer));
  out->employer_credit_code = absl::AsciiStrToUpper(FoldCompact(row.cell(Column::kCreditCode)));
  if (out->employer_name.empty() && !options.employer_optional) {
    issue("employer_name", "", "missing");
  }

  out->warnings.clear();
  std::string description = Trimmed(row.cell(Column::kDescription));
  if (CodePointCount(description) > kMaxDescriptionChars) {
    // A long description is still the post's: keep what the contract allows.
    out->warnings.push_back(
        {"description", PrefixCodePoints(description, 30),
         absl::StrCat("longer than ", kMaxDescriptionChars, " characters (",
                      CodePointCount(description), "): cut at ", kMaxDescriptionChars)});
    description = PrefixCodePoints(description, kMaxDescriptionChars);
  }
  post.set_description(description);

  const std::string& salary_text = row.cell(Column::kSalary);
  if (CodePointCount(salary_text) > 100) {
    issue("salary", PrefixCodePoints(salary_text, 30), "longer than 100 characters");
  } else if (auto salary = ParseSalary(salary_text); salary.ok()) {
    *post.mutable_salary() = salary->range;
    if (salary->thirteenth_month) post.add_benefits(jobmatch::v1::BENEFIT_BONUS);
    for (jobmatch::v1::Benefit b : ParseBenefits(salary->trailing)) post.add_benefits(b);
  } else {
    issue("salary", salary_text, Reason(salary.status()));
  }

  const std::string& region_text = row.cell(Column::kRegion);
  const bool no_region = Fold(region_text).empty();
  refdata::Place place;
  if (!no_region) {
    place = reference.RegionForText(region_text);
  } else if (!options.default_region.empty()) {
    place = reference.RegionForText(options.default_region);
  }
  const std::string region = place.kind == refdata::Place::Kind::kInArea ? place.code : "";
  if (place.kind == refdata::Place::Kind::kOutside) {
    // Never a Hunan namesake: the clerk sees where the post really is.
    issue("region_code", region_text,
          absl::StrCat("outside the platform's area: ", place.full_name));
  } else if (region.empty()) {
    issue("region_code", region_text, no_region ? "missing" : "unknown region");
  } else if (region.size() < 6) {
    // The contract places a post in a county or below; "株洲市" alone is too vague.
    issue("region_code", region_text, "names a city, not a county, township or village");
  }
  post.set_region_code(region);

  const std::string code = FoldCompact(row.cell(Column::kOccupationCode));
  jobmatch::v1::OccupationCoding& coding = *post.mutable_occupation_coding();
  if (!code.empty()) {
    if (!reference.IsDetailedOccupation(code)) {
      issue("occupation_code", row.cell(Column::kOccupationCode),
            "not a detailed code of the occupation classification");
    }
    post.set_occupation_code(code);
    coding.set_confidence(1.0f);
    coding.set_method("given");
  } else if (!title.empty()) {
    // Never a refusal: an uncertain code is kept for staff to review.
    const occupation::Classification c = reference.ClassifyTitle(title, description);
    post.set_occupation_code(c.code);
    coding.set_confidence(static_cast<float>(c.confidence));
    coding.set_needs_review(c.needs_review);
    coding.set_method(c.method);
  }

  jobmatch::v1::Requirements& req = *post.mutable_requirements();
  const std::string& education_text = row.cell(Column::kEducation);
  if (auto education = ParseEducation(education_text); education.ok()) {
    req.set_min_education(*education);
  } else {
    issue("requirements.min_education", education_text, Reason(education.status()));
  }
  const std::string& experience_text = row.cell(Column::kExperience);
  if (auto experience = ParseExperience(experience_text); experience.ok()) {
    req.set_min_experience_years(experience->min_years);
    if (experience->graduate) post.add_target_groups(jobmatch::v1::KEY_GROUP_GRADUATE);
  } else {
    issue("requirements.min_experience_years", experience_text, Reason(experience.status()));
  }
  const std::string& age_text = row.cell(Column::kAge);
  if (auto age = ParseAgeRange(age_text); age.ok()) {
    req.set_min_age(age->min_age);
    req.set_max_age(age->max_age);
  } else {
    issue("requirements.min_age", age_text, Reason(age.status()));
  }
  const std::string& headcount_text = row.cell(Column::kHeadcount);
  if (auto openings = ParseHeadcount(headcount_text, options.unspecified_openings); openings.ok()) {
    post.set_openings(*openings);
  } else {
    issue("openings", headcount_text, Reason(openings.status()));
  }

  for (jobmatch::v1::Benefit b : ParseBenefits(row.cell(Column::kBenefits))) {
    post.add_benefits(b);
  }
  // In enum order, each once (an "N薪" salary and a 年终奖 both mean BONUS).
  auto* benefits = post.mutable_benefits();
  std::sort(benefits->begin(), benefits->end());
  benefits->Truncate(
      static_cast<int>(std::unique(benefits->begin(), benefits->end()) - benefits->begin()));

  const std::string external_id = Trimmed(row.cell(Column::kExternalId));
  if (!external_id.empty() && !options.key_by_content) {
    if (CodePointCount(external_id) > 100) {
      issue("external_id", external_id, "longer than 100 characters");
    }
    post.set_external_id(external_id);
  } else {
    char hex[17];
    std::snprintf(hex, sizeof(hex), "%016llx",
                  static_cast<unsigned long long>(StableHash(RowContentKey(row, false))));
    post.set_external_id(absl::StrCat("row-", hex));
  }
  return issues;
}

}  // namespace jobmatch::import
