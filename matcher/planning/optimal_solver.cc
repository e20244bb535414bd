// SolveOptimal as min-cost flow (LEMON NetworkSimplex), priced over the
// candidate pairs.
//
// Network, all arcs of capacity 1 unless said otherwise:
//   S -> person                          cost 0
//   S -> C[g] (cap = campaign floor of g) cost -B; C[g] -> person of g, cost 0
//   person -> open[p]                    cost -score   (every candidate pair)
//   person -> seat[p][g]                 cost -score-B (pairs where g is the
//                                        person's group and p reserves for g)
//   seat[p][g] -> collect[p] (cap = the reserve), open[p] -> collect[p]
//   (cap = openings), collect[p] -> T (cap = openings)
//   S -> T bypass, cost 0, so every unit of supply has somewhere to go.
// A person with a campaign group is split in two (in -> out, cap 1) so that
// both ways in share one unit. open[p] takes the full openings, not openings
// minus reserves: that is what releases an unfilled seat to everyone.
// B exceeds any total score, so the optimum first maximises reserve fills and
// then total score.
//
// Pricing: a round builds the network on a subset of the pairs and solves it.
// A left-out pair carries no flow, so the round's flow and potentials prove
// optimality over all pairs exactly when every left-out pair arc has a
// non-negative reduced cost (cost + pi(from) - pi(to)). Otherwise those pairs,
// and the ones within the pricing margin, join the next round; each round
// adds at least one pair, so pricing ends.
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "matcher/planning/solvers.h"
#include "services/common/status_macros.h"

namespace jobmatch::planning {
namespace {

using Graph = lemon::SmartDigraph;
using Simplex = lemon::NetworkSimplex<Graph, int, int64_t>;

constexpr double kScoreScale = 1000;

int64_t ScaledScore(double score) { return std::llround(score * kScoreScale); }

// What every round shares.
struct Problem {
  explicit Problem(const PlanInput& in) : input(in) {}
  const PlanInput& input;
  std::vector<uint32_t> mask;  // each person's groups
  int campaign_floor[kMaxGroup + 1] = {};
  uint32_t floor_mask = 0;  // groups with a campaign floor
  int64_t bonus = 1;        // B
};

struct Round {
  std::vector<Assignment> assignments;
  // Whether no left-out pair has a negative reduced cost.
  bool optimal = true;
  // Left-out pairs whose reduced cost is below the pricing margin.
  std::vector<int> priced_in;
};

absl::StatusOr<Round> SolveRound(const Problem& problem, const PricingOptions& pricing,
                                 const std::vector<int>& pairs,
                                 const std::vector<char>& in_network) {
  const PlanInput& input = problem.input;
  const int n = static_cast<int>(input.people.size());
  const int m = static_cast<int>(input.posts.size());

  Graph graph;
  graph.reserveNode(2 * n + 3 * m + kMaxGroup + 2);
  graph.reserveArc(static_cast<int>(pairs.size()) + 3 * n + 3 * m + 16);
  Graph::ArcMap<int> capacity(graph);
  Graph::ArcMap<int64_t> cost(graph);
  auto add_arc = [&](Graph::Node from, Graph::Node to, int cap, int64_t c) {
    Graph::Arc arc = graph.addArc(from, to);
    capacity[arc] = cap;
    cost[arc] = c;
    return arc;
  };

  const Graph::Node source = graph.addNode();
  const Graph::Node sink = graph.addNode();
  int64_t supply = n;
  std::vector<Graph::Node> person_in(n), person_out(n);
  for (int i = 0; i < n; ++i) {
    person_in[i] = graph.addNode();
    person_out[i] = person_in[i];
    add_arc(source, person_in[i], 1, 0);
    if (problem.mask[i] & problem.floor_mask) {
      person_out[i] = graph.addNode();
      add_arc(person_in[i], person_out[i], 1, 0);
    }
  }
  // Campaign floors; remembered to read which floor each person counts for.
  struct FloorArc {
    Graph::Arc arc;
    int person;
    Group group;
  };
  std::vector<FloorArc> floor_arcs;
  for (int g = 1; g <= kMaxGroup; ++g) {
    if (problem.campaign_floor[g] == 0) continue;
    const Graph::Node floor_node = graph.addNode();
    add_arc(source, floor_node, problem.campaign_floor[g], -problem.bonus);
    supply += problem.campaign_floor[g];
    for (int i = 0; i < n; ++i) {
      if (problem.mask[i] & (1u << g))
        floor_arcs.push_back({add_arc(floor_node, person_in[i], 1, 0), i, g});
    }
  }
  // Posts: open[p], and seat nodes indexed by group for posts with reserves.
  std::vector<Graph::Node> open(m);
  std::vector<std::vector<std::pair<Group, Graph::Node>>> seats(m);
  for (int p = 0; p < m; ++p) {
    const Post& post = input.posts[p];
    open[p] = graph.addNode();
    if (post.reserves.empty()) {
      add_arc(open[p], sink, post.openings, 0);
      continue;
    }
    const Graph::Node collect = graph.addNode();
    add_arc(open[p], collect, post.openings, 0);
    add_arc(collect, sink, post.openings, 0);
    for (const Quota& q : post.reserves) {
      const Graph::Node seat = graph.addNode();
      add_arc(seat, collect, q.places, 0);
      seats[p].push_back({q.group, seat});
    }
  }
  // Candidate pairs of this round.
  std::vector<Graph::Arc> pair_arc(pairs.size());
  struct SeatArc {
    Graph::Arc arc;
    int pair;
    Group group;
  };
  std::vector<SeatArc> seat_arcs;
  for (size_t j = 0; j < pairs.size(); ++j) {
    const CandidatePair& pair = input.pairs[pairs[j]];
    const int64_t c = -ScaledScore(pair.score);
    pair_arc[j] = add_arc(person_out[pair.person], open[pair.post], 1, c);
    for (const auto& [group, seat] : seats[pair.post]) {
      if (problem.mask[pair.person] & (1u << group)) {
        seat_arcs.push_back(
            {add_arc(person_out[pair.person], seat, 1, c - problem.bonus), pairs[j], group});
      }
    }
  }
  if (supply > INT32_MAX) return absl::InvalidArgumentError("instance too large");
  add_arc(source, sink, static_cast<int>(supply), 0);

  Simplex simplex(graph);
  simplex.upperMap(capacity).costMap(cost).stSupply(source, sink, static_cast<int>(supply));
  // The candidate-list pivot rule: on the benchmark instance it needs less
  // time than LEMON's default block search (two thirds on all 2 M pairs,
  // about 0.8 on the priced rounds) and far less than the other rules or
  // cost scaling.
  const Simplex::ProblemType result = simplex.run(Simplex::CANDIDATE_LIST);
  if (result != Simplex::OPTIMAL) {
    // Cannot happen: the bypass makes it feasible and capacities bound it.
    return absl::InternalError(absl::StrCat("min-cost flow not optimal: ", result));
  }

  Round round;
  // A pair takes at most one of its arcs: the person sends one unit.
  std::vector<Group> seat_group_of_pair(input.pairs.size(), kNoGroup);
  std::vector<char> taken(input.pairs.size(), 0);
  for (const SeatArc& s : seat_arcs) {
    if (simplex.flow(s.arc) > 0) {
      seat_group_of_pair[s.pair] = s.group;
      taken[s.pair] = 1;
    }
  }
  std::vector<int> assignment_of_person(n, -1);
  for (size_t j = 0; j < pairs.size(); ++j) {
    const int k = pairs[j];
    if (taken[k] || simplex.flow(pair_arc[j]) > 0) {
      assignment_of_person[input.pairs[k].person] = static_cast<int>(round.assignments.size());
      round.assignments.push_back({k, seat_group_of_pair[k], kNoGroup});
    }
  }
  for (const FloorArc& f : floor_arcs) {
    if (simplex.flow(f.arc) > 0 && assignment_of_person[f.person] >= 0) {
      round.assignments[assignment_of_person[f.person]].campaign_group = f.group;
    }
  }

  // Potentials can sit near INT64_MAX / 2 in subtrees hung from LEMON's
  // artificial root, so reduced costs are taken in 128 bits.
  const __int128 margin = ScaledScore(pricing.margin);
  auto below = [&](int64_t c, Graph::Node from, Graph::Node to, __int128 bound) {
    return static_cast<__int128>(c) + simplex.potential(from) - simplex.potential(to) < bound;
  };
  auto negative = [&](int64_t c, Graph::Node from, Graph::Node to) {
    if (below(c, from, to, 0)) round.optimal = false;
    return below(c, from, to, margin);
  };
  for (size_t k = 0; k < input.pairs.size(); ++k) {
    if (in_network[k]) continue;
    const CandidatePair& pair = input.pairs[k];
    const int64_t c = -ScaledScore(pair.score);
    bool price_in = negative(c, person_out[pair.person], open[pair.post]);
    for (const auto& [group, seat] : seats[pair.post]) {
      if (!price_in && (problem.mask[pair.person] & (1u << group))) {
        price_in = negative(c - problem.bonus, person_out[pair.person], seat);
      }
    }
    if (price_in) round.priced_in.push_back(static_cast<int>(k));
  }
  return round;
}

// Marks each list's best `keep(list)` pairs by score.
template <typename Keep>
void KeepBest(const PlanInput& input, const std::vector<std::vector<int>>& lists, Keep keep,
              std::vector<char>& in_network) {
  std::vector<int> scratch;
  for (size_t l = 0; l < lists.size(); ++l) {
    scratch = lists[l];
    const size_t count = std::min(scratch.size(), static_cast<size_t>(std::max(0, keep(l))));
    std::nth_element(scratch.begin(), scratch.begin() + count, scratch.end(),
                     [&](int a, int b) { return input.pairs[a].score > input.pairs[b].score; });
    for (size_t j = 0; j < count; ++j) in_network[scratch[j]] = 1;
  }
}

// The first round's pairs: those most likely to be in the optimum.
std::vector<char> FirstRound(const Problem& problem, const PricingOptions& pricing) {
  const PlanInput& input = problem.input;
  std::vector<char> in_network(input.pairs.size(), 0);
  std::vector<std::vector<int>> of_person(input.people.size()), of_post(input.posts.size());
  for (size_t k = 0; k < input.pairs.size(); ++k) {
    of_person[input.pairs[k].person].push_back(static_cast<int>(k));
    of_post[input.pairs[k].post].push_back(static_cast<int>(k));
  }
  KeepBest(
      input, of_person, [&](size_t) { return pricing.per_person; }, in_network);
  KeepBest(
      input, of_post, [&](size_t p) { return 2 * input.posts[p].openings + pricing.post_extra; },
      in_network);
  // Each reserve's group, among the post's candidates.
  std::vector<std::vector<int>> of_seat;
  std::vector<int> seat_places;
  for (size_t p = 0; p < input.posts.size(); ++p) {
    for (const Quota& q : input.posts[p].reserves) {
      std::vector<int>& members = of_seat.emplace_back();
      for (int k : of_post[p]) {
        if (problem.mask[input.pairs[k].person] & (1u << q.group)) members.push_back(k);
      }
      seat_places.push_back(q.places);
    }
  }
  KeepBest(
      input, of_seat, [&](size_t s) { return 2 * seat_places[s] + pricing.post_extra; },
      in_network);
  return in_network;
}

}  // namespace

absl::StatusOr<Plan> SolveOptimal(const PlanInput& input, const PricingOptions& pricing,
                                  PricingStats* stats) {
  JM_RETURN_IF_ERROR(ValidatePlanInput(input));
  const int n = static_cast<int>(input.people.size());

  Problem problem(input);
  for (const Quota& q : input.campaign_reserves) problem.campaign_floor[q.group] = q.places;
  for (int g = 1; g <= kMaxGroup; ++g) {
    if (problem.campaign_floor[g] > 0) problem.floor_mask |= 1u << g;
  }
  problem.mask.resize(n);
  for (int i = 0; i < n; ++i) problem.mask[i] = GroupMask(input.people[i]);
  // B: one more than the largest possible total score.
  std::vector<int64_t> best(n, 0);
  for (const CandidatePair& pair : input.pairs) {
    best[pair.person] = std::max(best[pair.person], ScaledScore(pair.score));
  }
  for (int64_t b : best) problem.bonus += b;

  std::vector<char> in_network = FirstRound(problem, pricing);
  std::vector<int> pairs;
  for (size_t k = 0; k < in_network.size(); ++k) {
    if (in_network[k]) pairs.push_back(static_cast<int>(k));
  }
  PricingStats local;
  PricingStats& s = stats ? *stats : local;
  s = {};
  Round round;
  while (true) {
    ++s.rounds;
    s.pairs_in_network = static_cast<int64_t>(pairs.size());
    JM_ASSIGN_OR_RETURN(round, SolveRound(problem, pricing, pairs, in_network));
    if (round.optimal) break;
    for (int k : round.priced_in) {
      in_network[k] = 1;
      pairs.push_back(k);
    }
  }

  Plan plan;
  plan.mode = PlanMode::kOptimal;
  plan.assignments = std::move(round.assignments);
  FinishPlan(input, plan);
  return plan;
}

}  // namespace jobmatch::planning
