// The transactional outbox: a service that changes an entity writes the
// matching feed event into its own schema's `outbox` table on the same
// connection, inside the same transaction, so the change and its event commit
// or vanish together. The events service relays outbox rows into the feed.
//
// Every service schema has (see deploy/migrations/*/):
//   CREATE TABLE outbox (
//     id BIGINT AUTO_INCREMENT PRIMARY KEY,
//     event LONGBLOB NOT NULL,  -- serialized jobmatch.v1.Event, cursor and time unset
//     created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6));
#ifndef JOBMATCH_SERVICES_COMMON_OUTBOX_H_
#define JOBMATCH_SERVICES_COMMON_OUTBOX_H_

#include <cstdint>

#include "jobmatch/v1/events.pb.h"

namespace sql {
class Connection;
}

namespace jobmatch {

// Appends `event` to the outbox of `conn`'s schema. Must be called inside the
// transaction that makes the change. Throws sql::SQLException like any other
// statement; Database::InTransaction turns that into a status.
void WriteOutboxEvent(sql::Connection& conn, const v1::Event& event);

// The id of the newest row of `conn`'s schema's outbox, 0 when it is empty:
// the position a consistency token names (services/common/consistency_token.h).
int64_t OutboxHead(sql::Connection& conn);

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_OUTBOX_H_
