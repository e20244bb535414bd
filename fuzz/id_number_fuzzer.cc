// ParseIdNumber over any bytes: it returns, and an ID it accepts is 18
// characters whose last is the check character of the first 17, born on a
// real day not after today, of a known sex.
#include <cstdint>

#include "fuzz/fuzz_check.h"
#include "services/profiles/id_number.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const jobmatch::profiles::FixedRegionDirectory* const kRegions =
      new jobmatch::profiles::FixedRegionDirectory({"110101", "430281", "440305", "650102"});
  const absl::CivilDay today(2026, 12, 5);
  const absl::string_view in(reinterpret_cast<const char*>(data), size);
  (void)jobmatch::profiles::IdCheckCharacter(in);
  const auto id = jobmatch::profiles::ParseIdNumber(in, today, *kRegions);
  if (!id.ok()) return 0;
  FUZZ_CHECK(id->normalized.size() == 18);
  FUZZ_CHECK(jobmatch::profiles::IdCheckCharacter(id->normalized.substr(0, 17)) ==
             id->normalized[17]);
  FUZZ_CHECK(id->region_code == id->normalized.substr(0, 6));
  FUZZ_CHECK(id->birth_date <= today);
  FUZZ_CHECK(id->sex != jobmatch::v1::SEX_UNSPECIFIED);
  return 0;
}
