#include "services/postings/search_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jobmatch::postings {
namespace {

using ::testing::ElementsAre;
using ::testing::IsSubsetOf;

TEST(SearchTextTest, SplitsChineseIntoBigrams) {
  EXPECT_THAT(
      SearchTokens("醴陵陶瓷"),
      ElementsAre(SearchTokens("醴陵")[0], SearchTokens("陵陶")[0], SearchTokens("陶瓷")[0]));
  EXPECT_EQ(SearchTokens("焊工").size(), 1u);
}

TEST(SearchTextTest, TokensAreLongAsciiWords) {
  for (const auto& token : SearchTokens("焊 CAD a 醴陵")) {
    EXPECT_GE(token.size(), 3u);
    EXPECT_EQ(token.find_first_not_of("t0123456789abcdef"), std::string::npos) << token;
  }
  EXPECT_EQ(SearchTokens("CAD"), SearchTokens("cad"));
}

TEST(SearchTextTest, QueryTermsAreContainedInMatchingDocument) {
  const std::string doc = SearchDocument("醴陵陶瓷厂招聘焊工", "包吃住，五险一金");
  for (const auto& token : SearchTokens("醴陵 陶瓷 焊工")) {
    EXPECT_NE(doc.find(token), std::string::npos);
  }
}

TEST(SearchTextTest, AQueryNeedsEveryTermOnceAndLoneCharactersAsPrefixes) {
  const SearchQuery q = ParseSearchQuery("醴陵 陶瓷 醴陵 焊 CAD");
  EXPECT_THAT(q.terms, ElementsAre(SearchTokens("醴陵")[0], SearchTokens("陶瓷")[0],
                                   SearchTokens("cad")[0]));
  EXPECT_THAT(q.prefixes, ElementsAre(SearchTokens("焊")[0]));
  EXPECT_NE(q.Key(), ParseSearchQuery("醴陵 陶瓷 CAD").Key());
  EXPECT_TRUE(ParseSearchQuery("，。!").empty());
  EXPECT_EQ(TermLiteral(SearchTokens("ab")[0]), "X'6162'");
  EXPECT_EQ(TermKey(SearchTokens("ab")[0]), "ab");
  EXPECT_EQ(TermKey(SearchTokens("焊工")[0]), "焊工");
}

TEST(SearchTextTest, LongWordsAreCutToTheTermWidth) {
  const std::string long_word(40, 'a');
  EXPECT_EQ(SearchTokens(long_word), SearchTokens(std::string(kMaxWordBytes, 'a')));
  EXPECT_EQ(SearchTokens(long_word)[0].size(), 1 + 2 * kMaxWordBytes);
}

}  // namespace
}  // namespace jobmatch::postings
