// ParseSalary over any bytes: it returns, and a salary it accepts is a range
// within the bounds its contract states.
#include <cstdint>

#include "clients/import/salary.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view in(reinterpret_cast<const char*>(data), size);
  const auto salary = jobmatch::import::ParseSalary(in);
  if (!salary.ok()) return 0;
  const jobmatch::v1::SalaryRange& range = salary->range;
  FUZZ_CHECK(range.min_monthly_cny() >= 0 && range.max_monthly_cny() >= 0);
  FUZZ_CHECK(range.min_monthly_cny() <= 10'000'000 && range.max_monthly_cny() <= 10'000'000);
  FUZZ_CHECK(range.max_monthly_cny() == 0 || range.min_monthly_cny() <= range.max_monthly_cny());
  return 0;
}
