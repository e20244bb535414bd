// jobmatch-events-backfill-cells: rebuilds from the feed the campaign cells
// of campaigns whose events came before migration events/0006, so their
// cells add up to their campaign rows (cells_backfill.h). Safe to run any
// number of times; deploy/db.sh migrate runs it after the migrations, as the
// administrator.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_join.h"
#include "services/common/db/database.h"
#include "services/common/secret_file.h"
#include "services/events/cells_backfill.h"

ABSL_FLAG(std::string, db, "tcp://127.0.0.1:33306", "Connector/C++ URL of the server");
ABSL_FLAG(std::string, db_user, "root", "database user");
ABSL_FLAG(std::string, db_password_file, "", "file (mode 0600) holding the user's password");
ABSL_FLAG(std::string, schema, "jobmatch_events", "the events schema");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  jobmatch::db::DbConfig config;
  config.url = absl::GetFlag(FLAGS_db);
  config.user = absl::GetFlag(FLAGS_db_user);
  config.schema = absl::GetFlag(FLAGS_schema);
  if (const std::string file = absl::GetFlag(FLAGS_db_password_file); !file.empty()) {
    absl::StatusOr<std::string> password = jobmatch::ReadSecretFile(file);
    if (!password.ok()) {
      std::cerr << "jobmatch-events-backfill-cells: " << password.status() << "\n";
      return 2;
    }
    config.password = *password;
  }
  jobmatch::db::Database db(config);
  absl::StatusOr<jobmatch::events::CellsBackfillReport> report =
      jobmatch::events::BackfillCampaignCells(db);
  if (!report.ok()) {
    std::cerr << "jobmatch-events-backfill-cells: " << report.status() << "\n";
    return 1;
  }
  std::cout << config.schema << ": cells rebuilt for " << report->rebuilt.size() << " campaign(s)"
            << (report->rebuilt.empty() ? "" : ": ") << absl::StrJoin(report->rebuilt, ",") << " ("
            << report->events_read << " feed events read)\n";
  if (!report->unrecoverable.empty()) {
    std::cout << config.schema << ": the feed no longer holds every event of "
              << absl::StrJoin(report->unrecoverable, ",")
              << "; their cells are left as they were\n";
  }
  return 0;
}
