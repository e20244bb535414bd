// The ImportPostings pipeline. The calling thread reads, normalises and
// validates rows and groups them into batches; writer threads store each
// batch (PostingsStore::ImportBatch) while the next one is being read, so
// parsing overlaps database writes.
//
// Contracts: rows are keyed by (header.source, external_id); a bad row is
// reported by index and never written while good rows land; batches commit
// one by one, so a failed import may have stored some batches — importing the
// same rows again completes it without duplicates. A request_id seen before
// writes nothing: the same stream returns the first answer, a different one
// is INVALID_ARGUMENT on "header.request_id".
#ifndef JOBMATCH_SERVICES_POSTINGS_IMPORTER_H_
#define JOBMATCH_SERVICES_POSTINGS_IMPORTER_H_

#include <functional>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/postings/post_store.h"

namespace jobmatch::postings {

struct ImportOptions {
  // Rows per database transaction.
  int batch_size = 2000;
  // Threads (each with its own connection) storing batches concurrently.
  int writers = 2;
  // Sources whose posts are published without review (still screened);
  // every other source's posts wait for staff (PENDING_REVIEW).
  absl::flat_hash_set<std::string> trusted_sources;
};

class Importer {
 public:
  // `store` is not owned and must outlive the importer.
  explicit Importer(PostingsStore* store, ImportOptions options = {})
      : store_(*store), options_(options) {}

  // Fills `message` with the stream's next message; false at its end.
  using Reader = std::function<bool(v1::ImportPostingsRequest& message)>;
  // Asked once the reader returns false: true when the stream broke (the
  // client cancelled, or its connection dropped) instead of ending.
  using Broken = std::function<bool()>;

  // Consumes the whole stream. INVALID_ARGUMENT if the first message is not a
  // valid header; UNAVAILABLE/INTERNAL if the database fails. CANCELLED if
  // the stream broke before the client finished it: the rows read since the
  // last full batch are dropped, and the import is not recorded under its
  // request id, so a retry with the same id imports for real (batches
  // already stored are found again, unchanged).
  absl::StatusOr<v1::ImportPostingsResponse> Run(
      const Reader& read, const Broken& broken = [] { return false; });

 private:
  PostingsStore& store_;
  const ImportOptions options_;
};

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_IMPORTER_H_
