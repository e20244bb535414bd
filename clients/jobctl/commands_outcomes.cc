// Outcomes of hires (follow-up visits, people leaving, what is due) and the
// campaign statistics with their CSV/XLSX export.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clients/jobctl/cli.h"
#include "clients/jobctl/commands.h"
#include "clients/jobctl/format.h"
#include "clients/jobctl/paging.h"
#include "clients/jobctl/stats_export.h"
#include "clients/lib/call_runner.h"
#include "jobmatch/v1/events.grpc.pb.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace jobmatch::jobctl {
namespace {

namespace v1 = ::jobmatch::v1;
using Events = v1::EventsService::Stub;

// --by and --period: both given, or neither (then: no cells).
absl::Status SetBreakdown(Session& s, v1::CampaignStatsRequest* request, bool required) {
  if (!required && !s.inv().Has("by") && !s.inv().Has("period")) return absl::OkStatus();
  JM_ASSIGN_OR_RETURN(int level, ParseEnum(v1::StatsRegionLevel_descriptor(), "STATS_REGION_LEVEL_",
                                           s.inv().Get("by", "county"), "by"));
  JM_ASSIGN_OR_RETURN(int period, ParseEnum(v1::StatsPeriod_descriptor(), "STATS_PERIOD_",
                                            s.inv().Get("period", "month"), "period"));
  request->set_region_level(static_cast<v1::StatsRegionLevel>(level));
  request->set_period(static_cast<v1::StatsPeriod>(period));
  return absl::OkStatus();
}

absl::StatusOr<v1::CampaignStatsResponse> FetchStats(Session& s, bool cells_required) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::EventsService>("events"));
  v1::CampaignStatsRequest request;
  request.set_campaign_id(s.inv().Get("campaign"));
  JM_RETURN_IF_ERROR(SetBreakdown(s, &request, cells_required));
  return s.runner().Unary(stub.get(), &Events::CampaignStats, request);
}

}  // namespace

absl::Status OutcomesFollowUp(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::EventsService>("events"));
  v1::RecordFollowUpRequest request;
  request.set_request_id(s.inv().Get("request_id"));
  client::EnsureRequestId(&request);
  request.set_profile_id(s.inv().Get("profile"));
  request.set_post_id(s.inv().Get("post"));
  v1::FollowUp* f = request.mutable_follow_up();
  JM_ASSIGN_OR_RETURN(int visit, ParseEnum(v1::FollowUpVisit_descriptor(), "FOLLOW_UP_VISIT_",
                                           s.inv().Get("visit"), "visit"));
  f->set_visit(static_cast<v1::FollowUpVisit>(visit));
  f->set_other_visit(s.inv().Get("other_visit"));
  const std::string employed = absl::AsciiStrToLower(s.inv().Get("employed"));
  if (employed != "yes" && employed != "no") return UsageError("--employed needs yes or no");
  f->set_still_employed(employed == "yes");
  f->set_reason(s.inv().Get("reason"));
  f->set_channel(s.inv().Get("channel", "staff"));
  JM_ASSIGN_OR_RETURN(auto resp, s.runner().Unary(stub.get(), &Events::RecordFollowUp, request));
  JM_RETURN_IF_ERROR(s.SaveConsistencyToken(resp.consistency_token()));
  if (s.json()) {
    s.out() << ToJsonLine(resp);
  } else {
    s.out() << "recorded " << EnumName(v1::FollowUpVisit_descriptor(), "FOLLOW_UP_VISIT_", visit)
            << " follow-up of " << request.profile_id() << " at " << request.post_id() << " (event "
            << resp.event().cursor() << ")\n";
  }
  return absl::OkStatus();
}

absl::Status OutcomesSeparation(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::EventsService>("events"));
  v1::RecordSeparationRequest request;
  request.set_request_id(s.inv().Get("request_id"));
  client::EnsureRequestId(&request);
  request.set_profile_id(s.inv().Get("profile"));
  request.set_post_id(s.inv().Get("post"));
  absl::CivilDay day;
  if (!absl::ParseCivilTime(s.inv().Get("date"), &day)) {
    return UsageError(absl::StrCat("--date needs YYYY-MM-DD, not \"", s.inv().Get("date"), "\""));
  }
  *request.mutable_separation()->mutable_date() = ToProto(absl::FromCivil(day, ChinaTimeZone()));
  request.mutable_separation()->set_reason(s.inv().Get("reason"));
  request.mutable_separation()->set_channel(s.inv().Get("channel", "staff"));
  JM_ASSIGN_OR_RETURN(auto resp, s.runner().Unary(stub.get(), &Events::RecordSeparation, request));
  JM_RETURN_IF_ERROR(s.SaveConsistencyToken(resp.consistency_token()));
  if (s.json()) {
    s.out() << ToJsonLine(resp);
  } else {
    s.out() << "recorded that " << request.profile_id() << " left " << request.post_id()
            << " (event " << resp.event().cursor() << ")\n";
  }
  return absl::OkStatus();
}

absl::Status OutcomesDue(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::EventsService>("events"));
  v1::ListDueFollowUpsRequest request;
  request.set_region_prefix(s.inv().Get("region"));
  JM_ASSIGN_OR_RETURN(int page_size, s.inv().Int("page_size", 0));
  request.set_page_size(page_size);
  Table table({"PROFILE", "POST", "VISIT", "DUE", "REGION", "CAMPAIGNS"});
  return ListPages(s, table, [&](const std::string& token) -> absl::StatusOr<std::string> {
    request.set_page_token(token);
    JM_ASSIGN_OR_RETURN(auto page,
                        s.runner().Unary(stub.get(), &Events::ListDueFollowUps, request));
    for (const auto& d : page.due()) {
      if (s.json()) s.out() << ToJsonLine(d);
      table.AddRow({d.profile_id(), d.post_id(),
                    EnumName(v1::FollowUpVisit_descriptor(), "FOLLOW_UP_VISIT_", d.visit()),
                    ChinaTime(d.due_time()), d.region_code(),
                    absl::StrJoin(d.campaign_ids(), ",")});
    }
    return page.next_page_token();
  });
}

absl::Status StatsShow(Session& s) {
  JM_ASSIGN_OR_RETURN(v1::CampaignStatsResponse stats, FetchStats(s, false));
  if (s.json()) {
    s.out() << ToJsonLine(stats);
    return absl::OkStatus();
  }
  const StatsSheet sheet = BuildStatsSheet(stats);
  Table table(sheet.headers);
  for (const auto& row : sheet.rows) table.AddRow(row);
  s.out() << table.Render();
  return absl::OkStatus();
}

absl::Status StatsExport(Session& s) {
  const std::string format = absl::AsciiStrToLower(s.inv().Get("format", "csv"));
  if (format != "csv" && format != "xlsx") {
    return UsageError(absl::StrCat("--format needs csv or xlsx, not \"", format, "\""));
  }
  JM_ASSIGN_OR_RETURN(v1::CampaignStatsResponse stats, FetchStats(s, true));
  const std::string path = s.inv().Get("out");
  const StatsSheet sheet = BuildStatsSheet(stats);
  if (format == "csv") {
    JM_RETURN_IF_ERROR(WriteCsv(sheet, path));
  } else {
    JM_RETURN_IF_ERROR(WriteXlsx(sheet, "统计", path));
  }
  s.err() << "wrote " << sheet.rows.size() << " rows of campaign " << stats.campaign_id() << " to "
          << path << "\n";
  return absl::OkStatus();
}

}  // namespace jobmatch::jobctl
