#include "services/postings/occupation_coding.h"

#include "google/protobuf/util/message_differencer.h"
#include "services/common/occupation/title_normaliser.h"
#include "services/common/proto_time.h"

namespace jobmatch::postings {

bool IsKnownCodingMethod(absl::string_view method) {
  for (absl::string_view known :
       {kMethodGiven, absl::string_view("lexicon"), absl::string_view("ngram"),
        absl::string_view("major_group"), kMethodLearned, kMethodStaff}) {
    if (method == known) return true;
  }
  return false;
}

void SettleArrivingCoding(v1::Post& post) {
  v1::OccupationCoding& c = *post.mutable_occupation_coding();
  c.clear_reviewed_by();
  c.clear_review_time();
  if (c.method().empty() && !c.needs_review() && c.confidence() == 0) {
    c.set_method(std::string(kMethodGiven));
    c.set_confidence(1);
  }
}

void SettleUpdatedCoding(const v1::Post& before, v1::Post& post) {
  v1::OccupationCoding settled = post.occupation_coding();
  settled.clear_reviewed_by();
  settled.clear_review_time();
  v1::OccupationCoding kept = before.occupation_coding();
  kept.clear_reviewed_by();
  kept.clear_review_time();
  const bool unchanged = post.occupation_code() == before.occupation_code() &&
                         google::protobuf::util::MessageDifferencer::Equals(settled, kept);
  if (unchanged) {
    *post.mutable_occupation_coding() = before.occupation_coding();
    return;
  }
  // A new code with the old coding left in place is the caller's own code.
  if (post.occupation_code() != before.occupation_code() &&
      google::protobuf::util::MessageDifferencer::Equals(settled, kept)) {
    post.clear_occupation_coding();
  }
  SettleArrivingCoding(post);
}

void ApplyLesson(const std::string& code, v1::Post& post) {
  post.set_occupation_code(code);
  v1::OccupationCoding& c = *post.mutable_occupation_coding();
  c.Clear();
  c.set_confidence(1);
  c.set_method(std::string(kMethodLearned));
}

void ApplyReview(const std::string& code, const std::string& reviewer, absl::Time when,
                 v1::Post& post) {
  post.set_occupation_code(code);
  v1::OccupationCoding& c = *post.mutable_occupation_coding();
  c.Clear();
  c.set_confidence(1);
  c.set_method(std::string(kMethodStaff));
  c.set_reviewed_by(reviewer);
  *c.mutable_review_time() = ToProto(when);
}

std::string LessonKey(const v1::Post& post) { return occupation::NormaliseTitle(post.title()); }

}  // namespace jobmatch::postings
