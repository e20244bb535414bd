// Converters from the jobmatch.v1 contract (Post, Campaign, Profile) to the
// matcher's plain structs.
#ifndef JOBMATCH_MATCHER_DOMAIN_CONVERT_H_
#define JOBMATCH_MATCHER_DOMAIN_CONVERT_H_

#include <functional>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "jobmatch/v1/postings.pb.h"
#include "jobmatch/v1/profiles.pb.h"
#include "matcher/domain/model.h"

namespace jobmatch::matcher {

// The centre of a region code, for posts and homes given without a point.
using RegionCentre = std::function<std::optional<GeoPt>(absl::string_view region_code)>;

// The post's campaigns are looked up in `campaigns` by id; unknown ids are
// kept with an open window and no targets. `applicants` comes from the feed.
// A post whose occupation coding needs review gets no occupation code.
// `czt_cities`: the codes of 长沙, 株洲 and 湘潭 from the region table, the
// area of a CZT graduate season's campaigns (none: they widen nothing).
PostRecord PostFromProto(const v1::Post& post,
                         const absl::flat_hash_map<std::string, v1::Campaign>& campaigns,
                         const RegionCentre& centre,
                         const std::vector<std::string>& czt_cities = {});

// Key groups (sensitive statuses included) are those in force on `today`
// (yyyymmdd, China Standard Time). Applied and hired posts come from the feed.
Seeker SeekerFromProto(const v1::Profile& profile, int today_yyyymmdd, const RegionCentre& centre);

// yyyymmdd of a civil date; 0 when unset.
int DateToInt(const v1::Date& date);
// The time of the answer: `unix_seconds` and its civil day in China.
QueryTime QueryTimeAt(int64_t unix_seconds);

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_DOMAIN_CONVERT_H_
