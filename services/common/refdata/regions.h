// The region table: Hunan's cities, counties and townships (GB/T 2260 / NBS
// codes) and Zhuzhou's villages, with names, short names, coordinates (own, or
// the county centroid as fallback) and old codes mapped to their successors
// (430221 -> 430212). Loaded from deploy/refdata/regions.csv, which
// deploy/refdata/derive.py builds from shared reference data.
//
// Beside it, the rest of the country's provinces, cities and counties
// (deploy/refdata/divisions.csv), known only by name: they let region text
// that names a place outside the platform's area be recognised as such
// instead of landing on a Hunan town of the same name (南京·建邺区 is not
// 耒阳市南京镇). They are not regions of the platform: Find, IsKnown, all and
// Children never return them.
#ifndef JOBMATCH_SERVICES_COMMON_REFDATA_REGIONS_H_
#define JOBMATCH_SERVICES_COMMON_REFDATA_REGIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch::refdata {

enum class RegionLevel { kProvince, kCity, kCounty, kTownship, kVillage };

struct Region {
  std::string code;         // canonical code: 2, 4 (city), 6, 9 or 12 digits
  std::string name;         // 醴陵市
  std::string short_name;   // 醴陵
  std::string parent_code;  // canonical code of the parent; empty for the province
  RegionLevel level;
  double lng = 0;  // GCJ-02 degrees
  double lat = 0;
  bool own_coordinates = false;  // false: lng/lat are a fallback (parent's centroid)
};

// What region text names (RegionTable::ResolvePlace).
struct Place {
  enum class Kind {
    kUnknown,  // nothing matches, or the text is ambiguous or contradicts itself
    kInArea,   // a region of the platform: `code` is canonical
    kOutside,  // a place elsewhere in the country
  };
  Kind kind = Kind::kUnknown;
  // kInArea: the region's canonical code. kOutside: the division's code (2, 4
  // or 6 digits), or "" when the text fits several places outside (白云区).
  std::string code;
  // kOutside: the full name, province first ("江苏省南京市建邺区"); the
  // text's own words when no single division fits.
  std::string full_name;
};

// Immutable after Load; safe to share between threads.
class RegionTable {
 public:
  // Reads the derived CSV. INVALID_ARGUMENT if a row is malformed.
  // Old codes and names come from region_aliases.csv, the rest of the
  // country from divisions.csv, both in the same folder when they exist.
  static absl::StatusOr<RegionTable> Load(const std::string& csv_path);
  // Same, with the alias table (old_code,old_name,code) and the national
  // table (code,name,short_name,parent_code) named explicitly; an empty path
  // loads none. INVALID_ARGUMENT if an alias points at an unknown code or a
  // division is malformed or lies inside the platform's own province.
  static absl::StatusOr<RegionTable> Load(const std::string& csv_path,
                                          const std::string& aliases_csv_path,
                                          const std::string& divisions_csv_path = "");

  // The region for `code`, following old codes to their successors; accepts
  // 6-digit city codes ("430200") as well as 4-digit ones. nullptr if unknown.
  const Region* Find(absl::string_view code) const;
  bool IsKnown(absl::string_view code) const { return Find(code) != nullptr; }
  // Canonical code for `code` (after successor mapping), or "" if unknown.
  std::string Canonical(absl::string_view code) const;
  // The county (6-digit) that contains `code`, or "" if unknown or above county level.
  std::string CountyOf(absl::string_view code) const;
  // Every region, in code order.
  const std::vector<Region>& all() const { return regions_; }

  // The direct children of `code` in code order (counties of a city, ...);
  // empty if unknown or a village.
  std::vector<const Region*> Children(absl::string_view code) const;
  // The parent of `region` (which must belong to this table), or nullptr for the province.
  const Region* Parent(const Region& region) const;
  // True when `code` is `ancestor` or lies inside it (both after successor
  // mapping); false if either is unknown.
  bool IsWithin(absl::string_view code, absl::string_view ancestor) const;

  // The most specific canonical code that free region text names, as job
  // boards and forms write it: "长沙-岳麓区" -> "430104", "湖南省 - 株洲市" ->
  // "4302", "株洲县" -> "430212", "醴陵" -> "430281"; a bare code is
  // canonicalised. Names that fit several regions are settled by the other
  // names in the text (the city of an ambiguous town); "" when nothing matches
  // or the text stays ambiguous or contradicts itself. Town short names and
  // village names only refine a region otherwise named (or stand alone), so
  // street names that happen to equal a far-away town's do not derail it.
  // Text naming a place outside the platform's area gives "".
  std::string ResolveText(absl::string_view text) const;

  // The one lookup behind ResolveText, saying also when the text names a
  // place outside the platform's area. A city or province in front must
  // agree with the district after it: "南京·雨花台区" is outside (320114),
  // not 长沙市雨花区; "上海市-松江区" is not 衡南县松江镇. A name that both a
  // platform region and a place elsewhere bear, with nothing else to tell them
  // apart ("永定区", "资阳"), means the platform's own; a name that only
  // places elsewhere bear ("白云区") is outside even when it fits several.
  // Once the text has named a platform region, later names of places
  // elsewhere are read as street names ("天元区庐山路"). Text naming several
  // places ("株洲、长沙均可", "深圳/东莞") gives the smallest region holding
  // them all (43, outside 44).
  Place ResolvePlace(absl::string_view text) const;
  // The national division for a 2-, 4- or 6-digit code outside the platform's
  // area, or nullptr.
  const Region* FindDivision(absl::string_view code) const;

 private:
  // One way of writing a region's name, for ResolveText.
  struct NameEntry {
    uint32_t index;  // into regions_
    bool full;       // the official (or an old official) name, not a short form
    bool strong;     // may name a region on its own (see ResolveText)
  };
  // The candidate places for one name in the text: those it may name on its
  // own (strong) and those it may only refine (weak). Indexes are into
  // regions_ and then outside_ (see Node).
  struct Token {
    std::vector<uint32_t> strong;
    std::vector<uint32_t> weak;
    // Places whose short form the text equals where another place bears it
    // as its full name (黄田村 of 黄田村委会 beside a village named 黄田村):
    // they may still refine a region otherwise named.
    std::vector<uint32_t> shadowed;
  };

  const Region* FindNormalized(const std::string& code) const;
  // Index i names regions_[i], or outside_[i - regions_.size()] beyond it.
  const Region& Node(uint32_t index) const {
    return index < regions_.size() ? regions_[index] : outside_[index - regions_.size()];
  }
  bool IsOutside(uint32_t index) const { return index >= regions_.size(); }
  bool IsAncestorOrSelf(uint32_t ancestor, uint32_t index) const;
  void AddName(const std::string& name, uint32_t index, bool full);
  void BuildIndexes();
  absl::Status LoadDivisions(const std::string& csv_path);
  // Splits `text` into the place names it contains (longest name first), in
  // text order.
  std::vector<Token> Tokenize(absl::string_view text) const;
  // The deepest places that the most tokens agree on: one, or a tie.
  std::vector<uint32_t> Agree(const std::vector<Token>& tokens) const;
  // Settles a tie of Agree (see ResolvePlace); -1 when it stays ambiguous.
  // `*contradiction` is set when the tie is between different names rather
  // than namesakes of one.
  int64_t BreakTie(const std::vector<Token>& tokens, const std::vector<uint32_t>& tied,
                   bool* contradiction = nullptr) const;
  // The deepest place containing all of `indexes`, or -1.
  int64_t CommonAncestor(const std::vector<uint32_t>& indexes) const;
  Place OutsidePlace(uint32_t index) const;

  std::vector<Region> regions_;
  std::vector<Region> outside_;  // the national divisions, in code order
  absl::flat_hash_map<std::string, uint32_t> outside_by_code_;
  absl::flat_hash_map<std::string, size_t> by_code_;
  absl::flat_hash_map<std::string, std::string> successor_;
  std::vector<int32_t> parent_index_;  // by Node index; -1 for a province
  std::vector<std::vector<uint32_t>> children_;
  absl::flat_hash_map<std::string, std::vector<NameEntry>> by_name_;
  std::vector<size_t> name_sizes_;  // distinct byte lengths of by_name_ keys, longest first
};

// The table from $JOBMATCH_REFDATA_DIR or the checkout's deploy/refdata,
// loaded once on first use. Aborts if it cannot be read (a deployment error).
const RegionTable& DefaultRegions();

// The folder holding the reference tables: $JOBMATCH_REFDATA_DIR when set,
// else the checkout's deploy/refdata as configured at build time.
std::string RefdataDir();

// Great-circle distance in km.
double DistanceKm(double lng1, double lat1, double lng2, double lat2);

}  // namespace jobmatch::refdata

#endif  // JOBMATCH_SERVICES_COMMON_REFDATA_REGIONS_H_
