// How a post's occupation coding settles as it arrives, is updated, learned
// and reviewed.
#include "services/postings/occupation_coding.h"

#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "services/common/proto_time.h"

namespace jobmatch::postings {
namespace {

v1::Post Coded(const std::string& code) {
  v1::Post p;
  p.set_title("月嫂");
  p.set_occupation_code(code);
  return p;
}

v1::Post Reviewed() {
  v1::Post p = Coded("4-10-01-06");
  ApplyReview("4-10-01-06", "r-7", absl::FromUnixSeconds(1767225600), p);
  return p;
}

TEST(OccupationCodingTest, ACodeArrivingWithoutCodingIsGivenAndReviewFieldsAreOutputOnly) {
  v1::Post p = Coded("4-10-01-06");
  SettleArrivingCoding(p);
  EXPECT_EQ(p.occupation_coding().method(), "given");
  EXPECT_EQ(p.occupation_coding().confidence(), 1.0f);
  EXPECT_FALSE(p.occupation_coding().needs_review());

  v1::Post forged = Coded("4");
  forged.mutable_occupation_coding()->set_needs_review(true);
  forged.mutable_occupation_coding()->set_method("major_group");
  forged.mutable_occupation_coding()->set_confidence(0.3f);
  forged.mutable_occupation_coding()->set_reviewed_by("someone");
  *forged.mutable_occupation_coding()->mutable_review_time() = ToProto(absl::Now());
  SettleArrivingCoding(forged);
  EXPECT_EQ(forged.occupation_coding().method(), "major_group");
  EXPECT_TRUE(forged.occupation_coding().needs_review());
  EXPECT_EQ(forged.occupation_coding().reviewed_by(), "");
  EXPECT_FALSE(forged.occupation_coding().has_review_time());
}

TEST(OccupationCodingTest, AnUpdateKeepsAReviewOnlyWhileCodeAndCodingStay) {
  const v1::Post before = Reviewed();

  v1::Post retitled = before;
  retitled.set_title("金牌月嫂");
  retitled.mutable_occupation_coding()->set_reviewed_by("forged");  // output only: ignored
  SettleUpdatedCoding(before, retitled);
  EXPECT_EQ(retitled.occupation_coding().reviewed_by(), "r-7");
  EXPECT_EQ(retitled.occupation_coding().method(), "staff");

  v1::Post recoded = before;
  recoded.set_occupation_code("4-10-01-03");
  SettleUpdatedCoding(before, recoded);
  EXPECT_EQ(recoded.occupation_coding().method(), "given");
  EXPECT_EQ(recoded.occupation_coding().reviewed_by(), "");

  v1::Post requeued = before;
  requeued.set_occupation_code("4");
  requeued.mutable_occupation_coding()->set_needs_review(true);
  requeued.mutable_occupation_coding()->set_method("given");
  SettleUpdatedCoding(before, requeued);
  EXPECT_TRUE(requeued.occupation_coding().needs_review());
  EXPECT_EQ(requeued.occupation_coding().reviewed_by(), "");
}

TEST(OccupationCodingTest, LessonsAndReviewsClearTheQueueFlag) {
  v1::Post p = Coded("4");
  p.mutable_occupation_coding()->set_needs_review(true);
  p.mutable_occupation_coding()->set_method("ngram");
  p.mutable_occupation_coding()->set_confidence(0.4f);
  EXPECT_TRUE(AwaitsReview(p));
  ApplyLesson("4-10-01-06", p);
  EXPECT_FALSE(AwaitsReview(p));
  EXPECT_EQ(p.occupation_code(), "4-10-01-06");
  EXPECT_EQ(p.occupation_coding().method(), "learned");
  EXPECT_EQ(p.occupation_coding().confidence(), 1.0f);

  const v1::Post r = Reviewed();
  EXPECT_EQ(r.occupation_coding().method(), "staff");
  EXPECT_EQ(r.occupation_coding().reviewed_by(), "r-7");
  EXPECT_EQ(r.occupation_coding().review_time().seconds(), 1767225600);
}

TEST(OccupationCodingTest, KnownMethodsAndLessonKeys) {
  for (const char* m : {"given", "lexicon", "ngram", "major_group", "learned", "staff"}) {
    EXPECT_TRUE(IsKnownCodingMethod(m)) << m;
  }
  EXPECT_FALSE(IsKnownCodingMethod(""));
  EXPECT_FALSE(IsKnownCodingMethod("Staff"));
  v1::Post a = Coded("4"), b = Coded("4");
  a.set_title(" 月嫂");
  b.set_title("月 嫂");
  EXPECT_EQ(LessonKey(a), LessonKey(b));
}

}  // namespace
}  // namespace jobmatch::postings
