#include "services/common/crypto/data_protector.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/common/secret_file.h"

namespace jobmatch {
namespace {

constexpr int kKeyBytes = 32;
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;
// Leads every bound ciphertext; a change of format gets a new one.
constexpr absl::string_view kFormat = "JMS1";

// The associated data of a bound ciphertext: the format, then each part of
// `where` with its length, so that no two places give the same bytes.
std::string AssociatedData(const SealContext& where) {
  std::string out(kFormat);
  for (absl::string_view part : {where.table, where.column, where.row}) {
    const uint32_t n = static_cast<uint32_t>(part.size());
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(n >> shift));
    out.append(part.data(), part.size());
  }
  return out;
}

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

const char* KeyEnvironmentVariable(KeyUse use) {
  switch (use) {
    case KeyUse::kProfileFields:
      return "JOBMATCH_PROFILES_KEY";
    case KeyUse::kMatcherCheckpoint:
      return "JOBMATCH_CHECKPOINT_KEY";
    case KeyUse::kFieldOutbox:
      return "JOBMATCH_FIELD_KEY";
    case KeyUse::kStatsGroups:
      return "JOBMATCH_STATS_KEY";
  }
  std::abort();  // every use is listed above
}

DataProtector DataProtector::FromMaster(KeyUse use, absl::string_view master) {
  // Separate keys for separate purposes, so that a hash never helps an attack
  // on the cipher and the other way round, and one use's key never serves
  // another. The profile labels are the ones the first data key used, so
  // that key, kept as the profiles key, still opens and finds what it wrote.
  switch (use) {
    case KeyUse::kProfileFields:
      return DataProtector(Hmac(master, "jobmatch.profiles.encryption.v1"),
                           Hmac(master, "jobmatch.profiles.id-hash.v1"));
    case KeyUse::kMatcherCheckpoint:
      return DataProtector(Hmac(master, "jobmatch.matcher.checkpoint.encryption.v1"),
                           Hmac(master, "jobmatch.matcher.checkpoint.hash.v1"));
    case KeyUse::kFieldOutbox:
      return DataProtector(Hmac(master, "jobmatch.field.outbox.encryption.v1"),
                           Hmac(master, "jobmatch.field.outbox.hash.v1"));
    case KeyUse::kStatsGroups:
      return DataProtector(Hmac(master, "jobmatch.stats.groups.encryption.v1"),
                           Hmac(master, "jobmatch.stats.groups.hash.v1"));
  }
  std::abort();
}

absl::StatusOr<DataProtector> DataProtector::FromHex(KeyUse use, absl::string_view hex) {
  hex = absl::StripAsciiWhitespace(hex);
  if (hex.size() != 2 * kKeyBytes) {
    return absl::InvalidArgumentError("data key must be 64 hex characters (32 bytes)");
  }
  for (char c : hex) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError("data key must be hex");
    }
  }
  return FromMaster(use, absl::HexStringToBytes(hex));
}

DataProtector DataProtector::Random(KeyUse use) {
  std::string master(kKeyBytes, '\0');
  if (RAND_bytes(U(master), kKeyBytes) != 1) std::abort();  // no entropy: cannot go on
  return FromMaster(use, master);
}

absl::StatusOr<DataProtector> DataProtector::Load(KeyUse use, const std::string& key_file) {
  const char* env_name = KeyEnvironmentVariable(use);
  if (!key_file.empty()) {
    absl::StatusOr<std::string> hex = ReadSecretFile(key_file);
    if (!hex.ok()) return hex.status();
    return FromHex(use, *hex);
  }
  if (const char* env = std::getenv(env_name)) return FromHex(use, env);
  return absl::FailedPreconditionError(
      absl::StrCat("no key: pass its key file or set ", env_name, " (64 hex characters)"));
}

absl::StatusOr<std::optional<DataProtector>> DataProtector::LoadIfGiven(
    KeyUse use, const std::string& key_file) {
  if (key_file.empty() && std::getenv(KeyEnvironmentVariable(use)) == nullptr) {
    return std::nullopt;
  }
  absl::StatusOr<DataProtector> key = Load(use, key_file);
  if (!key.ok()) return key.status();
  return std::optional<DataProtector>(*std::move(key));
}

namespace {

// nonce || ciphertext || tag of `plaintext` under `key`, authenticating `aad` too.
std::string GcmSeal(const std::string& key, absl::string_view aad, absl::string_view plaintext) {
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  if (RAND_bytes(U(out), kNonceBytes) != 1) std::abort();
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  // Failures here mean a broken libcrypto, not bad input: crash loudly.
  if (ctx == nullptr ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(key), U(out)) != 1 ||
      (!aad.empty() &&
       EVP_EncryptUpdate(ctx.get(), nullptr, &len, U(aad), static_cast<int>(aad.size())) != 1) ||
      EVP_EncryptUpdate(ctx.get(), U(out) + kNonceBytes, &len, U(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), U(out) + kNonceBytes + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          U(out) + kNonceBytes + plaintext.size()) != 1) {
    std::abort();
  }
  return out;
}

absl::StatusOr<std::string> GcmOpen(const std::string& key, absl::string_view aad,
                                    absl::string_view sealed) {
  if (sealed.size() < kNonceBytes + kTagBytes) return absl::DataLossError("ciphertext too short");
  const size_t n = sealed.size() - kNonceBytes - kTagBytes;
  std::string out(n, '\0');
  std::string tag(sealed.substr(kNonceBytes + n));
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (ctx == nullptr ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(key), U(sealed)) != 1 ||
      (!aad.empty() &&
       EVP_DecryptUpdate(ctx.get(), nullptr, &len, U(aad), static_cast<int>(aad.size())) != 1) ||
      EVP_DecryptUpdate(ctx.get(), U(out), &len, U(sealed) + kNonceBytes, static_cast<int>(n)) !=
          1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, U(tag)) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), U(out) + len, &len) != 1) {
    return absl::DataLossError(
        "ciphertext does not authenticate under this key at this place (altered, moved from "
        "another row or column, or sealed under another key)");
  }
  return out;
}

}  // namespace

std::string DataProtector::Seal(absl::string_view plaintext, const SealContext& where) const {
  return absl::StrCat(kFormat, GcmSeal(encryption_key_, AssociatedData(where), plaintext));
}

absl::StatusOr<std::string> DataProtector::Open(absl::string_view sealed,
                                                const SealContext& where) const {
  if (sealed.substr(0, kFormat.size()) != kFormat) {
    return absl::DataLossError(
        "ciphertext is not bound to its place (sealed before binding): re-seal it");
  }
  return GcmOpen(encryption_key_, AssociatedData(where), sealed.substr(kFormat.size()));
}

absl::StatusOr<std::string> DataProtector::OpenUnbound(absl::string_view sealed) const {
  return GcmOpen(encryption_key_, "", sealed);
}

std::string DataProtector::KeyedHash(absl::string_view data) const {
  return absl::BytesToHexString(Hmac(hash_key_, data));
}

}  // namespace jobmatch
