#include "services/console/gateway.h"

#include <google/protobuf/struct.pb.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/field_violations.h"
#include "services/console/json_io.h"
#include "services/console/sign_in.h"

namespace jobmatch::console {
namespace {

constexpr char kCookieName[] = "jm_session";
constexpr char kJson[] = "application/json; charset=utf-8";
// Pages, scripts and styles come from this origin only; ECharts styles its
// elements through the DOM, which style-src does not govern, and the page
// scripts set no inline handlers.
constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'";

void Answer(httplib::Response& res, int status, const std::string& json) {
  res.status = status;
  res.set_content(json, kJson);
}

void AnswerError(httplib::Response& res, const absl::Status& status) {
  Answer(res, HttpStatusOf(status), ErrorJson(status));
}

std::string CookieValue(const httplib::Request& req) {
  for (absl::string_view part : absl::StrSplit(req.get_header_value("Cookie"), ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, kCookieName) && absl::ConsumePrefix(&part, "=")) {
      return std::string(part);
    }
  }
  return "";
}

std::string SessionCookie(const std::string& id, absl::Duration max_age) {
  return absl::StrCat(kCookieName, "=", id, "; Path=/; Max-Age=", absl::ToInt64Seconds(max_age),
                      "; HttpOnly; Secure; SameSite=Strict");
}

// A POST the console accepts at all: a JSON body (which a cross-site HTML
// form cannot send) from the console's own origin, when the browser names one.
absl::Status CheckPostOrigin(const httplib::Request& req) {
  if (!absl::StartsWith(req.get_header_value("Content-Type"), "application/json")) {
    return absl::InvalidArgumentError("the body must be application/json");
  }
  const std::string origin = req.get_header_value("Origin");
  if (!origin.empty() && origin != absl::StrCat("https://", req.get_header_value("Host"))) {
    return absl::PermissionDeniedError("cross-origin request refused");
  }
  return absl::OkStatus();
}

std::string WhoJson(const Session& session) {
  google::protobuf::Struct who;
  auto& fields = *who.mutable_fields();
  fields["role"].set_string_value(std::string(RoleName(session.caller.role)));
  fields["subject"].set_string_value(session.caller.subject_id);
  fields["csrf_token"].set_string_value(session.csrf_token);
  fields["may_see_sensitive"].set_bool_value(MaySeeSensitiveStatus(session.caller));
  auto* regions = fields["regions"].mutable_list_value();
  for (const auto& region : session.caller.region_prefixes) {
    regions->add_values()->set_string_value(region);
  }
  auto* sessions = fields["sessions"].mutable_list_value();
  for (const auto& id : session.caller.session_ids) sessions->add_values()->set_string_value(id);
  fields["expires_at"].set_string_value(absl::FormatTime(session.expires_at));
  return ToJson(who);
}

std::string CountersEvent(const live::SessionCounters& counters) {
  // The cursor is left out: it moves with every event of the whole feed.
  return absl::StrCat("data: {\"pushes\":", counters.pushes, ",\"viewers\":", counters.viewers,
                      ",\"views\":", counters.views, ",\"applications\":", counters.applications,
                      "}\n\n");
}

}  // namespace

Gateway::Gateway(GatewayConfig config, std::unique_ptr<ServiceCalls> calls,
                 std::unique_ptr<LiveCounters> live)
    : config_(std::move(config)), calls_(std::move(calls)), live_(std::move(live)) {}

Gateway::~Gateway() = default;

absl::Status Gateway::Bind() {
  server_ = std::make_unique<httplib::SSLServer>(config_.tls_cert_file.c_str(),
                                                 config_.tls_key_file.c_str());
  if (!server_->is_valid()) {
    return absl::FailedPreconditionError("cannot load the TLS certificate or key");
  }
  // Each live page holds a connection for its event stream.
  server_->new_task_queue = [] { return new httplib::ThreadPool(64); };
  server_->set_payload_max_length(1 << 20);
  if (!server_->set_mount_point("/", config_.static_dir)) {
    return absl::FailedPreconditionError(absl::StrCat("no pages in ", config_.static_dir));
  }
  server_->set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Content-Security-Policy", kContentSecurityPolicy);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Strict-Transport-Security", "max-age=31536000");
    if (absl::StartsWith(req.path, "/api/")) res.set_header("Cache-Control", "no-store");
  });
  AddRoutes();
  if (config_.port == 0) {
    port_ = server_->bind_to_any_port(config_.host);
    if (port_ <= 0) return absl::UnavailableError("cannot bind the console's address");
  } else {
    if (!server_->bind_to_port(config_.host, config_.port)) {
      return absl::UnavailableError(absl::StrCat("cannot bind ", config_.host, ":", config_.port));
    }
    port_ = config_.port;
  }
  return absl::OkStatus();
}

void Gateway::Serve() { server_->listen_after_bind(); }

void Gateway::Stop() {
  if (server_) server_->stop();
}

void Gateway::SignIn(const std::string& token, httplib::Response& res) {
  auto verified = VerifyToken(token, config_.token_public_key);
  if (!verified.ok()) return AnswerError(res, verified.status());
  Session session = sessions_.Create(token, verified->caller, verified->expires_at);
  res.set_header("Set-Cookie", SessionCookie(session.id, session.expires_at - absl::Now()));
  Answer(res, 200, WhoJson(session));
}

void Gateway::AddRoutes() {
  httplib::SSLServer& s = *server_;
  s.Get("/",
        [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/index.html"); });

  // Sign-in with a pasted token.
  s.Post("/api/session", [this](const httplib::Request& req, httplib::Response& res) {
    if (absl::Status ok = CheckPostOrigin(req); !ok.ok()) return AnswerError(res, ok);
    auto token = ReadPastedToken(req.body);
    if (!token.ok()) return AnswerError(res, token.status());
    SignIn(*token, res);
  });

  // Development sign-in: a token issued here, only when the console was given
  // the token signing key (deploy/run.sh on a developer's machine).
  s.Post("/api/session/dev", [this](const httplib::Request& req, httplib::Response& res) {
    if (absl::Status ok = CheckPostOrigin(req); !ok.ok()) return AnswerError(res, ok);
    if (config_.dev_signin_key.empty()) {
      return AnswerError(res, absl::NotFoundError("development sign-in is off"));
    }
    auto token = IssueDevelopmentToken(req.body, config_.dev_signin_key);
    if (!token.ok()) return AnswerError(res, token.status());
    SignIn(*token, res);
  });

  s.Get("/api/session", [this](const httplib::Request& req, httplib::Response& res) {
    auto session = sessions_.Find(CookieValue(req));
    if (!session) return AnswerError(res, absl::UnauthenticatedError("not signed in"));
    Answer(res, 200, WhoJson(*session));
  });

  s.Post("/api/session/end", [this](const httplib::Request& req, httplib::Response& res) {
    auto session = sessions_.Find(CookieValue(req));
    if (session) {
      if (!CsrfTokenMatches(session->csrf_token, req.get_header_value("X-CSRF-Token"))) {
        return AnswerError(res, absl::PermissionDeniedError("missing or wrong CSRF token"));
      }
      sessions_.Remove(session->id);
    }
    res.set_header("Set-Cookie", SessionCookie("", absl::ZeroDuration()));
    Answer(res, 200, "{}");
  });

  // The platform's RPCs, as the signed-in person.
  s.Post(R"(/api/call/([A-Za-z]+))", [this](const httplib::Request& req, httplib::Response& res) {
    auto session = sessions_.Find(CookieValue(req));
    if (!session) return AnswerError(res, absl::UnauthenticatedError("not signed in"));
    if (absl::Status ok = CheckPostOrigin(req); !ok.ok()) return AnswerError(res, ok);
    if (!CsrfTokenMatches(session->csrf_token, req.get_header_value("X-CSRF-Token"))) {
      return AnswerError(res, absl::PermissionDeniedError("missing or wrong CSRF token"));
    }
    auto answer = calls_->Call(req.matches[1].str(), req.body, session->bearer_token);
    if (!answer.ok()) return AnswerError(res, answer.status());
    Answer(res, 200, *answer);
  });

  // Counties and townships with coordinates: public reference data, but only
  // for people signed in.
  s.Get("/api/regions", [this](const httplib::Request& req, httplib::Response& res) {
    if (!sessions_.Find(CookieValue(req))) {
      return AnswerError(res, absl::UnauthenticatedError("not signed in"));
    }
    const std::string prefix = req.get_param_value("prefix");
    if (prefix.empty() || prefix.size() > 12 ||
        !std::all_of(prefix.begin(), prefix.end(), absl::ascii_isdigit)) {
      return AnswerError(res, InvalidField("prefix", "a region code: 2-12 digits"));
    }
    Answer(res, 200, PlacesJson(config_.places, prefix));
  });

  // A live session's counters as server-sent events: a new event whenever
  // they change (checked every 50 ms), a comment every 10 s otherwise.
  s.Get(R"(/api/live/([A-Za-z0-9_.:-]{1,64})/counters)", [this](const httplib::Request& req,
                                                                httplib::Response& res) {
    auto session = sessions_.Find(CookieValue(req));
    if (!session) return AnswerError(res, absl::UnauthenticatedError("not signed in"));
    const std::string live_session = req.matches[1].str();
    const Caller& caller = session->caller;
    const bool own = caller.role == Role::kLiveHost &&
                     std::find(caller.session_ids.begin(), caller.session_ids.end(),
                               live_session) != caller.session_ids.end();
    if (!own && caller.role != Role::kAdmin) {
      return AnswerError(res, absl::PermissionDeniedError(
                                  "only the session's host and bureau staff see its counters"));
    }
    if (live_ == nullptr) {
      return AnswerError(res, absl::UnavailableError("live counters are off (no feed token)"));
    }
    res.set_header("Cache-Control", "no-store");
    res.set_chunked_content_provider(
        "text/event-stream", [this, live_session, last = std::make_shared<std::string>()](
                                 size_t, httplib::DataSink& sink) {
          for (int i = 0; i < 200; ++i) {
            std::string event = CountersEvent(live_->Now(live_session));
            if (event != *last) {
              *last = event;
              return sink.write(event.data(), event.size());
            }
            if (!sink.is_writable()) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
          static constexpr char kKeepalive[] = ": keepalive\n\n";
          return sink.write(kKeepalive, sizeof(kKeepalive) - 1);
        });
  });
}

}  // namespace jobmatch::console
