// jobmatch-token: prints a signed caller token for the demo, tests and staff
// tools. The private key comes from $JOBMATCH_TOKEN_PRIVATE_KEY or
// --private_key_file (deploy/certs.sh writes var/certs/token.key).
//
//   jobmatch-token --private_key_file=var/certs/token.key --role=recruiter
//       --subject=r-0042 --regions=430281,430224 --ttl=8h
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/common/auth/authenticator.h"
#include "services/common/auth/token.h"

ABSL_FLAG(std::string, private_key_file, "", "PEM RSA private key that signs tokens");
ABSL_FLAG(std::string, role, "",
          "jobseeker, employer, recruiter, live_host, analyst, admin or service");
ABSL_FLAG(std::string, subject, "", "the caller's own id (profile, employer, recruiter, host)");
ABSL_FLAG(std::vector<std::string>, regions, {}, "region prefixes a recruiter is assigned");
ABSL_FLAG(std::vector<std::string>, sessions, {}, "live session ids a host runs");
ABSL_FLAG(absl::Duration, ttl, absl::Hours(8), "how long the token stays valid");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Prints a signed jobmatch caller token (RS256 JWT).");
  absl::ParseCommandLine(argc, argv);
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
  auto token = jobmatch::auth::IssueToken(caller, now + absl::GetFlag(FLAGS_ttl), *key, now);
  if (!token.ok()) {
    std::cerr << token.status() << "\n";
    return 1;
  }
  std::cout << *token << "\n";
  return 0;
}
