// A deterministic generator of realistic demo and benchmark data for the
// Changsha-Zhuzhou-Xiangtan (长株潭) job fairs: employers with valid credit
// codes, the season's campaigns, and posts with real region and occupation
// codes, salaries, requirements, key-group relaxations and benefits. The same
// seed gives the same data on every machine; the matcher's benchmarks reuse
// it without a server (pass made-up employer ids).
#ifndef JOBMATCH_SERVICES_POSTINGS_DEMO_GENERATOR_H_
#define JOBMATCH_SERVICES_POSTINGS_DEMO_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "jobmatch/v1/postings.pb.h"

namespace jobmatch::postings::demo {

// The demo's three imports, by source name.
inline constexpr char kFairSource[] = "czt-fair-2026";
inline constexpr char kSpringSource[] = "spring-breeze-2026";
inline constexpr char kVillageSource[] = "village-outreach-2026";

struct DemoSizes {
  int employers = 800;
  // 长株潭 graduate-season fair: posts across the three cities.
  int fair_posts = 90000;
  // 春风行动 posts in Zhuzhou.
  int spring_posts = 2000;
  // 百人百企进百村 posts in 炎陵 430225, 茶陵 430224, 攸县 430223 and 醴陵 430281.
  int village_posts = 600;
};

// Not thread-safe; each thread should use its own generator.
class DemoGenerator {
 public:
  // `shift_days` moves every date of the demo (campaign windows, post
  // validity) that many days later, so that a run after the 2026 season (a
  // load test) still finds its campaigns running and its posts open.
  explicit DemoGenerator(uint64_t seed = 20260601, int shift_days = 0)
      : seed_(seed), shift_days_(shift_days) {}

  // Employers spread over the three cities' counties (ids unset). Index i is
  // stable for a seed, so posts can refer to employers by index.
  std::vector<v1::Employer> Employers(int count) const;
  // The Spring Breeze, Village Outreach and CZT graduate season campaigns of 2026.
  std::vector<v1::Campaign> Campaigns() const;

  // Posts for `employers` (as returned by the server, ids set; the same
  // order as Employers()). external_id is "<source>-NNNNNN"; campaign ids and
  // source are left to the import header.
  std::vector<v1::Post> FairPosts(int count, const std::vector<v1::Employer>& employers) const;
  std::vector<v1::Post> SpringPosts(int count, const std::vector<v1::Employer>& employers) const;
  std::vector<v1::Post> VillagePosts(int count, const std::vector<v1::Employer>& employers) const;

 private:
  // Midnight China time of that 2026 day, moved by shift_days_.
  google::protobuf::Timestamp On(int year, int month, int day) const;

  uint64_t seed_;
  int shift_days_;
};

}  // namespace jobmatch::postings::demo

#endif  // JOBMATCH_SERVICES_POSTINGS_DEMO_GENERATOR_H_
