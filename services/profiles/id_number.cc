#include "services/profiles/id_number.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"

namespace jobmatch::profiles {
namespace {

// Early enough for the standard's own 1880 example.
constexpr int kEarliestBirthYear = 1850;
constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

// GB/T 2260 provinces, plus Taiwan, Hong Kong and Macao.
bool IsProvince(int code) {
  static const std::set<int> kProvinces = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                           35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                           53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
  return kProvinces.count(code) > 0;
}

int Digits(absl::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

char IdCheckCharacter(absl::string_view first17) {
  if (first17.size() != 17) return '?';
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(first17[i]))) return '?';
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheck[sum % 11];
}

absl::StatusOr<IdNumberFacts> ParseIdNumber(absl::string_view id, absl::CivilDay today,
                                            const RegionDirectory& regions) {
  if (id.size() != 18) return absl::InvalidArgumentError("must be 18 characters");
  IdNumberFacts facts;
  facts.normalized = absl::AsciiStrToUpper(id);
  const absl::string_view norm = facts.normalized;
  const char check = IdCheckCharacter(norm.substr(0, 17));
  if (check == '?') return absl::InvalidArgumentError("the first 17 characters must be digits");
  if (norm[17] != check) {
    return absl::InvalidArgumentError("check character does not match (GB 11643)");
  }
  facts.region_code = std::string(norm.substr(0, 6));
  const bool region_ok = regions.IsKnown(facts.region_code) ||
                         (IsProvince(Digits(norm.substr(0, 2))) && norm.substr(2, 2) != "00" &&
                          norm.substr(4, 2) != "00");
  if (!region_ok) return absl::InvalidArgumentError("region code is not a known region");
  const int year = Digits(norm.substr(6, 4));
  const int month = Digits(norm.substr(10, 2));
  const int day = Digits(norm.substr(12, 2));
  const absl::CivilDay birth(year, month, day);
  if (year < kEarliestBirthYear || birth.year() != year || birth.month() != month ||
      birth.day() != day) {
    return absl::InvalidArgumentError("birth date is not a real date");
  }
  if (birth > today) return absl::InvalidArgumentError("birth date is in the future");
  facts.birth_date = birth;
  facts.sex = Digits(norm.substr(16, 1)) % 2 == 1 ? v1::SEX_MALE : v1::SEX_FEMALE;
  return facts;
}

}  // namespace jobmatch::profiles
