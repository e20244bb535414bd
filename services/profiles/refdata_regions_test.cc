// The production RegionDirectory over the shared region table, and ID
// numbers checked against it.
#include "services/profiles/refdata_regions.h"

#include <gtest/gtest.h>

#include "services/profiles/testing/ids.h"

namespace jobmatch::profiles {
namespace {

TEST(RefdataRegionsTest, KnowsZhuzhouAndOldCodes) {
  const std::unique_ptr<RegionDirectory> regions = DefaultRegionDirectory();
  EXPECT_TRUE(regions->IsKnown("430281"));  // 醴陵市
  EXPECT_TRUE(regions->IsKnown("430221"));  // 株洲县, now 渌口区
  EXPECT_TRUE(regions->IsKnown("4302"));
  EXPECT_FALSE(regions->IsKnown("439999"));
  EXPECT_EQ(regions->CountyOf("430281"), "430281");
  const absl::CivilDay today(2026, 3, 15);
  EXPECT_TRUE(ParseIdNumber(testing::MakeId("430221", 1970, 1, 1, 11), today, *regions).ok());
  EXPECT_FALSE(ParseIdNumber(testing::MakeId("439900", 1970, 1, 1, 11), today, *regions).ok());
}

}  // namespace
}  // namespace jobmatch::profiles
