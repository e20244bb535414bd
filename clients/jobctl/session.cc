#include "clients/jobctl/session.h"

#include <fstream>
#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/jobctl/commands.h"
#include "clients/lib/secret_flags.h"
#include "clients/lib/token_claims.h"
#include "services/common/field_violations.h"

namespace jobmatch::jobctl {
namespace {

const std::map<std::string, std::string>& DefaultTargets() {
  static const auto* const targets = new std::map<std::string, std::string>{
      {"postings", "127.0.0.1:50051"},
      {"profiles", "127.0.0.1:50052"},
      {"events", "127.0.0.1:50053"},
      {"matcher", "127.0.0.1:50054"},
  };
  return *targets;
}

// A command that may finish with some rows unused (exit 8).
using Command = std::function<absl::Status(Session&, bool* partial)>;

Command Whole(absl::Status (*f)(Session&)) {
  return [f](Session& s, bool*) { return f(s); };
}

const std::map<std::string, Command>& Dispatch() {
  static const auto* const table = new std::map<std::string, Command>{
      {"employers create", Whole(EmployersCreate)},
      {"employers list", Whole(EmployersList)},
      {"campaigns list", Whole(CampaignsList)},
      {"posts create", Whole(PostsCreate)},
      {"posts get", Whole(PostsGet)},
      {"posts list", Whole(PostsList)},
      {"posts close", Whole(PostsClose)},
      {"profiles create", ProfilesCreate},
      {"profiles get", Whole(ProfilesGet)},
      {"profiles list", Whole(ProfilesList)},
      {"profiles declare", Whole(ProfilesDeclare)},
      {"profiles import-groups", ProfilesImportGroups},
      {"import postings", ImportPostings},
      {"review list", Whole(ReviewList)},
      {"review confirm", Whole(ReviewConfirm)},
      {"review learned", Whole(ReviewLearned)},
      {"moderation list", Whole(ModerationList)},
      {"moderation approve", Whole(ModerationApprove)},
      {"moderation reject", Whole(ModerationReject)},
      {"feed tail", Whole(FeedTail)},
      {"recommend posts", Whole(RecommendPosts)},
      {"recommend seekers", Whole(RecommendSeekers)},
      {"explain", Whole(Explain)},
      {"plan", Whole(Plan)},
      {"live push", Whole(LivePush)},
      {"live watch", Whole(LiveWatch)},
      {"live audience", Whole(LiveAudience)},
      {"worklist", Whole(Worklist)},
      {"notifications mine", Whole(NotificationsMine)},
      {"notifications log", Whole(NotificationsLog)},
      {"applications apply", Whole(ApplicationsApply)},
      {"applications invite", Whole(ApplicationsInvite)},
      {"applications hire", Whole(ApplicationsHire)},
      {"applications reject", Whole(ApplicationsReject)},
      {"applications mine", Whole(ApplicationsMine)},
      {"applications list", Whole(ApplicationsList)},
      {"applications view", Whole(ApplicationsView)},
      {"applications respond", Whole(ApplicationsRespond)},
      {"applications withdraw", Whole(ApplicationsWithdraw)},
      {"applications undo-hire", Whole(ApplicationsUndoHire)},
      {"outcomes follow-up", Whole(OutcomesFollowUp)},
      {"outcomes separation", Whole(OutcomesSeparation)},
      {"outcomes due", Whole(OutcomesDue)},
      {"stats show", Whole(StatsShow)},
      {"stats export", Whole(StatsExport)},
  };
  return *table;
}

void PrintError(const absl::Status& status, std::ostream& err) {
  err << "jobctl: " << absl::StatusCodeToString(status.code()) << ": " << status.message() << "\n";
  const google::rpc::BadRequest bad = BadRequestOf(status);
  for (const auto& v : bad.field_violations()) {
    err << "  " << v.field() << ": " << v.description() << "\n";
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<Session>> Session::Create(const Invocation& invocation,
                                                         Output output) {
  client::ClientOptions options;
  auto deadline = invocation.Duration("deadline", absl::Seconds(10));
  if (!deadline.ok()) return deadline.status();
  if (*deadline > absl::ZeroDuration()) options.deadline = *deadline;
  options.identity.role = invocation.Get("role", "admin");
  options.identity.subject = invocation.Get("subject");
  client::ConnectionSettings flags;
  flags.ca_file = invocation.Get("ca_file");
  flags.token_file = invocation.Get("token_file");
  client::ConnectionSettings connection = client::FromEnvironment(flags);
  // With a token the services know the caller from it, so "yourself" is its
  // subject. An unreadable token is left for the channel to report.
  if (options.identity.subject.empty()) {
    auto token = client::BearerToken(connection);
    if (token.ok() && !token->empty()) {
      if (auto claims = client::ReadUnverifiedClaims(*token); claims.ok()) {
        options.identity.subject = claims->subject;
      }
    }
  }
  return std::unique_ptr<Session>(new Session(invocation, output, options, std::move(connection)));
}

absl::Status Session::SaveConsistencyToken(const std::string& token) {
  if (!inv_.Has("consistency_out")) return absl::OkStatus();
  const std::string path = inv_.Get("consistency_out");
  std::ofstream file(path, std::ios::trunc);
  file << token << "\n";
  file.close();
  if (!file) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> Session::AfterTokens() const {
  std::vector<std::string> tokens;
  if (!inv_.Has("after")) return tokens;
  std::string text = inv_.Get("after");
  if (absl::StartsWith(text, "@")) {
    std::ifstream file(text.substr(1));
    if (!file) return UsageError(absl::StrCat("--after: cannot read ", text.substr(1)));
    std::string line;
    for (text.clear(); std::getline(file, line);) absl::StrAppend(&text, ",", line);
  }
  for (absl::string_view t : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    tokens.emplace_back(absl::StripAsciiWhitespace(t));
  }
  return tokens;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> Session::Channel(const std::string& service) {
  auto it = channels_.find(service);
  if (it != channels_.end()) return it->second;
  const std::string target = inv_.Get(service, DefaultTargets().at(service));
  auto channel = client::MakeChannel(target, connection_);
  if (!channel.ok()) return channel.status();
  channels_[service] = *channel;
  return *channel;
}

int RunJobctl(const std::vector<std::string>& argv, Output output) {
  // Refused before parsing, so that even `--token VALUE` is named as such.
  if (const std::string refused = client::RefusedSecretFlag(argv, {client::kTokenFlag});
      !refused.empty()) {
    *output.err << "jobctl: " << refused << "\n";
    return kExitUsage;
  }
  auto invocation = Parse(argv);
  if (!invocation.ok()) {
    *output.err << "jobctl: " << invocation.status().message() << "\n";
    return kExitUsage;
  }
  if (invocation->help) {
    *output.out << invocation->help_text;
    return kExitOk;
  }
  auto session = Session::Create(*invocation, output);
  if (!session.ok()) {
    *output.err << "jobctl: " << session.status().message() << "\n";
    return IsUsageError(session.status()) ? kExitUsage : ExitCodeFor(session.status().code());
  }
  bool partial = false;
  const absl::Status status = Dispatch().at(invocation->command->path)(**session, &partial);
  if (!status.ok()) {
    PrintError(status, *output.err);
    return IsUsageError(status) ? kExitUsage : ExitCodeFor(status.code());
  }
  return partial ? kExitPartial : kExitOk;
}

}  // namespace jobmatch::jobctl
