// Filling the index in bulk: an index built at once (Build) or read from its
// image (ReadImage) answers exactly as the one filled record by record, and
// equals brute force; the restored lists take later updates like any other;
// a damaged image leaves the index empty.
#include <limits>
#include <random>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "matcher/index/brute_force.h"
#include "matcher/index/match_index.h"
#include "matcher/index/synthetic.h"

namespace jobmatch::matcher {
namespace {

constexpr int kPosts = 6000;
constexpr int kPeople = 6000;

template <typename Hit>
std::string Answer(const std::vector<Hit>& hits) {
  std::string out;
  for (const Hit& h : hits) absl::StrAppend(&out, h.id(), "=", h.score, " ");
  return out;
}

class IndexImageTest : public ::testing::Test {
 protected:
  IndexImageTest() {
    synthetic::Generator gen(20261204);
    for (int i = 0; i < kPosts; ++i) filled_.UpsertPost(gen.Post(i));
    for (int i = 0; i < kPeople; ++i) filled_.UpsertSeeker(gen.Person(i));
    // Churn, so that there are free slots and replaced records.
    for (int i = 0; i < 400; ++i) filled_.UpsertPost(gen.Post(i * 7 % kPosts));
    for (int i = 0; i < 300; ++i) filled_.RemovePost(absl::StrCat("post-", i * 13 % kPosts));
    for (int i = 0; i < 300; ++i) filled_.RemoveSeeker(absl::StrCat("person-", i * 11 % kPeople));
    for (int i = 0; i < 400; ++i) {
      filled_.RecordApplication(absl::StrCat("person-", i * 17 % kPeople),
                                absl::StrCat("post-", i * 5 % kPosts));
    }
    filled_.set_cursor(777);
  }

  // Both ways, for people and posts picked from `want`, the same answers;
  // and `got` equals brute force on a share of them.
  void ExpectSameAnswers(const MatchIndex& got, const MatchIndex& want, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> which(0, kPeople - 1);
    int answered = 0;
    for (int q = 0; q < 300; ++q) {
      const auto s = want.FindSeeker(absl::StrCat("person-", which(rng)));
      const auto p = want.FindPost(absl::StrCat("post-", which(rng) % kPosts));
      if (s != nullptr) {
        const auto expected = want.TopPosts(*s, synthetic::At(), {}, 20);
        ASSERT_EQ(Answer(got.TopPosts(*s, synthetic::At(), {}, 20)), Answer(expected)) << s->id;
        if (q % 10 == 0) {
          ASSERT_EQ(Answer(BruteForceTopPosts(got, *s, synthetic::At(), {}, 20)), Answer(expected));
        }
        answered += !expected.empty();
      }
      if (p != nullptr) {
        const auto expected = want.TopSeekers(*p, synthetic::At(), {}, 50);
        ASSERT_EQ(Answer(got.TopSeekers(*p, synthetic::At(), {}, 50)), Answer(expected)) << p->id;
        if (q % 10 == 0) {
          ASSERT_EQ(Answer(BruteForceTopSeekers(got, *p, synthetic::At(), {}, 50)),
                    Answer(expected));
        }
      }
    }
    EXPECT_GT(answered, 100);
  }

  // The same changes applied to both.
  static void Change(MatchIndex& index) {
    synthetic::Generator gen(99);
    for (int i = 0; i < 300; ++i) index.UpsertPost(gen.Post(i * 3 % kPosts));
    for (int i = 0; i < 300; ++i) index.UpsertSeeker(gen.Person(i * 5 % kPeople));
    for (int i = 0; i < 200; ++i) index.RemovePost(absl::StrCat("post-", i * 29 % kPosts));
    for (int i = 0; i < 200; ++i) index.RemoveSeeker(absl::StrCat("person-", i * 31 % kPeople));
    for (int i = 0; i < 100; ++i) index.UpsertPost(gen.Post(kPosts + i));
  }

  synthetic::Relations relations_;
  MatchIndex filled_{&relations_};
};

TEST_F(IndexImageTest, ABuiltIndexAnswersAsOneFilledRecordByRecord) {
  MatchIndex::Snapshot snap = filled_.TakeSnapshot();
  // A repeated id: the later record wins.
  auto changed = std::make_shared<PostRecord>(*snap.posts.front());
  changed->salary_min += 1000;
  snap.posts.push_back(changed);
  MatchIndex built(&relations_);
  built.Build(std::move(snap.posts), std::move(snap.seekers));
  EXPECT_EQ(built.post_count(), filled_.post_count());
  EXPECT_EQ(built.seeker_count(), filled_.seeker_count());
  EXPECT_EQ(built.FindPost(changed->id)->salary_min, changed->salary_min);
  filled_.UpsertPost(*changed);
  ExpectSameAnswers(built, filled_, 1);
  Change(built);
  Change(filled_);
  ExpectSameAnswers(built, filled_, 2);
}

TEST_F(IndexImageTest, AnImageRestoresTheIndexThatThenTakesUpdates) {
  filled_.RecordHouseholdVisit({"430225100201", {"6-18-02-04", "4-10-01-06"}, 1000});
  filled_.RecordHouseholdVisit({"430225100202", {"6-18-02-04"}, 2000});
  codec::Writer out;
  filled_.WriteImage(out);
  const std::string bytes = std::move(out).Take();
  MatchIndex read(&relations_);
  // An index that interned other occupations before (a cleared one keeps them).
  synthetic::Generator other(5);
  read.UpsertPost(other.Post(424242));
  read.Clear();
  codec::Reader in(bytes);
  MatchIndex::ImageTimes times;
  const absl::Status status = read.ReadImage(in, &times);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(read.cursor(), 777);
  EXPECT_EQ(read.post_count(), filled_.post_count());
  EXPECT_EQ(read.seeker_count(), filled_.seeker_count());
  EXPECT_EQ(read.FindSeeker("person-17")->applied, filled_.FindSeeker("person-17")->applied);
  auto visits = [](const MatchIndex& index) {
    std::vector<std::tuple<std::string, std::vector<std::string>, int64_t>> list;
    for (const HouseholdVisit& v : index.HouseholdVisits()) {
      list.emplace_back(v.village_code, v.occupation_codes, v.at);
    }
    return list;
  };
  EXPECT_EQ(visits(read).size(), 2u);
  EXPECT_EQ(visits(read), visits(filled_));
  ExpectSameAnswers(read, filled_, 3);
  // The restored lists are in the order updates expect (they find and erase in them).
  Change(read);
  Change(filled_);
  ExpectSameAnswers(read, filled_, 4);

  // Into an index that is not empty: refused, nothing changed.
  codec::Reader again(bytes);
  EXPECT_TRUE(absl::IsFailedPrecondition(read.ReadImage(again, nullptr)));
}

TEST_F(IndexImageTest, ADamagedImageLeavesTheIndexEmpty) {
  codec::Writer out;
  filled_.WriteImage(out);
  const std::string bytes = std::move(out).Take();
  for (size_t cut : {bytes.size() / 3, bytes.size() - 7}) {
    MatchIndex read(&relations_);
    codec::Reader in(absl::string_view(bytes).substr(0, cut));
    EXPECT_TRUE(absl::IsDataLoss(read.ReadImage(in, nullptr))) << cut;
    EXPECT_EQ(read.post_count(), 0u);
    EXPECT_EQ(read.seeker_count(), 0u);
    EXPECT_EQ(read.cursor(), 0);
  }
  // Bytes after the last list.
  std::string wrong = bytes + std::string(1, '\x05');
  MatchIndex read(&relations_);
  codec::Reader in(wrong);
  EXPECT_TRUE(absl::IsDataLoss(read.ReadImage(in, nullptr)));
  EXPECT_EQ(read.post_count(), 0u);
}

// A point that is no place on earth (NaN, infinite, beyond the poles or the
// date line) would reach the grid, whose cell of it is undefined behaviour:
// an image holding one is damaged. Each case replaces the bytes of one
// post's or one person's marked coordinate in an otherwise valid image.
TEST_F(IndexImageTest, AnImageWithAPointOffTheEarthIsDamaged) {
  constexpr double kMarkLng = 113.123456789, kMarkLat = 27.987654321;
  MatchIndex marked(&relations_);
  synthetic::Generator gen(5);
  PostRecord post = gen.Post(0);
  post.point = {kMarkLng, 27.5};
  marked.UpsertPost(post);
  Seeker person = gen.Person(0);
  person.residence = {113.5, kMarkLat};
  marked.UpsertSeeker(person);
  codec::Writer out;
  marked.WriteImage(out);
  const std::string bytes = std::move(out).Take();
  auto replaced = [&](double mark, double with) {
    const std::string from(reinterpret_cast<const char*>(&mark), sizeof mark);
    const std::string to(reinterpret_cast<const char*>(&with), sizeof with);
    // Every copy: the person's latitude is also the image's latitude bound.
    std::string changed = bytes;
    int copies = 0;
    for (size_t at = changed.find(from); at != std::string::npos; at = changed.find(from, at)) {
      changed.replace(at, from.size(), to);
      ++copies;
    }
    EXPECT_GT(copies, 0);
    return changed;
  };
  {
    MatchIndex read(&relations_);
    codec::Reader in(bytes);
    ASSERT_TRUE(read.ReadImage(in, nullptr).ok());  // as written, it loads
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (const auto& [mark, with] : std::vector<std::pair<double, double>>{{kMarkLng, nan},
                                                                         {kMarkLng, inf},
                                                                         {kMarkLng, 180.5},
                                                                         {kMarkLng, -1e300},
                                                                         {kMarkLat, nan},
                                                                         {kMarkLat, -inf},
                                                                         {kMarkLat, 90.5},
                                                                         {kMarkLat, 1e300}}) {
    const std::string changed = replaced(mark, with);
    MatchIndex read(&relations_);
    codec::Reader in(changed);
    EXPECT_TRUE(absl::IsDataLoss(read.ReadImage(in, nullptr))) << mark << " -> " << with;
    EXPECT_EQ(read.post_count(), 0u);
    EXPECT_EQ(read.seeker_count(), 0u);
  }
}

}  // namespace
}  // namespace jobmatch::matcher
