#include "services/common/occupation/classifier.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/occupation/setting_rules.h"
#include "services/common/occupation/title_normaliser.h"
#include "services/common/occupation/utf8.h"
#include "services/common/refdata/csv.h"
#include "services/common/refdata/regions.h"
#include "services/common/status_macros.h"

namespace jobmatch::occupation {
namespace {

using internal::DecodeUtf8;
using internal::EncodeUtf8;

constexpr double kExactConfidence = 0.98;
// A title in the lexicon followed by other words (叉车工 要有叉车证 董家塅):
// boards put the job first and requirements, pay and place after it.
constexpr double kLeadConfidence = 0.9;
// A lexicon term inside a longer title: surer the more of the title it covers.
constexpr double kTermBase = 0.6;
constexpr double kTermSpan = 0.35;
// An n-gram score becomes a confidence at this rate: a resemblance needs a
// score of 0.75 to be trusted without review.
constexpr double kNgramConfidence = 0.8;
// Below this confidence the nearest entry is a guess at its major group only.
constexpr double kMajorGroupBelow = 0.25;
// How much the terms of a description add to a code's n-gram score.
constexpr double kDescriptionWeight = 0.35;
constexpr size_t kDescriptionChars = 400;  // of the description, in code points
constexpr size_t kCandidates = 8;
constexpr size_t kCacheLimit = 200'000;
// Used when nothing in the texts resembles any occupation: 不便分类的其他从业人员.
constexpr absl::string_view kUnclassifiable = "8";

int SourceRank(absl::string_view source) {
  if (source == "override") return 0;
  if (source == "name") return 1;
  if (source == "curated") return 2;
  if (source == "setting") return 2;  // as curated: both are hand-kept
  if (source == "variant") return 3;
  return 4;
}

// Heads that say little on their own: in 电池厂普工 or 转向架装配工 the
// product names the occupation, so another term in the title wins over these.
bool IsGenericHead(absl::string_view term) {
  static constexpr absl::string_view kGeneric[] = {
      "普工",   "杂工", "小工", "帮工",   "操作工", "作业员", "操作员", "装配工",
      "组装工", "装配", "组装", "总装工", "钳工",   "调试工", "技工",   "工人",
      "员工",   "学徒", "师傅", "包装工", "班组长", "组长",   "班长",   "主管",
      "经理",   "助理", "专员", "领班",   "负责人", "服务员", "服务生", "技师"};
  for (absl::string_view g : kGeneric) {
    if (term == g) return true;
  }
  return false;
}

// Titles that name a job only together with their setting: 普工 on an
// electronics line, 护士 on a ward, 车工 in a garment shop.
bool IsContextual(absl::string_view title) {
  static constexpr absl::string_view kContextual[] = {"护士", "护工", "陪护",   "车工", "服务员",
                                                      "木工", "司机", "驾驶员", "阿姨", "大姐"};
  if (IsGenericHead(title)) return true;
  for (absl::string_view c : kContextual) {
    if (title == c) return true;
  }
  return false;
}

// Whether text[start, start + len) begins or ends inside a run of ASCII
// letters and digits that goes on beyond it.
bool InsideWord(const std::u32string& text, size_t start, size_t len) {
  const size_t end = start + len;
  return (start > 0 && internal::IsAsciiAlnum(text[start]) &&
          internal::IsAsciiAlnum(text[start - 1])) ||
         (end < text.size() && internal::IsAsciiAlnum(text[end - 1]) &&
          internal::IsAsciiAlnum(text[end]));
}

std::string MajorGroupOf(absl::string_view code) { return std::string(code.substr(0, 1)); }

}  // namespace

OccupationClassifier::OccupationClassifier(refdata::OccupationTable occupations)
    : occupations_(std::move(occupations)) {}

absl::StatusOr<std::unique_ptr<OccupationClassifier>> OccupationClassifier::Load(
    const std::string& dir) {
  JM_ASSIGN_OR_RETURN(
      refdata::OccupationTable table,
      refdata::OccupationTable::Load(dir + "/occupations.csv", dir + "/related_terms.csv"));
  std::unique_ptr<OccupationClassifier> c(new OccupationClassifier(std::move(table)));
  JM_RETURN_IF_ERROR(c->LoadTitles(dir + "/job_titles.csv"));
  c->BuildIndex();
  return c;
}

absl::Status OccupationClassifier::LoadTitles(const std::string& path) {
  JM_ASSIGN_OR_RETURN(const refdata::internal::CsvTable t, refdata::internal::ReadCsv(path));
  JM_ASSIGN_OR_RETURN(const size_t c_title, t.Column("title"));
  JM_ASSIGN_OR_RETURN(const size_t c_code, t.Column("occupation_code"));
  JM_ASSIGN_OR_RETURN(const size_t c_source, t.Column("source"));
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const std::vector<std::string>& row = t.rows[i];
    if (!occupations_.IsDetailed(row[c_code])) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", i + 2, ": ", row[c_code], " is not a detailed occupation"));
    }
    // Between titles of one source, one written in its normal form outranks
    // one that only folds to it (车工 is a lathe operator, though 熟练车工 of a
    // garment list folds to 车工).
    const std::string normalised = NormaliseTitle(row[c_title]);
    AddTerm(normalised, row[c_code], 2 * SourceRank(row[c_source]) + (normalised != row[c_title]),
            row[c_source] == "setting");
  }
  // Every detailed occupation is found by its own name, whatever the title
  // file holds: a name outranks every other title.
  for (const refdata::Occupation& o : occupations_.all()) {
    if (o.level == 4) AddTerm(NormaliseTitle(o.name), o.code, 2 * SourceRank("name"));
  }
  return absl::OkStatus();
}

void OccupationClassifier::AddTerm(const std::string& normalised, const std::string& code, int rank,
                                   bool setting) {
  if (normalised.empty()) return;
  auto [it, inserted] = lexicon_.try_emplace(normalised, Entry{code, rank, setting});
  if (!inserted && rank < it->second.rank) it->second = Entry{code, rank, setting};
  longest_term_ = std::max(longest_term_, DecodeUtf8(normalised).size());
}

void OccupationClassifier::BuildIndex() {
  std::vector<std::pair<std::string, std::string>> docs;  // sorted for stable ids
  docs.reserve(lexicon_.size());
  for (const auto& [term, entry] : lexicon_) docs.emplace_back(term, entry.code);
  std::sort(docs.begin(), docs.end());
  for (const auto& [term, code] : docs) {
    index_.Add(static_cast<int>(doc_code_.size()), DecodeUtf8(term));
    doc_code_.push_back(code);
  }
  index_.Finish();
}

absl::Status OccupationClassifier::Learn(absl::string_view normalised_title,
                                         absl::string_view code) {
  if (normalised_title.empty()) return absl::InvalidArgumentError("empty title");
  if (!occupations_.IsDetailed(code)) {
    return absl::InvalidArgumentError(
        absl::StrCat(code, " is not a detailed occupation of the classification"));
  }
  absl::MutexLock lock(&mu_);
  learned_[normalised_title] = std::string(code);
  return absl::OkStatus();
}

Classification OccupationClassifier::Decide(const std::string& code, double confidence,
                                            absl::string_view method) const {
  return Classification{code, confidence, confidence < kReviewBelow, std::string(method)};
}

Classification OccupationClassifier::Classify(absl::string_view title,
                                              absl::string_view description) const {
  Classification c = ClassifyNonEmpty(title, description);
  if (c.code.empty() && !(title.empty() && description.empty())) {
    return Decide(std::string(kUnclassifiable), 0.0, "major_group");
  }
  return c;
}

Classification OccupationClassifier::ClassifyNonEmpty(absl::string_view title,
                                                      absl::string_view description) const {
  Classification c = ClassifyWords(title, description);
  if (c.method != "lexicon" && c.method != "ngram") return c;
  // A trade in a setting that makes it another occupation (钣金工 in a 4S店).
  c.code = CodeInSetting(c.code, title, description);
  return c;
}

Classification OccupationClassifier::ClassifyWords(absl::string_view title,
                                                   absl::string_view description) const {
  const std::string normalised = NormaliseTitle(title);
  if (!normalised.empty()) {
    absl::MutexLock lock(&mu_);
    if (auto it = learned_.find(normalised); it != learned_.end()) {
      return Classification{it->second, 1.0, false, "learned"};
    }
  }
  Classification by_title = normalised.empty() ? Classification{} : ClassifyTitle(normalised);
  if (by_title.confidence < kExactConfidence) {
    if (std::optional<Classification> lead = LeadingTitle(title)) by_title = *lead;
  }
  if (description.empty()) return by_title;
  if (by_title.method == "lexicon") {
    if (!IsContextual(normalised)) return by_title;
    // The setting the description names, read as part of the title
    // (普工 + 电子厂流水线插件装配, 护士 + 内科).
    const std::string described = NormaliseTitle(description);
    if (described.empty()) return by_title;
    Classification in_setting = ClassifyTitle(described + normalised);
    return in_setting.method == "lexicon" ? in_setting : by_title;
  }
  // The title alone is a guess: let the description's own job words weigh in.
  const std::vector<Scored> votes = DescriptionVotes(description);
  if (votes.empty()) return by_title;
  absl::flat_hash_map<std::string, double> score;
  for (const internal::NgramIndex::Match& m :
       index_.Query(DecodeUtf8(normalised), kCandidates * 4)) {
    double& s = score[doc_code_[m.doc]];
    s = std::max(s, m.score);
  }
  for (const Scored& v : votes) score[v.code] += kDescriptionWeight * v.score;
  auto best = std::max_element(score.begin(), score.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second < b.second : a.first > b.first;
  });
  const double confidence = kNgramConfidence * std::min(best->second, 1.0);
  if (confidence < kMajorGroupBelow) {
    return Decide(MajorGroupOf(best->first), confidence, "major_group");
  }
  return Decide(best->first, confidence, "ngram");
}

std::optional<Classification> OccupationClassifier::LeadingTitle(absl::string_view title) const {
  const size_t space = title.find_first_of(" \t");
  const size_t wide_space = title.find("\u3000");
  const size_t end = std::min(space, wide_space);
  if (end == absl::string_view::npos) return std::nullopt;
  const std::string lead = NormaliseTitle(title.substr(0, end));
  if (lead.empty() || IsContextual(lead)) return std::nullopt;
  auto it = lexicon_.find(lead);
  if (it == lexicon_.end() || it->second.setting) return std::nullopt;
  return Decide(it->second.code, kLeadConfidence, "lexicon");
}

Classification OccupationClassifier::ClassifyTitle(const std::string& normalised) const {
  {
    absl::MutexLock lock(&mu_);
    if (auto it = cache_.find(normalised); it != cache_.end()) return it->second;
  }
  Classification c = ClassifyTitleUncached(normalised);
  absl::MutexLock lock(&mu_);
  if (cache_.size() >= kCacheLimit) cache_.clear();
  cache_.emplace(normalised, c);
  return c;
}

Classification OccupationClassifier::ClassifyTitleUncached(const std::string& normalised) const {
  if (auto it = lexicon_.find(normalised); it != lexicon_.end()) {
    return Decide(it->second.code, kExactConfidence, "lexicon");
  }
  const std::u32string text = DecodeUtf8(normalised);
  size_t length = 0;
  if (const Entry* e = LongestTerm(text, &length); e != nullptr) {
    const double covered = static_cast<double>(length) / static_cast<double>(text.size());
    return Decide(e->code, kTermBase + kTermSpan * covered, "lexicon");
  }
  // Letters alone (abc, qwe) resemble an entry only by accident.
  if (std::none_of(text.begin(), text.end(), internal::IsHan)) return Classification{};
  const std::vector<internal::NgramIndex::Match> matches = index_.Query(text, 1);
  if (matches.empty()) return Classification{};
  const std::string& code = doc_code_[matches[0].doc];
  const double confidence = kNgramConfidence * matches[0].score;
  if (confidence < kMajorGroupBelow) return Decide(MajorGroupOf(code), confidence, "major_group");
  return Decide(code, confidence, "ngram");
}

const OccupationClassifier::Entry* OccupationClassifier::LongestTerm(const std::u32string& text,
                                                                     size_t* length) const {
  // How little a term says of the job: a job word (0) beats a setting (1,
  // 网吧, 发廊, 汽修厂), which beats a generic head (2, 普工, 员工, 服务员).
  // 司机 and 驾驶员 rank with settings: the vehicle (叉车驾驶员) names the job,
  // a workplace (工地司机) does not.
  const auto vagueness = [](const Entry& e, const std::string& term) {
    if (IsGenericHead(term)) return 2;
    return e.setting || term == "司机" || term == "驾驶员" ? 1 : 0;
  };
  const Entry* best = nullptr;
  int best_vague = 3;
  size_t best_len = 0;
  size_t best_end = 0;
  for (size_t start = 0; start + 2 <= text.size(); ++start) {
    const size_t max_len = std::min(longest_term_, text.size() - start);
    for (size_t len = max_len; len >= 2; --len) {
      const std::string term = EncodeUtf8(std::u32string_view(text).substr(start, len));
      auto it = lexicon_.find(term);
      if (it == lexicon_.end()) continue;
      // Letters match whole words only: the pa of rpa is no 酒店PA.
      if (InsideWord(text, start, len)) continue;
      // The longest term at each start; between those the least vague, then
      // the longest, then the later, since a Chinese job name ends in its
      // head (餐厅服务员 is a 服务员).
      // An equal term that overlaps the best (仓管 then 管工 in 仓管工地) is a
      // misreading of the same characters, not a later head.
      const int vague = vagueness(it->second, term);
      if (vague < best_vague || (vague == best_vague && len > best_len) ||
          (vague == best_vague && len == best_len && start >= best_end)) {
        best = &it->second;
        best_vague = vague;
        best_len = len;
        best_end = start + len;
      }
      break;
    }
  }
  *length = best_len;
  return best;
}

std::vector<OccupationClassifier::Scored> OccupationClassifier::DescriptionVotes(
    absl::string_view description) const {
  std::u32string text = DecodeUtf8(NormaliseTitle(description));
  if (text.size() > kDescriptionChars) text.resize(kDescriptionChars);
  absl::flat_hash_map<std::string, double> weight;
  double total = 0.0;
  size_t start = 0;
  while (start + 2 <= text.size()) {
    size_t len = std::min(longest_term_, text.size() - start);
    const Entry* found = nullptr;
    for (; len >= 2; --len) {
      auto it = lexicon_.find(EncodeUtf8(std::u32string_view(text).substr(start, len)));
      if (it != lexicon_.end()) {
        found = &it->second;
        break;
      }
    }
    if (found == nullptr) {
      ++start;
      continue;
    }
    weight[found->code] += static_cast<double>(len);
    total += static_cast<double>(len);
    start += len;
  }
  std::vector<Scored> votes;
  for (const auto& [code, w] : weight) votes.push_back({code, w / total});
  std::sort(votes.begin(), votes.end(), [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.code < b.code;
  });
  return votes;
}

OccupationClassifier& DefaultClassifier() {
  static OccupationClassifier* const classifier = [] {
    absl::StatusOr<std::unique_ptr<OccupationClassifier>> c =
        OccupationClassifier::Load(refdata::RefdataDir());
    if (!c.ok()) {
      std::fprintf(stderr, "cannot load the occupation classifier: %s\n",
                   c.status().ToString().c_str());
      std::abort();
    }
    return c->release();
  }();
  return *classifier;
}

}  // namespace jobmatch::occupation
