// The two top-K queries of MatchIndex (see match_index.h for the method).
#include <algorithm>
#include <cmath>
#include <optional>

#include "matcher/domain/campaign_rules.h"
#include "matcher/domain/eligibility.h"
#include "matcher/domain/public_view.h"
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

// Cells nearest first, ordered only as far as they are read: At(i) pops a
// heap until the first i + 1 are in order. A query that stops early pays for
// the heap's O(n) build, not for a full sort.
template <typename Contents>
class NearestCells {
 public:
  struct Cell {
    int64_t key;
    double min_km;
    const Contents* contents;
    // The classes the cell holds, copied from `contents` so that reading
    // which classes the ordered cells hold reads this array, not each cell.
    uint64_t has[2];
    bool Has(int cls) const { return (has[cls / 64] >> (cls % 64) & 1) != 0; }
  };
  void Reserve(size_t n) { heap_.reserve(n); }
  void Add(const Cell& c) { heap_.push_back(c); }
  void Start() { std::make_heap(heap_.begin(), heap_.end(), Farther); }
  const Cell* At(size_t i) {
    while (sorted_.size() <= i && !heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), Farther);
      sorted_.push_back(heap_.back());
      heap_.pop_back();
    }
    return i < sorted_.size() ? &sorted_[i] : nullptr;
  }

 private:
  static bool Farther(const Cell& a, const Cell& b) {
    return a.min_km != b.min_km ? a.min_km > b.min_km : a.key > b.key;
  }
  std::vector<Cell> heap_;
  std::vector<Cell> sorted_;
};

// Cells in rings of equal width around a person, nearest ring first and in
// no order within a ring: a counting sort, since the posts query may read
// thousands of cells and needs their order only as finely as the distance
// score changes. A cell's `ring_km` is its ring's inner edge, so no cell at
// or after it in the order is nearer than that.
template <typename Contents>
class RingOrder {
 public:
  struct Cell {
    double min_km;
    double ring_km;
    const Contents* contents;
    uint64_t has[2];  // the classes the cell holds, as in NearestCells
    int ring;
    bool Has(int cls) const { return (has[cls / 64] >> (cls % 64) & 1) != 0; }
  };
  // Rings of `horizon_km` / kRings; everything beyond the horizon is one last ring.
  explicit RingOrder(double horizon_km) : width_(std::max(horizon_km, 1.0) / kRings) {}
  void Reserve(size_t n) { added_.reserve(n); }
  void Add(double km, const Contents* contents, const uint64_t has[2]) {
    const int ring = static_cast<int>(std::min<double>(kRings, km / width_));
    // A hair inside the edge, so that rounding never puts it beyond the cell.
    added_.push_back({km, ring * width_ * (1 - 1e-9), contents, {has[0], has[1]}, ring});
    ++start_[ring + 1];
  }
  void Start() {
    for (int r = 1; r <= kRings + 1; ++r) start_[r] += start_[r - 1];
    sorted_.resize(added_.size());
    for (const Cell& c : added_) sorted_[start_[c.ring]++] = c;
    added_.clear();
  }
  const Cell* At(size_t i) const { return i < sorted_.size() ? &sorted_[i] : nullptr; }

 private:
  static constexpr int kRings = 100;
  const double width_;
  size_t start_[kRings + 2] = {};
  std::vector<Cell> added_;
  std::vector<Cell> sorted_;
};

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
  const PersonFacts facts = FactsOf(s, at.today_yyyymmdd);
  auto consider = [&](const PostKey& key, OccupationFit fit, double distance_bound) {
    if (at.now < key.valid_from || at.now >= key.valid_until) return;
    if (!MayBeEligible(key.floor, facts)) return;
    const double bound = kOccupationScore[static_cast<int>(fit)] +
                         RestUpperBound(s.min_salary, s.groups, key.bound, at.now);
    if (!top.MayEnter(bound + distance_bound)) return;  // before any distance is computed
    const PostEntry& e = posts_[key.slot];
    if (!s.relocate && OutsideLatitudeBand(e.point, s.residence, s.hukou, s.travel_radius_km))
      return;
    const Distances d{SurfaceKm(s.residence, e.point), SurfaceKm(s.hukou, e.point)};
    if (!s.relocate && d.nearest() > s.travel_radius_km) return;
    if (!top.MayEnter(bound + DistanceScore(s, d.nearest()))) return;
    const PostRecord& p = *e.rec;
    if (!PassesFilter(p, filter, at.now) || !IsEligible(s, p, at, d)) return;
    top.Offer({e.rec, Score(s, p, at, d, fit, nullptr, false), d.nearest()});
  };

  // Posts of a CZT graduate season beyond the person's radius, which the
  // walks below never reach (campaign_rules.h); those within it are theirs.
  if (!s.relocate && (s.groups & GroupBit(kGroupGraduate)) != 0) {
    for (uint32_t slot : widening_posts_) {
      const PostEntry& e = posts_[slot];
      const PostRecord& p = *e.rec;
      if (at.now < p.valid_from || at.now >= p.valid_until) continue;
      // Beyond the radius only a running season covering both the post and
      // where the person lives admits them: ended seasons and other cities
      // cost no distance.
      if (WideningCampaign(s, p, at.now) == nullptr) continue;
      const Distances d{SurfaceKm(s.residence, e.point), SurfaceKm(s.hukou, e.point)};
      if (d.nearest() <= s.travel_radius_km) continue;
      const auto fit = static_cast<OccupationFit>(fits[e.occ]);
      // Beyond the radius the distance part is 0.
      if (!top.MayEnter(kOccupationScore[static_cast<int>(fit)] +
                        RestUpperBound(s.min_salary, s.groups, BoundOf(p), at.now))) {
        continue;
      }
      if (!PassesFilter(p, filter, at.now) || !IsEligible(s, p, at, d)) continue;
      top.Offer({e.rec, Score(s, p, at, d, fit, nullptr, false), d.nearest()});
    }
  }
  // While some post may earn the village near-home boost, every class may.
  const bool near_home = near_home_posts_ > 0;
  const double max_rest_score = kMaxRestScore + (near_home ? kMaxNearHomeBoost : 0);

  // The rest bound from what a list keeps inline: a person holding no skill
  // gets nothing from the skills part.
  const bool holds_none = s.skills.empty();
  auto inline_bound = [&](const PostBound& b, bool needs_skills) {
    return RestUpperBound(s.min_salary, s.groups, b, at.now) -
           (holds_none && needs_skills ? kSkillsWeight : 0);
  };
  // The cells a person who does not relocate can reach: the boxes around both homes.
  const grid::Box boxes[2] = {grid::BoxAround(s.residence, s.travel_radius_km),
                              grid::BoxAround(s.hukou, s.travel_radius_km)};
  const int reach_x0 = std::min(boxes[0].x0, boxes[1].x0);
  const int reach_x1 = std::max(boxes[0].x1, boxes[1].x1);
  const double cos_lat =
      grid::CosFloor(std::max({max_abs_lat_, std::abs(s.residence.lat), std::abs(s.hukou.lat)}));
  auto cell_km = [&](int64_t key) {
    return std::min(grid::CellMinKm(s.residence, key, cos_lat),
                    grid::CellMinKm(s.hukou, key, cos_lat));
  };

  // Occupations that fit, best fit first. Each list is sorted by cell, so
  // whole runs of cells out of reach, or whose bound cannot enter, are skipped.
  for (int fit = 3; fit >= 1; --fit) {
    const double occ_score = kOccupationScore[fit];
    if (!top.MayEnter(occ_score + kMaxDistanceScore + max_rest_score)) return std::move(top).Take();
    for (size_t occ = 0; occ < fits.size(); ++occ) {
      if (fits[occ] != fit) continue;
      // Read in order; a run of one cell is settled (reach and distance) when
      // its first post passes the bound that needs no distance.
      const std::vector<OccPost>& list = posts_by_occ_[occ];
      auto it = s.relocate ? list.begin()
                           : std::lower_bound(list.begin(), list.end(),
                                              OccPost{grid::Key(reach_x0, 0), {}});
      enum class Run { kUnsettled, kOpen, kClosed } run = Run::kUnsettled;
      int64_t run_cell = it == list.end() ? 0 : it->cell;
      double distance_bound = 0;
      for (; it != list.end(); ++it) {
        if (it->cell != run_cell) {
          run_cell = it->cell;
          run = Run::kUnsettled;
        }
        if (!s.relocate && grid::KeyX(run_cell) > reach_x1) break;
        if (run == Run::kClosed) continue;
        const double rest = occ_score + inline_bound(it->key.bound, it->key.needs_skills);
        if (!top.MayEnter(rest + kMaxDistanceScore)) continue;
        if (run == Run::kUnsettled) {
          run = Run::kClosed;
          if (s.relocate || boxes[0].Contains(run_cell) || boxes[1].Contains(run_cell)) {
            const double km = cell_km(run_cell);
            distance_bound = DistanceScore(s, km);
            if (s.relocate || km <= s.travel_radius_km) run = Run::kOpen;
          }
          if (run == Run::kClosed) continue;
        }
        if (!top.MayEnter(rest + distance_bound)) continue;
        consider(it->key, static_cast<OccupationFit>(fit), distance_bound);
      }
    }
  }

  // Everything else, by class and cell, best bound first (see Item below),
  // from the cells in nearest-first order.
  RingOrder<PostCell> cells(s.relocate ? std::max<double>(s.travel_radius_km, kRelocateHorizonKm)
                                       : s.travel_radius_km);
  if (s.relocate) {
    cells.Reserve(post_cells_.size());
    for (const auto& [key, place] : post_cells_) {
      cells.Add(cell_km(key), place.cell.get(), place.non_empty);
    }
  } else {
    for (int x = reach_x0; x <= reach_x1; ++x) {
      for (int y = std::min(boxes[0].y0, boxes[1].y0); y <= std::max(boxes[0].y1, boxes[1].y1);
           ++y) {
        const int64_t key = grid::Key(x, y);
        if (!boxes[0].Contains(key) && !boxes[1].Contains(key)) continue;
        auto cell = post_cells_.find(key);
        if (cell == post_cells_.end()) continue;
        const double km = cell_km(key);
        if (km > s.travel_radius_km) continue;
        cells.Add(km, cell->second.cell.get(), cell->second.non_empty);
      }
    }
  }
  cells.Start();
  // What any post of a class can add besides distance, for this person.
  // (class_rest_unpaid: the same once salaries fall below the person's minimum.)
  double class_rest[kPostClasses], class_rest_unpaid[kPostClasses];
  for (int cls = 0; cls < kPostClasses; ++cls) {
    const int base = cls / 8, group = cls % 8;
    PostBound b;
    b.fixed = FixedRestOf((base & 8) != 0, (base & 4) != 0, (base & 2) != 0);
    b.create_time = at.now;  // the freshest
    b.salary_top = INT32_MAX;
    b.policy = group != 0 ? GroupBit(group) : 0;
    b.relax = (base & 1) != 0 ? static_cast<GroupMask>(~0u) : 0;
    b.near_home = near_home;
    class_rest[cls] = inline_bound(b, (base & 8) != 0);
    b.salary_top = -1;
    class_rest_unpaid[cls] = inline_bound(b, (base & 8) != 0);
  }
  const double most_rest = *std::max_element(class_rest, class_rest + kPostClasses);
  // The same for the class in one cell, from its best salary and newest post
  // (a post dated a day or more ahead may yet become fresh: assume it is).
  auto cell_class_rest = [&](const PostCell& cell, int cls) {
    const int base = cls / 8, group = cls % 8;
    PostBound b;
    b.fixed = FixedRestOf((base & 8) != 0, (base & 4) != 0, (base & 2) != 0);
    const ClassTop& tops = cell.tops[cls];
    b.create_time = tops.newest >= at.now + 86400 ? at.now : tops.newest;
    b.salary_top = tops.salary_top;
    b.policy = group != 0 ? GroupBit(group) : 0;
    b.relax = (base & 1) != 0 ? static_cast<GroupMask>(~0u) : 0;
    b.near_home = near_home;
    return inline_bound(b, (base & 8) != 0);
  };
  // One heap holds two kinds of item, best bound first. A cell item is one
  // class in one cell, bounded by that cell's best salary and newest post of
  // the class; popped, it is read.
  // For a person who does not relocate, a cell's items are pushed when the
  // cell is opened: nearest first, and only while the next cell could hold a
  // post better than the best item open, so a query that fills its top from
  // the cells around the person's homes never bounds the cells beyond.
  // For a person who relocates, distance falls too slowly for that: a class's
  // walk stands for its cells from `at` (in nearest-first order) on, with the
  // class's bound at that cell, which holds for all the later ones; popped,
  // it turns its next cell holding the class into a cell item and moves on.
  struct Item {
    double bound;
    int cls;
    bool walk;
    size_t at;              // a walk: rank in the cells' order
    const PostCell* cell;   // a cell item
    double distance_bound;  // a cell item
    bool operator<(const Item& o) const { return bound < o.bound; }
  };
  std::vector<Item> heap;
  auto push = [&](const Item& item) {
    if (!top.MayEnter(item.bound)) return;
    heap.push_back(item);
    std::push_heap(heap.begin(), heap.end());
  };
  auto walk_from = [&](int cls, size_t from) {
    if (const auto* c = cells.At(from); c != nullptr) {
      push({DistanceScore(s, c->ring_km) + class_rest[cls], cls, true, from, nullptr, 0});
    }
  };
  size_t opened = 0;  // cells [0, opened) have their items in the heap (not relocating)
  auto open_next = [&] {
    const auto* c = cells.At(opened++);
    const double distance_bound = DistanceScore(s, c->min_km);
    for (int half = 0; half < 2; ++half) {
      for (uint64_t bits = c->has[half]; bits != 0; bits &= bits - 1) {
        const int cls = half * 64 + __builtin_ctzll(bits);
        if (!top.MayEnter(distance_bound + class_rest[cls])) continue;
        if (!MayBeEligible(c->contents->tops[cls].floor, facts))
          continue;  // nobody here takes them
        push({distance_bound + cell_class_rest(*c->contents, cls), cls, false, 0, c->contents,
              distance_bound});
      }
    }
  };
  if (s.relocate) {
    for (int cls = 0; cls < kPostClasses; ++cls) walk_from(cls, 0);
  }
  for (;;) {
    // Distance only falls with rank, so once the next cell cannot enter, no later one can.
    for (const auto* next = s.relocate ? nullptr : cells.At(opened); next != nullptr;
         next = cells.At(opened)) {
      const double next_bound = DistanceScore(s, next->ring_km) + most_rest;
      if (!top.MayEnter(next_bound) || (!heap.empty() && heap.front().bound >= next_bound)) break;
      open_next();
    }
    if (heap.empty()) break;
    std::pop_heap(heap.begin(), heap.end());
    const Item item = heap.back();
    heap.pop_back();
    if (!top.MayEnter(item.bound)) break;  // the best bound left, unopened cells' included
    if (item.walk) {
      // Passes over cells without the class, or whose own bound cannot enter.
      size_t pos = item.at;
      for (const auto* next = cells.At(pos); next != nullptr; next = cells.At(++pos)) {
        if (!top.MayEnter(DistanceScore(s, next->ring_km) + class_rest[item.cls])) {
          break;  // nor any later cell
        }
        if (!next->Has(item.cls)) continue;
        if (!MayBeEligible(next->contents->tops[item.cls].floor, facts)) continue;
        const double db = DistanceScore(s, next->min_km);
        const double bound = db + cell_class_rest(*next->contents, item.cls);
        if (!top.MayEnter(bound)) continue;
        push({bound, item.cls, false, 0, next->contents, db});
        walk_from(item.cls, pos + 1);
        break;
      }
      continue;
    }
    const double distance_bound = item.distance_bound;
    const int group = item.cls % 8;
    bool paid = true;  // the salaries so far may reach the person's minimum
    for (const CellPost& cp : item.cell->by_class[item.cls]) {
      if (paid && s.min_salary > 0 && cp.bound.salary_top < s.min_salary) {
        paid = false;  // nor will any after
        if (!top.MayEnter(distance_bound + class_rest_unpaid[item.cls])) break;
      }
      if (fits[cp.occ] != 0) continue;
      if (group != 0) {  // read once, from the list of its first group that counts
        const GroupMask mine = cp.bound.policy & s.groups;
        const GroupMask from = mine != 0 ? mine : cp.bound.policy;
        if ((from & GroupBit(group)) == 0 || (from & (GroupBit(group) - 1)) != 0) continue;
      }
      // Requirements first: in the loose classes most posts fail them.
      if (!MayBeEligible(cp.floor, facts)) continue;
      if (!top.MayEnter(distance_bound + inline_bound(cp.bound, cp.needs_skills))) continue;
      consider(cp, OccupationFit::kNone, distance_bound);
    }
  }
  return std::move(top).Take();
}

std::vector<SeekerHit> MatchIndex::TopSeekers(const PostRecord& p, const QueryTime& at,
                                              const SeekerFilter& filter, size_t k) const {
  absl::ReaderMutexLock lock(&mu_);
  TopK<SeekerHit> top(k);
  // A post nobody may take (closed, out of its validity, its campaigns over)
  // would otherwise have every person within reach read and refused one by
  // one: 130 ms at 1,000,000 people for a post whose fair had ended.
  if (!PostIsOpen(p, at.now)) return {};
  const std::vector<uint8_t> fits = FitsForPostCode(p.occupation_code);
  const PostBound post_bound = BoundOf(p);
  const PostFloor floor = FloorOf(p);
  const bool needs_skills = !p.required_skills.empty();
  const GroupMask filter_group =
      filter.key_group > 0 && filter.key_group <= kMaxGroup ? GroupBit(filter.key_group) : 0;
  // The groups the ranking may use.
  const GroupMask usable =
      filter.public_view ? static_cast<GroupMask>(~kSensitiveGroups) : static_cast<GroupMask>(~0u);

  // The parts other than occupation and distance, at most, for this person.
  auto rest_bound = [&](const SeekerKey& key) {
    return RestUpperBound(key.min_salary, key.groups & usable, post_bound, at.now) -
           (needs_skills && key.skills == 0 ? kSkillsWeight : 0);
  };
  // Everything decidable from the entry alone, with `km` the least distance
  // from the post to the entry's cell.
  auto screen = [&](const SeekerKey& key, double occ_score, double km) {
    const bool relocates = (key.flags & kRelocates) != 0;
    if (!relocates && km > key.radius_km) return false;
    if (filter_group != 0 && (key.groups & usable & filter_group) == 0) return false;
    PersonFacts f;
    f.birth_known = key.birth_yyyymmdd != 0;
    f.age = AgeOn(key.birth_yyyymmdd, at.today_yyyymmdd);
    f.sex = key.sex;
    f.education = key.education;
    f.experience = key.experience_years;
    f.availability = key.availability;
    f.skills = key.skills;
    f.groups = key.groups & usable;
    if (!MayBeEligible(floor, f)) return false;
    return top.MayEnter(occ_score + DistanceScore(key.radius_km, relocates, km) + rest_bound(key));
  };
  // The person's best fit, and the first of their wishes giving it.
  auto best_fit = [&](const SeekerKey& key, int* first) {
    uint8_t best = 0;
    *first = -1;
    auto see = [&](int occ) {
      if (fits[occ] > best) {
        best = fits[occ];
        *first = occ;
      }
    };
    if ((key.flags & kMoreWishes) != 0) {
      for (int occ : seekers_[key.slot].wanted_occs) see(occ);
    } else {
      for (int i = 0; i < kInlineWishes && key.wishes[i] >= 0; ++i) see(key.wishes[i]);
    }
    return best;
  };
  // The full check, once per person: from the entry of their nearer home,
  // whose cell's distance bounds their true distance.
  auto consider = [&](const SeekerKey& key, OccupationFit fit) {
    const SeekerEntry& e = seekers_[key.slot];
    const Distances d{SurfaceKm(e.residence, p.point), SurfaceKm(e.hukou, p.point)};
    if ((key.flags & kTwoCells) != 0 &&
        (d.hukou < d.residence) != ((key.flags & kHukouEntry) != 0)) {
      return;
    }
    const bool relocates = (key.flags & kRelocates) != 0;
    if (!relocates && d.nearest() > key.radius_km) return;
    if (!top.MayEnter(kOccupationScore[static_cast<int>(fit)] + rest_bound(key) +
                      DistanceScore(key.radius_km, relocates, d.nearest()))) {
      return;
    }
    if (filter.public_view) {
      // Rounding up and dropping groups only lower a score: the bounds hold.
      std::optional<Seeker> stripped;
      if ((e.rec->groups & kSensitiveGroups) != 0) stripped = WithoutSensitiveGroups(*e.rec);
      const Seeker& s = stripped ? *stripped : *e.rec;
      const Distances whole = WholeKm(d);
      if (!PassesFilter(s, filter) || !IsEligible(s, p, at, whole)) return;
      top.Offer({e.rec, Score(s, p, at, whole, fit, nullptr, false), whole.nearest()});
      return;
    }
    const Seeker& s = *e.rec;
    if (!PassesFilter(s, filter) || !IsEligible(s, p, at, d)) return;
    top.Offer({e.rec, Score(s, p, at, d, fit, nullptr, false), d.nearest()});
  };

  // Graduates beyond their radius whom a CZT graduate season lets reach the
  // post (campaign_rules.h): the walks below never read them.
  // Only the running seasons whose area holds the post can admit anyone, and
  // only those living in that area: checked before any distance.
  const std::vector<const CampaignInfo*> seasons = WideningCampaignsOf(p, at.now);
  if (!seasons.empty()) {
    for (uint32_t slot : graduates_) {
      const SeekerEntry& e = seekers_[slot];
      if (!LivesInWidenedArea(e.rec->residence_region, seasons)) continue;
      const Distances d{SurfaceKm(e.residence, p.point), SurfaceKm(e.hukou, p.point)};
      if (d.nearest() <= e.rec->travel_radius_km) continue;
      // Beyond the radius the distance part is 0; the entry's bound holds for
      // the public view too (rest_bound drops the groups it may not use).
      int first;
      const int best = best_fit(e.key, &first);
      if (!top.MayEnter(kOccupationScore[best] + rest_bound(e.key))) continue;
      std::optional<Seeker> stripped;
      if (filter.public_view && (e.rec->groups & kSensitiveGroups) != 0) {
        stripped = WithoutSensitiveGroups(*e.rec);
      }
      const Seeker& s = stripped ? *stripped : *e.rec;
      const Distances seen = filter.public_view ? WholeKm(d) : d;
      if (!PassesFilter(s, filter) || !IsEligible(s, p, at, seen)) continue;
      const OccupationFit fit = FitOf(s.wanted_occupations, p.occupation_code, *relations_);
      top.Offer({e.rec, Score(s, p, at, seen, fit, nullptr, false), seen.nearest()});
    }
  }

  // People whose wishes fit, best fit first, each scored from the list of
  // the first wish giving their best fit. Those staying are read only in the
  // cells within the largest radius of anyone staying.
  const double max_rest = RestUpperBound(1, static_cast<GroupMask>(~0u), post_bound, at.now);
  const grid::Box reach = grid::BoxAround(p.point, max_radius_km_);
  for (int fit = 3; fit >= 1; --fit) {
    const double occ_score = kOccupationScore[fit];
    if (!top.MayEnter(occ_score + kMaxDistanceScore + max_rest)) return std::move(top).Take();
    auto visit = [&](const SeekerKey& key, int occ, double km) {
      if (!screen(key, occ_score, km)) return;
      int first;
      if (best_fit(key, &first) != fit || first != occ) return;
      consider(key, static_cast<OccupationFit>(fit));
    };
    for (size_t occ = 0; occ < fits.size(); ++occ) {
      if (fits[occ] != fit) continue;
      const std::vector<LocatedKey>& staying = seekers_by_occ_[occ].staying;
      auto it = std::lower_bound(staying.begin(), staying.end(),
                                 LocatedKey{grid::Key(reach.x0, 0), SeekerKey{}});
      while (it != staying.end() && grid::KeyX(it->cell) <= reach.x1) {
        const int64_t cell = it->cell;
        double km = 0;
        const bool enter =
            reach.Contains(cell) && (km = grid::CellMinKm(p.point, cell)) <= max_radius_km_ &&
            top.MayEnter(occ_score + DistanceScore(max_radius_km_, false, km) + max_rest);
        for (; it != staying.end() && it->cell == cell; ++it) {
          if (enter) visit(it->key, static_cast<int>(occ), km);
        }
      }
      for (const LocatedKey& lk : seekers_by_occ_[occ].relocating) {
        visit(lk.key, static_cast<int>(occ), grid::CellMinKm(p.point, lk.cell));
      }
    }
  }

  // Everyone else, by class, best bound first: each class walks the cells
  // nearest first and stops once its bound there cannot enter. Cells are
  // ordered lazily, as far as the walks go.
  NearestCells<CellSeekers> cells;
  using CellOrder = NearestCells<CellSeekers>::Cell;
  cells.Reserve(seeker_cells_.size());
  for (const auto& [key, people] : seeker_cells_) {
    cells.Add({key, grid::CellMinKm(p.point, key), &people, {people.non_empty, 0}});
  }
  cells.Start();

  struct ClassWalk {
    double bound;
    int cls;
    size_t at;  // rank in the cells' order
    bool operator<(const ClassWalk& o) const { return bound < o.bound; }
  };
  // What anyone of class `cls` can score at `km`; below 0 when nobody can.
  auto class_bound = [&](int cls, double km) {
    const int radius_class = cls / 8;
    const bool relocates = radius_class == kRadiusClasses - 1;
    const bool holds_skills = (cls & 4) != 0, has_groups = (cls & 2) != 0;
    const int cap = relocates                           ? max_relocate_horizon_km_
                    : radius_class < kRadiusClasses - 2 ? kRadiusCapsKm[radius_class]
                                                        : max_radius_km_;
    if (!relocates && km > cap) return -1.0;  // nobody of the class reaches this far
    if (needs_skills && !holds_skills && (!has_groups || floor.skills_waived_for == 0)) return -1.0;
    const double rest =
        RestUpperBound((cls & 1) != 0 ? 1 : 0, has_groups ? static_cast<GroupMask>(~0u) : 0,
                       post_bound, at.now) -
        (needs_skills && !holds_skills ? kSkillsWeight : 0);
    return DistanceScore(cap, relocates, km) + rest;
  };
  // Moves a walk to its next non-empty cell; false when the class is done.
  auto advance = [&](ClassWalk& w) {
    for (const CellOrder* c; (c = cells.At(w.at)) != nullptr; ++w.at) {
      if (!c->Has(w.cls)) continue;
      w.bound = class_bound(w.cls, c->min_km);
      return w.bound >= 0;
    }
    return false;
  };
  std::vector<ClassWalk> walks;
  for (int cls = 0; cls < kSeekerClasses; ++cls) {
    ClassWalk w{0, cls, 0};
    if (advance(w)) walks.push_back(w);
  }
  std::make_heap(walks.begin(), walks.end());
  while (!walks.empty()) {
    std::pop_heap(walks.begin(), walks.end());
    ClassWalk& w = walks.back();
    if (!top.MayEnter(w.bound)) break;  // the best bound left
    const CellOrder& c = *cells.At(w.at);
    for (const SeekerKey& key : c.contents->by_class[w.cls]) {
      if (!screen(key, 0, c.min_km)) continue;
      int first;
      if (best_fit(key, &first) != 0) continue;
      consider(key, OccupationFit::kNone);
    }
    ++w.at;
    if (advance(w)) {
      std::push_heap(walks.begin(), walks.end());
    } else {
      walks.pop_back();
    }
  }
  return std::move(top).Take();
}

}  // namespace jobmatch::matcher
