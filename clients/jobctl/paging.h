// How every list command of jobctl walks its pages, so that --all, --json and
// the "more: --page_token=…" hint mean the same everywhere.
#ifndef JOBMATCH_CLIENTS_JOBCTL_PAGING_H_
#define JOBMATCH_CLIENTS_JOBCTL_PAGING_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/jobctl/format.h"
#include "clients/jobctl/session.h"
#include "services/common/status_macros.h"

namespace jobmatch::jobctl {

// `fetch(token)` reads the page at `token`, adds its rows to `table` (printing
// each as a JSON line with --json) and returns the next page's token. The
// first page is --page_token's; with --all every later one is read too. Then
// the table is printed (unless --json) and the token of an unread page is
// given on stderr.
inline absl::Status ListPages(
    Session& s, Table& table,
    const std::function<absl::StatusOr<std::string>(const std::string& token)>& fetch) {
  std::string next = s.inv().Get("page_token");
  do {
    JM_ASSIGN_OR_RETURN(next, fetch(next));
  } while (s.inv().Bool("all") && !next.empty());
  if (!s.json()) {
    s.out() << table.Render();
    if (!next.empty()) s.err() << "more: --page_token=" << next << "\n";
  }
  return absl::OkStatus();
}

}  // namespace jobmatch::jobctl

#endif  // JOBMATCH_CLIENTS_JOBCTL_PAGING_H_
