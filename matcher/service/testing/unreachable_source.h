// An EntitySource for tests whose feed events carry everything the matcher
// needs: any attempt to load a post or a person fails, so a test that reads
// one by surprise says so.
#ifndef JOBMATCH_MATCHER_SERVICE_TESTING_UNREACHABLE_SOURCE_H_
#define JOBMATCH_MATCHER_SERVICE_TESTING_UNREACHABLE_SOURCE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "matcher/service/feed_applier.h"

namespace jobmatch::matcher::testing {

class UnreachableSource final : public EntitySource {
 public:
  absl::StatusOr<std::optional<PostRecord>> LoadPost(const std::string&) override {
    return absl::UnavailableError("not in this test");
  }
  absl::StatusOr<std::optional<Seeker>> LoadSeeker(const std::string&) override {
    return absl::UnavailableError("not in this test");
  }
};

}  // namespace jobmatch::matcher::testing

#endif  // JOBMATCH_MATCHER_SERVICE_TESTING_UNREACHABLE_SOURCE_H_
