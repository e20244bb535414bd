// Where a tablet's outbox key comes from: a file named by --key_file or
// $JOBMATCH_FIELD_KEY_FILE (64 hex characters, mode 0600), kept away from the
// outbox, so that whoever copies the outbox's folder does not get the key too.
#ifndef JOBMATCH_CLIENTS_FIELD_OUTBOX_KEY_H_
#define JOBMATCH_CLIENTS_FIELD_OUTBOX_KEY_H_

#include <string>

#include "absl/status/statusor.h"
#include "services/common/crypto/data_protector.h"

namespace jobmatch::field {

// The environment variable naming the key file when --key_file is not given.
inline constexpr char kKeyFileEnv[] = "JOBMATCH_FIELD_KEY_FILE";

// The outbox key (KeyUse::kFieldOutbox) from `key_file`, else from the file
// that $JOBMATCH_FIELD_KEY_FILE names. INVALID_ARGUMENT when neither names a
// file, or when the key file is in the outbox's own directory;
// FAILED_PRECONDITION when it cannot be read or others may read it.
absl::StatusOr<DataProtector> LoadOutboxKey(const std::string& outbox_path,
                                            const std::string& key_file);

}  // namespace jobmatch::field

#endif  // JOBMATCH_CLIENTS_FIELD_OUTBOX_KEY_H_
