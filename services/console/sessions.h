// Signed-in people of the console. A session holds the person's own platform
// token on the server side (the browser only ever holds the session's random
// id, in an HttpOnly cookie), the caller the token names, and the session's
// CSRF token that every state-changing call must echo in a header.
#ifndef JOBMATCH_SERVICES_CONSOLE_SESSIONS_H_
#define JOBMATCH_SERVICES_CONSOLE_SESSIONS_H_

#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/caller.h"

namespace jobmatch::console {

struct Session {
  std::string id;          // the cookie's value: 32 random bytes, hex
  std::string csrf_token;  // 32 random bytes, hex; sent back as X-CSRF-Token
  std::string bearer_token;
  Caller caller;
  absl::Time expires_at;  // the token's own expiry: a session never outlives it
};

// 2 * `bytes` hex characters from OpenSSL's CSPRNG; crashes if it fails,
// since a guessable session id is worse than no console.
std::string RandomHex(int bytes);

// Thread-safe.
class SessionStore {
 public:
  // A new session for a verified token.
  Session Create(std::string bearer_token, Caller caller, absl::Time expires_at);
  // The live session `id` names, if any (an expired one is forgotten).
  std::optional<Session> Find(absl::string_view id, absl::Time now = absl::Now());
  void Remove(absl::string_view id);

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Session> sessions_ ABSL_GUARDED_BY(mu_);
};

// True when `given` equals `expected` (compared in constant time) and is not empty.
bool CsrfTokenMatches(absl::string_view expected, absl::string_view given);

}  // namespace jobmatch::console

#endif  // JOBMATCH_SERVICES_CONSOLE_SESSIONS_H_
