// The calls of the platform-wide load and the mix they are sent in. A mix is
// a weight per call kind; MixSequence turns it into a deterministic order in
// which every window of calls holds each kind in proportion (no random
// bursts of one kind), so two runs at the same rate send the same calls.
#ifndef JOBMATCH_CLIENTS_LOAD_MIX_H_
#define JOBMATCH_CLIENTS_LOAD_MIX_H_

#include <array>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch::load {

// One kind of request a city's clients send. Keep kKindNames in step.
enum class CallKind {
  kRecommendPosts,     // the app's "posts for me" (matcher)
  kGetPost,            // a post's details (postings)
  kSearchPosts,        // a word search (postings)
  kRecordViews,        // an app backend's batch of views (events)
  kSubmitApplication,  // one tap on "apply" (events, the application pipeline)
  kPushLivePost,       // a live host pushes a post to its watchers (events, then matcher)
};
inline constexpr int kCallKinds = 6;

// The name of a kind in flags and reports: "recommend", "get_post", ...
absl::string_view KindName(CallKind kind);
// The RPC a kind calls, for reports: "MatcherService/RecommendPosts", ...
absl::string_view KindRpc(CallKind kind);

// Weights per kind (any non-negative scale; they need not sum to 100).
struct Mix {
  std::array<double, kCallKinds> weights{};

  double Share(CallKind kind) const;  // weight / total weight
};

// The default mix, per 100 calls; README "Open-loop load" says why.
Mix DefaultMix();

// Parses "recommend=25,get_post=40,...": kinds left out weigh 0. INVALID_ARGUMENT
// naming the part for an unknown kind, a malformed or negative weight, a kind
// given twice, or weights that are all 0.
absl::StatusOr<Mix> ParseMix(absl::string_view spec);

// "recommend=25,get_post=40,..." for every kind with a weight.
std::string FormatMix(const Mix& mix);

// Smooth weighted round robin over a mix: after n calls, each kind has been
// picked within one call of n × its share.
class MixSequence {
 public:
  explicit MixSequence(const Mix& mix);
  CallKind Next();

 private:
  std::array<double, kCallKinds> weights_;
  std::array<double, kCallKinds> current_{};
  double total_ = 0;
};

}  // namespace jobmatch::load

#endif  // JOBMATCH_CLIENTS_LOAD_MIX_H_
