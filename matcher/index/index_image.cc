// Filling the index in bulk: Build (a start from the services) and the
// checkpoint's image (WriteImage, ReadImage). See match_index.h.
#include <algorithm>
#include <optional>

#include "absl/numeric/bits.h"
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
  }
  seekers_.reserve(seekers.size());
  seeker_slots_.reserve(seekers.size());
  for (auto& s : seekers) {
    auto it = seeker_slots_.find(s->id);
    const uint32_t slot =
        it != seeker_slots_.end() ? it->second : static_cast<uint32_t>(seekers_.size());
    if (slot == seekers_.size()) seekers_.emplace_back();
    SetSeekerEntryLocked(slot, std::move(s));
  }
  for (uint32_t slot = 0; slot < posts_.size(); ++slot) {
    if (posts_[slot].open) FilePostLocked(slot, Filing::kAppend);
  }
  for (const SeekerEntry& e : seekers_) FileSeekerLocked(e, Filing::kAppend);
  SortListsLocked();
}

void MatchIndex::SortListsLocked() {
  for (std::vector<OccPost>& list : posts_by_occ_) std::sort(list.begin(), list.end());
  for (auto& [key, place] : post_cells_) {
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

void MatchIndex::WriteImage(codec::Writer& out) const {
  // Under the lock: the cursor, the occupations, which record is in which
  // slot, and the lists, so that all of them agree.
  codec::Writer head;
  codec::Writer lists;
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
      lists.Count(list.size());
      for (const OccPost& op : list) lists.Unsigned(op.key.slot);
    }
    lists.Count(post_cells_.size());
    for (const auto& [key, place] : post_cells_) {
      lists.Field(key);
      lists.Unsigned(place.non_empty[0]), lists.Unsigned(place.non_empty[1]);
      for (int half = 0; half < 2; ++half) {
        ForEachBit(place.non_empty[half], half * 64, [&](int cls) {
          const std::vector<CellPost>& list = place.cell->by_class[cls];
          lists.Count(list.size());
          for (const CellPost& cp : list) lists.Unsigned(cp.slot);
        });
      }
    }
    auto located = [&](const std::vector<LocatedKey>& list) {
      lists.Count(list.size());
      for (const LocatedKey& lk : list) {
        lists.Unsigned(SeekerRef(lk.key.slot, (lk.key.flags & kHukouEntry) != 0));
      }
    };
    for (const OccSeekers& occ : seekers_by_occ_) located(occ.staying), located(occ.relocating);
    lists.Count(seeker_cells_.size());
    for (const auto& [key, cell] : seeker_cells_) {
      lists.Field(key);
      lists.Unsigned(cell.non_empty);
      ForEachBit(cell.non_empty, 0, [&](int cls) {
        lists.Count(cell.by_class[cls].size());
        for (const SeekerKey& k : cell.by_class[cls]) {
          lists.Unsigned(SeekerRef(k.slot, (k.flags & kHukouEntry) != 0));
        }
      });
    }
  }
  out.Append(std::move(head).Take());
  out.Count(posts.size());
  for (const auto& p : posts) {
    out.Field(p != nullptr);
    if (p != nullptr) codec::Fields(out, *p);
  }
  out.Count(seekers.size());
  for (const auto& s : seekers) {
    out.Field(s != nullptr);
    if (s != nullptr) codec::Fields(out, *s);
  }
  out.Append(std::move(lists).Take());
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
  // The records, decoded outside the lock; each is one allocation of its own
  // (plus its longer strings), made once and shared from then on.
  std::vector<std::shared_ptr<const PostRecord>> posts(in.Count());
  for (auto& p : posts) {
    bool present = false;
    in.Field(present);
    if (!present || !in.ok()) continue;
    auto rec = std::make_shared<PostRecord>();
    codec::Fields(in, *rec);
    p = std::move(rec);
  }
  std::vector<std::shared_ptr<const Seeker>> seekers(in.Count());
  for (auto& s : seekers) {
    bool present = false;
    in.Field(present);
    if (!present || !in.ok()) continue;
    auto rec = std::make_shared<Seeker>();
    codec::Fields(in, *rec);
    s = std::move(rec);
  }
  const absl::Time decoded = absl::Now();
  if (times != nullptr) times->decode = decoded - start;
  if (!in.ok()) return absl::DataLossError("the index's records are damaged");

  absl::WriterMutexLock lock(&mu_);
  if (!post_slots_.empty() || !seeker_slots_.empty()) {
    return absl::FailedPreconditionError("an image is read into an empty index only");
  }
  // Occupations this index interned before (a cleared one keeps them) keep
  // their numbers; the image's are mapped onto them.
  std::vector<int> occ_of(occ_codes.size());
  for (size_t i = 0; i < occ_codes.size(); ++i) occ_of[i] = InternLocked(occ_codes[i]);

  posts_.resize(posts.size());
  post_slots_.reserve(posts.size());
  for (uint32_t slot = 0; slot < posts.size(); ++slot) {
    if (posts[slot] == nullptr) {
      free_posts_.push_back(slot);
    } else {
      SetPostEntryLocked(slot, std::move(posts[slot]));
    }
  }
  seekers_.resize(seekers.size());
  seeker_slots_.reserve(seekers.size());
  for (uint32_t slot = 0; slot < seekers.size(); ++slot) {
    if (seekers[slot] == nullptr) {
      free_seekers_.push_back(slot);
    } else {
      SetSeekerEntryLocked(slot, std::move(seekers[slot]));
    }
  }
  bool ok = post_slots_.size() + free_posts_.size() == posts_.size() &&
            seeker_slots_.size() + free_seekers_.size() == seekers_.size();  // ids unique
  max_radius_km_ = std::max(max_radius_km_, max_radius_km);
  max_relocate_horizon_km_ = std::max(max_relocate_horizon_km_, max_relocate_horizon_km);
  max_abs_lat_ = std::max(max_abs_lat_, max_abs_lat);

  // The lists, in the order written. Every key is made once per record and
  // copied into each list that holds it.
  std::vector<PostKey> post_keys(posts_.size());
  for (uint32_t slot = 0; slot < posts_.size(); ++slot) {
    if (posts_[slot].open) post_keys[slot] = PostKeyOf(slot);
  }
  auto open_post = [&](uint64_t slot) {
    if (slot < posts_.size() && posts_[slot].open) return true;
    ok = false;
    return false;
  };
  for (size_t i = 0; i < occ_codes.size() && ok && in.ok(); ++i) {
    std::vector<OccPost>& list = posts_by_occ_[occ_of[i]];
    list.resize(in.Count());
    for (OccPost& op : list) {
      const uint64_t slot = in.Unsigned(UINT32_MAX);
      if (!open_post(slot)) break;
      op = OccPost{posts_[slot].cell, post_keys[slot]};
    }
  }
  const uint64_t post_cells = in.Count();
  post_cells_.reserve(post_cells);
  for (uint64_t c = 0; c < post_cells && ok && in.ok(); ++c) {
    int64_t key = 0;
    in.Field(key);
    PostCellSlot& place = post_cells_[key];
    place.cell = std::make_unique<PostCell>();
    place.non_empty[0] = in.Unsigned(UINT64_MAX);
    place.non_empty[1] = in.Unsigned(UINT64_MAX);
    for (int half = 0; half < 2; ++half) {
      ForEachBit(place.non_empty[half], half * 64, [&](int cls) {
        std::vector<CellPost>& list = place.cell->by_class[cls];
        list.resize(in.Count());
        for (CellPost& cp : list) {
          const uint64_t slot = in.Unsigned(UINT32_MAX);
          if (!open_post(slot)) break;
          cp = post_keys[slot];
        }
        if (list.empty()) ok = false;
        if (ok) place.cell->Retop(cls);
      });
    }
  }
  post_keys = {};

  // A person's key as filed under one home (LocatedKey's cell says which).
  auto seeker_key = [&](uint64_t ref, int64_t* cell) -> std::optional<SeekerKey> {
    const uint64_t slot = ref >> 1;
    if (slot >= seekers_.size() || seekers_[slot].rec == nullptr) return std::nullopt;
    const SeekerEntry& e = seekers_[slot];
    SeekerKey key = e.key;
    const bool hukou = (ref & 1) != 0;
    if (hukou) key.flags |= kHukouEntry;
    if (cell != nullptr) *cell = e.cells[hukou ? 1 : 0];
    return key;
  };
  auto located = [&](std::vector<LocatedKey>& list) {
    list.resize(in.Count());
    for (LocatedKey& lk : list) {
      std::optional<SeekerKey> key = seeker_key(in.Unsigned(UINT64_MAX), &lk.cell);
      if (!key.has_value()) {
        ok = false;
        return;
      }
      lk.key = *key;
    }
  };
  for (size_t i = 0; i < occ_codes.size() && ok && in.ok(); ++i) {
    OccSeekers& lists = seekers_by_occ_[occ_of[i]];
    located(lists.staying);
    located(lists.relocating);
  }
  const uint64_t seeker_cells = in.Count();
  seeker_cells_.reserve(seeker_cells);
  for (uint64_t c = 0; c < seeker_cells && ok && in.ok(); ++c) {
    int64_t key = 0;
    in.Field(key);
    CellSeekers& cell = seeker_cells_[key];
    cell.non_empty = in.Unsigned(UINT64_MAX) & ((uint64_t{1} << kSeekerClasses) - 1);
    ForEachBit(cell.non_empty, 0, [&](int cls) {
      std::vector<SeekerKey>& list = cell.by_class[cls];
      list.resize(in.Count());
      for (SeekerKey& k : list) {
        std::optional<SeekerKey> found = seeker_key(in.Unsigned(UINT64_MAX), nullptr);
        if (!found.has_value()) {
          ok = false;
          return;
        }
        k = *found;
      }
      if (list.empty()) ok = false;
    });
  }
  if (!ok || !in.ok() || !in.done()) {
    ClearLocked();
    return absl::DataLossError("the index's lists are damaged");
  }
  cursor_ = cursor;
  if (times != nullptr) times->build = absl::Now() - decoded;
  return absl::OkStatus();
}

}  // namespace jobmatch::matcher
