// Moderation (审核) for bureau staff: the posts waiting for approval with
// their screening flags, and approving or rejecting one.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/jobctl/cli.h"
#include "clients/jobctl/commands.h"
#include "clients/jobctl/format.h"
#include "clients/jobctl/paging.h"
#include "clients/lib/call_runner.h"
#include "jobmatch/v1/postings.grpc.pb.h"
#include "services/common/status_macros.h"

namespace jobmatch::jobctl {
namespace {

namespace v1 = ::jobmatch::v1;

// "FEE 押金; AGE 35岁以下"
std::string FlagsText(const v1::PostModeration& m) {
  std::vector<std::string> parts;
  for (const auto& f : m.flags()) {
    parts.push_back(absl::StrCat(
        EnumName(v1::ScreeningRule_descriptor(), "SCREENING_RULE_", f.rule()), " ", f.matched()));
  }
  return absl::StrJoin(parts, "; ");
}

absl::Status SetExpectedVersion(Session& s, int64_t* version) {
  if (!s.inv().Has("expected_version")) return absl::OkStatus();
  if (!absl::SimpleAtoi(s.inv().Get("expected_version"), version) || *version < 1) {
    return UsageError(absl::StrCat("--expected_version needs a version ≥ 1, not \"",
                                   s.inv().Get("expected_version"), "\""));
  }
  return absl::OkStatus();
}

absl::Status PrintDecided(Session& s, const v1::Post& p) {
  if (s.json()) {
    s.out() << ToJsonLine(p);
    return absl::OkStatus();
  }
  Table table({"POST", "TITLE", "STATE", "DECISION", "REASON", "BY", "VERSION"});
  table.AddRow({p.post_id(), p.title(),
                EnumName(v1::PostState_descriptor(), "POST_STATE_", p.state()),
                EnumName(v1::ModerationDecision_descriptor(), "MODERATION_DECISION_",
                         p.moderation().decision()),
                p.moderation().reason(), p.moderation().reviewed_by(), absl::StrCat(p.version())});
  s.out() << table.Render();
  return absl::OkStatus();
}

}  // namespace

absl::Status ModerationList(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::PostingsService>("postings"));
  v1::ListPostsForModerationRequest request;
  request.set_campaign_id(s.inv().Get("campaign"));
  request.set_region_prefix(s.inv().Get("region"));
  request.set_flagged_only(s.inv().Bool("flagged"));
  if (s.inv().Has("rule")) {
    JM_ASSIGN_OR_RETURN(int rule, ParseEnum(v1::ScreeningRule_descriptor(), "SCREENING_RULE_",
                                            s.inv().Get("rule"), "rule"));
    request.set_rule(static_cast<v1::ScreeningRule>(rule));
  }
  JM_ASSIGN_OR_RETURN(int page_size, s.inv().Int("page_size", 0));
  request.set_page_size(page_size);
  Table table({"POST", "TITLE", "EMPLOYER", "REGION", "FLAGS", "VERSION", "CREATED"});
  return ListPages(s, table, [&](const std::string& token) -> absl::StatusOr<std::string> {
    request.set_page_token(token);
    JM_ASSIGN_OR_RETURN(
        auto page,
        s.runner().Unary(stub.get(), &v1::PostingsService::Stub::ListPostsForModeration, request));
    for (const auto& p : page.posts()) {
      if (s.json()) s.out() << ToJsonLine(p);
      table.AddRow({p.post_id(), p.title(), p.employer_id(), p.region_code(),
                    FlagsText(p.moderation()), absl::StrCat(p.version()),
                    ChinaTime(p.create_time())});
    }
    return page.next_page_token();
  });
}

absl::Status ModerationApprove(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::PostingsService>("postings"));
  v1::ApprovePostRequest request;
  request.set_request_id(s.inv().Get("request_id"));
  client::EnsureRequestId(&request);
  request.set_post_id(s.inv().args[0]);
  request.set_note(s.inv().Get("note"));
  int64_t version = 0;
  JM_RETURN_IF_ERROR(SetExpectedVersion(s, &version));
  request.set_expected_version(version);
  JM_ASSIGN_OR_RETURN(
      auto resp, s.runner().Unary(stub.get(), &v1::PostingsService::Stub::ApprovePost, request));
  JM_RETURN_IF_ERROR(s.SaveConsistencyToken(resp.consistency_token()));
  return PrintDecided(s, resp.post());
}

absl::Status ModerationReject(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::PostingsService>("postings"));
  v1::RejectPostRequest request;
  request.set_request_id(s.inv().Get("request_id"));
  client::EnsureRequestId(&request);
  request.set_post_id(s.inv().args[0]);
  request.set_reason(s.inv().Get("reason"));
  int64_t version = 0;
  JM_RETURN_IF_ERROR(SetExpectedVersion(s, &version));
  request.set_expected_version(version);
  JM_ASSIGN_OR_RETURN(
      auto resp, s.runner().Unary(stub.get(), &v1::PostingsService::Stub::RejectPost, request));
  JM_RETURN_IF_ERROR(s.SaveConsistencyToken(resp.consistency_token()));
  return PrintDecided(s, resp.post());
}

}  // namespace jobmatch::jobctl
