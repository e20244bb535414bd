// The checkpoint: a loaded index answers exactly as the saved one did, the
// file reveals nothing in clear, and a damaged or foreign file changes nothing.
#include "matcher/service/checkpoint.h"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "matcher/index/synthetic.h"
#include "services/common/testing/temp_path.h"

namespace jobmatch::matcher {
namespace {

// Where SaveCheckpoint seals (checkpoint.cc): a test that forges a file must
// seal it the same way to reach the version check.
constexpr SealContext kSealedAt{"matcher", "checkpoint", "index"};

class CheckpointTest : public ::testing::Test {
 protected:
  CheckpointTest() {
    synthetic::Generator gen(42);
    for (int i = 0; i < 2000; ++i) saved_.UpsertPost(gen.Post(i));
    for (int i = 0; i < 2000; ++i) saved_.UpsertSeeker(gen.Person(i));
    for (int i = 0; i < 300; ++i) {
      saved_.RecordApplication(absl::StrCat("person-", i * 7 % 2000),
                               absl::StrCat("post-", i % 50));
    }
    saved_.RecordHire("person-3", "post-1");
    saved_.set_cursor(12345);
  }
  ~CheckpointTest() override { std::remove(path_.c_str()); }

  std::string FileBytes() const {
    std::ifstream in(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  synthetic::Relations relations_;
  MatchIndex saved_{&relations_};
  MatchIndex loaded_{&relations_};
  const DataProtector key_ = DataProtector::Random(KeyUse::kMatcherCheckpoint);
  const std::string path_ = jobmatch::testing::TempPath("matcher.checkpoint");
};

template <typename Hit>
std::string Answer(const std::vector<Hit>& hits) {
  std::string out;
  for (const Hit& h : hits) absl::StrAppend(&out, h.id(), "=", h.score, " ");
  return out;
}

TEST_F(CheckpointTest, ALoadedIndexAnswersAsTheSavedOneDid) {
  ASSERT_TRUE(SaveCheckpoint(saved_, key_, path_).ok());
  const absl::Status loaded = LoadCheckpoint(path_, key_, &loaded_);
  ASSERT_TRUE(loaded.ok()) << loaded;
  EXPECT_EQ(loaded_.cursor(), 12345);
  EXPECT_EQ(loaded_.post_count(), saved_.post_count());
  EXPECT_EQ(loaded_.seeker_count(), saved_.seeker_count());

  // Every field a rule or a score reads shows in some answer; the ones
  // applications and hires changed are checked directly too.
  synthetic::Generator gen(43);
  int answered = 0;
  for (int q = 0; q < 200; ++q) {
    const std::shared_ptr<const Seeker> s = saved_.FindSeeker(absl::StrCat("person-", q * 9));
    const std::shared_ptr<const PostRecord> p = saved_.FindPost(absl::StrCat("post-", q * 9));
    ASSERT_NE(s, nullptr);
    ASSERT_NE(p, nullptr);
    const auto posts = saved_.TopPosts(*s, synthetic::At(), {}, 20);
    ASSERT_EQ(Answer(loaded_.TopPosts(*loaded_.FindSeeker(s->id), synthetic::At(), {}, 20)),
              Answer(posts));
    ASSERT_EQ(Answer(loaded_.TopSeekers(*loaded_.FindPost(p->id), synthetic::At(), {}, 50)),
              Answer(saved_.TopSeekers(*p, synthetic::At(), {}, 50)));
    answered += !posts.empty();
  }
  EXPECT_GT(answered, 100);
  EXPECT_EQ(loaded_.FindPost("post-7")->applicants, saved_.FindPost("post-7")->applicants);
  EXPECT_GT(loaded_.FindPost("post-7")->applicants, 0);
  EXPECT_EQ(loaded_.FindSeeker("person-7")->applied, saved_.FindSeeker("person-7")->applied);
  EXPECT_TRUE(loaded_.FindSeeker("person-3")->hired.contains("post-1"));
  const PostRecord& before = *saved_.FindPost("post-11");
  const PostRecord& after = *loaded_.FindPost("post-11");
  EXPECT_EQ(after.campaigns.size(), before.campaigns.size());
  EXPECT_EQ(after.relaxations.size(), before.relaxations.size());
  EXPECT_EQ(after.required_skills.size(), before.required_skills.size());
  EXPECT_EQ(after.valid_until, before.valid_until);
}

TEST_F(CheckpointTest, TheFileRevealsNothingInClear) {
  ASSERT_TRUE(SaveCheckpoint(saved_, key_, path_).ok());
  const std::string bytes = FileBytes();
  ASSERT_GT(bytes.size(), 100000u);
  for (const char* clear : {"person-", "post-", "张三", "430211", "焊工"}) {
    EXPECT_FALSE(absl::StrContains(bytes, clear)) << clear;
  }
  struct stat st;
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 077, 0u) << "readable by others";
}

TEST_F(CheckpointTest, AForeignOrDamagedFileChangesNothing) {
  EXPECT_TRUE(absl::IsNotFound(LoadCheckpoint(path_, key_, &loaded_)));
  ASSERT_TRUE(SaveCheckpoint(saved_, key_, path_).ok());
  EXPECT_TRUE(absl::IsDataLoss(
      LoadCheckpoint(path_, DataProtector::Random(KeyUse::kMatcherCheckpoint), &loaded_)));
  std::string bytes = FileBytes();
  bytes[bytes.size() / 2] ^= 1;
  std::ofstream(path_, std::ios::binary | std::ios::trunc) << bytes;
  EXPECT_TRUE(absl::IsDataLoss(LoadCheckpoint(path_, key_, &loaded_)));
  std::ofstream(path_, std::ios::binary | std::ios::trunc) << "not a checkpoint";
  EXPECT_TRUE(absl::IsDataLoss(LoadCheckpoint(path_, key_, &loaded_)));
  EXPECT_EQ(loaded_.post_count(), 0u);
  EXPECT_EQ(loaded_.seeker_count(), 0u);
  EXPECT_EQ(loaded_.cursor(), 0);
}

// A ciphertext made under the same key for another place, or under the same
// key material as another use (the profiles' field key), is no checkpoint.
TEST_F(CheckpointTest, OnlyItsOwnKeyAndPlaceOpenIt) {
  std::string body;
  body.push_back('\x08');  // version 4, zig-zagged
  body.push_back('\x02');  // cursor 1
  body.push_back('\x00');
  body.push_back('\x00');
  std::ofstream(path_, std::ios::binary | std::ios::trunc)
      << "jobmatch-matcher-checkpoint\n"
      << key_.Seal(body, SealContext{"profiles", "sensitive_ct", "p-1"});
  absl::Status loaded = LoadCheckpoint(path_, key_, &loaded_);
  EXPECT_TRUE(absl::IsDataLoss(loaded) && absl::StrContains(loaded.message(), "authenticate"))
      << loaded;

  const std::string hex(64, '7');
  ASSERT_TRUE(
      SaveCheckpoint(saved_, *DataProtector::FromHex(KeyUse::kProfileFields, hex), path_).ok());
  loaded =
      LoadCheckpoint(path_, *DataProtector::FromHex(KeyUse::kMatcherCheckpoint, hex), &loaded_);
  EXPECT_TRUE(absl::IsDataLoss(loaded) && absl::StrContains(loaded.message(), "authenticate"))
      << loaded;
  EXPECT_EQ(loaded_.cursor(), 0);
}

TEST_F(CheckpointTest, AFileOfTheFormerVersionIsNotLoaded) {
  // Version 1 (records only, no lists): sealed right, but not this layout.
  // The matcher then starts from the services.
  std::string v1_body;
  v1_body.push_back('\x02');  // version 1, zig-zagged
  v1_body.push_back('\x02');  // cursor 1
  v1_body.push_back('\x00');  // no posts
  v1_body.push_back('\x00');  // no people
  std::ofstream(path_, std::ios::binary | std::ios::trunc) << "jobmatch-matcher-checkpoint\n"
                                                           << key_.Seal(v1_body, kSealedAt);
  const absl::Status loaded = LoadCheckpoint(path_, key_, &loaded_);
  EXPECT_TRUE(absl::IsDataLoss(loaded)) << loaded;
  EXPECT_TRUE(absl::StrContains(loaded.message(), "version 1")) << loaded;
  EXPECT_EQ(loaded_.cursor(), 0);
}

TEST_F(CheckpointTest, AnUnreadablePathIsNotTakenForAMissingFile) {
  // A regular file where a folder should be: the path can never be read.
  ASSERT_TRUE(SaveCheckpoint(saved_, key_, path_).ok());
  const absl::Status loaded = LoadCheckpoint(path_ + "/checkpoint", key_, &loaded_);
  EXPECT_FALSE(loaded.ok());
  EXPECT_FALSE(absl::IsNotFound(loaded)) << loaded;
  EXPECT_EQ(loaded_.post_count(), 0u);
}

TEST_F(CheckpointTest, TheWriterSavesWhenTheCursorMovesAndOnStop) {
  CheckpointWriter writer(&saved_, key_, path_, absl::Milliseconds(20));
  writer.Start();
  for (int i = 0; i < 200 && FileBytes().empty(); ++i) absl::SleepFor(absl::Milliseconds(10));
  saved_.set_cursor(20000);
  writer.Stop();
  ASSERT_TRUE(LoadCheckpoint(path_, key_, &loaded_).ok());
  EXPECT_EQ(loaded_.cursor(), 20000);
}

}  // namespace
}  // namespace jobmatch::matcher
