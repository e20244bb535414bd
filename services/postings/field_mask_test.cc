#include "services/postings/field_mask.h"

#include <gtest/gtest.h>

#include "jobmatch/v1/postings.pb.h"

namespace jobmatch::postings {
namespace {

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask m;
  for (const char* p : paths) m.add_paths(p);
  return m;
}

std::vector<std::string> Fields(const FieldViolations& v) {
  std::vector<std::string> out;
  for (const auto& f : v.proto().field_violations()) out.push_back(f.field());
  return out;
}

TEST(FieldMaskTest, NamesUnknownAndFixedPaths) {
  FieldViolations v;
  ValidateMask(
      Mask({"title", "salary.min_monthly_cny", "nonsense", "post_id", "requirements.bogus"}),
      v1::Post::descriptor(), {"post_id"}, v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"update_mask.paths[2]", "update_mask.paths[3]",
                                                 "update_mask.paths[4]"}));
  FieldViolations empty;
  ValidateMask(Mask({}), v1::Post::descriptor(), {}, empty);
  EXPECT_EQ(Fields(empty), std::vector<std::string>{"update_mask"});
}

TEST(FieldMaskTest, ReplacesOnlyMaskedFields) {
  v1::Post stored;
  stored.set_title("old");
  stored.set_description("kept");
  stored.add_benefits(v1::BENEFIT_MEALS);
  stored.mutable_requirements()->set_min_age(18);
  stored.mutable_requirements()->set_max_age(40);
  v1::Post update;
  update.set_title("new");
  update.set_description("ignored");
  update.add_benefits(v1::BENEFIT_LODGING);
  update.mutable_requirements()->set_max_age(55);
  ApplyMask(Mask({"title", "benefits", "requirements.max_age"}), update, stored);
  EXPECT_EQ(stored.title(), "new");
  EXPECT_EQ(stored.description(), "kept");
  ASSERT_EQ(stored.benefits_size(), 1);
  EXPECT_EQ(stored.benefits(0), v1::BENEFIT_LODGING);
  EXPECT_EQ(stored.requirements().min_age(), 18);
  EXPECT_EQ(stored.requirements().max_age(), 55);
}

}  // namespace
}  // namespace jobmatch::postings
