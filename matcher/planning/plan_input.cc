#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "matcher/planning/plan_types.h"

namespace jobmatch::planning {
namespace {

// Checks one list of quotas; `path` is the field path of the list.
void CheckQuotas(const std::vector<Quota>& quotas, const std::string& path, int64_t limit,
                 std::vector<std::string>& problems) {
  std::set<Group> seen;
  int64_t sum = 0;
  for (size_t q = 0; q < quotas.size(); ++q) {
    const std::string at = absl::StrCat(path, "[", q, "]");
    if (quotas[q].group <= kNoGroup || quotas[q].group > kMaxGroup) {
      problems.push_back(absl::StrCat(at, ".group: unknown key group"));
    } else if (!seen.insert(quotas[q].group).second) {
      problems.push_back(absl::StrCat(at, ".group: repeated"));
    }
    if (quotas[q].places <= 0) problems.push_back(absl::StrCat(at, ".places: must be positive"));
    sum += quotas[q].places;
  }
  if (sum > limit) {
    problems.push_back(absl::StrCat(path, ": reserves add up to ", sum, ", past ", limit));
  }
}

}  // namespace

absl::Status ValidatePlanInput(const PlanInput& input) {
  std::vector<std::string> problems;
  const int n = static_cast<int>(input.people.size());
  const int m = static_cast<int>(input.posts.size());
  for (int i = 0; i < n; ++i) {
    const Person& person = input.people[i];
    if (person.id.empty()) problems.push_back(absl::StrCat("people[", i, "].id: empty"));
    for (size_t k = 0; k < person.groups.size(); ++k) {
      if (person.groups[k] <= kNoGroup || person.groups[k] > kMaxGroup) {
        problems.push_back(absl::StrCat("people[", i, "].groups[", k, "]: unknown key group"));
      }
    }
  }
  int64_t total_openings = 0;
  for (int p = 0; p < m; ++p) {
    const Post& post = input.posts[p];
    const std::string at = absl::StrCat("posts[", p, "]");
    if (post.id.empty()) problems.push_back(at + ".id: empty");
    if (post.openings < 0) problems.push_back(at + ".openings: negative");
    total_openings += post.openings > 0 ? post.openings : 0;
    CheckQuotas(post.reserves, at + ".reserves", post.openings, problems);
  }
  CheckQuotas(input.campaign_reserves, "campaign_reserves", total_openings, problems);
  for (size_t d = 0; d < input.household_demand.size(); ++d) {
    const HouseholdDemand& demand = input.household_demand[d];
    const std::string at = absl::StrCat("household_demand[", d, "]");
    if (demand.region_code.empty()) problems.push_back(at + ".region_code: empty");
    if (demand.occupation_code.empty()) problems.push_back(at + ".occupation_code: empty");
    if (demand.households <= 0) problems.push_back(at + ".households: must be positive");
    for (size_t k = 0; k < demand.posts.size(); ++k) {
      if (demand.posts[k] < 0 || demand.posts[k] >= m) {
        problems.push_back(absl::StrCat(at, ".posts[", k, "]: no such post"));
      }
    }
  }
  // Valid pairs by person (a counting sort, stable in k), so that a repeat is
  // found by marking each person's posts: linear in the pairs, no set.
  std::vector<int> start(n + 1, 0);
  for (size_t k = 0; k < input.pairs.size(); ++k) {
    const CandidatePair& pair = input.pairs[k];
    auto at = [&] { return absl::StrCat("pairs[", k, "]"); };
    bool in_range = true;
    if (pair.person < 0 || pair.person >= n) {
      problems.push_back(at() + ".person: no such person");
      in_range = false;
    }
    if (pair.post < 0 || pair.post >= m) {
      problems.push_back(at() + ".post: no such post");
      in_range = false;
    }
    // NaN fails this comparison too.
    if (!(pair.score > 0) || pair.score > kMaxScore) {
      problems.push_back(at() + ".score: must be in (0, 10000]");
    }
    if (in_range) ++start[pair.person + 1];
  }
  for (int i = 0; i < n; ++i) start[i + 1] += start[i];
  std::vector<int> by_person(start[n]);
  std::vector<int> next = start;
  for (size_t k = 0; k < input.pairs.size(); ++k) {
    const CandidatePair& pair = input.pairs[k];
    if (pair.person >= 0 && pair.person < n && pair.post >= 0 && pair.post < m) {
      by_person[next[pair.person]++] = static_cast<int>(k);
    }
  }
  std::vector<int> marked_by(m, -1);
  for (int i = 0; i < n; ++i) {
    for (int j = start[i]; j < start[i + 1]; ++j) {
      const int k = by_person[j];
      int& mark = marked_by[input.pairs[k].post];
      if (mark == i)
        problems.push_back(absl::StrCat("pairs[", k, "]: repeats an earlier (person, post) pair"));
      mark = i;
    }
  }
  if (problems.empty()) return absl::OkStatus();
  // Long inputs can have many problems; the first ones are enough to act on.
  constexpr size_t kMaxShown = 20;
  const size_t total = problems.size();
  if (total > kMaxShown) {
    problems.resize(kMaxShown);
    problems.push_back(absl::StrCat("... and ", total - kMaxShown, " more"));
  }
  return absl::InvalidArgumentError(absl::StrJoin(problems, "; "));
}

}  // namespace jobmatch::planning
