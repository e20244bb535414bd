// Writes checkpoint bodies (what checkpoint_fuzzer seals and loads) of small
// synthetic indexes into a folder: the seeds of fuzz/corpus/checkpoint.
//   fuzz_make_checkpoint_seeds fuzz/corpus/checkpoint
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "matcher/index/match_index.h"
#include "matcher/index/record_codec.h"
#include "matcher/index/synthetic.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  namespace jm = jobmatch::matcher;
  jm::synthetic::Relations relations;
  for (const int n : {0, 1, 3, 12}) {
    jm::MatchIndex index(&relations);
    jm::synthetic::Generator gen(n);
    for (int i = 0; i < n; ++i) index.UpsertPost(gen.Post(i));
    for (int i = 0; i < n; ++i) index.UpsertSeeker(gen.Person(i));
    if (n > 1) index.RecordApplication("person-1", "post-0");
    index.set_cursor(100 + n);
    jm::codec::Writer body;
    body.Field(uint64_t{3});  // checkpoint.cc's kVersion
    index.WriteImage(body);
    std::ofstream(absl::StrCat(argv[1], "/synthetic-", n), std::ios::binary)
        << std::move(body).Take();
  }
  return 0;
}
