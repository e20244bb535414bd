// Storage of the application pipeline (see applications.h for its rules).
// The MariaDB implementation is MysqlApplicationStore
// (mysql_application_store.cc); hires themselves stay with PostCapacityStore,
// which moves the application to HIRED in the hire's transaction.
#ifndef JOBMATCH_SERVICES_EVENTS_APPLICATION_STORE_H_
#define JOBMATCH_SERVICES_EVENTS_APPLICATION_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jobmatch/v1/events.pb.h"
#include "services/events/event_store.h"

namespace jobmatch::events {

// One page of applications, newest first.
struct ApplicationPage {
  std::vector<v1::ApplicationRecord> items;
  // Pass as `before_seq` for the next page; 0 on the last page.
  int64_t next_before_seq = 0;
};

// Thread-safe.
class ApplicationStore {
 public:
  virtual ~ApplicationStore() = default;
  // Takes one step of the pipeline other than a hire or its undoing (an
  // application, a view, an invitation, an answer to it, a rejection, a
  // withdrawal) in ONE transaction: locks the application's row, checks the
  // step (applications.h; an application also needs the post to be OPEN:
  // NOT_FOUND for an unknown post, FAILED_PRECONDITION otherwise), moves the
  // row and appends the event, recording its request id. A request id
  // recorded before answers what it answered then (INVALID_ARGUMENT if the
  // request differs). A refused step writes nothing.
  virtual absl::StatusOr<Accepted> Advance(const Submission& step) = 0;
  // Undoes a hire in ONE transaction: the application returns to the status
  // it was hired from, the post gets its opening back (a FILLED post opens
  // again) with a POST_CHANGED event in the postings outbox, the campaign
  // figures lose the hire, and the HIRE_UNDONE event is appended.
  // FAILED_PRECONDITION unless the application is HIRED.
  virtual absl::StatusOr<Accepted> UndoHire(const Submission& undo) = 0;
  // A person's applications, with post titles, newest first; `before_seq` 0
  // starts at the newest.
  virtual absl::StatusOr<ApplicationPage> ForPerson(const std::string& profile_id, int limit,
                                                    int64_t before_seq) = 0;
  // A post's applications in `statuses` (empty: all), newest first, with the
  // people's region and key groups as the feed knows them (never sensitive).
  virtual absl::StatusOr<ApplicationPage> ForPost(
      const std::string& post_id, const std::vector<v1::ApplicationStatus>& statuses, int limit,
      int64_t before_seq) = 0;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_APPLICATION_STORE_H_
