// The conversion of a post for the matcher: an occupation code that still
// needs staff review is no occupation, so it never fits a person's wanted
// work; the same post read again once reviewed fits exactly.
#include "matcher/domain/convert.h"

#include <gtest/gtest.h>

#include "matcher/domain/scoring.h"

namespace jobmatch::matcher {
namespace {

v1::Post Housekeeping() {
  v1::Post p;
  p.set_post_id("P1");
  p.set_employer_id("E1");
  p.set_title("月嫂");
  p.set_occupation_code("4-10-01-06");
  p.set_region_code("430281");
  p.set_openings(2);
  p.set_remaining_openings(2);
  return p;
}

PostRecord Convert(const v1::Post& post) {
  return PostFromProto(post, {}, [](absl::string_view) { return std::optional<GeoPt>(); });
}

TEST(PostFromProtoTest, AGuessWaitingForReviewIsNoOccupationUntilConfirmed) {
  const std::vector<std::string> wanted = {"4-10-01-06"};
  const NoOccupationRelations relations;

  v1::Post queued = Housekeeping();
  queued.set_occupation_code("4-10-01-06");  // a best guess, even a detailed one
  queued.mutable_occupation_coding()->set_needs_review(true);
  queued.mutable_occupation_coding()->set_method("ngram");
  queued.mutable_occupation_coding()->set_confidence(0.6f);
  const PostRecord before = Convert(queued);
  EXPECT_EQ(before.occupation_code, "");
  EXPECT_EQ(FitOf(wanted, before.occupation_code, relations), OccupationFit::kNone);
  EXPECT_EQ(before.title, "月嫂");  // the rest of the post is kept
  EXPECT_EQ(before.openings, 2);

  // What the post reads after ReviewPostOccupation.
  v1::Post reviewed = queued;
  reviewed.mutable_occupation_coding()->set_needs_review(false);
  reviewed.mutable_occupation_coding()->set_method("staff");
  reviewed.mutable_occupation_coding()->set_confidence(1);
  const PostRecord after = Convert(reviewed);
  EXPECT_EQ(after.occupation_code, "4-10-01-06");
  EXPECT_EQ(FitOf(wanted, after.occupation_code, relations), OccupationFit::kExact);
}

TEST(PostFromProtoTest, AGivenOrLearnedCodeCounts) {
  for (const char* method : {"", "given", "learned", "lexicon"}) {
    v1::Post p = Housekeeping();
    if (*method != '\0') p.mutable_occupation_coding()->set_method(method);
    EXPECT_EQ(Convert(p).occupation_code, "4-10-01-06") << method;
  }
}

}  // namespace
}  // namespace jobmatch::matcher
