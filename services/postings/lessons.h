// Titles staff taught (ReviewPostOccupation) applied to arriving posts: a
// post that would wait for review is coded at once when its normalised title
// has a lesson. Shared by CreatePost and the import.
#ifndef JOBMATCH_SERVICES_POSTINGS_LESSONS_H_
#define JOBMATCH_SERVICES_POSTINGS_LESSONS_H_

#include <vector>

#include "absl/status/status.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/postings/post_store.h"

namespace jobmatch::postings {

// Codes each of `posts` that awaits review and whose title has a lesson
// (ApplyLesson), with one store query for all of them and none when no post
// awaits review, so an import pays for lessons only on the rows that need them.
absl::Status ApplyLessons(PostingsStore& store, const std::vector<v1::Post*>& posts);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_LESSONS_H_
