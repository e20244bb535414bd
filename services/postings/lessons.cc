#include "services/postings/lessons.h"

#include "absl/container/flat_hash_set.h"
#include "services/common/status_macros.h"
#include "services/postings/occupation_coding.h"

namespace jobmatch::postings {

absl::Status ApplyLessons(PostingsStore& store, const std::vector<v1::Post*>& posts) {
  std::vector<v1::Post*> waiting;
  absl::flat_hash_set<std::string> seen;
  std::vector<std::string> titles;
  for (v1::Post* p : posts) {
    if (!AwaitsReview(*p)) continue;
    waiting.push_back(p);
    std::string title = LessonKey(*p);
    if (seen.insert(title).second) titles.push_back(std::move(title));
  }
  if (waiting.empty()) return absl::OkStatus();
  JM_ASSIGN_OR_RETURN(auto codes, store.LearnedCodes(titles));
  for (v1::Post* p : waiting) {
    auto it = codes.find(LessonKey(*p));
    if (it != codes.end()) ApplyLesson(it->second, *p);
  }
  return absl::OkStatus();
}

}  // namespace jobmatch::postings
