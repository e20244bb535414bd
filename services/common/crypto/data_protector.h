// Protection of personal data at rest: AES-256-GCM encryption and an
// HMAC-SHA256 keyed hash, both under keys derived from one 32-byte data key
// that lives outside the repository (a file or JOBMATCH_DATA_KEY, in hex).
#ifndef JOBMATCH_SERVICES_COMMON_CRYPTO_DATA_PROTECTOR_H_
#define JOBMATCH_SERVICES_COMMON_CRYPTO_DATA_PROTECTOR_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch {

// Immutable; safe to share between threads.
class DataProtector {
 public:
  // From 64 hex characters (surrounding whitespace ignored), else INVALID_ARGUMENT.
  static absl::StatusOr<DataProtector> FromHex(absl::string_view hex);
  // A fresh random key, for tests.
  static DataProtector Random();
  // From the file `key_file` if not empty, else $JOBMATCH_DATA_KEY;
  // FAILED_PRECONDITION if neither is there.
  static absl::StatusOr<DataProtector> Load(const std::string& key_file);

  // nonce (12 bytes) || ciphertext || tag (16 bytes). Random nonce per call.
  std::string Encrypt(absl::string_view plaintext) const;
  // The plaintext, or DATA_LOSS if the ciphertext was altered or the key differs.
  absl::StatusOr<std::string> Decrypt(absl::string_view sealed) const;
  // Lower-case hex HMAC-SHA256 of `data` under the hashing key: equal inputs
  // give equal hashes, so it finds duplicates without storing the clear value.
  std::string KeyedHash(absl::string_view data) const;

 private:
  DataProtector(std::string encryption_key, std::string hash_key)
      : encryption_key_(std::move(encryption_key)), hash_key_(std::move(hash_key)) {}
  static DataProtector FromMaster(absl::string_view master);

  std::string encryption_key_;
  std::string hash_key_;
};

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_CRYPTO_DATA_PROTECTOR_H_
