#include "matcher/planning/plan_check.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "matcher/planning/solvers.h"

namespace jobmatch::planning {
namespace {

int Kept(const Post& post, Group g) {
  for (const Quota& q : post.reserves) {
    if (q.group == g) return q.places;
  }
  return 0;
}

}  // namespace

absl::Status CheckPlan(const PlanInput& input, const Plan& plan) {
  const std::vector<Post> posts =
      plan.mode == PlanMode::kStable ? ApportionCampaignReserves(input) : input.posts;
  std::vector<int> person_count(input.people.size(), 0);
  std::vector<int> post_count(posts.size(), 0);
  std::map<std::pair<int, Group>, int> seat_count;
  int floor_count[kMaxGroup + 1] = {};
  for (const Assignment& a : plan.assignments) {
    if (a.pair < 0 || a.pair >= static_cast<int>(input.pairs.size())) {
      return absl::FailedPreconditionError(
          absl::StrCat("assignment of non-candidate pair ", a.pair));
    }
    const CandidatePair& pair = input.pairs[a.pair];
    const Person& person = input.people[pair.person];
    if (++person_count[pair.person] > 1) {
      return absl::FailedPreconditionError(absl::StrCat("person ", person.id, " assigned twice"));
    }
    if (++post_count[pair.post] > posts[pair.post].openings) {
      return absl::FailedPreconditionError(
          absl::StrCat("post ", posts[pair.post].id, " over its openings"));
    }
    const uint32_t mask = GroupMask(person);
    if (a.post_seat_group != kNoGroup) {
      if (!(mask & (1u << a.post_seat_group))) {
        return absl::FailedPreconditionError(
            absl::StrCat(person.id, " takes a seat of group ", a.post_seat_group, " not theirs"));
      }
      if (++seat_count[{pair.post, a.post_seat_group}] >
          Kept(posts[pair.post], a.post_seat_group)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "post ", posts[pair.post].id, " over its seats for group ", a.post_seat_group));
      }
    }
    if (a.campaign_group != kNoGroup) {
      if (!(mask & (1u << a.campaign_group))) {
        return absl::FailedPreconditionError(
            absl::StrCat(person.id, " counts for the floor of group ", a.campaign_group));
      }
      int floor = 0;
      for (const Quota& q : input.campaign_reserves) {
        if (q.group == a.campaign_group) floor = q.places;
      }
      if (++floor_count[a.campaign_group] > floor) {
        return absl::FailedPreconditionError(
            absl::StrCat("campaign floor of group ", a.campaign_group, " over-counted"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status CheckReservesOfferedFirst(const PlanInput& input, const Plan& plan) {
  // Where each person sits: -1 unplaced, else the seat group (0 = open seat).
  std::vector<int> seat(input.people.size(), -1);
  std::map<std::pair<int, Group>, int> filled;
  for (const Assignment& a : plan.assignments) {
    const CandidatePair& pair = input.pairs[a.pair];
    seat[pair.person] = a.post_seat_group;
    if (a.post_seat_group != kNoGroup) ++filled[{pair.post, a.post_seat_group}];
  }
  for (const CandidatePair& pair : input.pairs) {
    if (seat[pair.person] > 0) continue;
    const uint32_t mask = GroupMask(input.people[pair.person]);
    for (const Quota& q : input.posts[pair.post].reserves) {
      if ((mask & (1u << q.group)) && filled[{pair.post, q.group}] < q.places) {
        return absl::FailedPreconditionError(
            absl::StrCat("post ", input.posts[pair.post].id, " leaves a seat for group ", q.group,
                         " unfilled while ", input.people[pair.person].id,
                         seat[pair.person] < 0 ? " is unplaced" : " sits in an open seat"));
      }
    }
  }
  return absl::OkStatus();
}

std::optional<int> FindBlockingPair(const PlanInput& input, const Plan& plan) {
  const std::vector<Post> posts = ApportionCampaignReserves(input);
  std::vector<int> pair_of_person(input.people.size(), -1);
  std::vector<std::vector<int>> people_at(posts.size());
  for (const Assignment& a : plan.assignments) {
    const CandidatePair& pair = input.pairs[a.pair];
    pair_of_person[pair.person] = a.pair;
    people_at[pair.post].push_back(pair.person);
  }
  for (size_t k = 0; k < input.pairs.size(); ++k) {
    const CandidatePair& pair = input.pairs[k];
    const int own = pair_of_person[pair.person];
    if (own >= 0) {
      const CandidatePair& current = input.pairs[own];
      if (current.post == pair.post) continue;
      const bool prefers =
          pair.score > current.score || (pair.score == current.score && pair.post < current.post);
      if (!prefers) continue;
    }
    std::vector<uint64_t> keys;
    std::vector<uint32_t> groups;
    std::vector<int> applicants = people_at[pair.post];
    applicants.push_back(pair.person);
    for (int person : applicants) {
      // The post ranks by its own pair with each applicant.
      double score = pair.score;
      if (person != pair.person) score = input.pairs[pair_of_person[person]].score;
      const uint32_t mask = GroupMask(input.people[person]);
      keys.push_back(RankKey(score, mask != 0, person));
      groups.push_back(mask);
    }
    for (const Chosen& c : ChooseForPost(posts[pair.post], keys, groups)) {
      if (c.applicant == static_cast<int>(applicants.size()) - 1) return static_cast<int>(k);
    }
  }
  return std::nullopt;
}

}  // namespace jobmatch::planning
