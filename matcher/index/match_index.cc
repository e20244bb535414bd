// Storage and updates of the index; the queries are in match_query.cc.
#include "matcher/index/match_index.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "matcher/index/grid.h"

namespace jobmatch::matcher {
namespace {

void EraseFrom(std::vector<uint32_t>& list, uint32_t slot) {
  auto it = std::find(list.begin(), list.end(), slot);
  if (it != list.end()) {
    *it = list.back();
    list.pop_back();
  }
}

}  // namespace

bool PassesFilter(const PostRecord& post, const PostFilter& f, int64_t now) {
  if (!f.region_prefix.empty() && !absl::StartsWith(post.region_code, f.region_prefix)) return false;
  if (!f.occupation_prefix.empty() && !absl::StartsWith(post.occupation_code, f.occupation_prefix)) {
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
  return f.key_group == 0 || (f.key_group <= kMaxGroup && (seeker.groups & GroupBit(f.key_group)) != 0);
}

PostFloor FloorOf(const PostRecord& p) {
  PostFloor f;
  f.schedule = p.schedule;
  f.required_sex = p.required_sex;
  f.min_age = p.min_age;
  f.max_age = p.max_age;
  f.min_education = p.min_education;
  f.min_experience = p.min_experience;
  for (const Relaxation& r : p.relaxations) {
    if (r.group <= 0 || r.group > kMaxGroup) continue;
    if (f.max_age != 0 && r.max_age > f.max_age) f.max_age = r.max_age;
    if (r.waive_education) f.min_education = 0;
    if (r.min_education > 0 && r.min_education < f.min_education) f.min_education = r.min_education;
    if (r.waive_experience) f.min_experience = 0;
  }
  return f;
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
  PostEntry& e = posts_[slot];
  e.occ = InternLocked(rec->occupation_code);
  e.cell = grid::KeyOf(rec->point);
  e.point = rec->point;
  e.open = rec->state == kPostStateOpen;
  e.valid_from = rec->valid_from;
  e.valid_until = rec->valid_until;
  e.bound = BoundOf(*rec);
  e.floor = FloorOf(*rec);
  std::vector<OccPost>& by_occ = posts_by_occ_[e.occ];
  const bool needs_skills = !rec->required_skills.empty();
  const OccPost op{e.cell, slot, needs_skills, e.bound};
  by_occ.insert(std::upper_bound(by_occ.begin(), by_occ.end(), op), op);
  std::vector<CellPost>& cell = post_cells_[e.cell];
  const CellPost cp{slot, e.occ, needs_skills, e.bound};
  cell.insert(std::upper_bound(cell.begin(), cell.end(), cp), cp);
  post_slots_[rec->id] = slot;
  e.rec = std::move(rec);
}

void MatchIndex::ReplacePostLocked(uint32_t slot, std::shared_ptr<const PostRecord> rec) {
  ErasePostLocked(slot);
  InsertPostLocked(std::move(rec));
}

void MatchIndex::ErasePostLocked(uint32_t slot) {
  PostEntry& e = posts_[slot];
  std::vector<OccPost>& by_occ = posts_by_occ_[e.occ];
  by_occ.erase(std::lower_bound(by_occ.begin(), by_occ.end(), OccPost{e.cell, slot, false, {}}));
  auto cell = post_cells_.find(e.cell);
  std::vector<CellPost>& list = cell->second;
  list.erase(std::lower_bound(list.begin(), list.end(), CellPost{slot, e.occ, false, e.bound}));
  if (list.empty()) post_cells_.erase(cell);
  post_slots_.erase(e.rec->id);
  e.rec.reset();
  free_posts_.push_back(slot);
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
  SeekerEntry& e = seekers_[slot];
  e.wanted_occs.clear();
  for (const std::string& code : rec->wanted_occupations) {
    const int occ = InternLocked(code);
    if (std::find(e.wanted_occs.begin(), e.wanted_occs.end(), occ) != e.wanted_occs.end()) continue;
    e.wanted_occs.push_back(occ);
    seekers_by_occ_[occ].push_back(slot);
  }
  e.residence = rec->residence;
  e.hukou = rec->hukou;
  e.radius_km = rec->travel_radius_km;
  e.relocate = rec->relocate;
  e.min_salary = rec->min_salary;
  e.groups = rec->groups;
  e.birth_yyyymmdd = rec->birth_yyyymmdd;
  e.sex = rec->sex;
  e.education = rec->education;
  e.experience_years = rec->experience_years;
  e.availability = rec->availability;
  e.cells[0] = grid::KeyOf(rec->residence);
  e.cells[1] = grid::KeyOf(rec->hukou);
  seeker_cells_[e.cells[0]].push_back(slot);
  if (e.cells[1] != e.cells[0]) seeker_cells_[e.cells[1]].push_back(slot);
  if (rec->relocate) {
    max_relocate_horizon_km_ = std::max<int>(
        max_relocate_horizon_km_,
        std::max<int>(rec->travel_radius_km, static_cast<int>(kRelocateHorizonKm)));
  } else {
    max_radius_km_ = std::max(max_radius_km_, rec->travel_radius_km);
  }
  seeker_slots_[rec->id] = slot;
  e.rec = std::move(rec);
}

void MatchIndex::EraseSeekerLocked(uint32_t slot) {
  SeekerEntry& e = seekers_[slot];
  for (int occ : e.wanted_occs) EraseFrom(seekers_by_occ_[occ], slot);
  for (int i = 0; i < (e.cells[0] == e.cells[1] ? 1 : 2); ++i) {
    auto cell = seeker_cells_.find(e.cells[i]);
    EraseFrom(cell->second, slot);
    if (cell->second.empty()) seeker_cells_.erase(cell);
  }
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
  if (auto it = seeker_slots_.find(rec->id); it != seeker_slots_.end()) EraseSeekerLocked(it->second);
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

void MatchIndex::RecordApplication(absl::string_view profile_id, absl::string_view post_id) {
  absl::WriterMutexLock lock(&mu_);
  // Records are shared with readers, so a change is a new record in the same slot.
  if (auto it = post_slots_.find(post_id); it != post_slots_.end()) {
    auto copy = std::make_shared<PostRecord>(*posts_[it->second].rec);
    ++copy->applicants;
    ReplacePostLocked(it->second, std::move(copy));  // its bound may change
  }
  if (auto it = seeker_slots_.find(profile_id); it != seeker_slots_.end()) {
    auto copy = std::make_shared<Seeker>(*seekers_[it->second].rec);
    copy->applied.insert(std::string(post_id));
    seekers_[it->second].rec = std::move(copy);
  }
}

void MatchIndex::RecordHire(absl::string_view profile_id, absl::string_view post_id) {
  absl::WriterMutexLock lock(&mu_);
  if (auto it = seeker_slots_.find(profile_id); it != seeker_slots_.end()) {
    auto copy = std::make_shared<Seeker>(*seekers_[it->second].rec);
    copy->hired.insert(std::string(post_id));
    seekers_[it->second].rec = std::move(copy);
  }
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
