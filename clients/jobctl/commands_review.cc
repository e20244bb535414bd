// The intake review queue for bureau staff: what needs review, confirming or
// correcting a code (which teaches the title), and the titles so taught.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
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

}  // namespace

absl::Status ReviewList(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::PostingsService>("postings"));
  v1::ListPostsForReviewRequest request;
  request.set_campaign_id(s.inv().Get("campaign"));
  request.set_region_prefix(s.inv().Get("region"));
  request.set_source(s.inv().Get("source"));
  JM_ASSIGN_OR_RETURN(int page_size, s.inv().Int("page_size", 0));
  request.set_page_size(page_size);
  Table table({"POST", "TITLE", "GUESS", "CONFIDENCE", "METHOD", "REGION", "SOURCE", "CREATED"});
  return ListPages(s, table, [&](const std::string& token) -> absl::StatusOr<std::string> {
    request.set_page_token(token);
    JM_ASSIGN_OR_RETURN(
        auto page,
        s.runner().Unary(stub.get(), &v1::PostingsService::Stub::ListPostsForReview, request));
    for (const auto& p : page.posts()) {
      if (s.json()) s.out() << ToJsonLine(p);
      table.AddRow({p.post_id(), p.title(), p.occupation_code(),
                    Decimal(p.occupation_coding().confidence()), p.occupation_coding().method(),
                    p.region_code(), p.source(), ChinaTime(p.create_time())});
    }
    return page.next_page_token();
  });
}

absl::Status ReviewConfirm(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::PostingsService>("postings"));
  v1::ReviewPostOccupationRequest request;
  request.set_request_id(s.inv().Get("request_id"));
  client::EnsureRequestId(&request);
  request.set_post_id(s.inv().args[0]);
  request.set_occupation_code(s.inv().args[1]);
  if (s.inv().Has("expected_version")) {
    int64_t version = 0;
    if (!absl::SimpleAtoi(s.inv().Get("expected_version"), &version) || version < 1) {
      return UsageError(absl::StrCat("--expected_version needs a version ≥ 1, not \"",
                                     s.inv().Get("expected_version"), "\""));
    }
    request.set_expected_version(version);
  }
  JM_ASSIGN_OR_RETURN(
      auto resp,
      s.runner().Unary(stub.get(), &v1::PostingsService::Stub::ReviewPostOccupation, request));
  JM_RETURN_IF_ERROR(s.SaveConsistencyToken(resp.consistency_token()));
  if (s.json()) {
    s.out() << ToJsonLine(resp);
    return absl::OkStatus();
  }
  const v1::Post& p = resp.post();
  Table table({"POST", "TITLE", "CODE", "METHOD", "REVIEWED BY", "VERSION", "ALSO RESOLVED"});
  table.AddRow({p.post_id(), p.title(), p.occupation_code(), p.occupation_coding().method(),
                p.occupation_coding().reviewed_by(), absl::StrCat(p.version()),
                absl::StrCat(resp.also_resolved())});
  s.out() << table.Render();
  return absl::OkStatus();
}

absl::Status ReviewLearned(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::PostingsService>("postings"));
  v1::ListLearnedTitlesRequest request;
  JM_ASSIGN_OR_RETURN(int page_size, s.inv().Int("page_size", 0));
  request.set_page_size(page_size);
  Table table({"TITLE", "CODE", "TAUGHT BY", "TAUGHT"});
  return ListPages(s, table, [&](const std::string& token) -> absl::StatusOr<std::string> {
    request.set_page_token(token);
    JM_ASSIGN_OR_RETURN(
        auto page,
        s.runner().Unary(stub.get(), &v1::PostingsService::Stub::ListLearnedTitles, request));
    for (const auto& t : page.titles()) {
      if (s.json()) s.out() << ToJsonLine(t);
      table.AddRow(
          {t.normalised_title(), t.occupation_code(), t.taught_by(), ChinaTime(t.teach_time())});
    }
    return page.next_page_token();
  });
}

}  // namespace jobmatch::jobctl
