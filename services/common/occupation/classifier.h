// Job title (and description) -> occupation code of the national
// classification 职业分类大典 (2022), with a confidence. Serves the importer,
// the postings service (posts) and the profiles service (wanted work).
#ifndef JOBMATCH_SERVICES_COMMON_OCCUPATION_CLASSIFIER_H_
#define JOBMATCH_SERVICES_COMMON_OCCUPATION_CLASSIFIER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "services/common/occupation/ngram_index.h"
#include "services/common/refdata/occupations.h"

namespace jobmatch::occupation {

struct Classification {
  std::string code;          // detailed code, or a major group ("6") as a last resort
  double confidence = 0.0;   // 0-1
  bool needs_review = true;  // confidence below OccupationClassifier::kReviewBelow
  // "learned" (a taught title), "lexicon", "ngram" or "major_group"; "" when
  // neither title nor description was given.
  std::string method;
};

// Classify and Learn may be called from several threads at once.
class OccupationClassifier {
 public:
  // Below this a classification needs a person to confirm it.
  static constexpr double kReviewBelow = 0.6;

  // Reads occupations.csv, related_terms.csv and job_titles.csv from `dir`.
  // INVALID_ARGUMENT when a table is malformed or a title names a code that is
  // not a detailed occupation; NOT_FOUND when a file is missing.
  static absl::StatusOr<std::unique_ptr<OccupationClassifier>> Load(const std::string& dir);

  // In order: a taught title; the title's normal form in the lexicon; the
  // longest lexicon term inside the title; the nearest lexicon entry by
  // character n-grams of the title, supported by lexicon terms found in the
  // description; the major group of that nearest entry when it is weak.
  // When nothing resembles an occupation, "8" (不便分类的其他从业人员) for
  // review; an empty result (method "") only when both texts are empty.
  Classification Classify(absl::string_view title, absl::string_view description = "") const;

  // Teaches that titles whose normal form is `normalised_title` mean `code`
  // (a detailed code); taught titles win over the lexicon. INVALID_ARGUMENT
  // for an empty title or a code that is not a detailed occupation.
  absl::Status Learn(absl::string_view normalised_title, absl::string_view code);

  const refdata::OccupationTable& occupations() const { return occupations_; }

 private:
  struct Entry {
    std::string code;
    int rank = 0;  // lower wins: curated, name, variant, related
    // A place of work (网吧, 发廊), not a job: it names the occupation only
    // together with a generic head (网吧服务员, 发廊学徒).
    bool setting = false;
  };
  struct Scored {
    std::string code;
    double score = 0.0;
  };

  explicit OccupationClassifier(refdata::OccupationTable occupations);
  absl::Status LoadTitles(const std::string& path);
  void AddTerm(const std::string& normalised, const std::string& code, int rank,
               bool setting = false);
  void BuildIndex();

  // Classify, or an empty result where nothing resembles an occupation.
  Classification ClassifyNonEmpty(absl::string_view title, absl::string_view description) const;
  // ClassifyNonEmpty before the setting rules (setting_rules.h).
  Classification ClassifyWords(absl::string_view title, absl::string_view description) const;
  // The title-only answer (cached, since titles repeat across a fair's rows).
  Classification ClassifyTitle(const std::string& normalised) const;
  Classification ClassifyTitleUncached(const std::string& normalised) const;
  // The lexicon entry that the title's first space-separated words are, when
  // they are a job title of their own (not a generic head or a setting).
  std::optional<Classification> LeadingTitle(absl::string_view title) const;
  // The longest lexicon term inside `text` and where it ends; nullptr if none.
  const Entry* LongestTerm(const std::u32string& text, size_t* length) const;
  // Codes of lexicon terms found in a description, each weighted by the
  // characters it covers, as shares of the whole.
  std::vector<Scored> DescriptionVotes(absl::string_view description) const;
  Classification Decide(const std::string& code, double confidence, absl::string_view method) const;

  refdata::OccupationTable occupations_;
  absl::flat_hash_map<std::string, Entry> lexicon_;  // normalised title -> entry
  size_t longest_term_ = 0;                          // in code points
  std::vector<std::string> doc_code_;                // n-gram document -> code
  internal::NgramIndex index_;

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::string> learned_ ABSL_GUARDED_BY(mu_);
  mutable absl::flat_hash_map<std::string, Classification> cache_ ABSL_GUARDED_BY(mu_);
};

// Loaded once from $JOBMATCH_REFDATA_DIR or the checkout's deploy/refdata;
// aborts if the tables cannot be read (as refdata::DefaultOccupations does).
OccupationClassifier& DefaultClassifier();

}  // namespace jobmatch::occupation

#endif  // JOBMATCH_SERVICES_COMMON_OCCUPATION_CLASSIFIER_H_
