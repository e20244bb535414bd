// The console's HTTPS gateway (cpp-httplib over OpenSSL): the static pages,
// sign-in into server-side sessions, a JSON API that forwards a fixed set of
// platform RPCs with the signed-in person's own token (service_calls.h), the
// region table for the map, and the live session's counters as server-sent
// events. Protections: session cookie HttpOnly, Secure, SameSite=Strict; every
// POST must be JSON, come from the console's own origin, and (once signed in)
// carry the session's CSRF token in X-CSRF-Token; a restrictive
// Content-Security-Policy on every answer.
#ifndef JOBMATCH_SERVICES_CONSOLE_GATEWAY_H_
#define JOBMATCH_SERVICES_CONSOLE_GATEWAY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/console/live_counters.h"
#include "services/console/regions.h"
#include "services/console/service_calls.h"
#include "services/console/sessions.h"

namespace httplib {
class SSLServer;
struct Response;
}  // namespace httplib

namespace jobmatch::console {

struct GatewayConfig {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (see Gateway::port)
  std::string tls_cert_file, tls_key_file;
  std::string static_dir;        // the built pages (build/services/console/static)
  std::string token_public_key;  // PEM: checks pasted tokens
  std::string dev_signin_key;    // PEM private key; empty: no development sign-in
  std::vector<Place> places;     // the region table
};

class Gateway {
 public:
  // `live` may be null (no feed token: the host console shows no counters).
  Gateway(GatewayConfig config, std::unique_ptr<ServiceCalls> calls,
          std::unique_ptr<LiveCounters> live);
  ~Gateway();

  // Binds; FAILED_PRECONDITION if the certificate or key do not load,
  // UNAVAILABLE if the address cannot be bound.
  absl::Status Bind();
  int port() const { return port_; }
  // Serves until Stop (from another thread or a signal handler's thread).
  void Serve();
  void Stop();

 private:
  void AddRoutes();
  // Verifies `token` and answers with a new session's cookie and who it is.
  void SignIn(const std::string& token, httplib::Response& res);

  GatewayConfig config_;
  std::unique_ptr<ServiceCalls> calls_;
  std::unique_ptr<LiveCounters> live_;
  SessionStore sessions_;
  std::unique_ptr<httplib::SSLServer> server_;
  int port_ = 0;
};

}  // namespace jobmatch::console

#endif  // JOBMATCH_SERVICES_CONSOLE_GATEWAY_H_
