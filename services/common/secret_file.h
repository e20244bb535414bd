// Secrets (data keys, database passwords) are read from files, never from a
// command line, where `ps` would show them to every user of the machine.
#ifndef JOBMATCH_SERVICES_COMMON_SECRET_FILE_H_
#define JOBMATCH_SERVICES_COMMON_SECRET_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace jobmatch {

// The contents of `path` without surrounding whitespace. FAILED_PRECONDITION
// when it cannot be read, or when its group or others may read or write it
// (as ssh does with private keys: such a secret is no longer one).
absl::StatusOr<std::string> ReadSecretFile(const std::string& path);

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_SECRET_FILE_H_
