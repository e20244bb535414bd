// The in-memory index behind "posts for this person" and "people for this
// post". Exact top-K: the answer equals a brute-force scan (brute_force.h).
//
// Structure. Occupation codes are interned. Lists hold small inline keys
// (PostKey, SeekerKey: validity, requirements as a PostFloor or a person's
// facts, what bounds the score) so that most pairs are refused or bounded
// without a read of either record; screen.h says what is checked. Posts:
// each open post sits in the list of its occupation (sorted by ~5 km grid
// cell) and in its cell, once per target group, in a class by the parts it
// can give. People: each sits in the list of every occupation they want
// (sorted by home cell; relocating people apart) and in the cells of both
// homes, in a class by their reach and the parts they can score.
//
// A query fixes each occupation's fit (exact, same minor group, related,
// none), reads the lists of fitting occupations within reach, best fit first,
// then reads everything else class by class and cell by cell, best upper
// bound first (occupation part + distance bound + rest bound), stopping once
// no bound left can beat the K-th hit.
//
// Campaign kinds that change eligibility or ranking beyond what the lists
// bound are kept apart (see the members at the end) so that the answer stays
// exact.
//
// Thread safety: every method may be called from any thread. Queries share a
// reader lock; updates take the writer lock briefly. Records are immutable
// and shared, so a hit's record stays valid after the index changes.
#ifndef JOBMATCH_MATCHER_INDEX_MATCH_INDEX_H_
#define JOBMATCH_MATCHER_INDEX_MATCH_INDEX_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/barrier.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "matcher/domain/model.h"
#include "matcher/domain/scoring.h"
#include "matcher/index/record_codec.h"
#include "matcher/index/screen.h"

namespace jobmatch::matcher {

struct PostFilter {
  std::string campaign_id;        // only posts of this campaign (and it must be running)
  std::string region_prefix;      // only posts whose region starts with this
  std::string occupation_prefix;  // only posts whose occupation starts with this
};
bool PassesFilter(const PostRecord& post, const PostFilter& filter, int64_t now);

struct SeekerFilter {
  std::string region_prefix;  // only people living in regions starting with this
  int key_group = 0;          // only people in this group (0: anyone)
  // Rank as an employer may see it (matcher/domain/public_view.h): people
  // without their sensitive groups, distances rounded up to whole km, so
  // that neither eligibility, order nor score moves with those groups.
  bool public_view = false;
};
bool PassesFilter(const Seeker& seeker, const SeekerFilter& filter);

struct PostHit {
  std::shared_ptr<const PostRecord> post;
  double score = 0;
  double distance_km = 0;
  const std::string& id() const { return post->id; }
};

struct SeekerHit {
  std::shared_ptr<const Seeker> seeker;
  double score = 0;
  double distance_km = 0;
  const std::string& id() const { return seeker->id; }
};

class MatchIndex {
 public:
  // `relations` must outlive the index.
  explicit MatchIndex(const OccupationRelations* relations);
  MatchIndex(const MatchIndex&) = delete;
  MatchIndex& operator=(const MatchIndex&) = delete;

  // Adds or replaces (by id).
  void UpsertPost(PostRecord post);
  void UpsertSeeker(Seeker seeker);
  // No-op when absent.
  void RemovePost(absl::string_view post_id);
  void RemoveSeeker(absl::string_view profile_id);
  // Feed facts: an application (the person has applied; the post has one more
  // applicant) and a hire. No-op for unknown ids. `cursor`, when given, is the
  // feed position of the fact, recorded under the same lock: a checkpoint
  // taken between the two would hold the application without its cursor, and
  // the restarted matcher would count it again.
  // `at` (unix seconds, 0: unknown) moves the person's last activity.
  void RecordApplication(absl::string_view profile_id, absl::string_view post_id,
                         std::optional<int64_t> cursor = std::nullopt, int64_t at = 0);
  void RecordHire(absl::string_view profile_id, absl::string_view post_id,
                  std::optional<int64_t> cursor = std::nullopt, int64_t at = 0);
  // A hire undone: the person is no longer hired for the post (the post's
  // returned opening arrives as its own POST_CHANGED, like the hire's FILLED).
  void UndoHire(absl::string_view profile_id, absl::string_view post_id,
                std::optional<int64_t> cursor = std::nullopt);
  // An application withdrawn: the person no longer holds it (the post is
  // theirs to be shown and to apply to again) and the post has one applicant
  // fewer. A later RecordApplication (a re-application) marks it again.
  // `cursor` is recorded under the same lock, as for RecordApplication.
  void RecordWithdrawal(absl::string_view profile_id, absl::string_view post_id,
                        std::optional<int64_t> cursor = std::nullopt);

  // Demand recorded at the door of a household with no profile (先有需求),
  // kept for campaign plans; `cursor` as for RecordApplication. Visits more
  // than kHouseholdVisitDays older than the newest are forgotten.
  static constexpr int kHouseholdVisitDays = 365;
  void RecordHouseholdVisit(HouseholdVisit visit, std::optional<int64_t> cursor = std::nullopt);
  // Those kept, in feed order.
  std::vector<HouseholdVisit> HouseholdVisits() const;

  // The feed position everything above reflects.
  void set_cursor(int64_t cursor);
  int64_t cursor() const;

  std::shared_ptr<const PostRecord> FindPost(absl::string_view post_id) const;
  std::shared_ptr<const Seeker> FindSeeker(absl::string_view profile_id) const;
  size_t post_count() const;
  size_t seeker_count() const;

  // The `k` best eligible posts for `seeker`, best first (score, then id).
  std::vector<PostHit> TopPosts(const Seeker& seeker, const QueryTime& at, const PostFilter& filter,
                                size_t k) const;
  // The `k` best eligible people for `post`, best first (score, then id).
  std::vector<SeekerHit> TopSeekers(const PostRecord& post, const QueryTime& at,
                                    const SeekerFilter& filter, size_t k) const;

  // Every record and the cursor they reflect, taken under one reader lock so
  // the three agree however the index is being changed (for a checkpoint).
  // Records are immutable once shared, so the lock is held only to copy the
  // pointers, not while the caller writes them out.
  struct Snapshot {
    std::vector<std::shared_ptr<const PostRecord>> posts;
    std::vector<std::shared_ptr<const Seeker>> seekers;
    int64_t cursor = 0;
  };
  Snapshot TakeSnapshot() const;
  // Forgets everything, cursor included (the feed no longer reaches back to it).
  void Clear();

  // Bulk filling and the checkpoint's image (index_image.cc). Inserting one
  // record at a time keeps every list sorted as it goes, which costs a list's
  // length per insert: quadratic when many posts or people share an
  // occupation or a cell, as a fair's imported posts do.
  //
  // Fills an empty index at once (a start from the services): each list is
  // filled in one pass and sorted once. A later record with the same id as
  // an earlier one wins. The cursor is left as it is. An index that is not
  // empty takes them one upsert at a time.
  void Build(std::vector<std::shared_ptr<const PostRecord>> posts,
             std::vector<std::shared_ptr<const Seeker>> seekers);
  // Appends the whole index to `out`: the cursor, the records by slot,
  // every list as it stands (slots in list order) and the household visits,
  // all taken under one reader lock; the records (immutable) are encoded
  // after it is released.
  void WriteImage(codec::Writer& out) const;
  // Where ReadImage spent its time.
  struct ImageTimes {
    absl::Duration decode;  // records from bytes
    absl::Duration build;   // entries, keys and lists
  };
  // Fills an empty index from WriteImage's bytes, the lists restored in the
  // order written: nothing is sorted or searched. Posts and people are read
  // side by side, on two threads. DATA_LOSS (and the index left empty) if
  // the bytes are damaged; FAILED_PRECONDITION if the index is not empty.
  absl::Status ReadImage(codec::Reader& in, ImageTimes* times);

  // Visits every record under the reader lock (for brute force and planning).
  void ForEachPost(const std::function<void(const std::shared_ptr<const PostRecord>&)>& fn) const;
  void ForEachSeeker(const std::function<void(const std::shared_ptr<const Seeker>&)>& fn) const;

  const OccupationRelations& relations() const { return *relations_; }

 private:
  // Besides the record, where it is filed. Only open posts are in the lists.
  struct PostEntry {
    std::shared_ptr<const PostRecord> rec;
    int occ = -1;
    int64_t cell = 0;
    GeoPt point;
    bool open = false;
    int cls = 0;  // PostClassOf
  };
  // A person as the people queries see them before reading the record: the
  // facts MayBeEligible needs, what bounds their score, and their first
  // wishes. Lists hold one per home cell (two when the homes lie in
  // different cells), read in order, so a refused person costs no cache miss.
  static constexpr int kInlineWishes = 4;
  enum SeekerKeyFlag : uint8_t {
    kRelocates = 1,
    kTwoCells = 2,    // the homes lie in different cells, each with its entry
    kHukouEntry = 4,  // with kTwoCells: this entry is the registered home's
    kMoreWishes = 8,  // wishes beyond kInlineWishes: read them from the entry
  };
  struct SeekerKey {
    uint32_t slot;
    int32_t birth_yyyymmdd;
    int32_t min_salary;
    uint32_t availability;
    uint64_t skills;  // SkillSignature
    GroupMask groups;
    uint16_t radius_km;
    uint8_t sex;
    uint8_t education;
    uint8_t experience_years;
    uint8_t flags;
    int16_t wishes[kInlineWishes];  // interned occupations, -1 past the last
  };
  struct SeekerEntry {
    std::shared_ptr<const Seeker> rec;
    std::vector<int> wanted_occs;
    int64_t cells[2] = {0, 0};
    GeoPt residence;
    GeoPt hukou;
    SeekerKey key;  // as filed under the residence's cell
  };
  // The people wanting one occupation. Those staying are kept sorted by home
  // cell, so a query reads only the columns within reach of its post and
  // skips whole cells out of reach; those relocating can be anywhere.
  struct LocatedKey {
    int64_t cell;
    SeekerKey key;
    bool operator<(const LocatedKey& o) const {
      return cell != o.cell ? cell < o.cell : key.slot < o.key.slot;
    }
  };
  struct OccSeekers {
    std::vector<LocatedKey> staying;
    std::vector<LocatedKey> relocating;
  };
  // Everyone with a home in a cell, in classes by how far they travel,
  // whether they hold any skill, and which person-dependent parts they can
  // score, so the walk over people whose wishes do not fit can stop on each
  // class at its own distance (and skip people without skills for posts
  // requiring some).
  static constexpr int kRadiusClasses = 7;  // <=10, <=20, <=30, <=50, <=100 km, more, relocating
  static constexpr int kRadiusCapsKm[kRadiusClasses - 2] = {10, 20, 30, 50, 100};
  static constexpr int kSeekerClasses = kRadiusClasses * 2 * 4;
  // radius class * 8 + holds a skill * 4 + has groups * 2 + has a minimum salary
  static int ClassOf(const SeekerKey& key);
  struct CellSeekers {
    std::vector<SeekerKey> by_class[kSeekerClasses];
    uint64_t non_empty = 0;  // bit per class
  };
  // What the lists keep of an open post, so that most posts are refused or
  // bounded without a read of their entry.
  struct PostKey {
    uint32_t slot;
    int32_t occ;
    bool needs_skills;  // its skills part is 0 for a person holding none
    PostBound bound;
    PostFloor floor;
    int64_t valid_from;
    int64_t valid_until;
  };
  // A post in the list of its occupation, which is kept sorted by cell so a
  // query reads only the cells within reach.
  struct OccPost {
    int64_t cell;
    PostKey key;
    bool operator<(const OccPost& o) const {
      return cell != o.cell ? cell < o.cell : key.slot < o.key.slot;
    }
  };
  using CellPost = PostKey;
  // A cell's posts in classes by the parts they give whoever reads them
  // (required skills, board, no applicants yet), whether they relax anything
  // for a group, and which group they target, so the walk over posts whose
  // occupation does not fit can stop on each class at its own distance. A
  // post targeting several groups is filed once per group (group 0: none),
  // and read from the list of the first group it targets that the person is
  // in (or, if none, of the first it targets).
  // Each class's list is sorted by salary, highest first (HigherSalary), so a
  // walk knows when the salary part is out of reach for the rest of it.
  static constexpr int kPostClasses = 16 * 8;
  static bool HigherSalary(const CellPost& a, const CellPost& b);
  // (needs skills * 8 + board * 4 + no applicants * 2 + relaxes) * 8 + target group
  static int PostClassOf(const PostRecord& post);  // with target group 0
  // What bounds a class's posts in one cell: its best salary (its list's
  // first), its newest post, and whom none of them can take. Kept apart from
  // the lists so that a walk passing the cell reads one line, not the list.
  struct ClassTop {
    int64_t newest = 0;  // create_time
    int32_t salary_top = 0;
    PostFloor floor;  // the loosest of its posts' floors (Loosest)
  };
  struct PostCell {
    std::vector<CellPost> by_class[kPostClasses];
    ClassTop tops[kPostClasses];
    void Retop(int cls);
  };
  // A cell in the map: which classes it holds is kept beside the pointer, so
  // that a query reading that of thousands of cells reads the map's slots in
  // order rather than each cell's few kilobytes.
  struct PostCellSlot {
    uint64_t non_empty[2] = {0, 0};  // bit per class
    std::unique_ptr<PostCell> cell;
  };
  using PostCells = absl::flat_hash_map<int64_t, PostCellSlot>;

  int InternLocked(absl::string_view code) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void InsertPostLocked(std::shared_ptr<const PostRecord> rec) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // How an entry goes into (or out of) the lists: kept sorted one insert at
  // a time, or appended, to be sorted once (Build) or because the entries
  // come in list order (ReadImage).
  enum class Filing { kInsert, kAppend, kRemove };
  // Everything about a post's slot but the lists and max_abs_lat_ (WidenLocked).
  void SetPostEntryLocked(uint32_t slot, std::shared_ptr<const PostRecord> rec)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  PostKey PostKeyOf(uint32_t slot) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Files an open post in its occupation's list and its cell (kInsert or kAppend).
  void FilePostLocked(uint32_t slot, Filing how) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Everything about a person's slot but the lists and max_abs_lat_.
  void SetSeekerEntryLocked(uint32_t slot, std::shared_ptr<const Seeker> rec)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // After appending: sorts every list that is kept sorted, and sets its tops and bits.
  void SortListsLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ClearLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Grows max_abs_lat_ to take in `place`.
  void WidenLocked(const GeoPt& place) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // ReadImage's two halves, run side by side (index_image.cc): each decodes
  // its records and makes its entries and lists, touching only its own
  // members (the occupations are all interned before).
  bool ReadPostsLocked(absl::string_view records, absl::string_view lists,
                       const std::vector<int>& occ_of, absl::Barrier* decoded,
                       absl::Duration* decode) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool ReadSeekersLocked(absl::string_view records, absl::string_view lists,
                         const std::vector<int>& occ_of, absl::Barrier* decoded,
                         absl::Duration* decode) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ErasePostLocked(uint32_t slot) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ReplacePostLocked(uint32_t slot, std::shared_ptr<const PostRecord> rec)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void InsertSeekerLocked(std::shared_ptr<const Seeker> rec) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void EraseSeekerLocked(uint32_t slot) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Files (or unfiles) each of a person's entries in its occupation lists and cells.
  void FileSeekerLocked(const SeekerEntry& e, Filing how) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Fit of every interned occupation against `wanted` (one person's wishes).
  std::vector<uint8_t> FitsForWanted(const std::vector<std::string>& wanted) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Fit of every interned occupation, as a person's wish, against a post's code.
  std::vector<uint8_t> FitsForPostCode(const std::string& post_code) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Interned occupations o with Related(code, o) (`code_is_wanted`) or
  // Related(o, code) (otherwise); cached, extended as occupations are added.
  std::vector<int> RelatedOccs(const std::string& code, bool code_is_wanted) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);

  const OccupationRelations* relations_;
  mutable absl::Mutex mu_;
  int64_t cursor_ ABSL_GUARDED_BY(mu_) = 0;

  std::vector<std::string> occ_codes_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, int> occ_ids_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::vector<int>> occs_by_group_ ABSL_GUARDED_BY(mu_);

  std::vector<PostEntry> posts_ ABSL_GUARDED_BY(mu_);
  std::vector<uint32_t> free_posts_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, uint32_t> post_slots_ ABSL_GUARDED_BY(mu_);
  std::vector<std::vector<OccPost>> posts_by_occ_ ABSL_GUARDED_BY(mu_);
  PostCells post_cells_ ABSL_GUARDED_BY(mu_);

  std::vector<SeekerEntry> seekers_ ABSL_GUARDED_BY(mu_);
  std::vector<uint32_t> free_seekers_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, uint32_t> seeker_slots_ ABSL_GUARDED_BY(mu_);
  std::vector<OccSeekers> seekers_by_occ_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<int64_t, CellSeekers> seeker_cells_ ABSL_GUARDED_BY(mu_);
  // Bounds that make the people walk stop: the largest radius of anyone not
  // relocating, and how many relocate. Only grow (safe as bounds).
  int max_radius_km_ ABSL_GUARDED_BY(mu_) = 0;
  int max_relocate_horizon_km_ ABSL_GUARDED_BY(mu_) = 0;
  // The largest |latitude| of any place filed, which bounds the cosine the
  // queries' cheap cell distances use (grid::CellMinKm). Only grows.
  double max_abs_lat_ ABSL_GUARDED_BY(mu_) = 0;
  // Campaign kinds that reach past the lists (domain/campaign_rules.h): open
  // posts of a CZT graduate season, read whole for a graduate beyond whose
  // radius they lie; graduates who do not relocate, read whole for such a
  // post; and how many open posts may earn the village near-home boost (while
  // any do, the class bounds of the posts walk include it).
  absl::flat_hash_set<uint32_t> widening_posts_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<uint32_t> graduates_ ABSL_GUARDED_BY(mu_);
  int near_home_posts_ ABSL_GUARDED_BY(mu_) = 0;
  // RecordHouseholdVisit's, in feed order.
  std::deque<HouseholdVisit> household_visits_ ABSL_GUARDED_BY(mu_);

  struct RelatedCache {
    size_t checked = 0;  // occupations [0, checked) have been compared
    std::vector<int> related;
  };
  mutable absl::Mutex cache_mu_;
  mutable absl::flat_hash_map<std::string, RelatedCache> related_cache_ ABSL_GUARDED_BY(cache_mu_);
};

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_INDEX_MATCH_INDEX_H_
