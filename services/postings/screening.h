// Automatic screening of a post's content for the moderation review (审核):
// money asked of applicants, discriminatory requirements and implausible pay.
// The rules are a data table (screening.cc); a flag names the rule, the field
// and the words or figures that matched. Flags never refuse a post: they tell
// the reviewer where to look. Pure functions; thread-safe.
#ifndef JOBMATCH_SERVICES_POSTINGS_SCREENING_H_
#define JOBMATCH_SERVICES_POSTINGS_SCREENING_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "jobmatch/v1/postings.pb.h"

namespace jobmatch::postings {

// What screening knows beyond the post itself.
struct ScreeningContext {
  // The median monthly pay (salary key, see SalaryKeyOf) of open posts of the
  // same occupation in the same county, when there are enough of them.
  std::optional<int> county_median;
};

// Pay is a lure when it is more than this many times the county median.
inline constexpr int kLureMultiple = 3;
// Open posts of an (occupation, county) needed before their median counts.
inline constexpr int kMinMedianSamples = 5;

// The flags of `post`, in rule order, at most one per rule and field.
std::vector<v1::ScreeningFlag> ScreenPost(const v1::Post& post, const ScreeningContext& context);

// Bit (1 << rule) for each rule among `flags`: the posts.screening_flags column.
int ScreeningMask(const google::protobuf::RepeatedPtrField<v1::ScreeningFlag>& flags);

// The pay a salary is compared by: its top, or its bottom when open-ended; 0
// when negotiable or unset.
int SalaryKeyOf(const v1::SalaryRange& salary);

// The county (6-digit code) a region code lies in; "" if it is shorter.
std::string CountyOf(absl::string_view region_code);

// Hunan's monthly minimum wage (CNY) for full-time work in the county.
int HunanMinimumWage(absl::string_view region_code);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_SCREENING_H_
