#include "services/common/crypto/data_protector.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"

namespace jobmatch {
namespace {

constexpr int kKeyBytes = 32;
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;

std::string Hmac(absl::string_view key, absl::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

struct CtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter>;

unsigned char* U(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }
const unsigned char* U(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

DataProtector DataProtector::FromMaster(absl::string_view master) {
  // Separate keys for separate purposes, so that a hash never helps an attack
  // on the cipher and the other way round.
  return DataProtector(Hmac(master, "jobmatch.profiles.encryption.v1"),
                       Hmac(master, "jobmatch.profiles.id-hash.v1"));
}

absl::StatusOr<DataProtector> DataProtector::FromHex(absl::string_view hex) {
  hex = absl::StripAsciiWhitespace(hex);
  if (hex.size() != 2 * kKeyBytes) {
    return absl::InvalidArgumentError("data key must be 64 hex characters (32 bytes)");
  }
  for (char c : hex) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError("data key must be hex");
    }
  }
  return FromMaster(absl::HexStringToBytes(hex));
}

DataProtector DataProtector::Random() {
  std::string master(kKeyBytes, '\0');
  if (RAND_bytes(U(master), kKeyBytes) != 1) std::abort();  // no entropy: cannot go on
  return FromMaster(master);
}

absl::StatusOr<DataProtector> DataProtector::Load(const std::string& key_file) {
  if (!key_file.empty()) {
    std::ifstream in(key_file);
    if (!in) return absl::FailedPreconditionError("cannot read data key file " + key_file);
    std::stringstream text;
    text << in.rdbuf();
    return FromHex(text.str());
  }
  if (const char* env = std::getenv("JOBMATCH_DATA_KEY")) return FromHex(env);
  return absl::FailedPreconditionError(
      "no data key: pass --data_key_file or set JOBMATCH_DATA_KEY (64 hex characters)");
}

std::string DataProtector::Encrypt(absl::string_view plaintext) const {
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  if (RAND_bytes(U(out), kNonceBytes) != 1) std::abort();
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  // Failures here mean a broken libcrypto, not bad input: crash loudly.
  if (ctx == nullptr ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(encryption_key_), U(out)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), U(out) + kNonceBytes, &len, U(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), U(out) + kNonceBytes + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          U(out) + kNonceBytes + plaintext.size()) != 1) {
    std::abort();
  }
  return out;
}

absl::StatusOr<std::string> DataProtector::Decrypt(absl::string_view sealed) const {
  if (sealed.size() < kNonceBytes + kTagBytes) return absl::DataLossError("ciphertext too short");
  const size_t n = sealed.size() - kNonceBytes - kTagBytes;
  std::string out(n, '\0');
  std::string tag(sealed.substr(kNonceBytes + n));
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (ctx == nullptr ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(encryption_key_), U(sealed)) !=
          1 ||
      EVP_DecryptUpdate(ctx.get(), U(out), &len, U(sealed) + kNonceBytes, static_cast<int>(n)) !=
          1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, U(tag)) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), U(out) + len, &len) != 1) {
    return absl::DataLossError("ciphertext does not authenticate under this data key");
  }
  return out;
}

std::string DataProtector::KeyedHash(absl::string_view data) const {
  return absl::BytesToHexString(Hmac(hash_key_, data));
}

}  // namespace jobmatch
