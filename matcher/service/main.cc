// jobmatch-matcher: serves MatcherService from the in-memory index.
#include <ctime>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "matcher/index/match_index.h"
#include "matcher/service/live_push.h"
#include "matcher/service/matcher_service.h"
#include "matcher/service/refdata_adapters.h"
#include "services/common/server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50054", "host:port to serve on");
ABSL_FLAG(int, keepalive_seconds, 15, "keepalive interval of idle WatchMatches streams");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  using namespace jobmatch;
  matcher::RefdataRelations relations(&refdata::DefaultOccupations());
  matcher::MatchIndex index(&relations);
  auto now = [] { return static_cast<int64_t>(std::time(nullptr)); };
  matcher::LivePushHub hub(&index, now, absl::Seconds(absl::GetFlag(FLAGS_keepalive_seconds)));
  matcher::MatcherService service(&index, &hub, now);

  HostOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.services = {&service};
  options.health_names = {"jobmatch.v1.MatcherService"};
  return ServeUntilSignalled(std::move(options));
}
