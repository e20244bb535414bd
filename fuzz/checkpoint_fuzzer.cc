// The matcher's checkpoint reader over any body: the input is sealed as
// SaveCheckpoint seals (so the fuzzer reaches the decoder, not just the seal
// check), written to a file and loaded into an empty index. A load either
// fails with DATA_LOSS, leaving the index empty, or gives an index that
// answers queries, which walk the grid cells of every place it loaded.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/checkpoint.h"

namespace jobmatch::matcher {
namespace {

// As in checkpoint.cc: the file's first line and where its body is sealed.
constexpr absl::string_view kMagic = "jobmatch-matcher-checkpoint\n";
constexpr SealContext kSealedAt{"matcher", "checkpoint", "index"};

const std::string& Path() {
  static const std::string* const path = [] {
    const char* dir = std::getenv("TMPDIR");
    auto* p = new std::string(std::string(dir != nullptr ? dir : "/tmp") +
                              "/jobmatch-fuzz-checkpoint-" + std::to_string(::getpid()));
    std::atexit([] { std::remove(Path().c_str()); });
    return p;
  }();
  return *path;
}

void Load(absl::string_view body) {
  static const DataProtector* const key =
      new DataProtector(*DataProtector::FromHex(KeyUse::kMatcherCheckpoint, std::string(64, 'a')));
  static const synthetic::Relations* const relations = new synthetic::Relations();
  {
    std::ofstream file(Path(), std::ios::binary | std::ios::trunc);
    file << kMagic << key->Seal(body, kSealedAt);
  }
  MatchIndex index(relations);
  const absl::Status loaded = LoadCheckpoint(Path(), *key, &index);
  if (!loaded.ok()) {
    FUZZ_CHECK(loaded.code() == absl::StatusCode::kDataLoss);
    FUZZ_CHECK(index.post_count() == 0 && index.seeker_count() == 0);
    return;
  }
  // A few queries from what was loaded (taken first: the visitors hold the
  // index's lock), so that every place reaches the grid.
  std::vector<std::shared_ptr<const PostRecord>> posts;
  std::vector<std::shared_ptr<const Seeker>> seekers;
  index.ForEachPost([&](const std::shared_ptr<const PostRecord>& post) {
    if (posts.size() < 8) posts.push_back(post);
  });
  index.ForEachSeeker([&](const std::shared_ptr<const Seeker>& seeker) {
    if (seekers.size() < 8) seekers.push_back(seeker);
  });
  for (const auto& post : posts) index.TopSeekers(*post, synthetic::At(), {}, 5);
  for (const auto& seeker : seekers) index.TopPosts(*seeker, synthetic::At(), {}, 5);
}

}  // namespace
}  // namespace jobmatch::matcher

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  jobmatch::matcher::Load(absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
