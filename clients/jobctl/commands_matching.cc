// Matching (recommendations, explanations), campaign plans, live push and
// the events feed.
#include <chrono>
#include <filesystem>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "clients/jobctl/commands.h"
#include "clients/jobctl/format.h"
#include "jobmatch/v1/events.grpc.pb.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "services/common/status_macros.h"

namespace jobmatch::jobctl {
namespace {

namespace v1 = ::jobmatch::v1;
using Matcher = v1::MatcherService::Stub;

std::string GroupName(int g) { return EnumName(v1::KeyGroup_descriptor(), "KEY_GROUP_", g); }

// One CSV cell, quoted when it must be (RFC 4180).
std::string Csv(const std::string& cell) {
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  return absl::StrCat("\"", absl::StrReplaceAll(cell, {{"\"", "\"\""}}), "\"");
}

absl::Status WriteCsv(const std::filesystem::path& file, const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows) {
  std::ofstream out(file);
  if (!out) return absl::PermissionDeniedError(absl::StrCat("cannot write ", file.string()));
  auto line = [&out](const std::vector<std::string>& cells) {
    std::vector<std::string> quoted;
    for (const auto& c : cells) quoted.push_back(Csv(c));
    out << absl::StrJoin(quoted, ",") << "\n";
  };
  line(header);
  for (const auto& r : rows) line(r);
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("writing ", file.string(), " failed"));
  return absl::OkStatus();
}

// Streams end by count, by timeout or by the server. A deadline that ends a
// stream the caller bounded with --timeout is the normal end.
absl::Duration StreamDeadline(absl::Duration timeout) {
  return timeout > absl::ZeroDuration() ? timeout : absl::Hours(24 * 365);
}

// How a stream the caller bounded ended: OK once `count` items arrived; at
// --timeout OK unless `count` items were required; else the stream's status.
absl::Status StreamEnd(const grpc::Status& status, int seen, int count, absl::Duration timeout,
                       bool count_required, absl::string_view what) {
  if (count > 0 && seen >= count) return absl::OkStatus();
  if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED &&
      timeout > absl::ZeroDuration()) {
    if (!count_required || count == 0) return absl::OkStatus();
    return absl::DeadlineExceededError(absl::StrCat("only ", seen, " of ", count, " ", what,
                                                    " arrived within ",
                                                    absl::FormatDuration(timeout)));
  }
  return FromGrpcStatus(status);
}

}  // namespace

absl::Status RecommendPosts(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::MatcherService>("matcher"));
  v1::RecommendPostsRequest request;
  JM_ASSIGN_OR_RETURN(auto after, s.AfterTokens());
  for (auto& t : after) request.add_consistency_tokens(std::move(t));
  request.set_profile_id(s.inv().Get("profile"));
  request.set_campaign_id(s.inv().Get("campaign"));
  request.set_region_prefix(s.inv().Get("region"));
  JM_ASSIGN_OR_RETURN(int limit, s.inv().Int("limit", 0));
  request.set_page_size(limit);
  JM_ASSIGN_OR_RETURN(auto response,
                      s.runner().Unary(stub.get(), &Matcher::RecommendPosts, request));
  if (s.json()) {
    for (const auto& m : response.matches()) s.out() << ToJsonLine(m);
    return absl::OkStatus();
  }
  Table table({"#", "POST", "TITLE", "REGION", "KM", "SALARY", "SCORE", "REASONS"});
  int rank = 0;
  for (const auto& m : response.matches()) {
    table.AddRow({absl::StrCat(++rank), m.post_id(), m.title(), m.region_code(),
                  Decimal(m.distance_km()), SalaryText(m.salary()), Decimal(m.score()),
                  ReasonsText(m.reasons())});
  }
  s.out() << table.Render();
  return absl::OkStatus();
}

absl::Status RecommendSeekers(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::MatcherService>("matcher"));
  v1::RecommendSeekersRequest request;
  JM_ASSIGN_OR_RETURN(auto after, s.AfterTokens());
  for (auto& t : after) request.add_consistency_tokens(std::move(t));
  request.set_post_id(s.inv().Get("post"));
  request.set_region_prefix(s.inv().Get("region"));
  if (s.inv().Has("group")) {
    JM_ASSIGN_OR_RETURN(
        int g, ParseEnum(v1::KeyGroup_descriptor(), "KEY_GROUP_", s.inv().Get("group"), "group"));
    request.set_key_group(static_cast<v1::KeyGroup>(g));
  }
  JM_ASSIGN_OR_RETURN(int limit, s.inv().Int("limit", 0));
  request.set_page_size(limit);
  JM_ASSIGN_OR_RETURN(auto response,
                      s.runner().Unary(stub.get(), &Matcher::RecommendSeekers, request));
  if (s.json()) {
    for (const auto& m : response.matches()) s.out() << ToJsonLine(m);
    return absl::OkStatus();
  }
  Table table({"#", "PROFILE", "NAME", "AGE", "GROUPS", "KM", "SCORE", "REASONS"});
  int rank = 0;
  for (const auto& m : response.matches()) {
    std::vector<std::string> groups;
    for (int g : m.key_groups()) groups.push_back(GroupName(g));
    table.AddRow({absl::StrCat(++rank), m.profile_id(), m.display_name(), absl::StrCat(m.age()),
                  absl::StrJoin(groups, ","), Decimal(m.distance_km()), Decimal(m.score()),
                  ReasonsText(m.reasons())});
  }
  s.out() << table.Render();
  return absl::OkStatus();
}

absl::Status Explain(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::MatcherService>("matcher"));
  v1::ExplainMatchRequest request;
  JM_ASSIGN_OR_RETURN(auto after, s.AfterTokens());
  for (auto& t : after) request.add_consistency_tokens(std::move(t));
  request.set_profile_id(s.inv().Get("profile"));
  request.set_post_id(s.inv().Get("post"));
  JM_ASSIGN_OR_RETURN(auto response, s.runner().Unary(stub.get(), &Matcher::ExplainMatch, request));
  if (s.json()) {
    s.out() << ToJsonLine(response);
    return absl::OkStatus();
  }
  s.out() << (response.eligible() ? "eligible" : "not eligible");
  if (response.eligible()) s.out() << ", score " << Decimal(response.score());
  s.out() << "\n";
  Table rules({"RULE", "RESULT", "WHY"});
  for (const auto& c : response.checks()) {
    rules.AddRow({EnumName(v1::ReasonCode_descriptor(), "REASON_CODE_", c.rule()),
                  !c.passed()   ? "fails"
                  : c.relaxed() ? "passes (relaxed)"
                                : "passes",
                  c.text()});
  }
  s.out() << rules.Render();
  if (response.reasons_size() > 0) {
    Table reasons({"SCORE PART", "ADDS", "WHY"});
    for (const auto& r : response.reasons()) {
      reasons.AddRow({EnumName(v1::ReasonCode_descriptor(), "REASON_CODE_", r.code()),
                      Decimal(r.contribution()), r.text()});
    }
    s.out() << "\n" << reasons.Render();
  }
  return absl::OkStatus();
}

absl::Status Plan(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::MatcherService>("matcher"));
  v1::PlanCampaignRequest request;
  JM_ASSIGN_OR_RETURN(auto after, s.AfterTokens());
  for (auto& t : after) request.add_consistency_tokens(std::move(t));
  request.set_campaign_id(s.inv().Get("campaign"));
  JM_ASSIGN_OR_RETURN(int mode, ParseEnum(v1::PlanMode_descriptor(), "PLAN_MODE_",
                                          s.inv().Get("mode", "OPTIMAL"), "mode"));
  request.set_mode(static_cast<v1::PlanMode>(mode));
  for (const auto& r : s.inv().List("regions")) request.add_region_prefixes(r);
  JM_ASSIGN_OR_RETURN(int worklist_days, s.inv().Int("worklist_days", 0));
  request.set_worklist_days(worklist_days);
  // A large campaign's plan takes longer than a lookup.
  absl::Duration deadline = std::max(s.options().deadline, absl::Minutes(2));
  v1::PlanCampaignResponse response;
  JM_RETURN_IF_ERROR(s.runner().Run(
      [&](grpc::ClientContext* context) {
        response.Clear();
        return stub->PlanCampaign(context, request, &response);
      },
      nullptr, deadline));

  // The same rows serve the tables and the CSV files.
  std::vector<std::vector<std::string>> group_rows, docket_rows, post_rows, demand_rows;
  for (const auto& g : response.groups()) {
    group_rows.push_back({GroupName(g.group()), absl::StrCat(g.candidates()),
                          absl::StrCat(g.placed()),
                          absl::StrCat(g.reserved_used(), "/", g.reserved()),
                          absl::StrCat(g.campaign_reserved_used(), "/", g.campaign_reserved()),
                          Decimal(g.cutoff_score())});
  }
  for (const auto& d : response.dockets()) {
    for (const auto& a : d.assignments()) {
      docket_rows.push_back({d.region_code(), d.region_name(), a.profile_id(), a.post_id(),
                             Decimal(a.score()), GroupName(a.reserved_for()),
                             ReasonsText(a.reasons())});
    }
    for (const auto& h : d.household_demand()) {
      demand_rows.push_back({d.region_code(), d.region_name(), h.occupation_code(),
                             absl::StrCat(h.households()), absl::StrJoin(h.post_ids(), " "),
                             absl::StrCat(h.openings_left())});
    }
  }
  for (const auto& p : response.posts()) {
    post_rows.push_back(
        {p.post_id(), absl::StrCat(p.openings()), absl::StrCat(p.assignments_size())});
  }
  const std::vector<std::string> group_header = {"GROUP",           "CANDIDATES",         "PLACED",
                                                 "POST SEATS USED", "CAMPAIGN FLOOR MET", "CUTOFF"};
  const std::vector<std::string> docket_header = {"REGION", "NAME",         "PROFILE", "POST",
                                                  "SCORE",  "RESERVED FOR", "REASONS"};
  const std::vector<std::string> post_header = {"POST", "OPENINGS", "ASSIGNED"};
  const std::vector<std::string> demand_header = {
      "REGION", "NAME", "OCCUPATION", "HOUSEHOLDS", "POSTS LEFT OPEN", "OPENINGS LEFT"};

  if (s.inv().Has("csv")) {
    const std::filesystem::path dir = s.inv().Get("csv");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
      return absl::PermissionDeniedError(
          absl::StrCat("cannot make ", dir.string(), ": ", ec.message()));
    JM_RETURN_IF_ERROR(WriteCsv(dir / "groups.csv", group_header, group_rows));
    JM_RETURN_IF_ERROR(WriteCsv(dir / "dockets.csv", docket_header, docket_rows));
    JM_RETURN_IF_ERROR(WriteCsv(dir / "posts.csv", post_header, post_rows));
    JM_RETURN_IF_ERROR(WriteCsv(dir / "household_demand.csv", demand_header, demand_rows));
  }
  if (s.json()) {
    s.out() << ToJsonLine(response);
    return absl::OkStatus();
  }
  s.out() << "plan for campaign " << response.campaign_id() << " ("
          << EnumName(v1::PlanMode_descriptor(), "PLAN_MODE_", response.mode())
          << "): " << response.people_placed() << " people placed, total score "
          << Decimal(response.total_score()) << ", " << response.dockets_size() << " dockets\n\n";
  Table groups(group_header);
  for (auto& r : group_rows) groups.AddRow(r);
  s.out() << groups.Render();
  for (const auto& d : response.dockets()) {
    s.out() << "\ndocket " << d.region_code() << " " << d.region_name() << ": bring "
            << d.post_ids_size() << " posts of " << d.employer_ids_size() << " employers ("
            << absl::StrJoin(d.post_ids(), ", ") << ")\n";
    Table t({"PROFILE", "POST", "SCORE", "RESERVED FOR", "REASONS"});
    for (const auto& a : d.assignments()) {
      t.AddRow({a.profile_id(), a.post_id(), Decimal(a.score()), GroupName(a.reserved_for()),
                ReasonsText(a.reasons())});
    }
    if (d.assignments_size() > 0) s.out() << t.Render();
    if (d.household_demand_size() > 0) {
      s.out() << "unregistered households' demand (先有需求):\n";
      Table h({"OCCUPATION", "HOUSEHOLDS", "POSTS LEFT OPEN", "OPENINGS LEFT"});
      for (const auto& demand : d.household_demand()) {
        h.AddRow({demand.occupation_code(), absl::StrCat(demand.households()),
                  absl::StrJoin(demand.post_ids(), " "), absl::StrCat(demand.openings_left())});
      }
      s.out() << h.Render();
    }
  }
  return absl::OkStatus();
}

absl::Status LivePush(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::EventsService>("events"));
  v1::PushLivePostRequest request;
  request.set_request_id(s.inv().Has("request_id") ? s.inv().Get("request_id")
                                                   : client::NewRequestId());
  request.set_post_id(s.inv().Get("post"));
  request.mutable_live_push()->set_session_id(s.inv().Get("session"));
  request.mutable_live_push()->set_host_id(s.inv().Get("host", s.options().identity.subject));
  JM_ASSIGN_OR_RETURN(
      auto response, s.runner().Unary(stub.get(), &v1::EventsService::Stub::PushLivePost, request));
  if (s.json()) {
    s.out() << ToJsonLine(response.event());
  } else {
    s.out() << "pushed " << response.event().post_id() << " in session "
            << response.event().live_push().session_id() << " (feed cursor "
            << response.event().cursor() << ")\n";
  }
  return absl::OkStatus();
}

absl::Status LiveWatch(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::MatcherService>("matcher"));
  JM_ASSIGN_OR_RETURN(int count, s.inv().Int("count", 0));
  JM_ASSIGN_OR_RETURN(absl::Duration timeout, s.inv().Duration("timeout", absl::ZeroDuration()));
  v1::WatchMatchesRequest request;
  request.set_profile_id(s.inv().Get("profile"));
  request.set_session_id(s.inv().Get("session"));
  // One attempt: a watcher that reconnected would miss what was pushed meanwhile.
  grpc::ClientContext context;
  s.runner().Prepare(&context, StreamDeadline(timeout));
  auto reader = stub->WatchMatches(&context, request);
  s.err() << "watching for " << request.profile_id() << "\n" << std::flush;
  int seen = 0;
  v1::WatchMatchesResponse item;
  while (reader->Read(&item)) {
    if (!item.has_pushed()) continue;
    const v1::PostMatch& m = item.pushed();
    if (s.json()) {
      s.out() << ToJsonLine(item);
    } else {
      s.out() << "pushed " << m.post_id() << " " << m.title() << " (session " << item.session_id()
              << ", score " << Decimal(m.score()) << "): " << ReasonsText(m.reasons()) << "\n";
    }
    s.out() << std::flush;
    if (count > 0 && ++seen >= count) {
      context.TryCancel();
      break;
    }
  }
  return StreamEnd(reader->Finish(), seen, count, timeout, /*count_required=*/true, "pushed posts");
}

absl::Status FeedTail(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::EventsService>("events"));
  JM_ASSIGN_OR_RETURN(int count, s.inv().Int("count", 0));
  JM_ASSIGN_OR_RETURN(absl::Duration timeout, s.inv().Duration("timeout", absl::ZeroDuration()));
  v1::SubscribeRequest request;
  int64_t after = 0;
  if (s.inv().Has("after") && !absl::SimpleAtoi(s.inv().Get("after"), &after)) {
    return UsageError(
        absl::StrCat("--after needs a feed cursor, not \"", s.inv().Get("after"), "\""));
  }
  request.set_after_cursor(after);
  request.set_from_now(s.inv().Bool("from_now"));
  for (const auto& k : s.inv().List("kinds")) {
    JM_ASSIGN_OR_RETURN(int kind, ParseEnum(v1::EventKind_descriptor(), "EVENT_KIND_", k, "kinds"));
    request.add_kinds(static_cast<v1::EventKind>(kind));
  }
  request.set_campaign_id(s.inv().Get("campaign"));
  request.set_region_prefix(s.inv().Get("region"));
  grpc::ClientContext context;
  s.runner().Prepare(&context, StreamDeadline(timeout));
  auto reader = stub->Subscribe(&context, request);
  int seen = 0;
  v1::SubscribeResponse item;
  while (reader->Read(&item)) {
    if (!item.has_event()) continue;
    const v1::Event& e = item.event();
    if (s.json()) {
      s.out() << ToJsonLine(e);
    } else {
      std::string line =
          absl::StrFormat("%-8d %s %-18s", e.cursor(), ChinaTime(e.time()),
                          EnumName(v1::EventKind_descriptor(), "EVENT_KIND_", e.kind()));
      if (!e.post_id().empty()) absl::StrAppend(&line, " post=", e.post_id());
      if (!e.profile_id().empty()) absl::StrAppend(&line, " profile=", e.profile_id());
      if (!e.employer_id().empty()) absl::StrAppend(&line, " employer=", e.employer_id());
      if (!e.campaign_id().empty()) absl::StrAppend(&line, " campaign=", e.campaign_id());
      if (!e.region_code().empty()) absl::StrAppend(&line, " region=", e.region_code());
      s.out() << line << "\n";
    }
    s.out() << std::flush;
    if (count > 0 && ++seen >= count) {
      context.TryCancel();
      break;
    }
  }
  return StreamEnd(reader->Finish(), seen, count, timeout, /*count_required=*/false, "events");
}

}  // namespace jobmatch::jobctl
