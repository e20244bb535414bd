#include "clients/import/json_line.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jobmatch::import {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST(JsonLineTest, ReadsStringsNumbersLiteralsInOrder) {
  auto r = ParseFlatJsonObject(
      R"( {"title":"焊工","headcount":3,"rate":-1.5e2,"ok":true,"no":false,"none":null} )");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(*r, ElementsAre(Pair("title", "焊工"), Pair("headcount", "3"), Pair("rate", "-1.5e2"),
                              Pair("ok", "true"), Pair("no", "false"), Pair("none", "")));
}

TEST(JsonLineTest, DecodesEscapesAndSurrogatePairs) {
  auto r = ParseFlatJsonObject(R"({"k":"a\"b\\c\/d\n\u710a\u5de5\ud83d\ude00"})");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(*r, ElementsAre(Pair("k", "a\"b\\c/d\n焊工\xF0\x9F\x98\x80")));
}

TEST(JsonLineTest, JoinsArraysOfScalars) {
  auto r = ParseFlatJsonObject(R"({"benefits":["五险一金", "包住"],"empty":[]})");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(*r, ElementsAre(Pair("benefits", "五险一金、包住"), Pair("empty", "")));
}

TEST(JsonLineTest, EmptyObject) {
  auto r = ParseFlatJsonObject("{}");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(JsonLineTest, RefusesWhatIsNotAFlatObject) {
  for (const char* line :
       {R"({"a":{"b":1}})", R"({"a":[[1]]})", R"(["a"])", R"({"a":1,})", R"({"a" 1})",
        R"({"a":"unterminated})", R"({"a":01x})", R"({"a":1} trailing)", R"({"a":"\ud83d"})",
        R"({"a":"\q"})", "{\"a\":\"tab\there\"}", R"({a:1})", ""}) {
    auto r = ParseFlatJsonObject(line);
    EXPECT_FALSE(r.ok()) << line;
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("malformed JSON")) << line;
  }
}

}  // namespace
}  // namespace jobmatch::import
