// jobctl's command line: the command table, flag parsing, help text and exit
// codes. Nothing here talks to a server, so every rule is tested directly.
#ifndef JOBMATCH_CLIENTS_JOBCTL_CLI_H_
#define JOBMATCH_CLIENTS_JOBCTL_CLI_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace jobmatch::jobctl {

// Exit codes scripts can trust (README "jobctl").
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,      // anything else (INTERNAL, UNKNOWN, a local file problem)
  kExitUsage = 2,        // bad command line
  kExitInvalid = 3,      // INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE
  kExitNotFound = 4,     // NOT_FOUND
  kExitDenied = 5,       // PERMISSION_DENIED, UNAUTHENTICATED
  kExitUnavailable = 6,  // UNAVAILABLE, DEADLINE_EXCEEDED (worth retrying later)
  kExitConflict = 7,     // ALREADY_EXISTS, ABORTED
  kExitPartial = 8,      // done, but some rows of a file were not used
};

// The exit code for a failed (or OK) call.
int ExitCodeFor(absl::StatusCode code);

// A bad command line found while running a command (a flag value that does
// not parse): INVALID_ARGUMENT marked so that it exits with kExitUsage.
absl::Status UsageError(absl::string_view message);
bool IsUsageError(const absl::Status& status);

struct FlagSpec {
  std::string name;  // without "--"
  std::string help;
  bool boolean = false;  // takes no value ("--json"); others take "--f=v" or "--f v"
};

struct CommandSpec {
  CommandSpec(std::string path_in, std::string args_in, std::string summary_in,
              std::vector<FlagSpec> flags_in, int min_args_in = 0, int max_args_in = 0,
              std::vector<std::string> required_in = {})
      : path(std::move(path_in)),
        args(std::move(args_in)),
        summary(std::move(summary_in)),
        flags(std::move(flags_in)),
        min_args(min_args_in),
        max_args(max_args_in),
        required(std::move(required_in)) {}

  std::string path;     // "posts create"
  std::string args;     // positional arguments for the usage line: "POST_ID"
  std::string summary;  // one line
  std::vector<FlagSpec> flags;
  int min_args = 0;
  int max_args = 0;
  std::vector<std::string> required;  // flags that must be given
};

// Flags every command takes (targets, credentials, output).
const std::vector<FlagSpec>& GlobalFlags();
// Every command, in help order.
const std::vector<CommandSpec>& Commands();

struct Invocation {
  const CommandSpec* command = nullptr;  // null when only help was asked for
  std::map<std::string, std::string> flags;
  std::vector<std::string> args;
  bool help = false;
  std::string help_text;  // set when help is true

  bool Has(const std::string& name) const { return flags.count(name) > 0; }
  // The flag's value, or `fallback` when it was not given.
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  bool Bool(const std::string& name) const;
  // INVALID_ARGUMENT naming the flag when the value is not a number / duration.
  absl::StatusOr<int> Int(const std::string& name, int fallback) const;
  absl::StatusOr<absl::Duration> Duration(const std::string& name, absl::Duration fallback) const;
  // A comma-separated list ("430225,430224"); empty when not given.
  std::vector<std::string> List(const std::string& name) const;
};

// Parses argv (without the program name). Usage errors are INVALID_ARGUMENT
// with a message for the user; "--help" (anywhere) or a bare command group
// ("jobctl posts") give help instead of a command.
absl::StatusOr<Invocation> Parse(const std::vector<std::string>& argv);

// The overview (every command) and one command's usage.
std::string OverviewHelp();
std::string CommandHelp(const CommandSpec& command);

}  // namespace jobmatch::jobctl

#endif  // JOBMATCH_CLIENTS_JOBCTL_CLI_H_
