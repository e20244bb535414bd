// The sensitive-group list against the proto it is numbered from: exactly
// LOW_INCOME and DISABLED, whatever KeyGroup values exist.
#include "services/common/sensitive_groups.h"

#include "gtest/gtest.h"
#include "jobmatch/v1/common.pb.h"

namespace jobmatch {
namespace {

static_assert(IsSensitiveGroup(v1::KEY_GROUP_LOW_INCOME));
static_assert(IsSensitiveGroup(v1::KEY_GROUP_DISABLED));

TEST(SensitiveGroupsTest, ExactlyLowIncomeAndDisabled) {
  const google::protobuf::EnumDescriptor* groups = v1::KeyGroup_descriptor();
  int sensitive = 0;
  for (int i = 0; i < groups->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* g = groups->value(i);
    const bool expected = g->name() == "KEY_GROUP_LOW_INCOME" || g->name() == "KEY_GROUP_DISABLED";
    EXPECT_EQ(IsSensitiveGroup(g->number()), expected) << g->name();
    sensitive += IsSensitiveGroup(g->number()) ? 1 : 0;
  }
  EXPECT_EQ(sensitive, 2);
  EXPECT_FALSE(IsSensitiveGroup(0));
  EXPECT_FALSE(IsSensitiveGroup(-6));
}

}  // namespace
}  // namespace jobmatch
