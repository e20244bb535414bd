// Small-cell suppression, table by table: which rows are withheld, and that
// no withheld row can be had back by subtracting the rows shown from the total.
#include "services/events/small_cells.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jobmatch/v1/common.pb.h"

namespace jobmatch::events {
namespace {

constexpr int kTotal = 0;
constexpr int kGraduate = v1::KEY_GROUP_GRADUATE;
constexpr int kGroup4050 = v1::KEY_GROUP_GROUP_4050;
constexpr int kLowIncome = v1::KEY_GROUP_LOW_INCOME;
constexpr int kDisabled = v1::KEY_GROUP_DISABLED;

// A row whose every figure is `n` but hires, which is `hires`.
GroupFigures Row(int group, int64_t n, int64_t hires) {
  GroupFigures g;
  g.key_group = group;
  g.posts = g.openings = g.views = g.applications = g.people_placed = n;
  g.hires = hires;
  return g;
}

// The groups whose rows come back suppressed, in order (0 for the total).
std::vector<int> Suppressed(const std::vector<GroupFigures>& rows) {
  std::vector<int> out;
  for (const ReportedFigures& r : SuppressSmallCells(rows)) {
    if (r.suppressed) out.push_back(r.figures.key_group);
  }
  return out;
}

TEST(SmallCellsTest, WhichRowsAreWithheld) {
  struct Case {
    std::string name;
    std::vector<GroupFigures> rows;
    std::vector<int> suppressed;
  };
  const std::vector<Case> cases = {
      {"no sensitive group: small figures shown",
       {Row(kTotal, 40, 3), Row(kGraduate, 20, 1), Row(kGroup4050, 20, 2)},
       {}},
      {"sensitive figures of 0 or at least 5 shown",
       {Row(kTotal, 40, 30), Row(kLowIncome, 5, 0), Row(kGraduate, 35, 30)},
       {}},
      {"sensitive hires of 4: withheld, with the smallest other row",
       {Row(kTotal, 90, 30), Row(kGraduate, 50, 20), Row(kGroup4050, 10, 6),
        Row(kLowIncome, 30, 4)},
       {kGroup4050, kLowIncome}},
      {"sensitive hires of 1: withheld",
       {Row(kTotal, 90, 30), Row(kGraduate, 50, 20), Row(kDisabled, 30, 1)},
       {kGraduate, kDisabled}},
      {"lone sensitive row: the total goes with it",
       {Row(kTotal, 30, 4), Row(kLowIncome, 30, 4)},
       {kTotal, kLowIncome}},
      {"an empty other row hides nothing: the total goes instead",
       {Row(kTotal, 30, 4), Row(kGraduate, 0, 0), Row(kLowIncome, 30, 4)},
       {kTotal, kLowIncome}},
      {"two withheld rows protect each other",
       {Row(kTotal, 90, 30), Row(kGraduate, 50, 20), Row(kLowIncome, 30, 2), Row(kDisabled, 10, 3)},
       {kLowIncome, kDisabled}},
      {"nothing recorded", {}, {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Suppressed(c.rows), c.suppressed) << c.name;
  }
}

TEST(SmallCellsTest, AWithheldRowHasNoFiguresAndKeepsItsGroupAndOrder) {
  const std::vector<ReportedFigures> out =
      SuppressSmallCells({Row(kTotal, 90, 30), Row(kGraduate, 50, 20), Row(kLowIncome, 30, 2)});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_FALSE(out[0].suppressed);
  EXPECT_EQ(out[0].figures.hires, 30);
  for (int i : {1, 2}) {
    EXPECT_TRUE(out[i].suppressed);
    const GroupFigures& g = out[i].figures;
    EXPECT_EQ(g.posts + g.openings + g.views + g.applications + g.hires + g.people_placed, 0);
  }
  EXPECT_EQ(out[1].figures.key_group, kGraduate);
  EXPECT_EQ(out[2].figures.key_group, kLowIncome);
}

// The attack: groups that do not overlap add up to the total, so the total
// minus every row shown leaves what is withheld. Whatever is withheld, no
// single sensitive figure may be left alone in that difference.
TEST(SmallCellsTest, NoWithheldFigureComesBackByDifference) {
  for (int64_t small = 1; small < kMinReportedCount; ++small) {
    for (int others = 0; others <= 3; ++others) {
      std::vector<GroupFigures> rows = {Row(kTotal, 0, 0)};
      const int groups[] = {kGraduate, kGroup4050, v1::KEY_GROUP_LAID_OFF};
      for (int i = 0; i < others; ++i) rows.push_back(Row(groups[i], 10 + i, 10 + i));
      rows.push_back(Row(kLowIncome, 20, small));
      for (size_t i = 1; i < rows.size(); ++i) {
        rows[0].posts += rows[i].posts;
        rows[0].hires += rows[i].hires;
      }
      const std::vector<ReportedFigures> out = SuppressSmallCells(rows);
      ASSERT_TRUE(out.back().suppressed);
      if (out[0].suppressed) continue;  // no total to subtract from
      int withheld_groups = 0;
      int64_t hires_left = out[0].figures.hires;
      for (size_t i = 1; i < out.size(); ++i) {
        if (out[i].suppressed) {
          ++withheld_groups;
        } else {
          hires_left -= out[i].figures.hires;
        }
      }
      EXPECT_GE(withheld_groups, 2) << "others " << others << " small " << small;
      EXPECT_NE(hires_left, small) << "others " << others << " small " << small;
    }
  }
}

}  // namespace
}  // namespace jobmatch::events
