// Filling the index in bulk: Build (a start from the services) and the
// checkpoint's image (WriteImage, ReadImage). See match_index.h.
#include <algorithm>
#include <optional>
#include <thread>

#include "absl/numeric/bits.h"
#include "matcher/index/grid.h"
#include "matcher/index/match_index.h"

namespace jobmatch::matcher {
namespace {

// A person's entry in a list: the slot, and whether it is the one filed
// under the registered home (kHukouEntry), as one number.
uint64_t SeekerRef(uint32_t slot, bool hukou) { return (uint64_t{slot} << 1) | (hukou ? 1 : 0); }

template <typename Fn>
void ForEachBit(uint64_t bits, int base, Fn fn) {
  for (; bits != 0; bits &= bits - 1) fn(base + absl::countr_zero(bits));
}

}  // namespace

void MatchIndex::Build(std::vector<std::shared_ptr<const PostRecord>> posts,
                       std::vector<std::shared_ptr<const Seeker>> seekers) {
  absl::WriterMutexLock lock(&mu_);
  if (!post_slots_.empty() || !seeker_slots_.empty()) {
    for (auto& p : posts) {
      if (auto it = post_slots_.find(p->id); it != post_slots_.end()) ErasePostLocked(it->second);
      InsertPostLocked(std::move(p));
    }
    for (auto& s : seekers) {
      if (auto it = seeker_slots_.find(s->id); it != seeker_slots_.end()) {
        EraseSeekerLocked(it->second);
      }
      InsertSeekerLocked(std::move(s));
    }
    return;
  }
  // Entries first (a repeated id takes its first slot), then the lists.
  posts_.reserve(posts.size());
  post_slots_.reserve(posts.size());
  for (auto& p : posts) {
    auto it = post_slots_.find(p->id);
    const uint32_t slot =
        it != post_slots_.end() ? it->second : static_cast<uint32_t>(posts_.size());
    if (slot == posts_.size()) posts_.emplace_back();
    SetPostEntryLocked(slot, std::move(p));
    WidenLocked(posts_[slot].point);
  }
  seekers_.reserve(seekers.size());
  seeker_slots_.reserve(seekers.size());
  for (auto& s : seekers) {
    auto it = seeker_slots_.find(s->id);
    const uint32_t slot =
        it != seeker_slots_.end() ? it->second : static_cast<uint32_t>(seekers_.size());
    if (slot == seekers_.size()) seekers_.emplace_back();
    SetSeekerEntryLocked(slot, std::move(s));
    WidenLocked(seekers_[slot].residence);
    WidenLocked(seekers_[slot].hukou);
  }
  for (uint32_t slot = 0; slot < posts_.size(); ++slot) {
    if (posts_[slot].open) FilePostLocked(slot, Filing::kAppend);
  }
  for (const SeekerEntry& e : seekers_) FileSeekerLocked(e, Filing::kAppend);
  SortListsLocked();
}

void MatchIndex::SortListsLocked() {
  for (std::vector<OccPost>& list : posts_by_occ_) std::sort(list.begin(), list.end());
  // Not a structured binding: a lambda may not capture one before C++20 (clang).
  for (auto& entry : post_cells_) {
    auto& place = entry.second;
    for (int half = 0; half < 2; ++half) {
      ForEachBit(place.non_empty[half], half * 64, [&](int cls) {
        std::vector<CellPost>& list = place.cell->by_class[cls];
        std::sort(list.begin(), list.end(), HigherSalary);
        place.cell->Retop(cls);
      });
    }
  }
  for (OccSeekers& lists : seekers_by_occ_) std::sort(lists.staying.begin(), lists.staying.end());
}

// The image: its head (cursor, occupations in number order, the bounds that
// only grow), then five blobs, each read on its own: the posts by slot
// (absent ones marked), the people by slot, the posts' lists, the people's
// lists, the household visits. A list is its entries' slots in list order; a person's entry says
// which home it is filed under.
void MatchIndex::WriteImage(codec::Writer& out) const {
  // Under the lock: the head, which record is in which slot, and the lists,
  // so that all of them agree. The records are immutable: encoded after.
  codec::Writer head;
  codec::Writer post_lists;
  codec::Writer seeker_lists;
  codec::Writer visits;
  std::vector<std::shared_ptr<const PostRecord>> posts;
  std::vector<std::shared_ptr<const Seeker>> seekers;
  {
    absl::ReaderMutexLock lock(&mu_);
    head.Field(cursor_);
    head.Field(occ_codes_);
    head.Field(max_radius_km_), head.Field(max_relocate_horizon_km_), head.Field(max_abs_lat_);
    posts.reserve(posts_.size());
    for (const PostEntry& e : posts_) posts.push_back(e.rec);
    seekers.reserve(seekers_.size());
    for (const SeekerEntry& e : seekers_) seekers.push_back(e.rec);

    for (const std::vector<OccPost>& list : posts_by_occ_) {
      post_lists.Count(list.size());
      for (const OccPost& op : list) post_lists.Unsigned(op.key.slot);
    }
    post_lists.Count(post_cells_.size());
    for (const auto& entry : post_cells_) {
      const auto& key = entry.first;  // not bound: captured below (C++17, clang)
      const auto& place = entry.second;
      post_lists.Field(key);
      post_lists.Unsigned(place.non_empty[0]), post_lists.Unsigned(place.non_empty[1]);
      for (int half = 0; half < 2; ++half) {
        ForEachBit(place.non_empty[half], half * 64, [&](int cls) {
          const std::vector<CellPost>& list = place.cell->by_class[cls];
          post_lists.Count(list.size());
          for (const CellPost& cp : list) post_lists.Unsigned(cp.slot);
        });
      }
    }
    auto located = [&](const std::vector<LocatedKey>& list) {
      seeker_lists.Count(list.size());
      for (const LocatedKey& lk : list) {
        seeker_lists.Unsigned(SeekerRef(lk.key.slot, (lk.key.flags & kHukouEntry) != 0));
      }
    };
    for (const OccSeekers& occ : seekers_by_occ_) located(occ.staying), located(occ.relocating);
    seeker_lists.Count(seeker_cells_.size());
    for (const auto& entry : seeker_cells_) {
      const auto& key = entry.first;  // not bound: captured below (C++17, clang)
      const auto& cell = entry.second;
      seeker_lists.Field(key);
      seeker_lists.Unsigned(cell.non_empty);
      ForEachBit(cell.non_empty, 0, [&](int cls) {
        seeker_lists.Count(cell.by_class[cls].size());
        for (const SeekerKey& k : cell.by_class[cls]) {
          seeker_lists.Unsigned(SeekerRef(k.slot, (k.flags & kHukouEntry) != 0));
        }
      });
    }
    visits.Count(household_visits_.size());
    for (const HouseholdVisit& v : household_visits_) codec::Fields(visits, v);
  }
  out.Append(std::move(head).Take());
  {
    codec::Writer records;
    records.Count(posts.size());
    for (const auto& p : posts) {
      records.Field(p != nullptr);
      if (p != nullptr) codec::Fields(records, *p);
    }
    out.Blob(std::move(records).Take());
  }
  {
    codec::Writer records;
    records.Count(seekers.size());
    for (const auto& s : seekers) {
      records.Field(s != nullptr);
      if (s != nullptr) codec::Fields(records, *s);
    }
    out.Blob(std::move(records).Take());
  }
  out.Blob(std::move(post_lists).Take());
  out.Blob(std::move(seeker_lists).Take());
  out.Blob(std::move(visits).Take());
}

absl::Status MatchIndex::ReadImage(codec::Reader& in, ImageTimes* times) {
  const absl::Time start = absl::Now();
  int64_t cursor = 0;
  std::vector<std::string> occ_codes;
  int max_radius_km = 0;
  int max_relocate_horizon_km = 0;
  double max_abs_lat = 0;
  in.Field(cursor);
  in.Field(occ_codes);
  in.Field(max_radius_km), in.Field(max_relocate_horizon_km), in.Field(max_abs_lat);
  const absl::string_view post_records = in.Blob();
  const absl::string_view seeker_records = in.Blob();
  const absl::string_view post_lists = in.Blob();
  const absl::string_view seeker_lists = in.Blob();
  std::deque<HouseholdVisit> visits;
  {
    codec::Reader vin(in.Blob());
    visits.resize(vin.Count());
    for (HouseholdVisit& v : visits) codec::Fields(vin, v);
    if (!vin.ok() || !vin.done()) in.Fail();
  }
  if (!in.ok() || !in.done() || !(max_abs_lat >= 0 && max_abs_lat <= 90)) {
    return absl::DataLossError("the index's image is damaged");
  }

  absl::WriterMutexLock lock(&mu_);
  if (!post_slots_.empty() || !seeker_slots_.empty()) {
    return absl::FailedPreconditionError("an image is read into an empty index only");
  }
  // Occupations this index interned before (a cleared one keeps them) keep
  // their numbers; the image's are mapped onto them. All are interned now,
  // so the two halves below only look them up.
  std::vector<int> occ_of(occ_codes.size());
  for (size_t i = 0; i < occ_codes.size(); ++i) occ_of[i] = InternLocked(occ_codes[i]);

  // Posts on a thread of their own, people on this one: they share nothing
  // but the (now read-only) occupations. Both decode, then both build, so
  // that the times split cleanly.
  absl::Barrier* decoded = new absl::Barrier(2);  // the last to pass deletes it
  absl::Duration post_decode, seeker_decode;
  bool posts_ok = false;
  std::thread posts_half([&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    // mu_ is held by the thread that started this one, which joins it.
    posts_ok = ReadPostsLocked(post_records, post_lists, occ_of, decoded, &post_decode);
  });
  const bool seekers_ok =
      ReadSeekersLocked(seeker_records, seeker_lists, occ_of, decoded, &seeker_decode);
  posts_half.join();
  if (!posts_ok || !seekers_ok) {
    ClearLocked();
    return absl::DataLossError("the index's image is damaged");
  }
  cursor_ = cursor;
  household_visits_ = std::move(visits);
  max_radius_km_ = std::max(max_radius_km_, max_radius_km);
  max_relocate_horizon_km_ = std::max(max_relocate_horizon_km_, max_relocate_horizon_km);
  max_abs_lat_ = std::max(max_abs_lat_, max_abs_lat);
  if (times != nullptr) {
    times->decode = std::max(post_decode, seeker_decode);
    times->build = absl::Now() - start - times->decode;
  }
  return absl::OkStatus();
}

// Every record is one allocation of its own (plus its longer strings), made
// once and shared from then on; every key is made once per record and copied
// into each list that holds it.
bool MatchIndex::ReadPostsLocked(absl::string_view records, absl::string_view lists,
                                 const std::vector<int>& occ_of, absl::Barrier* decoded,
                                 absl::Duration* decode) {
  const absl::Time start = absl::Now();
  codec::Reader in(records);
  std::vector<std::shared_ptr<const PostRecord>> posts(in.Count());
  bool ok = true;
  for (auto& p : posts) {
    bool present = false;
    in.Field(present);
    if (!present || !in.ok()) continue;
    auto rec = std::make_shared<PostRecord>();
    codec::Fields(in, *rec);
    ok = ok && occ_ids_.contains(rec->occupation_code);  // interned: looked up only
    ok = ok && grid::OnEarth(rec->point);
    p = std::move(rec);
  }
  ok = ok && in.ok() && in.done();
  *decode = absl::Now() - start;
  if (decoded->Block()) delete decoded;
  if (!ok) return false;

  posts_.resize(posts.size());
  post_slots_.reserve(posts.size());
  for (uint32_t slot = 0; slot < posts.size(); ++slot) {
    if (posts[slot] == nullptr) {
      free_posts_.push_back(slot);
    } else {
      SetPostEntryLocked(slot, std::move(posts[slot]));
    }
  }
  if (post_slots_.size() + free_posts_.size() != posts_.size()) return false;  // ids repeat

  std::vector<PostKey> keys(posts_.size());
  for (uint32_t slot = 0; slot < posts_.size(); ++slot) {
    if (posts_[slot].open) keys[slot] = PostKeyOf(slot);
  }
  codec::Reader lin(lists);
  auto open_post = [&](uint64_t slot) {
    ok = ok && slot < posts_.size() && posts_[slot].open;
    return ok;
  };
  for (size_t i = 0; i < occ_of.size() && ok && lin.ok(); ++i) {
    std::vector<OccPost>& list = posts_by_occ_[occ_of[i]];
    list.resize(lin.Count());
    for (OccPost& op : list) {
      const uint64_t slot = lin.Unsigned(UINT32_MAX);
      if (!open_post(slot)) break;
      op = OccPost{posts_[slot].cell, keys[slot]};
    }
  }
  const uint64_t cells = lin.Count();
  post_cells_.reserve(cells);
  for (uint64_t c = 0; c < cells && ok && lin.ok(); ++c) {
    int64_t key = 0;
    lin.Field(key);
    PostCellSlot& place = post_cells_[key];
    place.cell = std::make_unique<PostCell>();
    place.non_empty[0] = lin.Unsigned(UINT64_MAX);
    place.non_empty[1] = lin.Unsigned(UINT64_MAX);
    for (int half = 0; half < 2; ++half) {
      ForEachBit(place.non_empty[half], half * 64, [&](int cls) {
        std::vector<CellPost>& list = place.cell->by_class[cls];
        list.resize(lin.Count());
        for (CellPost& cp : list) {
          const uint64_t slot = lin.Unsigned(UINT32_MAX);
          if (!open_post(slot)) break;
          cp = keys[slot];
        }
        ok = ok && !list.empty();
        if (ok) place.cell->Retop(cls);
      });
    }
  }
  return ok && lin.ok() && lin.done();
}

bool MatchIndex::ReadSeekersLocked(absl::string_view records, absl::string_view lists,
                                   const std::vector<int>& occ_of, absl::Barrier* decoded,
                                   absl::Duration* decode) {
  const absl::Time start = absl::Now();
  codec::Reader in(records);
  std::vector<std::shared_ptr<const Seeker>> seekers(in.Count());
  bool ok = true;
  for (auto& s : seekers) {
    bool present = false;
    in.Field(present);
    if (!present || !in.ok()) continue;
    auto rec = std::make_shared<Seeker>();
    codec::Fields(in, *rec);
    for (const std::string& code : rec->wanted_occupations) ok = ok && occ_ids_.contains(code);
    ok = ok && grid::OnEarth(rec->residence) && grid::OnEarth(rec->hukou);
    s = std::move(rec);
  }
  ok = ok && in.ok() && in.done();
  *decode = absl::Now() - start;
  if (decoded->Block()) delete decoded;
  if (!ok) return false;

  seekers_.resize(seekers.size());
  seeker_slots_.reserve(seekers.size());
  for (uint32_t slot = 0; slot < seekers.size(); ++slot) {
    if (seekers[slot] == nullptr) {
      free_seekers_.push_back(slot);
    } else {
      SetSeekerEntryLocked(slot, std::move(seekers[slot]));
    }
  }
  if (seeker_slots_.size() + free_seekers_.size() != seekers_.size()) return false;  // ids repeat

  // A person's key as filed under one home (a LocatedKey's cell says which).
  auto key_of = [&](uint64_t ref, int64_t* cell) -> std::optional<SeekerKey> {
    const uint64_t slot = ref >> 1;
    if (slot >= seekers_.size() || seekers_[slot].rec == nullptr) return std::nullopt;
    const SeekerEntry& e = seekers_[slot];
    SeekerKey key = e.key;
    const bool hukou = (ref & 1) != 0;
    if (hukou) key.flags |= kHukouEntry;
    if (cell != nullptr) *cell = e.cells[hukou ? 1 : 0];
    return key;
  };
  codec::Reader lin(lists);
  auto located = [&](std::vector<LocatedKey>& list) {
    list.resize(lin.Count());
    for (LocatedKey& lk : list) {
      std::optional<SeekerKey> key = key_of(lin.Unsigned(UINT64_MAX), &lk.cell);
      if (!key.has_value()) {
        ok = false;
        return;
      }
      lk.key = *key;
    }
  };
  for (size_t i = 0; i < occ_of.size() && ok && lin.ok(); ++i) {
    OccSeekers& occ = seekers_by_occ_[occ_of[i]];
    located(occ.staying);
    located(occ.relocating);
  }
  const uint64_t cells = lin.Count();
  seeker_cells_.reserve(cells);
  for (uint64_t c = 0; c < cells && ok && lin.ok(); ++c) {
    int64_t key = 0;
    lin.Field(key);
    CellSeekers& cell = seeker_cells_[key];
    cell.non_empty = lin.Unsigned(UINT64_MAX) & ((uint64_t{1} << kSeekerClasses) - 1);
    ForEachBit(cell.non_empty, 0, [&](int cls) {
      std::vector<SeekerKey>& list = cell.by_class[cls];
      list.resize(lin.Count());
      for (SeekerKey& k : list) {
        std::optional<SeekerKey> found = key_of(lin.Unsigned(UINT64_MAX), nullptr);
        if (!found.has_value()) {
          ok = false;
          return;
        }
        k = *found;
      }
      ok = ok && !list.empty();
    });
  }
  return ok && lin.ok() && lin.done();
}

}  // namespace jobmatch::matcher
