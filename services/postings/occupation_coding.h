// How a post's occupation code was found (v1::OccupationCoding) and how it
// changes: a code a caller gives, a lesson staff taught for the post's title,
// and a staff review. Pure functions over the post; the store persists.
#ifndef JOBMATCH_SERVICES_POSTINGS_OCCUPATION_CODING_H_
#define JOBMATCH_SERVICES_POSTINGS_OCCUPATION_CODING_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "jobmatch/v1/postings.pb.h"

namespace jobmatch::postings {

// The methods a coding may name (see OccupationCoding.method).
inline constexpr absl::string_view kMethodGiven = "given";
inline constexpr absl::string_view kMethodLearned = "learned";
inline constexpr absl::string_view kMethodStaff = "staff";
bool IsKnownCodingMethod(absl::string_view method);

// A post as it arrives (CreatePost, an import row): a code without a coding
// was given by the caller (method "given", confidence 1); the review fields,
// output only, are cleared.
void SettleArrivingCoding(v1::Post& post);

// After an update of `post` (from `before`): a code or coding the update
// changed is settled as on arrival; an unchanged one keeps its review fields.
void SettleUpdatedCoding(const v1::Post& before, v1::Post& post);

// Whether a lesson may code `post`: it still waits for review.
inline bool AwaitsReview(const v1::Post& post) { return post.occupation_coding().needs_review(); }

// Codes `post` with `code` that staff taught for its title: method "learned",
// confidence 1, no review needed.
void ApplyLesson(const std::string& code, v1::Post& post);

// Staff `reviewer` confirmed or corrected `post`'s code at `when`: method
// "staff", confidence 1, no review needed.
void ApplyReview(const std::string& code, const std::string& reviewer, absl::Time when,
                 v1::Post& post);

// The normalised title a lesson for `post` is keyed by.
std::string LessonKey(const v1::Post& post);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_OCCUPATION_CODING_H_
