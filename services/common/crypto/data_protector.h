// Protection of data at rest: AES-256-GCM encryption and an HMAC-SHA256 keyed
// hash, both under keys derived from a 32-byte key that lives outside the
// repository (a file, or an environment variable, in hex). Each use has a key
// of its own (KeyUse), and every ciphertext is bound to where it is stored
// (SealContext), so neither a key nor a ciphertext serves anywhere else.
#ifndef JOBMATCH_SERVICES_COMMON_CRYPTO_DATA_PROTECTOR_H_
#define JOBMATCH_SERVICES_COMMON_CRYPTO_DATA_PROTECTOR_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch {

// What a key protects. A process is given only the keys of its own uses, and
// each use derives its sub-keys under labels of its own, so even one key
// given to two uses by mistake would not open one use's data for the other.
enum class KeyUse {
  // The profiles service: sealed ID numbers, phones and sensitive statuses,
  // and the keyed hash that finds duplicate ID numbers.
  kProfileFields,
  // The matcher: its checkpoint file (key groups include LOW_INCOME, DISABLED).
  kMatcherCheckpoint,
  // A field tablet's outbox of captured records (ID numbers, phones, notes).
  // The tablet client always names a key file (never beside the outbox).
  kFieldOutbox,
  // A person's sensitive key groups as the events service counts them in
  // staff statistics: sealed by the profiles service, opened by the events
  // service (sealed_groups.h). Neither holds the other's key.
  kStatsGroups,
};

// The environment variable Load reads for `use` when no key file is given:
// JOBMATCH_PROFILES_KEY, JOBMATCH_CHECKPOINT_KEY, JOBMATCH_FIELD_KEY or
// JOBMATCH_STATS_KEY.
const char* KeyEnvironmentVariable(KeyUse use);

// Where a ciphertext is kept. It is sealed into the ciphertext as GCM
// associated data: a ciphertext copied to another row, column or table does
// not open there. Use the row's stable key (never an auto-increment id that
// is only known after the insert).
struct SealContext {
  absl::string_view table;
  absl::string_view column;
  absl::string_view row;
};

// Immutable; safe to share between threads.
class DataProtector {
 public:
  // From 64 hex characters (surrounding whitespace ignored), else INVALID_ARGUMENT.
  static absl::StatusOr<DataProtector> FromHex(KeyUse use, absl::string_view hex);
  // A fresh random key, for tests.
  static DataProtector Random(KeyUse use);
  // The one way a process gets a key: from the file `key_file` if not empty,
  // else from KeyEnvironmentVariable(use); FAILED_PRECONDITION if neither is
  // there, or if others may read the file (ReadSecretFile).
  static absl::StatusOr<DataProtector> Load(KeyUse use, const std::string& key_file);
  // The same for a key a process may run without (the stats key): nullopt
  // when neither the file nor the variable is given.
  static absl::StatusOr<std::optional<DataProtector>> LoadIfGiven(KeyUse use,
                                                                  const std::string& key_file);

  // "JMS1" || nonce (12 bytes) || ciphertext || tag (16 bytes), the tag also
  // covering the format and `where`. Random nonce per call.
  std::string Seal(absl::string_view plaintext, const SealContext& where) const;
  // The plaintext, or DATA_LOSS if the ciphertext was altered, belongs to
  // another place (`where` differs), the key differs, or it is of the first,
  // unbound format (see OpenUnbound).
  absl::StatusOr<std::string> Open(absl::string_view sealed, const SealContext& where) const;
  // Opens a ciphertext of the first format (nonce || ciphertext || tag, no
  // associated data), which any row could have held. Only for the one-off
  // step that re-seals such rows with Seal; DATA_LOSS for anything else.
  absl::StatusOr<std::string> OpenUnbound(absl::string_view sealed) const;

  // Lower-case hex HMAC-SHA256 of `data` under the hashing key: equal inputs
  // give equal hashes, so it finds duplicates without storing the clear value.
  std::string KeyedHash(absl::string_view data) const;

 private:
  DataProtector(std::string encryption_key, std::string hash_key)
      : encryption_key_(std::move(encryption_key)), hash_key_(std::move(hash_key)) {}
  static DataProtector FromMaster(KeyUse use, absl::string_view master);

  std::string encryption_key_;
  std::string hash_key_;
};

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_CRYPTO_DATA_PROTECTOR_H_
