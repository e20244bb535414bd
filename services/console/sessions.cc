#include "services/console/sessions.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <iostream>
#include <vector>

#include "absl/strings/escaping.h"

namespace jobmatch::console {

std::string RandomHex(int bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (RAND_bytes(buffer.data(), bytes) != 1) {
    std::cerr << "console: the random generator failed\n";
    std::abort();
  }
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()));
}

Session SessionStore::Create(std::string bearer_token, Caller caller, absl::Time expires_at) {
  Session session{RandomHex(32), RandomHex(32), std::move(bearer_token), std::move(caller),
                  expires_at};
  absl::MutexLock lock(&mu_);
  sessions_[session.id] = session;
  return session;
}

std::optional<Session> SessionStore::Find(absl::string_view id, absl::Time now) {
  absl::MutexLock lock(&mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires_at <= now) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void SessionStore::Remove(absl::string_view id) {
  absl::MutexLock lock(&mu_);
  sessions_.erase(id);
}

bool CsrfTokenMatches(absl::string_view expected, absl::string_view given) {
  if (expected.empty() || given.size() != expected.size()) return false;
  return CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

}  // namespace jobmatch::console
