#include "clients/jobctl/cli.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace jobmatch::jobctl {
namespace {

FlagSpec F(std::string name, std::string help, bool boolean = false) {
  return FlagSpec{std::move(name), std::move(help), boolean};
}

const FlagSpec kPageSize = F("page_size", "rows per page (the service's default when 0)");
const FlagSpec kPageToken = F("page_token", "continue from a previous answer's next page token");
const FlagSpec kAll = F("all", "follow every page", true);
const FlagSpec kLimit = F("limit", "how many to show (the service's default when 0)");
const FlagSpec kRequestId =
    F("request_id", "makes a retry of this command safe (default: a fresh id)");
const FlagSpec kConsistencyOut =
    F("consistency_out",
      "write the change's consistency token to this file, for a matcher read's --after");
const FlagSpec kAfter = F("after",
                          "consistency tokens of earlier changes (comma-separated, or @FILE "
                          "as --consistency_out wrote it): answer only once they are applied");

std::vector<CommandSpec> MakeCommands() {
  return {
      {"employers create",
       "",
       "register an employer",
       {F("name", "registered name"), F("credit_code", "统一社会信用代码, 18 characters"),
        F("region", "region code of the registered address"), F("industry", "industry in words"),
        kRequestId, kConsistencyOut},
       0,
       0,
       {"name", "credit_code", "region"}},
      {"employers list",
       "",
       "list employers",
       {F("region", "region code prefix"), kPageSize, kPageToken, kAll}},
      {"campaigns list",
       "",
       "list campaigns",
       {F("kind", "SPRING_BREEZE, VILLAGE_OUTREACH, CZT_GRADUATE_SEASON, LIVESTREAM, ..."),
        kPageSize, kPageToken, kAll}},
      {"posts create",
       "",
       "create a post",
       {F("employer", "employer id"), F("title", "title"),
        F("occupation", "occupation code (6-18-02-04)"),
        F("region", "county, township or village code"),
        F("openings", "number of openings (default 1)"), F("salary_min", "monthly CNY"),
        F("salary_max", "monthly CNY"), F("description", "description"),
        F("campaigns", "campaign ids, comma-separated"),
        F("needs_review",
          "the occupation is a guess (any level, e.g. 4): queue it for staff review", true),
        kRequestId, kConsistencyOut},
       0,
       0,
       {"employer", "title", "occupation", "region"}},
      {"posts get", "POST_ID", "show one post", {}, 1, 1},
      {"posts list",
       "",
       "list posts",
       {F("employer", "employer id"), F("campaign", "campaign id"),
        F("region", "region code prefix"), F("occupation", "occupation code prefix"),
        F("state", "OPEN, CLOSED, ... (comma-separated)"), kPageSize, kPageToken, kAll}},
      {"posts close",
       "POST_ID",
       "close a post",
       {F("reason", "why, for staff and the feed"), kRequestId, kConsistencyOut},
       1,
       1},
      {"profiles create",
       "",
       "register a jobseeker (flags) or every profile of a JSONL file",
       {F("file", "JSONL file, one jobmatch.v1.Profile (protobuf JSON) per line"),
        F("name", "name"), F("id_number", "national ID number, 18 characters"),
        F("phone", "mobile phone"), F("residence", "region code where the person lives"),
        F("hukou", "region code of the registered home (户籍地)"),
        F("education", "PRIMARY, JUNIOR_HIGH, SENIOR_HIGH, JUNIOR_COLLEGE, BACHELOR, ..."),
        F("wants", "wanted occupation codes, comma-separated"),
        F("graduation", "graduation date, YYYY-MM-DD"), kRequestId, kConsistencyOut}},
      {"profiles get", "PROFILE_ID", "show one profile (masked)", {}, 1, 1},
      {"profiles list",
       "",
       "list profiles",
       {F("region", "region code prefix"), F("group", "key group (GRADUATE, GROUP_4050, ...)"),
        kPageSize, kPageToken, kAll}},
      {"profiles declare",
       "",
       "declare a key group for a person (RETURNING_MIGRANT, LAID_OFF, DISABLED)",
       {F("profile", "profile id"), F("group", "the key group"),
        F("source", "who verified it; self-declared when empty"), kRequestId, kConsistencyOut},
       0,
       0,
       {"profile", "group"}},
      {"profiles import-groups",
       "FILE.jsonl",
       "apply a data-sharing batch (POVERTY_LABOR, LOW_INCOME): one KeyGroupImportRow per line",
       {F("source", "the agency and batch, e.g. 民政局 2026-03"), kRequestId, kConsistencyOut},
       1,
       1,
       {"source"}},
      {"import postings",
       "FILE",
       "import a fair's postings file (.csv or .jsonl); every unusable row is reported with its "
       "line",
       {F("source",
          "where the file's ids come from (a board, a fair); without it rows are keyed by "
          "their content, so the same rows in another file are the same posts"),
        F("campaigns", "campaign ids every row joins, comma-separated"),
        F("default_region", "region for rows without one"),
        F("employer", "employer id for rows that name no employer"),
        F("unknown_employers",
          "rows of employers the platform does not know: hold (report, send "
          "nothing; the default) or register (from the file's name and credit code)"),
        F("dry_run", "check the file and its employers with the service; send and register nothing",
          true),
        kRequestId, kConsistencyOut},
       1,
       1},
      {"review list",
       "",
       "posts whose occupation needs staff review, oldest first",
       {F("campaign", "campaign id"), F("region", "region code prefix"),
        F("source", "import source"), kPageSize, kPageToken, kAll}},
      {"review confirm",
       "POST_ID CODE",
       "confirm or correct a post's occupation code; the title is learned and its queued posts "
       "coded too",
       {F("expected_version", "refuse (exit 7) unless the post is still at this version"),
        kRequestId, kConsistencyOut},
       2,
       2},
      {"review learned",
       "",
       "titles staff have taught, newest first",
       {kPageSize, kPageToken, kAll}},
      {"moderation list",
       "",
       "employers' posts awaiting review (审核), oldest first, with their screening flags",
       {F("campaign", "campaign id"), F("region", "region code prefix (a recruiter's own)"),
        F("flagged", "only posts with screening flags", true),
        F("rule",
          "only posts flagged by this rule (FEE, SEX, HUKOU, ETHNICITY, HEPATITIS_B, AGE, "
          "SALARY_LURE, SALARY_BELOW_MINIMUM)"),
        kPageSize, kPageToken, kAll}},
      {"moderation approve",
       "POST_ID",
       "publish a post awaiting review (or one rejected before)",
       {F("note", "a note for the record"),
        F("expected_version", "refuse (exit 7) unless the post is still at this version"),
        kRequestId, kConsistencyOut},
       1,
       1},
      {"moderation reject",
       "POST_ID",
       "reject a post awaiting review, or take a published one down; its employer sees the reason",
       {F("reason", "why, for the employer (required)"),
        F("expected_version", "refuse (exit 7) unless the post is still at this version"),
        kRequestId, kConsistencyOut},
       1,
       1,
       {"reason"}},
      {"feed tail",
       "",
       "follow the events feed",
       {F("after", "resume after this cursor (default: the oldest kept)"),
        F("from_now", "start at the head of the feed", true),
        F("kinds", "event kinds, comma-separated (POST_CHANGED, APPLICATION, LIVE_PUSH, ...)"),
        F("campaign", "campaign id"), F("region", "region code prefix"),
        F("count", "stop after this many events (0: never)"),
        F("timeout", "stop after this long, e.g. 30s (0: never)")}},
      {"recommend posts",
       "",
       "posts for a person, best first, with reasons",
       {kAfter, F("profile", "profile id"), F("campaign", "campaign id"),
        F("region", "region code prefix"), kLimit},
       0,
       0,
       {"profile"}},
      {"recommend seekers",
       "",
       "people for a post, best first, with reasons",
       {kAfter, F("post", "post id"), F("region", "region code prefix"), F("group", "key group"),
        kLimit},
       0,
       0,
       {"post"}},
      {"explain",
       "",
       "why a person and a post match or not, rule by rule",
       {kAfter, F("profile", "profile id"), F("post", "post id")},
       0,
       0,
       {"profile", "post"}},
      {"plan",
       "",
       "a campaign-wide plan: who goes to which post, village dockets",
       {kAfter, F("campaign", "campaign id"),
        F("mode", "OPTIMAL (default), STABLE or GREEDY (the baseline)"),
        F("regions", "region code prefixes, comma-separated"),
        F("csv", "also write dockets.csv, posts.csv and groups.csv into this folder"),
        F("worklist_days",
          "plan only for the 救助找人 worklist: key-group people with no "
          "application or placement in this many days")},
       0,
       0,
       {"campaign"}},
      {"live push",
       "",
       "push a post into a live session",
       {F("post", "post id"), F("session", "live session id"), F("host", "host id"), kRequestId},
       0,
       0,
       {"post", "session"}},
      {"live watch",
       "",
       "watch the posts pushed live that a viewer is eligible for",
       {F("profile", "the viewer's profile id"),
        F("session", "live session id (default: every session)"),
        F("count", "stop after this many pushed posts (0: never)"),
        F("timeout", "stop after this long, e.g. 30s (0: never)")},
       0,
       0,
       {"profile"}},
      {"live audience",
       "",
       "a live session's viewers now and how many each recent push reached",
       {F("session", "live session id")},
       0,
       0,
       {"session"}},
      {"worklist",
       "",
       "救助找人: key-group people with no application or placement in N days, by village",
       {F("days", "days without an application or placement (default 30)"),
        F("region", "region code prefix (a recruiter's answer is cut to their regions)"),
        F("group", "only this key group, e.g. POVERTY_LABOR")},
       0,
       0,
       {}},
      {"notifications mine",
       "",
       "a jobseeker's own notifications, newest first",
       {F("profile", "profile id (default: yourself)"), kPageSize, kPageToken}},
      {"notifications log",
       "",
       "the notification delivery log with every attempt (bureau staff)",
       {F("profile", "only this person's"), F("state", "PENDING, DELIVERED or FAILED"), kPageSize,
        kPageToken},
       0,
       0,
       {}},
      {"applications apply",
       "",
       "apply to a post (a jobseeker for themself; staff for anyone)",
       {F("profile", "profile id (default: yourself, --subject or the token's)"),
        F("post", "post id"), F("channel", "app, live, fair or tablet (default app)"), kRequestId,
        kConsistencyOut},
       0,
       0,
       {"post"}},
      {"applications invite",
       "",
       "invite an applicant of your post to an interview",
       {F("profile", "the applicant's profile id"), F("post", "post id"),
        F("time", "the interview's time, RFC 3339 (2026-12-10T14:00:00+08:00)"),
        F("place", "where"), kRequestId, kConsistencyOut},
       0,
       0,
       {"profile", "post", "time", "place"}},
      {"applications hire",
       "",
       "hire an applicant (takes one opening); staff may record an on-site placement",
       {F("profile", "the applicant's profile id"), F("post", "post id"),
        F("start", "the first working day, RFC 3339 (default: now)"),
        F("on_site", "fair or tablet: placed on site without an application (staff)"), kRequestId,
        kConsistencyOut},
       0,
       0,
       {"profile", "post"}},
      {"applications reject",
       "",
       "turn an applicant down",
       {F("profile", "the applicant's profile id"), F("post", "post id"),
        F("reason", "why (the applicant sees it)"), kRequestId, kConsistencyOut},
       0,
       0,
       {"profile", "post"}},
      {"applications mine",
       "",
       "a jobseeker's applications and where each stands, newest first",
       {F("profile", "profile id (default: yourself, --subject or the token's)"), kPageSize,
        kPageToken, kAll}},
      {"applications list",
       "",
       "the applicants of your post, newest first, by stage",
       {F("post", "post id"),
        F("stage",
          "only these stages, comma-separated (APPLIED, VIEWED, INVITED, INTERVIEW_ACCEPTED, "
          "INTERVIEW_DECLINED, INTERVIEW_RESCHEDULED, HIRED, REJECTED, WITHDRAWN)"),
        kPageSize, kPageToken, kAll},
       0,
       0,
       {"post"}},
      {"applications view",
       "",
       "mark an application opened by the employer (APPLIED becomes VIEWED)",
       {F("profile", "the applicant's profile id"), F("post", "post id"), kRequestId,
        kConsistencyOut},
       0,
       0,
       {"profile", "post"}},
      {"applications respond",
       "",
       "answer an interview invitation: ACCEPT, DECLINE or RESCHEDULE (with --time)",
       {F("profile", "profile id (default: yourself, --subject or the token's)"),
        F("post", "post id"), F("answer", "ACCEPT, DECLINE or RESCHEDULE"),
        F("time", "RESCHEDULE: the proposed time, RFC 3339 (2026-12-10T14:00:00+08:00)"),
        F("note", "a note for the employer"), kRequestId, kConsistencyOut},
       0,
       0,
       {"post", "answer"}},
      {"applications withdraw",
       "",
       "withdraw an application",
       {F("profile", "profile id (default: yourself, --subject or the token's)"),
        F("post", "post id"), F("reason", "why (optional)"), kRequestId, kConsistencyOut},
       0,
       0,
       {"post"}},
      {"applications undo-hire",
       "",
       "undo a hire (the post's employer or bureau staff): its opening returns to the post",
       {F("profile", "the hired person's profile id"), F("post", "post id"),
        F("reason", "why (required)"), kRequestId, kConsistencyOut},
       0,
       0,
       {"profile", "post", "reason"}},
      {"outcomes follow-up",
       "",
       "record a 7- or 30-day follow-up visit (回访) of a hire",
       {F("profile", "the hired person"), F("post", "the post they were hired for"),
        F("visit", "DAY_7, DAY_30 or OTHER"), F("other_visit", "for OTHER: which (day-90)"),
        F("employed", "still in the job: yes or no"), F("reason", "why they left"),
        F("channel", "app, tablet or staff (default staff)"), kRequestId, kConsistencyOut},
       0,
       0,
       {"profile", "post", "visit", "employed"}},
      {"outcomes separation",
       "",
       "record that a hired person left the job",
       {F("profile", "the hired person"), F("post", "the post they left"),
        F("date", "the day they left, YYYY-MM-DD"), F("reason", "why"),
        F("channel", "app, tablet or staff (default staff)"), kRequestId, kConsistencyOut},
       0,
       0,
       {"profile", "post", "date"}},
      {"outcomes due",
       "",
       "list the follow-up visits due and not yet recorded",
       {F("region", "region code prefix of the people's residence"), kPageSize, kPageToken, kAll}},
      {"stats show",
       "",
       "show a campaign's figures, by key group and optionally by region and period",
       {F("campaign", "campaign id"), F("by", "county or community (with --period)"),
        F("period", "day, week or month (with --by)")},
       0,
       0,
       {"campaign"}},
      {"stats export",
       "",
       "write a campaign's standard table (group × region × period) as CSV or XLSX",
       {F("campaign", "campaign id"), F("by", "county or community (default county)"),
        F("period", "day, week or month (default month)"), F("format", "csv or xlsx (default csv)"),
        F("out", "the file to write")},
       0,
       0,
       {"campaign", "out"}},
  };
}

const CommandSpec* FindCommand(const std::string& path) {
  for (const CommandSpec& c : Commands()) {
    if (c.path == path) return &c;
  }
  return nullptr;
}

bool IsGroup(const std::string& word) {
  for (const CommandSpec& c : Commands()) {
    if (absl::StartsWith(c.path, word + " ")) return true;
  }
  return false;
}

std::string GroupHelp(const std::string& group) {
  std::string out = absl::StrCat("usage: jobctl ", group, " COMMAND [flags]\n\ncommands:\n");
  for (const CommandSpec& c : Commands()) {
    if (absl::StartsWith(c.path, group + " ")) {
      absl::StrAppend(&out, "  ", c.path, c.args.empty() ? "" : " " + c.args, "\n      ", c.summary,
                      "\n");
    }
  }
  absl::StrAppend(&out, "\n`jobctl ", group, " COMMAND --help` for its flags.\n");
  return out;
}

const FlagSpec* FindFlag(const std::vector<FlagSpec>& flags, const std::string& name) {
  for (const FlagSpec& f : flags) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// A flag of any command: whether it takes a value is the same everywhere.
const FlagSpec* AnyFlag(const std::string& name) {
  if (const FlagSpec* f = FindFlag(GlobalFlags(), name)) return f;
  for (const CommandSpec& c : Commands()) {
    if (const FlagSpec* f = FindFlag(c.flags, name)) return f;
  }
  return nullptr;
}

void AppendFlags(std::string* out, const std::vector<FlagSpec>& flags) {
  for (const FlagSpec& f : flags) {
    absl::StrAppend(out, "  --", f.name, f.boolean ? "" : "=VALUE", "\n      ", f.help, "\n");
  }
}

}  // namespace

int ExitCodeFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return kExitOk;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return kExitInvalid;
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
      return kExitDenied;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return kExitUnavailable;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return kExitConflict;
    default:
      return kExitFailure;
  }
}

constexpr char kUsagePayload[] = "jobmatch.jobctl/usage";

absl::Status UsageError(absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayload, absl::Cord("1"));
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return status.GetPayload(kUsagePayload).has_value();
}

const std::vector<FlagSpec>& GlobalFlags() {
  static const auto* const flags = new std::vector<FlagSpec>{
      F("postings", "postings service (default 127.0.0.1:50051)"),
      F("profiles", "profiles service (default 127.0.0.1:50052)"),
      F("events", "events service (default 127.0.0.1:50053)"),
      F("matcher", "matcher service (default 127.0.0.1:50054)"),
      F("ca_file",
        "CA of the services' TLS certificates (else $JOBMATCH_CA_FILE; none: plaintext)"),
      F("token_file", "bearer token file (else $JOBMATCH_TOKEN or $JOBMATCH_TOKEN_FILE)"),
      F("role", "role sent to plaintext development servers (default admin)"),
      F("subject", "caller id sent to plaintext development servers"),
      F("deadline", "per-call deadline, e.g. 10s (default 10s)"),
      F("json", "print protobuf JSON, one message per line, instead of tables", true),
      F("help", "show help", true),
  };
  return *flags;
}

const std::vector<CommandSpec>& Commands() {
  static const auto* const commands = new std::vector<CommandSpec>(MakeCommands());
  return *commands;
}

std::string Invocation::Get(const std::string& name, const std::string& fallback) const {
  auto it = flags.find(name);
  return it == flags.end() ? fallback : it->second;
}

bool Invocation::Bool(const std::string& name) const {
  const std::string v = absl::AsciiStrToLower(Get(name, "false"));
  return v == "true" || v == "1" || v == "yes";
}

absl::StatusOr<int> Invocation::Int(const std::string& name, int fallback) const {
  if (!Has(name)) return fallback;
  int value = 0;
  if (!absl::SimpleAtoi(Get(name), &value) || value < 0) {
    return UsageError(
        absl::StrCat("--", name, " needs a whole number ≥ 0, not \"", Get(name), "\""));
  }
  return value;
}

absl::StatusOr<absl::Duration> Invocation::Duration(const std::string& name,
                                                    absl::Duration fallback) const {
  if (!Has(name)) return fallback;
  absl::Duration d;
  std::string text = Get(name);
  if (text == "0") return absl::ZeroDuration();
  if (!absl::ParseDuration(text, &d) || d < absl::ZeroDuration()) {
    return UsageError(
        absl::StrCat("--", name, " needs a duration such as 30s or 2m, not \"", text, "\""));
  }
  return d;
}

std::vector<std::string> Invocation::List(const std::string& name) const {
  if (!Has(name)) return {};
  return absl::StrSplit(Get(name), ',', absl::SkipWhitespace());
}

absl::StatusOr<Invocation> Parse(const std::vector<std::string>& argv) {
  Invocation inv;
  std::vector<std::string> words;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--") {
      words.insert(words.end(), argv.begin() + i + 1, argv.end());
      break;
    }
    if (!absl::StartsWith(a, "--") || a.size() == 2) {
      words.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::string value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    const FlagSpec* spec = AnyFlag(name);
    if (spec == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    if (!has_value) {
      if (spec->boolean) {
        value = "true";
      } else if (i + 1 < argv.size()) {
        value = argv[++i];
      } else {
        return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
      }
    }
    inv.flags[name] = value;
  }
  inv.help = inv.Bool("help");

  // The longest leading run of words that names a command.
  for (size_t n = std::min<size_t>(words.size(), 2); n > 0 && inv.command == nullptr; --n) {
    std::vector<std::string> head(words.begin(), words.begin() + n);
    if (const CommandSpec* c = FindCommand(absl::StrJoin(head, " "))) {
      inv.command = c;
      inv.args.assign(words.begin() + n, words.end());
    }
  }
  if (inv.command == nullptr) {
    if (words.empty()) {
      if (inv.help) {
        inv.help_text = OverviewHelp();
        return inv;
      }
      return absl::InvalidArgumentError("no command given; `jobctl --help` lists them");
    }
    if (IsGroup(words[0]) && (words.size() == 1 || inv.help)) {
      inv.help = true;
      inv.help_text = GroupHelp(words[0]);
      return inv;
    }
    return absl::InvalidArgumentError(absl::StrCat("unknown command \"", absl::StrJoin(words, " "),
                                                   "\"; `jobctl --help` lists them"));
  }
  if (inv.help) {
    inv.help_text = CommandHelp(*inv.command);
    return inv;
  }
  for (const auto& [name, value] : inv.flags) {
    if (!FindFlag(GlobalFlags(), name) && !FindFlag(inv.command->flags, name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("jobctl ", inv.command->path, " takes no --", name));
    }
  }
  for (const std::string& name : inv.command->required) {
    if (inv.Get(name).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("jobctl ", inv.command->path, " needs --", name));
    }
  }
  const int n = static_cast<int>(inv.args.size());
  if (n < inv.command->min_args || n > inv.command->max_args) {
    return absl::InvalidArgumentError(
        inv.command->max_args == 0
            ? absl::StrCat("jobctl ", inv.command->path, " takes no arguments, got \"", inv.args[0],
                           "\"")
            : absl::StrCat("usage: jobctl ", inv.command->path, " ", inv.command->args));
  }
  return inv;
}

std::string OverviewHelp() {
  std::string out =
      "usage: jobctl [global flags] COMMAND [flags] [args]\n\n"
      "The jobmatch command line for bureau staff and scripts.\n\ncommands:\n";
  for (const CommandSpec& c : Commands()) {
    absl::StrAppend(&out, "  ", c.path, c.args.empty() ? "" : " " + c.args, "\n      ", c.summary,
                    "\n");
  }
  absl::StrAppend(&out, "\nglobal flags:\n");
  AppendFlags(&out, GlobalFlags());
  absl::StrAppend(&out,
                  "\nexit codes: 0 ok, 1 other failure, 2 usage, 3 invalid argument or failed "
                  "precondition,\n4 not found, 5 permission denied or unauthenticated, 6 "
                  "unavailable or deadline exceeded,\n7 already exists or aborted, 8 done but some "
                  "rows of the file were not used.\n");
  return out;
}

std::string CommandHelp(const CommandSpec& command) {
  std::string out =
      absl::StrCat("usage: jobctl ", command.path, " [flags]",
                   command.args.empty() ? "" : " " + command.args, "\n\n", command.summary, "\n");
  if (!command.required.empty()) {
    absl::StrAppend(&out, "\nrequired: --", absl::StrJoin(command.required, ", --"), "\n");
  }
  if (!command.flags.empty()) {
    absl::StrAppend(&out, "\nflags:\n");
    AppendFlags(&out, command.flags);
  }
  absl::StrAppend(&out, "\nglobal flags: see `jobctl --help`.\n");
  return out;
}

}  // namespace jobmatch::jobctl
