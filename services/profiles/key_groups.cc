#include "services/profiles/key_groups.h"

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"

namespace jobmatch::profiles {
namespace {

using v1::KeyGroup;

// The table the issue asks for: every group and the only ways it may arrive.
constexpr KeyGroupRule kKeyGroupRules[] = {
    // group                            derived declarable importable
    {v1::KEY_GROUP_GRADUATE, true, false, false},
    {v1::KEY_GROUP_GROUP_4050, true, false, false},
    {v1::KEY_GROUP_RETURNING_MIGRANT, false, true, false},
    {v1::KEY_GROUP_LAID_OFF, false, true, false},
    {v1::KEY_GROUP_DISABLED, false, true, false},
    {v1::KEY_GROUP_POVERTY_LABOR, false, false, true},
    {v1::KEY_GROUP_LOW_INCOME, false, false, true},
};

constexpr int kWomen4050Age = 40;
constexpr int kMen4050Age = 50;
constexpr int kGraduateYears = 2;

void ValidateValidity(const v1::KeyGroupMembership& m, const std::string& path,
                      FieldViolations& violations) {
  if (m.has_valid_from() && !IsValidDate(m.valid_from())) {
    violations.Add(absl::StrCat(path, ".valid_from"), "not a real date");
  }
  if (m.has_valid_until() && !IsValidDate(m.valid_until())) {
    violations.Add(absl::StrCat(path, ".valid_until"), "not a real date");
  }
  if (m.has_valid_from() && m.has_valid_until() && IsValidDate(m.valid_from()) &&
      IsValidDate(m.valid_until()) && FromProto(m.valid_until()) < FromProto(m.valid_from())) {
    violations.Add(absl::StrCat(path, ".valid_until"), "precedes valid_from");
  }
  if (m.source().size() > 200) {
    violations.Add(absl::StrCat(path, ".source"), "at most 200 characters");
  }
}

}  // namespace

absl::CivilDay GraduateUntil(absl::CivilDay graduation) {
  absl::CivilDay until = AddYears(graduation, kGraduateYears);
  // Graduated on 28 February: a leap-year 29 February still maps back to it.
  const absl::CivilDay leap_day(until.year(), 2, 29);
  if (graduation.month() == 2 && graduation.day() == 28 && leap_day.month() == 2) {
    until = leap_day;
  }
  return until;
}

const KeyGroupRule* RuleFor(KeyGroup group) {
  for (const KeyGroupRule& rule : kKeyGroupRules) {
    if (rule.group == group) return &rule;
  }
  return nullptr;
}

absl::CivilDay AddYears(absl::CivilDay day, int years) {
  const absl::CivilYear year = absl::CivilYear(day.year() + years);
  absl::CivilDay moved(year.year(), day.month(), day.day());
  if (moved.month() != day.month()) moved = absl::CivilDay(year.year(), day.month(), 28);
  return moved;
}

int AgeOn(absl::CivilDay birth, absl::CivilDay today) {
  int age = static_cast<int>(today.year() - birth.year());
  if (today.month() < birth.month() ||
      (today.month() == birth.month() && today.day() < birth.day())) {
    --age;
  }
  return age;
}

bool IsGroup4050(v1::Sex sex, absl::CivilDay birth, absl::CivilDay today) {
  switch (sex) {
    case v1::SEX_FEMALE:
      return AgeOn(birth, today) >= kWomen4050Age;
    case v1::SEX_MALE:
      return AgeOn(birth, today) >= kMen4050Age;
    default:
      return false;
  }
}

bool IsGraduate(absl::CivilDay graduation, absl::CivilDay today) {
  return graduation >= AddYears(today, -kGraduateYears) &&
         graduation <= absl::CivilDay(today.year(), 12, 31);
}

bool InForce(const v1::KeyGroupMembership& m, absl::CivilDay today) {
  if (m.has_valid_from() && FromProto(m.valid_from()) > today) return false;
  if (m.has_valid_until() && FromProto(m.valid_until()) < today) return false;
  return true;
}

std::vector<v1::KeyGroupMembership> DerivedGroups(const v1::Profile& profile,
                                                  absl::CivilDay today) {
  std::vector<v1::KeyGroupMembership> out;
  if (profile.has_birth_date() && IsValidDate(profile.birth_date())) {
    const absl::CivilDay birth = FromProto(profile.birth_date());
    if (IsGroup4050(profile.sex(), birth, today)) {
      v1::KeyGroupMembership m;
      m.set_group(v1::KEY_GROUP_GROUP_4050);
      m.set_provenance(v1::PROVENANCE_DERIVED);
      const int age = profile.sex() == v1::SEX_FEMALE ? kWomen4050Age : kMen4050Age;
      *m.mutable_valid_from() = ToProto(AddYears(birth, age));
      out.push_back(m);
    }
  }
  if (profile.has_graduation_date() && IsValidDate(profile.graduation_date())) {
    const absl::CivilDay graduation = FromProto(profile.graduation_date());
    if (IsGraduate(graduation, today)) {
      v1::KeyGroupMembership m;
      m.set_group(v1::KEY_GROUP_GRADUATE);
      m.set_provenance(v1::PROVENANCE_DERIVED);
      *m.mutable_valid_until() = ToProto(GraduateUntil(graduation));
      out.push_back(m);
    }
  }
  return out;
}

void ValidateDeclared(const v1::KeyGroupMembership& m, const std::string& path,
                      FieldViolations& violations) {
  const KeyGroupRule* rule = RuleFor(m.group());
  if (rule == nullptr || !rule->declarable) {
    violations.Add(absl::StrCat(path, ".group"),
                   "only RETURNING_MIGRANT, LAID_OFF or DISABLED can be declared");
  }
  if (m.provenance() != v1::PROVENANCE_SELF_DECLARED && m.provenance() != v1::PROVENANCE_VERIFIED) {
    violations.Add(absl::StrCat(path, ".provenance"), "must be SELF_DECLARED or VERIFIED");
  }
  if (m.provenance() == v1::PROVENANCE_VERIFIED && m.source().empty()) {
    violations.Add(absl::StrCat(path, ".source"), "required for a verified status: who verified");
  }
  if (m.low_income_kind() != v1::LOW_INCOME_KIND_UNSPECIFIED) {
    violations.Add(absl::StrCat(path, ".low_income_kind"), "only for LOW_INCOME");
  }
  ValidateValidity(m, path, violations);
}

void ValidateImported(const v1::KeyGroupMembership& m, const std::string& path,
                      FieldViolations& violations) {
  const KeyGroupRule* rule = RuleFor(m.group());
  if (rule == nullptr || !rule->importable) {
    violations.Add(absl::StrCat(path, ".group"), "only POVERTY_LABOR or LOW_INCOME are imported");
  }
  if (m.group() == v1::KEY_GROUP_LOW_INCOME && !v1::LowIncomeKind_IsValid(m.low_income_kind())) {
    violations.Add(absl::StrCat(path, ".low_income_kind"), "unknown kind");
  } else if (m.group() == v1::KEY_GROUP_LOW_INCOME &&
             m.low_income_kind() == v1::LOW_INCOME_KIND_UNSPECIFIED) {
    violations.Add(absl::StrCat(path, ".low_income_kind"), "required for LOW_INCOME");
  } else if (m.group() != v1::KEY_GROUP_LOW_INCOME &&
             m.low_income_kind() != v1::LOW_INCOME_KIND_UNSPECIFIED) {
    violations.Add(absl::StrCat(path, ".low_income_kind"), "only for LOW_INCOME");
  }
  ValidateValidity(m, path, violations);
}

void ApplyMembership(const v1::KeyGroupMembership& m, v1::Profile& profile) {
  if (m.group() == v1::KEY_GROUP_LOW_INCOME) {
    *profile.mutable_sensitive()->mutable_low_income() = m;
    return;
  }
  if (m.group() == v1::KEY_GROUP_DISABLED) {
    *profile.mutable_sensitive()->mutable_disabled() = m;
    return;
  }
  for (v1::KeyGroupMembership& existing : *profile.mutable_key_groups()) {
    if (existing.group() == m.group()) {
      existing = m;
      return;
    }
  }
  *profile.add_key_groups() = m;
}

}  // namespace jobmatch::profiles
