// SolveStable: person-proposing deferred acceptance with slot-specific
// priorities at each post. Such choice functions are substitutable and obey
// the law of aggregate demand (Kominers & Sönmez 2016), so the outcome is
// stable and proposing truthfully is safe for people.
#include <algorithm>
#include <deque>
#include <numeric>

#include "matcher/planning/solvers.h"
#include "services/common/status_macros.h"

namespace jobmatch::planning {

std::vector<Chosen> ChooseForPost(const Post& post, const std::vector<uint64_t>& rank_key,
                                  const std::vector<uint32_t>& groups) {
  std::vector<int> order(rank_key.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return rank_key[a] < rank_key[b]; });
  std::vector<char> taken(rank_key.size(), 0);
  std::vector<Chosen> chosen;
  auto take_best = [&](uint32_t need_mask, Group seat_group) {
    for (int k : order) {
      if (!taken[k] && (need_mask == 0 || (groups[k] & need_mask))) {
        taken[k] = 1;
        chosen.push_back({k, seat_group});
        return true;
      }
    }
    return false;
  };
  // Slots in precedence order: reserved seats by ascending group, then open.
  std::vector<Quota> reserves = post.reserves;
  std::sort(reserves.begin(), reserves.end(),
            [](const Quota& a, const Quota& b) { return a.group < b.group; });
  int reserved = 0;
  for (const Quota& q : reserves) {
    reserved += q.places;
    for (int s = 0; s < q.places; ++s) {
      // A seat the group cannot fill goes to the best applicant left.
      if (!take_best(1u << q.group, q.group) && !take_best(0, kNoGroup)) return chosen;
    }
  }
  for (int s = reserved; s < post.openings; ++s) {
    if (!take_best(0, kNoGroup)) break;
  }
  return chosen;
}

std::vector<Post> ApportionCampaignReserves(const PlanInput& input) {
  std::vector<Post> posts = input.posts;
  const int m = static_cast<int>(posts.size());
  for (const Quota& floor : input.campaign_reserves) {
    std::vector<int> members_at(m, 0);
    for (const CandidatePair& pair : input.pairs) {
      if (GroupMask(input.people[pair.person]) & (1u << floor.group)) ++members_at[pair.post];
    }
    std::vector<int> order(m);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return members_at[a] > members_at[b]; });
    int left = floor.places;
    for (int p : order) {
      if (left == 0 || members_at[p] == 0) break;
      int reserved = 0;
      Quota* own = nullptr;
      for (Quota& q : posts[p].reserves) {
        reserved += q.places;
        if (q.group == floor.group) own = &q;
      }
      const int add = std::min({left, members_at[p], posts[p].openings - reserved});
      if (add <= 0) continue;
      if (own != nullptr) {
        own->places += add;
      } else {
        posts[p].reserves.push_back({floor.group, add});
      }
      left -= add;
    }
  }
  return posts;
}

absl::StatusOr<Plan> SolveStable(const PlanInput& input) {
  JM_RETURN_IF_ERROR(ValidatePlanInput(input));
  const int n = static_cast<int>(input.people.size());
  const int m = static_cast<int>(input.posts.size());
  const std::vector<Post> posts = ApportionCampaignReserves(input);

  // Each person's pairs, best first (ties by post order).
  std::vector<std::vector<int>> prefs(n);
  for (size_t k = 0; k < input.pairs.size(); ++k) {
    prefs[input.pairs[k].person].push_back(static_cast<int>(k));
  }
  for (auto& list : prefs) {
    std::sort(list.begin(), list.end(), [&](int a, int b) {
      const CandidatePair& x = input.pairs[a];
      const CandidatePair& y = input.pairs[b];
      return x.score != y.score ? x.score > y.score : x.post < y.post;
    });
  }
  std::vector<uint32_t> mask(n);
  for (int i = 0; i < n; ++i) mask[i] = GroupMask(input.people[i]);

  std::vector<size_t> next(n, 0);
  std::vector<std::vector<int>> held(m);  // pair indices held by each post
  std::deque<int> free_people(n);
  std::iota(free_people.begin(), free_people.end(), 0);
  std::vector<uint64_t> keys;
  std::vector<uint32_t> groups;
  while (!free_people.empty()) {
    const int person = free_people.front();
    free_people.pop_front();
    if (next[person] >= prefs[person].size()) continue;  // stays unplaced
    const int k = prefs[person][next[person]++];
    const int p = input.pairs[k].post;
    std::vector<int>& at = held[p];
    at.push_back(k);
    // Every seat accepts anyone, so up to `openings` applicants are all chosen.
    if (static_cast<int>(at.size()) <= posts[p].openings) continue;
    keys.clear();
    groups.clear();
    for (int h : at) {
      const CandidatePair& pair = input.pairs[h];
      keys.push_back(RankKey(pair.score, mask[pair.person] != 0, pair.person));
      groups.push_back(mask[pair.person]);
    }
    std::vector<char> keep(at.size(), 0);
    for (const Chosen& c : ChooseForPost(posts[p], keys, groups)) keep[c.applicant] = 1;
    std::vector<int> kept;
    for (size_t h = 0; h < at.size(); ++h) {
      if (keep[h]) {
        kept.push_back(at[h]);
      } else {
        free_people.push_back(input.pairs[at[h]].person);
      }
    }
    at = std::move(kept);
  }

  Plan plan;
  plan.mode = PlanMode::kStable;
  for (int p = 0; p < m; ++p) {
    keys.clear();
    groups.clear();
    for (int h : held[p]) {
      const CandidatePair& pair = input.pairs[h];
      keys.push_back(RankKey(pair.score, mask[pair.person] != 0, pair.person));
      groups.push_back(mask[pair.person]);
    }
    for (const Chosen& c : ChooseForPost(posts[p], keys, groups)) {
      plan.assignments.push_back({held[p][c.applicant], c.seat_group, kNoGroup});
    }
  }
  FinishPlan(input, plan);
  AssignCampaignFloors(input, plan);
  return plan;
}

absl::StatusOr<Plan> SolveGreedy(const PlanInput& input) {
  JM_RETURN_IF_ERROR(ValidatePlanInput(input));
  std::vector<int> order(input.pairs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return input.pairs[a].score > input.pairs[b].score; });
  std::vector<char> placed(input.people.size(), 0);
  std::vector<int> room(input.posts.size());
  for (size_t p = 0; p < input.posts.size(); ++p) room[p] = input.posts[p].openings;
  Plan plan;
  plan.mode = PlanMode::kGreedy;
  for (int k : order) {
    const CandidatePair& pair = input.pairs[k];
    if (placed[pair.person] || room[pair.post] == 0) continue;
    placed[pair.person] = 1;
    --room[pair.post];
    plan.assignments.push_back({k, kNoGroup, kNoGroup});
  }
  FinishPlan(input, plan);
  // Reserves played no part in the choice; label the seats the greedy people
  // can fill, so that its reserve figures compare with the other modes'.
  std::vector<uint64_t> keys;
  std::vector<uint32_t> groups;
  for (size_t begin = 0, end = 0; begin < plan.assignments.size(); begin = end) {
    const int p = input.pairs[plan.assignments[begin].pair].post;
    keys.clear();
    groups.clear();
    for (end = begin;
         end < plan.assignments.size() && input.pairs[plan.assignments[end].pair].post == p;
         ++end) {
      const CandidatePair& pair = input.pairs[plan.assignments[end].pair];
      const uint32_t mask = GroupMask(input.people[pair.person]);
      keys.push_back(RankKey(pair.score, mask != 0, pair.person));
      groups.push_back(mask);
    }
    for (const Chosen& c : ChooseForPost(input.posts[p], keys, groups)) {
      plan.assignments[begin + c.applicant].post_seat_group = c.seat_group;
    }
  }
  AssignCampaignFloors(input, plan);
  return plan;
}

}  // namespace jobmatch::planning
