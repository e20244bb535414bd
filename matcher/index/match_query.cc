// The two top-K queries of MatchIndex (see match_index.h for the method).
#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "matcher/domain/eligibility.h"
#include "matcher/index/grid.h"
#include "matcher/index/match_index.h"
#include "matcher/index/top_k.h"

namespace jobmatch::matcher {
namespace {

// SurfaceKm is at least 111.19 km per degree of latitude apart, so a point
// more than km/111 degrees north or south of both homes is beyond `km`.
inline bool OutsideLatitudeBand(const GeoPt& p, const GeoPt& a, const GeoPt& b, double km) {
  const double band = km / 111.0;
  return std::abs(p.lat - a.lat) > band && std::abs(p.lat - b.lat) > band;
}

struct CellOrder {
  int64_t key;
  double min_km;
};

void SortNearestFirst(std::vector<CellOrder>& cells) {
  std::sort(cells.begin(), cells.end(), [](const CellOrder& a, const CellOrder& b) {
    return a.min_km != b.min_km ? a.min_km < b.min_km : a.key < b.key;
  });
}

}  // namespace

std::vector<int> MatchIndex::RelatedOccs(const std::string& code, bool code_is_wanted) const {
  absl::MutexLock lock(&cache_mu_);
  RelatedCache& cache = related_cache_[std::string(code_is_wanted ? "w:" : "p:") + code];
  for (; cache.checked < occ_codes_.size(); ++cache.checked) {
    const std::string& other = occ_codes_[cache.checked];
    if (code_is_wanted ? relations_->Related(code, other) : relations_->Related(other, code)) {
      cache.related.push_back(static_cast<int>(cache.checked));
    }
  }
  return cache.related;
}

std::vector<uint8_t> MatchIndex::FitsForWanted(const std::vector<std::string>& wanted) const {
  std::vector<uint8_t> fits(occ_codes_.size(), 0);
  auto raise = [&](int occ, OccupationFit fit) {
    fits[occ] = std::max<uint8_t>(fits[occ], static_cast<uint8_t>(fit));
  };
  for (const std::string& w : wanted) {
    if (auto it = occ_ids_.find(w); it != occ_ids_.end()) raise(it->second, OccupationFit::kExact);
    if (auto it = occs_by_group_.find(MinorGroupOf(w)); it != occs_by_group_.end()) {
      for (int occ : it->second) raise(occ, OccupationFit::kSameGroup);
    }
    for (int occ : RelatedOccs(w, true)) raise(occ, OccupationFit::kRelated);
  }
  return fits;
}

std::vector<uint8_t> MatchIndex::FitsForPostCode(const std::string& code) const {
  std::vector<uint8_t> fits(occ_codes_.size(), 0);
  auto raise = [&](int occ, OccupationFit fit) {
    fits[occ] = std::max<uint8_t>(fits[occ], static_cast<uint8_t>(fit));
  };
  if (auto it = occs_by_group_.find(MinorGroupOf(code)); it != occs_by_group_.end()) {
    for (int occ : it->second) raise(occ, OccupationFit::kSameGroup);
  }
  for (int occ : RelatedOccs(code, false)) raise(occ, OccupationFit::kRelated);
  if (auto it = occ_ids_.find(code); it != occ_ids_.end()) raise(it->second, OccupationFit::kExact);
  return fits;
}

std::vector<PostHit> MatchIndex::TopPosts(const Seeker& s, const QueryTime& at,
                                          const PostFilter& filter, size_t k) const {
  absl::ReaderMutexLock lock(&mu_);
  TopK<PostHit> top(k);
  const std::vector<uint8_t> fits = FitsForWanted(s.wanted_occupations);

  // `distance_bound`: what distance can add at most for this entry (its cell's).
  const int age = AgeOn(s.birth_yyyymmdd, at.today_yyyymmdd);
  auto consider = [&](const PostEntry& e, OccupationFit fit, double distance_bound) {
    if (!e.open || at.now < e.valid_from || at.now >= e.valid_until) return;
    if (!MayBeEligible(e.floor, age, s.birth_yyyymmdd != 0, s.sex, s.education,
                       s.experience_years, s.availability)) {
      return;
    }
    const double bound = kOccupationScore[static_cast<int>(fit)] +
                         RestUpperBound(s.min_salary, s.groups, e.bound, at.now);
    if (!top.MayEnter(bound + distance_bound)) return;  // before any distance is computed
    if (!s.relocate && OutsideLatitudeBand(e.point, s.residence, s.hukou, s.travel_radius_km)) return;
    const Distances d{SurfaceKm(s.residence, e.point), SurfaceKm(s.hukou, e.point)};
    if (!s.relocate && d.nearest() > s.travel_radius_km) return;
    if (!top.MayEnter(bound + DistanceScore(s, d.nearest()))) return;
    const PostRecord& p = *e.rec;
    if (!PassesFilter(p, filter, at.now) || !IsEligible(s, p, at, d)) return;
    top.Offer({e.rec, Score(s, p, at, d, fit, nullptr, false), d.nearest()});
  };

  // The rest bound from what a list keeps inline: a person holding no skill
  // gets nothing from the skills part.
  const bool holds_none = s.skills.empty();
  auto inline_bound = [&](const PostBound& b, bool needs_skills) {
    return RestUpperBound(s.min_salary, s.groups, b, at.now) -
           (holds_none && needs_skills ? kSkillsWeight : 0);
  };
  // What the person and the time can add to a post's fixed parts.
  const double person_rest = kMaxFreshScore + (s.min_salary > 0 ? kMaxPersonRest - 15 : 0) +
                             (s.groups != 0 ? 15 : 0);
  // The cells a person who does not relocate can reach: the boxes around both homes.
  const grid::Box boxes[2] = {grid::BoxAround(s.residence, s.travel_radius_km),
                              grid::BoxAround(s.hukou, s.travel_radius_km)};
  const int reach_x0 = std::min(boxes[0].x0, boxes[1].x0);
  const int reach_x1 = std::max(boxes[0].x1, boxes[1].x1);
  auto cell_km = [&](int64_t key) {
    return std::min(grid::CellMinKm(s.residence, key), grid::CellMinKm(s.hukou, key));
  };

  // Occupations that fit, best fit first. Each list is sorted by cell, so
  // whole runs of cells out of reach, or whose bound cannot enter, are skipped.
  for (int fit = 3; fit >= 1; --fit) {
    const double occ_score = kOccupationScore[fit];
    if (!top.MayEnter(occ_score + kMaxDistanceScore + kMaxRestScore)) return std::move(top).Take();
    for (size_t occ = 0; occ < fits.size(); ++occ) {
      if (fits[occ] != fit) continue;
      const std::vector<OccPost>& list = posts_by_occ_[occ];
      auto it = list.begin();
      while (it != list.end()) {
        const int64_t key = it->cell;
        const int x = grid::KeyX(key);
        if (!s.relocate && x < reach_x0) {
          it = std::lower_bound(it, list.end(), OccPost{grid::Key(reach_x0, 0), 0, false, {}});
          continue;
        }
        if (!s.relocate && x > reach_x1) break;
        auto run_end = std::upper_bound(it, list.end(), OccPost{key, UINT32_MAX, false, {}});
        const bool reachable = s.relocate || boxes[0].Contains(key) || boxes[1].Contains(key);
        if (reachable) {
          const double km = cell_km(key);
          const double distance_bound = DistanceScore(s, km);
          if ((s.relocate || km <= s.travel_radius_km) &&
              top.MayEnter(occ_score + distance_bound + kMaxFixedRest + person_rest)) {
            for (; it != run_end; ++it) {
              if (!top.MayEnter(occ_score + distance_bound + inline_bound(it->bound, it->needs_skills))) {
                continue;
              }
              consider(posts_[it->slot], static_cast<OccupationFit>(fit), distance_bound);
            }
          }
        }
        it = run_end;
      }
    }
  }

  // Everything else, walking the grid nearest cell first.
  std::vector<CellOrder> cells;
  auto add_cell = [&](int64_t key) {
    const double km = cell_km(key);
    if (!s.relocate && km > s.travel_radius_km) return;
    cells.push_back({key, km});
  };
  if (s.relocate) {
    cells.reserve(post_cells_.size());
    for (const auto& [key, slots] : post_cells_) add_cell(key);
  } else {
    for (int x = reach_x0; x <= reach_x1; ++x) {
      for (int y = std::min(boxes[0].y0, boxes[1].y0); y <= std::max(boxes[0].y1, boxes[1].y1); ++y) {
        const int64_t key = grid::Key(x, y);
        if ((boxes[0].Contains(key) || boxes[1].Contains(key)) && post_cells_.contains(key)) {
          add_cell(key);
        }
      }
    }
  }
  SortNearestFirst(cells);
  for (const CellOrder& cell : cells) {
    const double distance_bound = DistanceScore(s, cell.min_km);
    if (!top.MayEnter(distance_bound + kMaxFixedRest + person_rest)) break;
    for (const CellPost& cp : post_cells_.find(cell.key)->second) {
      // The cell is sorted by `fixed`, so nothing after this can enter either.
      if (!top.MayEnter(distance_bound + cp.bound.fixed + person_rest)) break;
      if (fits[cp.occ] != 0) continue;
      if (!top.MayEnter(distance_bound + inline_bound(cp.bound, cp.needs_skills))) continue;
      consider(posts_[cp.slot], OccupationFit::kNone, distance_bound);
    }
  }
  return std::move(top).Take();
}

std::vector<SeekerHit> MatchIndex::TopSeekers(const PostRecord& p, const QueryTime& at,
                                              const SeekerFilter& filter, size_t k) const {
  absl::ReaderMutexLock lock(&mu_);
  TopK<SeekerHit> top(k);
  if (p.state != kPostStateOpen) return {};
  const std::vector<uint8_t> fits = FitsForPostCode(p.occupation_code);
  const PostBound post_bound = BoundOf(p);
  auto fit_of = [&](const SeekerEntry& e) {
    uint8_t best = 0;
    for (int occ : e.wanted_occs) best = std::max(best, fits[occ]);
    return static_cast<OccupationFit>(best);
  };
  const PostFloor floor = FloorOf(p);
  auto consider = [&](const SeekerEntry& e, OccupationFit fit) {
    if (!MayBeEligible(floor, AgeOn(e.birth_yyyymmdd, at.today_yyyymmdd), e.birth_yyyymmdd != 0,
                       e.sex, e.education, e.experience_years, e.availability)) {
      return;
    }
    const double bound = kOccupationScore[static_cast<int>(fit)] +
                         RestUpperBound(e.min_salary, e.groups, post_bound, at.now);
    if (!top.MayEnter(bound + kMaxDistanceScore)) return;  // before any distance is computed
    if (!e.relocate && OutsideLatitudeBand(p.point, e.residence, e.hukou, e.radius_km)) return;
    const Distances d{SurfaceKm(e.residence, p.point), SurfaceKm(e.hukou, p.point)};
    if (!e.relocate && d.nearest() > e.radius_km) return;
    if (!top.MayEnter(bound + DistanceScore(e.radius_km, e.relocate, d.nearest()))) return;
    const Seeker& s = *e.rec;
    if (!PassesFilter(s, filter) || !IsEligible(s, p, at, d)) return;
    top.Offer({e.rec, Score(s, p, at, d, fit, nullptr, false), d.nearest()});
  };

  for (int fit = 3; fit >= 1; --fit) {
    const double bound = kOccupationScore[fit] + kMaxDistanceScore + kMaxRestScore;
    if (!top.MayEnter(bound)) return std::move(top).Take();
    for (size_t occ = 0; occ < fits.size(); ++occ) {
      if (fits[occ] != fit) continue;
      for (uint32_t slot : seekers_by_occ_[occ]) {
        const SeekerEntry& e = seekers_[slot];
        if (!MayBeEligible(floor, AgeOn(e.birth_yyyymmdd, at.today_yyyymmdd),
                           e.birth_yyyymmdd != 0, e.sex, e.education, e.experience_years,
                           e.availability)) {
          continue;
        }
        // People wanting several codes are scored once: in their best class,
        // from the list of the first code that gives it.
        if (static_cast<int>(fit_of(e)) != fit) continue;
        int first = -1;
        for (int o : e.wanted_occs) {
          if (fits[o] == fit) {
            first = o;
            break;
          }
        }
        if (first == static_cast<int>(occ)) consider(e, static_cast<OccupationFit>(fit));
      }
    }
  }

  // People living beyond every non-relocating radius can only be relocators.
  const double reach = max_relocate_horizon_km_ > 0 ? 1e9 : max_radius_km_;
  const double horizon = std::max(max_radius_km_, max_relocate_horizon_km_);
  const double rest_bound = RestUpperBound(1, static_cast<GroupMask>(~0u), post_bound, at.now);
  std::vector<CellOrder> cells;
  for (const auto& [key, slots] : seeker_cells_) {
    const double km = grid::CellMinKm(p.point, key);
    if (km <= reach) cells.push_back({key, km});
  }
  SortNearestFirst(cells);
  absl::flat_hash_set<uint32_t> seen_twice;  // people with two homes in different cells
  for (const CellOrder& cell : cells) {
    const double distance_bound =
        horizon <= 0 || cell.min_km >= horizon ? 0 : kMaxDistanceScore * (1.0 - cell.min_km / horizon);
    if (!top.MayEnter(distance_bound + rest_bound)) break;
    for (uint32_t slot : seeker_cells_.find(cell.key)->second) {
      const SeekerEntry& e = seekers_[slot];
      // Cheapest refusals first: out of this home's reach, or certainly ineligible.
      if (!e.relocate && cell.min_km > e.radius_km) continue;
      if (!MayBeEligible(floor, AgeOn(e.birth_yyyymmdd, at.today_yyyymmdd), e.birth_yyyymmdd != 0,
                         e.sex, e.education, e.experience_years, e.availability)) {
        continue;
      }
      if (fit_of(e) != OccupationFit::kNone) continue;
      if (e.cells[0] != e.cells[1] && !seen_twice.insert(slot).second) continue;
      consider(e, OccupationFit::kNone);
    }
  }
  return std::move(top).Take();
}

}  // namespace jobmatch::matcher
