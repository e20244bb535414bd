#include "matcher/service/rpc_common.h"

#include <algorithm>
#include <vector>

#include "services/common/consistency_token.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/common/text_checks.h"

namespace jobmatch::matcher {

grpc::ServerUnaryReactor* FinishWith(grpc::CallbackServerContext* context,
                                     const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

absl::Status RequestTextStatus(const google::protobuf::Message& request) {
  FieldViolations violations;
  CheckMessageText(request, "", violations);
  return violations.ToStatus();
}

grpc::ServerUnaryReactor* AnswerAfterWrites(
    grpc::CallbackServerContext* context, const Readiness* readiness, ConsistencyGate* gate,
    const google::protobuf::Message& request, const absl::Status& fields,
    const google::protobuf::RepeatedPtrField<std::string>& consistency_tokens,
    std::function<absl::Status()> answer) {
  if (readiness != nullptr) {
    if (absl::Status ready = readiness->Check(); !ready.ok()) return FinishWith(context, ready);
  }
  // Text that may not be stored is refused at once, never after a wait.
  if (absl::Status text = RequestTextStatus(request); !text.ok()) return FinishWith(context, text);
  if (!fields.ok()) return FinishWith(context, fields);
  absl::StatusOr<std::vector<ConsistencyToken>> tokens = ParseConsistencyTokens(consistency_tokens);
  if (!tokens.ok()) return FinishWith(context, tokens.status());
  if (tokens->empty() || gate == nullptr) return FinishWith(context, answer());
  // gRPC's "no deadline" is the largest time point, beyond absl::Time's reach.
  const auto deadline = context->deadline();
  const absl::Time until = deadline == std::chrono::system_clock::time_point::max()
                               ? absl::InfiniteFuture()
                               : absl::FromChrono(deadline);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  gate->WhenCovered(*std::move(tokens), until,
                    [reactor, answer = std::move(answer)](absl::Status covered) {
                      reactor->Finish(ToGrpcStatus(covered.ok() ? answer() : covered));
                    });
  return reactor;
}

std::string MaskName(const std::string& name) {
  if (name.empty()) return "*";
  const unsigned char lead = static_cast<unsigned char>(name[0]);
  const size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return name.substr(0, std::min(len, name.size())) + "*";
}

void AddVisibleKeyGroups(GroupMask groups, bool may_see,
                         google::protobuf::RepeatedField<int>* out) {
  for (int g = 1; g <= kMaxGroup; ++g) {
    if ((groups & GroupBit(g)) == 0) continue;
    if (!may_see && (GroupBit(g) & kSensitiveGroups) != 0) continue;
    out->Add(g);
  }
}

}  // namespace jobmatch::matcher
