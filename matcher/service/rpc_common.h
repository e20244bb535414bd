// What both matcher gRPC services (MatcherService and MatcherWorkService) do
// the same way: finishing a unary call, the read-your-writes wait, masking a
// name and listing the key groups a caller may see.
#ifndef JOBMATCH_MATCHER_SERVICE_RPC_COMMON_H_
#define JOBMATCH_MATCHER_SERVICE_RPC_COMMON_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "google/protobuf/repeated_field.h"
#include "matcher/domain/model.h"
#include "matcher/service/consistency_gate.h"
#include "matcher/service/readiness.h"

namespace jobmatch::matcher {

// Finishes a unary call with `status` (converted by services/common/grpc_status.h).
grpc::ServerUnaryReactor* FinishWith(grpc::CallbackServerContext* context,
                                     const absl::Status& status);

// The shared text check (services/common/text_checks.h) over every string of
// `request`: ids, prefixes and tokens end up in logs and in the keys of the
// index's lookups, so control and bidirectional characters are refused.
absl::Status RequestTextStatus(const google::protobuf::Message& request);

// Finishes the call with `answer()` once the index reflects every one of
// `consistency_tokens` (at once when there are none or `gate` is null), or
// with why not. Readiness (null: always ready), `request`'s text and then
// `fields` (the method's own field checks; INVALID_ARGUMENT naming each
// field) are checked first, never after a wait.
grpc::ServerUnaryReactor* AnswerAfterWrites(
    grpc::CallbackServerContext* context, const Readiness* readiness, ConsistencyGate* gate,
    const google::protobuf::Message& request, const absl::Status& fields,
    const google::protobuf::RepeatedPtrField<std::string>& consistency_tokens,
    std::function<absl::Status()> answer);

// "张*": the first character (UTF-8) and a star.
std::string MaskName(const std::string& name);

// Appends to `out` (a repeated jobmatch.v1.KeyGroup) each group of `groups`,
// leaving out the sensitive ones unless `may_see`.
void AddVisibleKeyGroups(GroupMask groups, bool may_see, google::protobuf::RepeatedField<int>* out);

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_RPC_COMMON_H_
