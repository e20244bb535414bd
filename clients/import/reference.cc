// DefaultReference(): the importer's view of the platform's reference tables.
#include "clients/import/reference.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "clients/import/text.h"
#include "services/common/refdata/occupations.h"
#include "services/common/refdata/regions.h"

namespace jobmatch::import {
namespace {

class RefdataReference final : public Reference {
 public:
  RefdataReference()
      : regions_(refdata::DefaultRegions()), occupations_(refdata::DefaultOccupations()) {
    for (const refdata::Occupation& o : occupations_.all()) {
      if (o.level == 4) code_by_name_.emplace(o.name, o.code);
    }
  }

  // A fair's rows name few distinct places, so answers are cached.
  refdata::Place RegionForText(absl::string_view text) const override {
    const std::string key(text);
    {
      absl::MutexLock lock(&mu_);
      if (auto it = region_cache_.find(key); it != region_cache_.end()) return it->second;
    }
    refdata::Place place = regions_.ResolvePlace(text);
    absl::MutexLock lock(&mu_);
    region_cache_.emplace(key, place);
    return place;
  }

  bool IsDetailedOccupation(absl::string_view code) const override {
    return occupations_.IsDetailed(code);
  }

  // Titles repeat across a fair's rows, so answers are cached.
  std::string OccupationForTitle(absl::string_view title) const override {
    const std::string key = FoldCompact(title);
    {
      absl::MutexLock lock(&mu_);
      if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    }
    std::string code = Resolve(key);
    absl::MutexLock lock(&mu_);
    cache_.emplace(key, code);
    return code;
  }

 private:
  // In order: the title is an occupation's name; the title is a colloquial
  // word; the longest occupation name inside the title ("电焊工" -> 焊工); the
  // longest colloquial word inside it ("招聘普工（长白班）" -> 普工).
  std::string Resolve(const std::string& title) const {
    if (auto it = code_by_name_.find(title); it != code_by_name_.end()) return it->second;
    if (std::string code = Override(title); !code.empty()) return code;
    if (std::string code = ForWord(title); !code.empty()) return code;
    const std::vector<std::string> cps = SplitCodePoints(title);
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t len = cps.size(); len >= 2; --len) {
        for (size_t start = 0; start + len <= cps.size(); ++start) {
          std::string sub;
          for (size_t k = start; k < start + len; ++k) sub += cps[k];
          if (pass == 0) {
            if (auto it = code_by_name_.find(sub); it != code_by_name_.end()) return it->second;
          } else if (std::string code = Override(sub); !code.empty()) {
            return code;
          } else if (std::string code = ForWord(sub); !code.empty()) {
            return code;
          }
        }
      }
    }
    return "";
  }

  // The commonest fair titles whose related-terms entry lists many codes and
  // would pick a misleading first one (普工 -> 危险货物运输作业员).
  std::string Override(const std::string& word) const {
    static constexpr std::pair<absl::string_view, absl::string_view> kOverrides[] = {
        {"普工", "4-02-05-01"},      // 装卸搬运工: general labour
        {"杂工", "4-02-05-01"},
        {"司机", "4-02-02-02"},      // 道路货运汽车驾驶员
        {"叉车", "6-30-05-01"},      // 起重装卸机械操作工
        {"服务员", "4-03-02-05"},    // 餐厅服务员: most fair 服务员 posts
    };
    for (const auto& [w, code] : kOverrides) {
      if (word == w && occupations_.IsDetailed(code)) return std::string(code);
    }
    return "";
  }

  // Of the detailed codes a word relates to, the one whose name contains the
  // word and is shortest (服务员 -> a plain 服务员 rather than a railway one);
  // else the first in code order.
  std::string ForWord(const std::string& word) const {
    const std::vector<std::string> codes = occupations_.CodesForWord(word);
    std::string best;
    size_t best_len = SIZE_MAX;
    for (const std::string& code : codes) {
      const refdata::Occupation* o = occupations_.Find(code);
      if (o == nullptr || o->level != 4) continue;
      if (o->name.find(word) != std::string::npos && o->name.size() < best_len) {
        best = code;
        best_len = o->name.size();
      }
    }
    if (best.empty()) {
      for (const std::string& code : codes) {
        if (occupations_.IsDetailed(code)) return code;
      }
    }
    return best;
  }

  const refdata::RegionTable& regions_;
  const refdata::OccupationTable& occupations_;
  absl::flat_hash_map<std::string, std::string> code_by_name_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, std::string> cache_ ABSL_GUARDED_BY(mu_);
  mutable absl::flat_hash_map<std::string, refdata::Place> region_cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

const Reference& DefaultReference() {
  static const auto* reference = new RefdataReference();
  return *reference;
}

}  // namespace jobmatch::import
