// The byte form of the index's records and tables, as the checkpoint keeps
// them: varints (integers zig-zagged), length-prefixed strings and raw
// doubles. The Reader never reads past its input: once anything is amiss,
// `ok()` stays false and every further field reads as zero.
#ifndef JOBMATCH_MATCHER_INDEX_RECORD_CODEC_H_
#define JOBMATCH_MATCHER_INDEX_RECORD_CODEC_H_

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "matcher/domain/model.h"

namespace jobmatch::matcher::codec {

// Each record's fields, in file order (defined below).
template <typename A, typename T>
void Fields(A& a, T& v);

class Writer {
 public:
  template <typename T>
  std::enable_if_t<std::is_integral_v<T>> Field(const T& v) {
    const int64_t x = static_cast<int64_t>(v);
    Varint((static_cast<uint64_t>(x) << 1) ^ static_cast<uint64_t>(x >> 63));
  }
  void Field(const double& v) {
    char bytes[sizeof v];
    std::memcpy(bytes, &v, sizeof v);
    out_.append(bytes, sizeof v);
  }
  void Field(const std::string& s) {
    Varint(s.size());
    out_.append(s);
  }
  template <typename T>
  void Field(const std::vector<T>& list) {
    Varint(list.size());
    for (const T& item : list) Fields(*this, item);
  }
  void Field(const absl::flat_hash_set<std::string>& set) {
    Varint(set.size());
    for (const std::string& s : set) Field(s);
  }
  // A number of items, or an unsigned number, as Reader::Count / Unsigned read it.
  void Count(uint64_t n) { Varint(n); }
  void Unsigned(uint64_t n) { Varint(n); }
  void Append(absl::string_view bytes) { out_.append(bytes.data(), bytes.size()); }
  // Bytes with their length before them, for a Reader of their own (Reader::Blob).
  void Blob(absl::string_view bytes) {
    Varint(bytes.size());
    Append(bytes);
  }
  size_t size() const { return out_.size(); }
  std::string Take() && { return std::move(out_); }

 private:
  void Varint(uint64_t v) {
    for (; v >= 0x80; v >>= 7) out_.push_back(static_cast<char>(v | 0x80));
    out_.push_back(static_cast<char>(v));
  }
  std::string out_;
};

class Reader {
 public:
  explicit Reader(absl::string_view in) : in_(in) {}

  template <typename T>
  std::enable_if_t<std::is_integral_v<T>> Field(T& v) {
    const uint64_t z = Varint();
    const int64_t x = static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
    if (x < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
        (x > 0 &&
         static_cast<uint64_t>(x) > static_cast<uint64_t>(std::numeric_limits<T>::max()))) {
      ok_ = false;
      v = 0;
      return;
    }
    v = static_cast<T>(x);
  }
  void Field(double& v) {
    v = 0;
    if (!Need(sizeof v)) return;
    std::memcpy(&v, in_.data(), sizeof v);
    in_.remove_prefix(sizeof v);
  }
  void Field(std::string& s) {
    const uint64_t n = Varint();
    if (!Need(n)) return;
    s.assign(in_.data(), n);
    in_.remove_prefix(n);
  }
  template <typename T>
  void Field(std::vector<T>& list) {
    const uint64_t n = Count();
    list.resize(n);
    for (T& item : list) Fields(*this, item);
  }
  void Field(absl::flat_hash_set<std::string>& set) {
    const uint64_t n = Count();
    set.reserve(n);
    for (uint64_t i = 0; i < n && ok_; ++i) {
      std::string s;
      Field(s);
      set.insert(std::move(s));
    }
  }
  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }
  // A count of items each at least a byte long: never more than what is left.
  uint64_t Count() {
    const uint64_t n = Varint();
    return Need(n) ? n : 0;
  }
  // Any unsigned number, at most `max` (else not ok).
  uint64_t Unsigned(uint64_t max) {
    const uint64_t n = Varint();
    if (n <= max) return n;
    ok_ = false;
    return 0;
  }
  // What Writer::Blob wrote (empty, and not ok, if there are not that many bytes).
  absl::string_view Blob() {
    const uint64_t n = Varint();
    if (!Need(n)) return {};
    const absl::string_view blob = in_.substr(0, n);
    in_.remove_prefix(n);
    return blob;
  }
  // Marks the input as damaged (a value that cannot be right in its place).
  void Fail() { ok_ = false; }

 private:
  bool Need(uint64_t n) {
    if (ok_ && n <= in_.size()) return true;
    ok_ = false;
    return false;
  }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!Need(1)) return 0;
      const auto byte = static_cast<uint8_t>(in_.front());
      in_.remove_prefix(1);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    ok_ = false;
    return 0;
  }
  absl::string_view in_;
  bool ok_ = true;
};

// Each record's fields, in file order, for writing (const) and reading alike.
template <typename A, typename T>
void Fields(A& a, T& v) {
  using R = std::remove_const_t<T>;
  if constexpr (std::is_same_v<R, GeoPt>) {
    a.Field(v.lng), a.Field(v.lat);
  } else if constexpr (std::is_same_v<R, SkillItem>) {
    a.Field(v.name), a.Field(v.occupation_code), a.Field(v.level);
  } else if constexpr (std::is_same_v<R, Relaxation>) {
    a.Field(v.group), a.Field(v.max_age), a.Field(v.min_education);
    a.Field(v.waive_education), a.Field(v.waive_skills), a.Field(v.waive_experience);
  } else if constexpr (std::is_same_v<R, CampaignInfo>) {
    a.Field(v.id), a.Field(v.name), a.Field(v.start), a.Field(v.end), a.Field(v.targets);
    a.Field(v.kind), a.Field(v.regions), a.Field(v.rules), a.Field(v.widened_area);
  } else if constexpr (std::is_same_v<R, TargetRule>) {
    a.Field(v.name), a.Field(v.residence_prefixes), a.Field(v.any_of);
  } else if constexpr (std::is_same_v<R, GroupQuota>) {
    a.Field(v.group), a.Field(v.places);
  } else if constexpr (std::is_same_v<R, CampaignQuota>) {
    a.Field(v.campaign_id), Fields(a, v.quota);
  } else if constexpr (std::is_same_v<R, PostRecord>) {
    a.Field(v.id), a.Field(v.employer_id), a.Field(v.title), a.Field(v.occupation_code);
    a.Field(v.region_code), Fields(a, v.point), a.Field(v.openings), a.Field(v.remaining);
    a.Field(v.salary_min), a.Field(v.salary_max), a.Field(v.negotiable), a.Field(v.benefits);
    a.Field(v.min_age), a.Field(v.max_age), a.Field(v.min_education), a.Field(v.required_skills);
    a.Field(v.min_experience), a.Field(v.required_sex), a.Field(v.relaxations);
    a.Field(v.target_groups), a.Field(v.campaigns), a.Field(v.reserves);
    a.Field(v.campaign_reserves), a.Field(v.schedule), a.Field(v.valid_from);
    a.Field(v.valid_until), a.Field(v.state), a.Field(v.applicants), a.Field(v.create_time);
  } else if constexpr (std::is_same_v<R, Seeker>) {
    a.Field(v.id), a.Field(v.name), a.Field(v.birth_yyyymmdd), a.Field(v.sex);
    a.Field(v.education), a.Field(v.skills), a.Field(v.experience_years);
    a.Field(v.residence_region), a.Field(v.hukou_region), Fields(a, v.residence);
    Fields(a, v.hukou), a.Field(v.travel_radius_km), a.Field(v.relocate), a.Field(v.availability);
    a.Field(v.wanted_occupations), a.Field(v.min_salary), a.Field(v.groups), a.Field(v.applied);
    a.Field(v.hired), a.Field(v.registered), a.Field(v.last_active);
    a.Field(v.visit_wants);
  } else if constexpr (std::is_same_v<R, HouseholdVisit>) {
    a.Field(v.village_code), a.Field(v.occupation_codes), a.Field(v.at);
  } else {
    static_assert(sizeof(R) == 0, "no field list for this type");
  }
}

// Strings are written as the vector<T> case expects: one field per item.
template <typename A>
void Fields(A& a, const std::string& s) {
  a.Field(s);
}
template <typename A>
void Fields(A& a, std::string& s) {
  a.Field(s);
}

}  // namespace jobmatch::matcher::codec

#endif  // JOBMATCH_MATCHER_INDEX_RECORD_CODEC_H_
