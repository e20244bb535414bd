// Small-cell suppression of the outcome figures and of the region × period
// cells: no withheld cell can be had back by subtraction along its slice or
// its group's column.
#include "services/events/stats_cells.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "jobmatch/v1/common.pb.h"

namespace jobmatch::events {
namespace {

constexpr int kLowIncome = v1::KEY_GROUP_LOW_INCOME;
constexpr int kGraduate = v1::KEY_GROUP_GRADUATE;
constexpr int kGroup4050 = v1::KEY_GROUP_GROUP_4050;

CellFigures Cell(const std::string& region, int group, int64_t hires, int64_t retained = 0) {
  CellFigures c;
  c.region_code = region;
  c.period_start = "2026-04-01";
  c.figures.key_group = group;
  c.figures.hires = hires;
  c.figures.retained_7d = retained;
  return c;
}

std::set<std::pair<std::string, int>> Withheld(const std::vector<CellFigures>& cells) {
  std::set<std::pair<std::string, int>> out;
  for (const ReportedCell& c : SuppressCells(cells)) {
    if (c.reported.suppressed) {
      EXPECT_EQ(Size(c.reported.figures), 0);
      out.insert({c.region_code, c.reported.figures.key_group});
    }
  }
  return out;
}

TEST(StatsCellsTest, ASmallOutcomeFigureWithholdsASensitiveRow) {
  GroupFigures total, low;
  total.hires = 50;
  low.key_group = kLowIncome;
  low.hires = 20;
  low.retained_30d = 3;  // only this figure is small
  GroupFigures grad;
  grad.key_group = kGraduate;
  grad.hires = 30;
  const std::vector<ReportedFigures> out = SuppressSmallCells({total, low, grad});
  EXPECT_TRUE(out[1].suppressed);
  EXPECT_TRUE(out[2].suppressed);  // its complement
  EXPECT_FALSE(out[0].suppressed);
}

TEST(StatsCellsTest, NothingSmallNothingWithheld) {
  EXPECT_TRUE(Withheld({Cell("430225", 0, 30), Cell("430225", kLowIncome, 0),
                        Cell("430225", kGraduate, 2), Cell("430281", kLowIncome, 7)})
                  .empty());
}

TEST(StatsCellsTest, ComplementsAlongTheSliceAndTheColumn) {
  using W = std::set<std::pair<std::string, int>>;
  // In 攸县: LOW_INCOME 2 is withheld, and 4050 (the smaller other group) with
  // it; the LOW_INCOME column takes 醴陵's (the smaller of the others).
  EXPECT_EQ(
      Withheld({Cell("430223", 0, 40), Cell("430223", kLowIncome, 2), Cell("430223", kGroup4050, 8),
                Cell("430223", kGraduate, 20), Cell("430281", 0, 50), Cell("430281", kLowIncome, 9),
                Cell("430281", kGraduate, 10), Cell("430225", 0, 60),
                Cell("430225", kLowIncome, 30)}),
      (W{{"430223", kLowIncome},
         {"430223", kGroup4050},
         {"430281", kLowIncome},
         // 醴陵 then has one withheld group cell: its other goes too, and
         // then the GRADUATE column has one: 攸县's goes as well.
         {"430281", kGraduate},
         {"430223", kGraduate}}));
}

TEST(StatsCellsTest, ALoneWithheldCellTakesItsSliceTotal) {
  using W = std::set<std::pair<std::string, int>>;
  EXPECT_EQ(Withheld({Cell("430223", 0, 40), Cell("430223", kLowIncome, 0, 4),
                      Cell("430281", 0, 12), Cell("430281", kLowIncome, 6)}),
            (W{{"430223", kLowIncome}, {"430223", 0}, {"430281", kLowIncome}, {"430281", 0}}));
}

TEST(StatsCellsTest, OrderIsKept) {
  const std::vector<CellFigures> cells = {Cell("b", 0, 9), Cell("a", kGraduate, 9),
                                          Cell("a", 0, 9)};
  const std::vector<ReportedCell> out = SuppressCells(cells);
  ASSERT_EQ(out.size(), 3u);
  for (size_t i = 0; i < cells.size(); ++i) {
    EXPECT_EQ(out[i].region_code, cells[i].region_code);
    EXPECT_EQ(out[i].reported.figures.key_group, cells[i].figures.key_group);
  }
}

}  // namespace
}  // namespace jobmatch::events
