// Secrets never come as command-line flags: `ps` and the shell's history show
// a program's arguments to every user of the machine. Each client names the
// flags that once carried a secret (or would be the obvious guess for one) and
// refuses them before parsing, with a message saying where the value goes.
#ifndef JOBMATCH_CLIENTS_LIB_SECRET_FLAGS_H_
#define JOBMATCH_CLIENTS_LIB_SECRET_FLAGS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace jobmatch::client {

// A flag refused as carrying a secret, and where that secret goes instead.
struct RefusedFlag {
  absl::string_view name;     // without dashes: "token"
  absl::string_view instead;  // "--token_file FILE or $JOBMATCH_TOKEN"
};

// The bearer token, as every client takes it (channel.h, FromEnvironment).
inline constexpr RefusedFlag kTokenFlag = {"token", "--token_file FILE or $JOBMATCH_TOKEN"};

// The message for the first of `refused` among `args` (the words after the
// program's name), or "" when none is there. Flags are matched in every form a
// parser accepts (--name=v, --name v, -name=v, -name v) up to a bare "--".
std::string RefusedSecretFlag(absl::Span<const std::string> args,
                              absl::Span<const RefusedFlag> refused);

// The same for a main()'s arguments (argv[0] is the program).
std::string RefusedSecretFlag(int argc, char** argv, absl::Span<const RefusedFlag> refused);

}  // namespace jobmatch::client

#endif  // JOBMATCH_CLIENTS_LIB_SECRET_FLAGS_H_
