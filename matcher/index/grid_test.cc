// Cell keys: every cell, west and south of zero included, packs into a key
// and back. Key is constexpr so that the static_asserts below are evaluated
// by the compiler, which refuses undefined behaviour (a left shift of a
// negative number) in a constant expression.
#include "matcher/index/grid.h"

#include "gtest/gtest.h"

namespace jobmatch::matcher::grid {
namespace {

static_assert(KeyX(Key(-1, 5)) == -1 && KeyY(Key(-1, 5)) == 5);
static_assert(KeyX(Key(3, -7)) == 3 && KeyY(Key(3, -7)) == -7);
static_assert(KeyX(Key(-3600, -1800)) == -3600 && KeyY(Key(-3600, -1800)) == -1800);

TEST(GridTest, EveryCellOfTheEarthHasAKeyOfItsOwn) {
  for (const double lng : {-180.0, -122.4194, -0.01, 0.0, 0.01, 113.13, 179.99}) {
    for (const double lat : {-90.0, -33.86, -0.01, 0.0, 27.83, 89.99}) {
      const GeoPt p{lng, lat};
      const int64_t key = KeyOf(p);
      EXPECT_EQ(KeyX(key), CellX(lng)) << lng << "," << lat;
      EXPECT_EQ(KeyY(key), CellY(lat)) << lng << "," << lat;
      EXPECT_LE(KeyX(key) * kCellDeg, lng + 1e-9);
      EXPECT_GT((KeyX(key) + 1) * kCellDeg, lng);
      EXPECT_EQ(CellMinKm(p, key), 0.0);
    }
  }
  EXPECT_NE(Key(-1, 0), Key(0, -1));
  EXPECT_NE(Key(-1, -1), Key(0, 0));
}

}  // namespace
}  // namespace jobmatch::matcher::grid
