#include "clients/load/mix.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace jobmatch::load {
namespace {

constexpr absl::string_view kKindNames[kCallKinds] = {
    "recommend", "get_post", "search", "views", "apply", "live_push",
};
constexpr absl::string_view kKindRpcs[kCallKinds] = {
    "MatcherService/RecommendPosts",   "PostingsService/GetPost",
    "PostingsService/SearchPosts",     "EventsService/RecordViews",
    "EventsService/SubmitApplication", "EventsService/PushLivePost",
};

}  // namespace

absl::string_view KindName(CallKind kind) { return kKindNames[static_cast<int>(kind)]; }
absl::string_view KindRpc(CallKind kind) { return kKindRpcs[static_cast<int>(kind)]; }

double Mix::Share(CallKind kind) const {
  double total = 0;
  for (double w : weights) total += w;
  return total > 0 ? weights[static_cast<int>(kind)] / total : 0;
}

Mix DefaultMix() {
  Mix mix;
  mix.weights = {25, 40, 15, 15.5, 4, 0.5};
  return mix;
}

absl::StatusOr<Mix> ParseMix(absl::string_view spec) {
  Mix mix;
  std::array<bool, kCallKinds> seen{};
  for (absl::string_view part : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(part, '=');
    kv.first = absl::StripAsciiWhitespace(kv.first);
    kv.second = absl::StripAsciiWhitespace(kv.second);
    int kind = -1;
    for (int k = 0; k < kCallKinds; ++k) {
      if (kKindNames[k] == kv.first) kind = k;
    }
    if (kind < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "mix: unknown call \"", kv.first, "\" (known: ", absl::StrJoin(kKindNames, ", "), ")"));
    }
    double weight = 0;
    if (!absl::SimpleAtod(kv.second, &weight) || !std::isfinite(weight) || weight < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("mix: \"", part, "\" needs a weight of 0 or more"));
    }
    if (seen[kind])
      return absl::InvalidArgumentError(absl::StrCat("mix: \"", kv.first, "\" twice"));
    seen[kind] = true;
    mix.weights[kind] = weight;
  }
  double total = 0;
  for (double w : mix.weights) total += w;
  if (total <= 0) return absl::InvalidArgumentError("mix: every weight is 0");
  return mix;
}

std::string FormatMix(const Mix& mix) {
  std::vector<std::string> parts;
  for (int k = 0; k < kCallKinds; ++k) {
    if (mix.weights[k] > 0) parts.push_back(absl::StrCat(kKindNames[k], "=", mix.weights[k]));
  }
  return absl::StrJoin(parts, ",");
}

MixSequence::MixSequence(const Mix& mix) : weights_(mix.weights) {
  for (double w : weights_) total_ += w;
}

CallKind MixSequence::Next() {
  // Each kind gains its weight; the one furthest ahead is picked and pays the
  // total back (nginx's smooth weighted round robin).
  int best = -1;
  for (int k = 0; k < kCallKinds; ++k) {
    if (weights_[k] <= 0) continue;  // never picked, even when the others are behind
    current_[k] += weights_[k];
    if (best < 0 || current_[k] > current_[best]) best = k;
  }
  current_[best] -= total_;
  return static_cast<CallKind>(best);
}

}  // namespace jobmatch::load
