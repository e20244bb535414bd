// jobmatch-token: prints a signed caller token for the demo, tests and staff
// tools, or revokes a subject's tokens. The private key comes from
// $JOBMATCH_TOKEN_PRIVATE_KEY or --private_key_file (deploy/certs.sh writes
// var/certs/token.key).
//
//   jobmatch-token --private_key_file=var/certs/token.key --role=recruiter
//       --subject=r-0042 --regions=430281,430224 --audience=profiles,matcher --ttl=8h
//   jobmatch-token revoke --revocation_file=var/certs/revoked-tokens --subject=r-0042
//       [--issued_before=2026-12-05T08:00:00+08:00]
//
// A token lives at most 24 hours (720 hours for the service role). Revoking
// refuses the subject's tokens issued before --issued_before (default: now)
// at every service given --token_revocation_file, within about a second.
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/common/auth/authenticator.h"
#include "services/common/auth/revocation.h"
#include "services/common/auth/token.h"

ABSL_FLAG(std::string, private_key_file, "", "PEM RSA private key that signs tokens");
ABSL_FLAG(std::string, role, "",
          "jobseeker, employer, recruiter, live_host, analyst, admin or service");
ABSL_FLAG(std::string, subject, "", "the caller's own id (profile, employer, recruiter, host)");
ABSL_FLAG(std::vector<std::string>, regions, {}, "region prefixes a recruiter is assigned");
ABSL_FLAG(std::vector<std::string>, sessions, {}, "live session ids a host runs");
ABSL_FLAG(std::vector<std::string>, audience, {},
          "the services the token is for: postings, profiles, events, matcher (required)");
ABSL_FLAG(absl::Duration, ttl, absl::Hours(8),
          "how long the token stays valid (at most 24h; 720h for the service role)");
ABSL_FLAG(std::string, revocation_file, "", "revoke: the file services read revocations from");
ABSL_FLAG(std::string, issued_before, "",
          "revoke: refuse the subject's tokens issued before this RFC 3339 time (default: now)");

namespace {

int Revoke() {
  const std::string file = absl::GetFlag(FLAGS_revocation_file);
  if (file.empty()) {
    std::cerr << "revoke: --revocation_file is required\n";
    return 2;
  }
  // Default: now, rounded up to a whole second (iat is in seconds), so that a
  // token minted in the same second before the revocation is caught too.
  absl::Time before = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()) + 1);
  if (const std::string text = absl::GetFlag(FLAGS_issued_before); !text.empty()) {
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, text, &before, &error)) {
      std::cerr << "revoke: --issued_before: " << error << "\n";
      return 2;
    }
  }
  const absl::Status s =
      jobmatch::auth::AppendRevocation(file, absl::GetFlag(FLAGS_subject), before);
  if (!s.ok()) {
    std::cerr << "revoke: " << s << "\n";
    return absl::IsInvalidArgument(s) ? 2 : 1;
  }
  std::cout << "revoked tokens of " << absl::GetFlag(FLAGS_subject) << " issued before "
            << absl::FormatTime(absl::RFC3339_sec, before, absl::UTCTimeZone()) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Prints a signed jobmatch caller token (RS256 JWT), or with `revoke` revokes a subject's "
      "tokens.");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() == 2 && std::string(args[1]) == "revoke") return Revoke();
  if (args.size() != 1) {
    std::cerr << absl::ProgramUsageMessage() << "\n";
    return 2;
  }
  jobmatch::Caller caller;
  caller.role = jobmatch::RoleFromName(absl::GetFlag(FLAGS_role));
  if (caller.role == jobmatch::Role::kAnonymous) {
    std::cerr << "--role must name a role\n";
    return 2;
  }
  caller.subject_id = absl::GetFlag(FLAGS_subject);
  caller.region_prefixes = absl::GetFlag(FLAGS_regions);
  caller.session_ids = absl::GetFlag(FLAGS_sessions);
  auto key = jobmatch::auth::ReadKey(absl::GetFlag(FLAGS_private_key_file),
                                     jobmatch::auth::kPrivateKeyEnv);
  if (!key.ok()) {
    std::cerr << key.status() << "\n";
    return 2;
  }
  const absl::Time now = absl::Now();
  auto token = jobmatch::auth::IssueToken(caller, absl::GetFlag(FLAGS_audience),
                                          now + absl::GetFlag(FLAGS_ttl), *key, now);
  if (!token.ok()) {
    std::cerr << token.status() << "\n";
    return absl::IsInvalidArgument(token.status()) ? 2 : 1;
  }
  std::cout << *token << "\n";
  return 0;
}
