#include "clients/lib/secret_flags.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace jobmatch::client {

std::string RefusedSecretFlag(absl::Span<const std::string> args,
                              absl::Span<const RefusedFlag> refused) {
  for (absl::string_view arg : args) {
    if (arg == "--") break;
    if (!absl::ConsumePrefix(&arg, "--") && !absl::ConsumePrefix(&arg, "-")) continue;
    const absl::string_view name = arg.substr(0, arg.find('='));
    for (const RefusedFlag& flag : refused) {
      if (name == flag.name) {
        return absl::StrCat("--", flag.name,
                            " is refused: a secret on the command line is seen by every user of "
                            "the machine (ps, shell history); give it as ",
                            flag.instead);
      }
    }
  }
  return "";
}

std::string RefusedSecretFlag(int argc, char** argv, absl::Span<const RefusedFlag> refused) {
  const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  return RefusedSecretFlag(args, refused);
}

}  // namespace jobmatch::client
