#include "clients/import/csv.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jobmatch::import {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(CsvTest, ReadsPlainAndQuotedFields) {
  auto r = ParseCsv("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_THAT(r[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_THAT(r[1].fields, ElementsAre("1", "x, y", "say \"hi\""));
  EXPECT_EQ(r[1].line, 2);
}

TEST(CsvTest, QuotedFieldSpansLinesAndLineNumbersFollow) {
  auto r = ParseCsv("h1,h2\r\n\"line one\r\nline two\",b\r\nnext,row\r\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_THAT(r[1].fields, ElementsAre("line one\r\nline two", "b"));
  EXPECT_EQ(r[1].line, 2);
  EXPECT_THAT(r[2].fields, ElementsAre("next", "row"));
  EXPECT_EQ(r[2].line, 4);
}

TEST(CsvTest, StripsByteOrderMarkAndCrlfAndSkipsBlankLines) {
  auto r = ParseCsv("\xEF\xBB\xBF岗位名称,薪资\r\n\r\n焊工,5000\r\n\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_THAT(r[0].fields, ElementsAre("岗位名称", "薪资"));
  EXPECT_THAT(r[1].fields, ElementsAre("焊工", "5000"));
  EXPECT_EQ(r[1].line, 3);
}

TEST(CsvTest, KeepsEmptyFieldsIncludingTrailing) {
  auto r = ParseCsv("a,,c,\n,\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_THAT(r[0].fields, ElementsAre("a", "", "c", ""));
  EXPECT_THAT(r[1].fields, ElementsAre("", ""));
}

TEST(CsvTest, LastLineWithoutNewline) {
  auto r = ParseCsv("a,b\n1,\"2\"");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_THAT(r[1].fields, ElementsAre("1", "2"));
  EXPECT_THAT(r[1].error, IsEmpty());
}

TEST(CsvTest, TextAfterClosingQuoteIsAnErrorForThatRecordOnly) {
  auto r = ParseCsv("a,b\n\"x\"y,1\nok,2\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1].line, 2);
  EXPECT_EQ(r[1].error, "text after a closing quote");
  EXPECT_THAT(r[2].fields, ElementsAre("ok", "2"));
  EXPECT_EQ(r[2].line, 3);
}

TEST(CsvTest, UnclosedQuoteDoesNotSwallowTheRestOfTheFile) {
  auto r = ParseCsv("a,b\n\"broken,1\nok,2\nalso,3\n");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[1].line, 2);
  EXPECT_EQ(r[1].error, "quoted field never closed");
  EXPECT_THAT(r[2].fields, ElementsAre("ok", "2"));
  EXPECT_EQ(r[2].line, 3);
  EXPECT_THAT(r[3].fields, ElementsAre("also", "3"));
  EXPECT_EQ(r[3].line, 4);
}

TEST(CsvTest, QuoteInsideUnquotedFieldIsKept) {
  auto r = ParseCsv("a,b\n5\"寸,1\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_THAT(r[1].fields, ElementsAre("5\"寸", "1"));
}

}  // namespace
}  // namespace jobmatch::import
