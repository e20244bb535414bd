#include "services/postings/demo/generator.h"

#include <gtest/gtest.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/postings/validation.h"

namespace jobmatch::postings::demo {
namespace {

std::vector<v1::Employer> WithIds(std::vector<v1::Employer> employers) {
  for (size_t i = 0; i < employers.size(); ++i) employers[i].set_employer_id(absl::StrCat("E", i));
  return employers;
}

TEST(GeneratorTest, EverythingItMakesIsValid) {
  const DemoGenerator gen(7);
  const auto employers = WithIds(gen.Employers(200));
  absl::flat_hash_set<std::string> codes;
  for (const auto& e : employers) {
    FieldViolations v("employer");
    ValidateEmployer(e, v);
    EXPECT_TRUE(v.empty()) << v.ToStatus();
    EXPECT_TRUE(codes.insert(e.credit_code()).second)
        << "duplicate credit code " << e.credit_code();
  }
  for (const auto& c : gen.Campaigns()) {
    FieldViolations v("campaign");
    ValidateCampaign(c, v);
    EXPECT_TRUE(v.empty()) << v.ToStatus();
  }
  int in_outreach_counties = 0;
  for (const auto& posts : {gen.FairPosts(3000, employers), gen.SpringPosts(300, employers),
                            gen.VillagePosts(300, employers)}) {
    absl::flat_hash_set<std::string> ids;
    for (const auto& p : posts) {
      FieldViolations v("post");
      ValidatePost(p, v);
      ASSERT_TRUE(v.empty()) << v.ToStatus() << p.DebugString();
      EXPECT_TRUE(ids.insert(p.external_id()).second);
      for (const char* county : {"430225", "430224", "430223", "430281"}) {
        if (p.region_code().rfind(county, 0) == 0) ++in_outreach_counties;
      }
    }
  }
  EXPECT_GE(in_outreach_counties, 300);  // every village post, and some others
}

TEST(GeneratorTest, FairSpansTheThreeCities) {
  const DemoGenerator gen;
  const auto posts = gen.FairPosts(2000, WithIds(gen.Employers(300)));
  int changsha = 0, zhuzhou = 0, xiangtan = 0;
  for (const auto& p : posts) {
    changsha += p.region_code().rfind("4301", 0) == 0;
    zhuzhou += p.region_code().rfind("4302", 0) == 0;
    xiangtan += p.region_code().rfind("4303", 0) == 0;
  }
  EXPECT_EQ(changsha + zhuzhou + xiangtan, 2000);
  EXPECT_GT(changsha, 200);
  EXPECT_GT(zhuzhou, 200);
  EXPECT_GT(xiangtan, 100);
}

TEST(GeneratorTest, SameSeedSameData) {
  const auto a = DemoGenerator(11).FairPosts(200, WithIds(DemoGenerator(11).Employers(50)));
  const auto b = DemoGenerator(11).FairPosts(200, WithIds(DemoGenerator(11).Employers(50)));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(a[i], b[i]));
  }
  const auto c = DemoGenerator(12).FairPosts(200, WithIds(DemoGenerator(12).Employers(50)));
  EXPECT_FALSE(google::protobuf::util::MessageDifferencer::Equals(a[0], c[0]));
}

TEST(GeneratorTest, ShiftMovesEveryDateAndNothingElse) {
  const DemoGenerator plain(7), shifted(7, 100);
  const auto employers = WithIds(plain.Employers(50));
  const int64_t kShift = 100 * 86400;
  const auto a = plain.Campaigns(), b = shifted.Campaigns();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(b[i].window().start_time().seconds(), a[i].window().start_time().seconds() + kShift);
    if (a[i].window().has_end_time()) {
      EXPECT_EQ(b[i].window().end_time().seconds(), a[i].window().end_time().seconds() + kShift);
    }
    v1::Campaign back = b[i];
    *back.mutable_window() = a[i].window();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(back, a[i]));
  }
  const auto fair = plain.FairPosts(100, employers), moved = shifted.FairPosts(100, employers);
  for (size_t i = 0; i < fair.size(); ++i) {
    EXPECT_EQ(moved[i].validity().start_time().seconds(),
              fair[i].validity().start_time().seconds() + kShift);
    EXPECT_EQ(moved[i].validity().end_time().seconds(),
              fair[i].validity().end_time().seconds() + kShift);
    v1::Post back = moved[i];
    *back.mutable_validity() = fair[i].validity();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(back, fair[i]));
  }
}

}  // namespace
}  // namespace jobmatch::postings::demo
