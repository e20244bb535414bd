// Tests only: a ciphertext in DataProtector's first format (nonce ||
// ciphertext || tag under the profiles' encryption sub-key, no associated
// data), as rows sealed before binding hold it.
#ifndef JOBMATCH_SERVICES_COMMON_CRYPTO_TESTING_FIRST_FORMAT_H_
#define JOBMATCH_SERVICES_COMMON_CRYPTO_TESTING_FIRST_FORMAT_H_

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"

namespace jobmatch::testing {

inline std::string FirstFormatSeal(absl::string_view key_hex, absl::string_view plaintext) {
  const std::string master = absl::HexStringToBytes(key_hex);
  const std::string label = "jobmatch.profiles.encryption.v1";
  unsigned char key[EVP_MAX_MD_SIZE];
  unsigned int key_len = 0;
  HMAC(EVP_sha256(), master.data(), static_cast<int>(master.size()),
       reinterpret_cast<const unsigned char*>(label.data()), label.size(), key, &key_len);
  std::string out(12 + plaintext.size() + 16, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  RAND_bytes(o, 12);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  int len = 0;
  EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, key, o);
  EVP_EncryptUpdate(ctx, o + 12, &len, reinterpret_cast<const unsigned char*>(plaintext.data()),
                    static_cast<int>(plaintext.size()));
  EVP_EncryptFinal_ex(ctx, o + 12 + len, &len);
  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, o + 12 + plaintext.size());
  EVP_CIPHER_CTX_free(ctx);
  return out;
}

}  // namespace jobmatch::testing

#endif  // JOBMATCH_SERVICES_COMMON_CRYPTO_TESTING_FIRST_FORMAT_H_
