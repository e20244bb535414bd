// Storage and updates of the index; the queries are in match_query.cc.
#include "matcher/index/match_index.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/match.h"
#include "matcher/domain/campaign_rules.h"
#include "matcher/index/grid.h"

namespace jobmatch::matcher {

bool PassesFilter(const PostRecord& post, const PostFilter& f, int64_t now) {
  if (!f.region_prefix.empty() && !absl::StartsWith(post.region_code, f.region_prefix))
    return false;
  if (!f.occupation_prefix.empty() &&
      !absl::StartsWith(post.occupation_code, f.occupation_prefix)) {
    return false;
  }
  if (!f.campaign_id.empty()) {
    for (const CampaignInfo& c : post.campaigns) {
      if (c.id == f.campaign_id) return c.start <= now && now < c.end;
    }
    return false;
  }
  return true;
}

bool PassesFilter(const Seeker& seeker, const SeekerFilter& f) {
  if (!f.region_prefix.empty() && !absl::StartsWith(seeker.residence_region, f.region_prefix)) {
    return false;
  }
  return f.key_group == 0 ||
         (f.key_group <= kMaxGroup && (seeker.groups & GroupBit(f.key_group)) != 0);
}

MatchIndex::MatchIndex(const OccupationRelations* relations) : relations_(relations) {}

int MatchIndex::InternLocked(absl::string_view code) {
  auto it = occ_ids_.find(code);
  if (it != occ_ids_.end()) return it->second;
  const int id = static_cast<int>(occ_codes_.size());
  occ_codes_.emplace_back(code);
  occ_ids_.emplace(std::string(code), id);
  occs_by_group_[std::string(MinorGroupOf(code))].push_back(id);
  posts_by_occ_.emplace_back();
  seekers_by_occ_.emplace_back();
  return id;
}

void MatchIndex::InsertPostLocked(std::shared_ptr<const PostRecord> rec) {
  uint32_t slot;
  if (!free_posts_.empty()) {
    slot = free_posts_.back();
    free_posts_.pop_back();
  } else {
    slot = static_cast<uint32_t>(posts_.size());
    posts_.emplace_back();
  }
  SetPostEntryLocked(slot, std::move(rec));
  WidenLocked(posts_[slot].point);
  // Nothing but an open post can be eligible, whatever the time.
  if (posts_[slot].open) FilePostLocked(slot, Filing::kInsert);
}

void MatchIndex::SetPostEntryLocked(uint32_t slot, std::shared_ptr<const PostRecord> rec) {
  PostEntry& e = posts_[slot];
  e.occ = InternLocked(rec->occupation_code);
  e.cell = grid::KeyOf(rec->point);
  e.point = rec->point;
  e.open = rec->state == kPostStateOpen;
  e.cls = PostClassOf(*rec);
  if (e.open && MayWiden(*rec)) widening_posts_.insert(slot);
  if (e.open && MayBoostNearHome(*rec)) ++near_home_posts_;
  post_slots_[rec->id] = slot;
  e.rec = std::move(rec);
}

MatchIndex::PostKey MatchIndex::PostKeyOf(uint32_t slot) const {
  const PostEntry& e = posts_[slot];
  const PostRecord& rec = *e.rec;
  return PostKey{slot,           e.occ,        !rec.required_skills.empty(),
                 BoundOf(rec),   FloorOf(rec), rec.valid_from,
                 rec.valid_until};
}

void MatchIndex::FilePostLocked(uint32_t slot, Filing how) {
  const PostEntry& e = posts_[slot];
  const PostKey key = PostKeyOf(slot);
  const bool sorted = how == Filing::kInsert;
  std::vector<OccPost>& by_occ = posts_by_occ_[e.occ];
  const OccPost op{e.cell, key};
  by_occ.insert(sorted ? std::upper_bound(by_occ.begin(), by_occ.end(), op) : by_occ.end(), op);
  PostCellSlot& place = post_cells_[e.cell];
  if (place.cell == nullptr) place.cell = std::make_unique<PostCell>();
  PostCell& cell = *place.cell;
  for (int g = 0; g <= kMaxGroup; ++g) {
    if (g == 0 ? key.bound.policy != 0 : (key.bound.policy & GroupBit(g)) == 0) continue;
    const int cls = e.cls + g;
    std::vector<CellPost>& list = cell.by_class[cls];
    place.non_empty[cls / 64] |= uint64_t{1} << (cls % 64);
    if (!sorted) {
      list.push_back(key);  // SortListsLocked sets the tops
      continue;
    }
    list.insert(std::upper_bound(list.begin(), list.end(), key, HigherSalary), key);
    // One more post only loosens the class's top (Loosest is associative).
    ClassTop& top = cell.tops[cls];
    if (list.size() == 1) {
      cell.Retop(cls);
    } else {
      top.salary_top = list.front().bound.salary_top;
      top.newest = std::max(top.newest, key.bound.create_time);
      top.floor = Loosest(top.floor, key.floor);
    }
  }
}

void MatchIndex::PostCell::Retop(int cls) {
  const std::vector<CellPost>& list = by_class[cls];
  ClassTop& top = tops[cls];
  top = ClassTop{};
  if (list.empty()) return;
  top.salary_top = list.front().bound.salary_top;
  top.newest = list.front().bound.create_time;
  top.floor = list.front().floor;
  for (const CellPost& cp : list) {
    top.newest = std::max(top.newest, cp.bound.create_time);
    top.floor = Loosest(top.floor, cp.floor);
  }
}

bool MatchIndex::HigherSalary(const CellPost& a, const CellPost& b) {
  return a.bound.salary_top != b.bound.salary_top ? a.bound.salary_top > b.bound.salary_top
                                                  : a.slot < b.slot;
}

int MatchIndex::PostClassOf(const PostRecord& p) {
  const uint32_t board = (1u << kBenefitMeals) | (1u << kBenefitLodging);
  const PostBound b = BoundOf(p);
  return ((p.required_skills.empty() ? 0 : 8) + ((p.benefits & board) == board ? 4 : 0) +
          (p.applicants == 0 ? 2 : 0) + (b.relax != 0 ? 1 : 0)) *
         8;
}

void MatchIndex::ReplacePostLocked(uint32_t slot, std::shared_ptr<const PostRecord> rec) {
  ErasePostLocked(slot);
  InsertPostLocked(std::move(rec));
}

void MatchIndex::ErasePostLocked(uint32_t slot) {
  PostEntry& e = posts_[slot];
  if (e.open) {
    std::vector<OccPost>& by_occ = posts_by_occ_[e.occ];
    OccPost op{e.cell, {}};
    op.key.slot = slot;
    by_occ.erase(std::lower_bound(by_occ.begin(), by_occ.end(), op));
    auto cell = post_cells_.find(e.cell);
    PostCellSlot& place = cell->second;
    PostCell& c = *place.cell;
    for (int cls = e.cls; cls < e.cls + 8; ++cls) {
      std::vector<CellPost>& list = c.by_class[cls];
      auto it = std::find_if(list.begin(), list.end(),
                             [&](const CellPost& cp) { return cp.slot == slot; });
      if (it == list.end()) continue;
      list.erase(it);  // keeps the order
      if (list.empty()) place.non_empty[cls / 64] &= ~(uint64_t{1} << (cls % 64));
      c.Retop(cls);
    }
    if (place.non_empty[0] == 0 && place.non_empty[1] == 0) post_cells_.erase(cell);
  }
  widening_posts_.erase(slot);
  if (e.open && MayBoostNearHome(*e.rec)) --near_home_posts_;
  post_slots_.erase(e.rec->id);
  e.rec.reset();
  free_posts_.push_back(slot);
}

int MatchIndex::ClassOf(const SeekerKey& key) {
  int radius_class = kRadiusClasses - 1;
  if ((key.flags & kRelocates) == 0) {
    radius_class = kRadiusClasses - 2;
    for (int c = 0; c < kRadiusClasses - 2; ++c) {
      if (key.radius_km <= kRadiusCapsKm[c]) {
        radius_class = c;
        break;
      }
    }
  }
  return radius_class * 8 + (key.skills != 0 ? 4 : 0) + (key.groups != 0 ? 2 : 0) +
         (key.min_salary > 0 ? 1 : 0);
}

void MatchIndex::InsertSeekerLocked(std::shared_ptr<const Seeker> rec) {
  uint32_t slot;
  if (!free_seekers_.empty()) {
    slot = free_seekers_.back();
    free_seekers_.pop_back();
  } else {
    slot = static_cast<uint32_t>(seekers_.size());
    seekers_.emplace_back();
  }
  SetSeekerEntryLocked(slot, std::move(rec));
  WidenLocked(seekers_[slot].residence);
  WidenLocked(seekers_[slot].hukou);
  FileSeekerLocked(seekers_[slot], Filing::kInsert);
}

void MatchIndex::WidenLocked(const GeoPt& place) {
  max_abs_lat_ = std::max(max_abs_lat_, std::abs(place.lat));
}

void MatchIndex::SetSeekerEntryLocked(uint32_t slot, std::shared_ptr<const Seeker> rec) {
  SeekerEntry& e = seekers_[slot];
  e.wanted_occs.clear();
  for (const std::string& code : rec->wanted_occupations) {
    const int occ = InternLocked(code);
    if (std::find(e.wanted_occs.begin(), e.wanted_occs.end(), occ) == e.wanted_occs.end()) {
      e.wanted_occs.push_back(occ);
    }
  }
  e.residence = rec->residence;
  e.hukou = rec->hukou;
  e.cells[0] = grid::KeyOf(rec->residence);
  e.cells[1] = grid::KeyOf(rec->hukou);

  SeekerKey& k = e.key;
  k = SeekerKey{};
  k.slot = slot;
  k.birth_yyyymmdd = rec->birth_yyyymmdd;
  k.min_salary = rec->min_salary;
  k.availability = rec->availability;
  k.skills = SkillSignature(rec->skills);
  k.groups = rec->groups;
  // Narrowed fields saturate; a radius or experience beyond them is not a real one.
  k.radius_km = static_cast<uint16_t>(std::clamp(rec->travel_radius_km, 0, 65535));
  k.sex = static_cast<uint8_t>(std::clamp(rec->sex, 0, 255));
  k.education = static_cast<uint8_t>(std::clamp(rec->education, 0, 255));
  k.experience_years = static_cast<uint8_t>(std::clamp(rec->experience_years, 0, 255));
  k.flags = (rec->relocate ? kRelocates : 0) | (e.cells[0] != e.cells[1] ? kTwoCells : 0);
  for (int i = 0; i < kInlineWishes; ++i) k.wishes[i] = -1;
  for (size_t i = 0; i < e.wanted_occs.size(); ++i) {
    if (i >= static_cast<size_t>(kInlineWishes) || e.wanted_occs[i] > INT16_MAX) {
      k.flags |= kMoreWishes;
      break;
    }
    k.wishes[i] = static_cast<int16_t>(e.wanted_occs[i]);
  }
  if (rec->relocate) {
    max_relocate_horizon_km_ =
        std::max<int>(max_relocate_horizon_km_,
                      std::max<int>(rec->travel_radius_km, static_cast<int>(kRelocateHorizonKm)));
  } else {
    max_radius_km_ = std::max(max_radius_km_, rec->travel_radius_km);
  }
  if (!rec->relocate && (rec->groups & GroupBit(kGroupGraduate)) != 0) graduates_.insert(slot);
  seeker_slots_[rec->id] = slot;
  e.rec = std::move(rec);
}

void MatchIndex::FileSeekerLocked(const SeekerEntry& e, Filing how) {
  const bool add = how != Filing::kRemove;
  auto file = [&](std::vector<SeekerKey>& list, const SeekerKey& key) {
    if (add) {
      list.push_back(key);
      return;
    }
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const SeekerKey& k) { return k.slot == key.slot; });
    if (it != list.end()) {
      *it = list.back();
      list.pop_back();
    }
  };
  const bool relocates = (e.key.flags & kRelocates) != 0;
  const int homes = e.cells[0] == e.cells[1] ? 1 : 2;
  for (int h = 0; h < homes; ++h) {
    SeekerKey key = e.key;
    if (h == 1) key.flags |= kHukouEntry;
    const int64_t cell_key = e.cells[h];
    for (int occ : e.wanted_occs) {
      OccSeekers& occ_list = seekers_by_occ_[occ];
      const LocatedKey entry{cell_key, key};
      if (relocates) {
        std::vector<LocatedKey>& list = occ_list.relocating;
        if (add) {
          list.push_back(entry);
        } else if (auto it = std::find_if(
                       list.begin(), list.end(),
                       [&](const LocatedKey& k) { return !(k < entry) && !(entry < k); });
                   it != list.end()) {
          *it = list.back();
          list.pop_back();
        }
      } else {
        std::vector<LocatedKey>& list = occ_list.staying;
        if (how == Filing::kAppend) {
          list.push_back(entry);  // sorted once by SortListsLocked, or written in order
          continue;
        }
        auto it = std::lower_bound(list.begin(), list.end(), entry);
        if (add) {
          list.insert(it, entry);
        } else if (it != list.end() && !(entry < *it)) {
          list.erase(it);
        }
      }
    }
    const int cls = ClassOf(key);
    auto [cell, inserted] = seeker_cells_.try_emplace(cell_key);
    file(cell->second.by_class[cls], key);
    if (cell->second.by_class[cls].empty()) {
      cell->second.non_empty &= ~(uint64_t{1} << cls);
      if (cell->second.non_empty == 0) seeker_cells_.erase(cell);
    } else {
      cell->second.non_empty |= uint64_t{1} << cls;
    }
  }
}

void MatchIndex::EraseSeekerLocked(uint32_t slot) {
  SeekerEntry& e = seekers_[slot];
  FileSeekerLocked(e, Filing::kRemove);
  graduates_.erase(slot);
  seeker_slots_.erase(e.rec->id);
  e.rec.reset();
  free_seekers_.push_back(slot);
}

void MatchIndex::UpsertPost(PostRecord post) {
  auto rec = std::make_shared<const PostRecord>(std::move(post));
  absl::WriterMutexLock lock(&mu_);
  if (auto it = post_slots_.find(rec->id); it != post_slots_.end()) ErasePostLocked(it->second);
  InsertPostLocked(std::move(rec));
}

void MatchIndex::UpsertSeeker(Seeker seeker) {
  auto rec = std::make_shared<const Seeker>(std::move(seeker));
  absl::WriterMutexLock lock(&mu_);
  if (auto it = seeker_slots_.find(rec->id); it != seeker_slots_.end())
    EraseSeekerLocked(it->second);
  InsertSeekerLocked(std::move(rec));
}

void MatchIndex::RemovePost(absl::string_view post_id) {
  absl::WriterMutexLock lock(&mu_);
  if (auto it = post_slots_.find(post_id); it != post_slots_.end()) ErasePostLocked(it->second);
}

void MatchIndex::RemoveSeeker(absl::string_view profile_id) {
  absl::WriterMutexLock lock(&mu_);
  if (auto it = seeker_slots_.find(profile_id); it != seeker_slots_.end()) {
    EraseSeekerLocked(it->second);
  }
}

void MatchIndex::RecordApplication(absl::string_view profile_id, absl::string_view post_id,
                                   std::optional<int64_t> cursor, int64_t at) {
  absl::WriterMutexLock lock(&mu_);
  if (cursor.has_value()) cursor_ = *cursor;
  // Records are shared with readers, so a change is a new record in the same slot.
  if (auto it = post_slots_.find(post_id); it != post_slots_.end()) {
    auto copy = std::make_shared<PostRecord>(*posts_[it->second].rec);
    ++copy->applicants;
    ReplacePostLocked(it->second, std::move(copy));  // its bound may change
  }
  if (auto it = seeker_slots_.find(profile_id); it != seeker_slots_.end()) {
    auto copy = std::make_shared<Seeker>(*seekers_[it->second].rec);
    copy->applied.insert(std::string(post_id));
    copy->last_active = std::max(copy->last_active, at);
    seekers_[it->second].rec = std::move(copy);
  }
}

void MatchIndex::RecordHire(absl::string_view profile_id, absl::string_view post_id,
                            std::optional<int64_t> cursor, int64_t at) {
  absl::WriterMutexLock lock(&mu_);
  if (cursor.has_value()) cursor_ = *cursor;
  if (auto it = seeker_slots_.find(profile_id); it != seeker_slots_.end()) {
    auto copy = std::make_shared<Seeker>(*seekers_[it->second].rec);
    copy->hired.insert(std::string(post_id));
    copy->last_active = std::max(copy->last_active, at);
    seekers_[it->second].rec = std::move(copy);
  }
}

void MatchIndex::UndoHire(absl::string_view profile_id, absl::string_view post_id,
                          std::optional<int64_t> cursor) {
  absl::WriterMutexLock lock(&mu_);
  if (cursor.has_value()) cursor_ = *cursor;
  if (auto it = seeker_slots_.find(profile_id); it != seeker_slots_.end()) {
    auto copy = std::make_shared<Seeker>(*seekers_[it->second].rec);
    copy->hired.erase(std::string(post_id));
    seekers_[it->second].rec = std::move(copy);
  }
}

void MatchIndex::RecordWithdrawal(absl::string_view profile_id, absl::string_view post_id,
                                  std::optional<int64_t> cursor) {
  absl::WriterMutexLock lock(&mu_);
  if (cursor.has_value()) cursor_ = *cursor;
  // The mirror of RecordApplication, so the count stays the applications in play.
  if (auto it = post_slots_.find(post_id); it != post_slots_.end()) {
    auto copy = std::make_shared<PostRecord>(*posts_[it->second].rec);
    copy->applicants = std::max(0, copy->applicants - 1);
    ReplacePostLocked(it->second, std::move(copy));  // its bound may change
  }
  if (auto it = seeker_slots_.find(profile_id); it != seeker_slots_.end()) {
    auto copy = std::make_shared<Seeker>(*seekers_[it->second].rec);
    copy->applied.erase(std::string(post_id));
    seekers_[it->second].rec = std::move(copy);
  }
}

void MatchIndex::RecordHouseholdVisit(HouseholdVisit visit, std::optional<int64_t> cursor) {
  absl::WriterMutexLock lock(&mu_);
  if (cursor.has_value()) cursor_ = *cursor;
  // The feed is in time order, near enough: the oldest are at the front.
  const int64_t forget_before = visit.at - int64_t{kHouseholdVisitDays} * 86400;
  while (!household_visits_.empty() && household_visits_.front().at < forget_before) {
    household_visits_.pop_front();
  }
  household_visits_.push_back(std::move(visit));
}

std::vector<HouseholdVisit> MatchIndex::HouseholdVisits() const {
  absl::ReaderMutexLock lock(&mu_);
  return {household_visits_.begin(), household_visits_.end()};
}

void MatchIndex::set_cursor(int64_t cursor) {
  absl::WriterMutexLock lock(&mu_);
  cursor_ = cursor;
}

int64_t MatchIndex::cursor() const {
  absl::ReaderMutexLock lock(&mu_);
  return cursor_;
}

std::shared_ptr<const PostRecord> MatchIndex::FindPost(absl::string_view post_id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = post_slots_.find(post_id);
  return it == post_slots_.end() ? nullptr : posts_[it->second].rec;
}

std::shared_ptr<const Seeker> MatchIndex::FindSeeker(absl::string_view profile_id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = seeker_slots_.find(profile_id);
  return it == seeker_slots_.end() ? nullptr : seekers_[it->second].rec;
}

size_t MatchIndex::post_count() const {
  absl::ReaderMutexLock lock(&mu_);
  return post_slots_.size();
}

size_t MatchIndex::seeker_count() const {
  absl::ReaderMutexLock lock(&mu_);
  return seeker_slots_.size();
}

MatchIndex::Snapshot MatchIndex::TakeSnapshot() const {
  Snapshot snap;
  absl::ReaderMutexLock lock(&mu_);
  snap.posts.reserve(post_slots_.size());
  for (const PostEntry& e : posts_) {
    if (e.rec != nullptr) snap.posts.push_back(e.rec);
  }
  snap.seekers.reserve(seeker_slots_.size());
  for (const SeekerEntry& e : seekers_) {
    if (e.rec != nullptr) snap.seekers.push_back(e.rec);
  }
  snap.cursor = cursor_;
  return snap;
}

void MatchIndex::Clear() {
  absl::WriterMutexLock lock(&mu_);
  ClearLocked();
}

void MatchIndex::ClearLocked() {
  cursor_ = 0;
  posts_.clear();
  free_posts_.clear();
  post_slots_.clear();
  for (auto& list : posts_by_occ_) list.clear();
  post_cells_.clear();
  seekers_.clear();
  free_seekers_.clear();
  seeker_slots_.clear();
  for (OccSeekers& lists : seekers_by_occ_) lists = OccSeekers{};
  seeker_cells_.clear();
  widening_posts_.clear();
  graduates_.clear();
  household_visits_.clear();
  near_home_posts_ = 0;
}

void MatchIndex::ForEachPost(
    const std::function<void(const std::shared_ptr<const PostRecord>&)>& fn) const {
  absl::ReaderMutexLock lock(&mu_);
  for (const PostEntry& e : posts_) {
    if (e.rec != nullptr) fn(e.rec);
  }
}

void MatchIndex::ForEachSeeker(
    const std::function<void(const std::shared_ptr<const Seeker>&)>& fn) const {
  absl::ReaderMutexLock lock(&mu_);
  for (const SeekerEntry& e : seekers_) {
    if (e.rec != nullptr) fn(e.rec);
  }
}

}  // namespace jobmatch::matcher
