#include "services/postings/importer.h"

#include <deque>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/common/field_violations.h"
#include "services/common/metrics/registry.h"
#include "services/common/status_macros.h"
#include "services/postings/lessons.h"
#include "services/postings/moderation.h"
#include "services/postings/occupation_coding.h"
#include "services/postings/page_token.h"
#include "services/postings/postings.h"
#include "services/postings/validation.h"

namespace jobmatch::postings {
namespace {

// A bounded hand-off of batches from the reading thread to the writer thread.
class BatchQueue {
 public:
  // Blocks while three batches wait. False if the writer has failed.
  bool Push(std::vector<ImportRow> batch) {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](BatchQueue* q) { return q->batches_.size() < 3 || !q->status_.ok(); }, this));
    if (!status_.ok()) return false;
    batches_.push_back(std::move(batch));
    return true;
  }
  void Close() {
    absl::MutexLock lock(&mu_);
    closed_ = true;
  }
  // The next batch; false when closed and drained.
  bool Pop(std::vector<ImportRow>& batch) {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](BatchQueue* q) { return !q->batches_.empty() || q->closed_; }, this));
    if (batches_.empty()) return false;
    batch = std::move(batches_.front());
    batches_.pop_front();
    return true;
  }
  void Fail(absl::Status status) {
    absl::MutexLock lock(&mu_);
    status_ = std::move(status);
  }
  absl::Status status() {
    absl::MutexLock lock(&mu_);
    return status_;
  }

 private:
  absl::Mutex mu_;
  std::deque<std::vector<ImportRow>> batches_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
};

void AddError(v1::ImportPostingsResponse& resp, int index, const std::string& external_id,
              const google::rpc::BadRequest& violations) {
  auto* err = resp.add_errors();
  err->set_index(index);
  err->set_external_id(external_id);
  *err->mutable_violations() = violations.field_violations();
  resp.set_failed(resp.failed() + 1);
}

// Checks the header; its campaigns must exist.
absl::Status CheckHeader(PostingsStore& store, const v1::ImportHeader& header) {
  FieldViolations v("header");
  ValidateRequestId(header.request_id(), v);
  if (header.source().empty() || CharCount(header.source()) > 100)
    v.Add("source", "1-100 characters");
  std::vector<std::string> ids(header.campaign_ids().begin(), header.campaign_ids().end());
  JM_ASSIGN_OR_RETURN(auto existing, store.ExistingCampaigns(ids));
  const absl::flat_hash_set<std::string> found(existing.begin(), existing.end());
  for (int i = 0; i < header.campaign_ids_size(); ++i) {
    if (!found.contains(header.campaign_ids(i)))
      v.Add(absl::StrCat("campaign_ids[", i, "]"), "no such campaign");
  }
  return v.ToStatus();
}

// Rows of imports by outcome, counted as each batch commits, so that
// rate() gives an import's rows per second while it runs.
metrics::Counter& ImportedRows(const char* outcome) {
  return metrics::DefaultRegistry()
      .CounterFamily("jobmatch_import_rows_total",
                     "Rows of ImportPostings streams by outcome (created, updated, unchanged as "
                     "their batch commits; failed: refused rows).",
                     {"outcome"})
      .WithLabels({outcome});
}

}  // namespace

absl::StatusOr<v1::ImportPostingsResponse> Importer::Run(const Reader& read, const Broken& broken) {
  const absl::Status cut_off = absl::CancelledError(
      "the import stream broke before the client finished it; nothing was recorded as "
      "imported: send the whole file again with the same request id");
  v1::ImportPostingsRequest message;
  if (!read(message) || !message.has_header()) {
    return InvalidField("header", "the first message must be the import header");
  }
  const v1::ImportHeader header = message.header();
  JM_RETURN_IF_ERROR(CheckHeader(store_, header));
  v1::ImportHeader keyed = header;
  keyed.clear_request_id();
  uint64_t stream_hash = StableHash(keyed.SerializeAsString());
  JM_ASSIGN_OR_RETURN(auto recorded, store_.LookupRequest(header.request_id()));

  v1::ImportPostingsResponse resp;
  if (recorded) {
    // A retry: nothing is written; the same stream gets the first answer.
    while (read(message)) stream_hash = StableHash(message.SerializeAsString(), stream_hash);
    if (broken()) return cut_off;
    if (recorded->request_hash != stream_hash || !resp.ParseFromString(recorded->response)) {
      return InvalidField("header.request_id", "already used for a different import");
    }
    return resp;
  }

  BatchQueue queue;
  absl::Mutex counts_mu;
  int created = 0, updated = 0, unchanged = 0;
  static metrics::Counter& created_rows = ImportedRows("created");
  static metrics::Counter& updated_rows = ImportedRows("updated");
  static metrics::Counter& unchanged_rows = ImportedRows("unchanged");
  auto write = [&] {
    std::vector<ImportRow> batch;
    while (queue.Pop(batch)) {
      auto outcomes = store_.ImportBatch(header.source(), batch);
      if (!outcomes.ok()) {
        queue.Fail(outcomes.status());
        return;
      }
      absl::MutexLock lock(&counts_mu);
      for (ImportOutcome o : *outcomes) {
        (o == ImportOutcome::kCreated   ? created
         : o == ImportOutcome::kUpdated ? updated
                                        : unchanged)++;
        (o == ImportOutcome::kCreated   ? created_rows
         : o == ImportOutcome::kUpdated ? updated_rows
                                        : unchanged_rows)
            .Increment();
      }
    }
  };
  // Batches hold distinct external ids (repeats are refused above), so
  // writers never wait on each other's rows.
  std::vector<std::thread> writers;
  for (int i = 0; i < options_.writers; ++i) writers.emplace_back(write);

  absl::flat_hash_map<std::string, int> employer_brands;  // known employers
  absl::flat_hash_set<std::string> campaigns(header.campaign_ids().begin(),
                                             header.campaign_ids().end());
  absl::flat_hash_set<std::string> external_ids;
  std::vector<ImportRow> pending;
  absl::Status status;
  const bool trusted = options_.trusted_sources.contains(header.source());
  // Pay medians for screening, read once per import: a snapshot is enough
  // for a flag that only informs a reviewer.
  std::optional<SalaryMedians> medians;

  // Rows still needing stored-state checks are resolved per batch, with one
  // query for the employers and campaigns not seen before.
  auto flush = [&]() -> absl::Status {
    std::vector<std::string> new_employers, new_campaigns;
    for (const ImportRow& row : pending) {
      if (!employer_brands.contains(row.post.employer_id()))
        new_employers.push_back(row.post.employer_id());
      for (const auto& c : row.post.campaign_ids()) {
        if (!campaigns.contains(c)) new_campaigns.push_back(c);
      }
    }
    JM_ASSIGN_OR_RETURN(auto brands, store_.EmployerBrands(new_employers));
    for (auto& [id, brand] : brands) employer_brands[id] = brand;
    JM_ASSIGN_OR_RETURN(auto found, store_.ExistingCampaigns(new_campaigns));
    campaigns.insert(found.begin(), found.end());
    std::vector<ImportRow> good;
    for (ImportRow& row : pending) {
      FieldViolations v("post");
      auto brand = employer_brands.find(row.post.employer_id());
      if (brand == employer_brands.end()) v.Add("employer_id", "no such employer");
      for (int i = 0; i < row.post.campaign_ids_size(); ++i) {
        if (!campaigns.contains(row.post.campaign_ids(i))) {
          v.Add(absl::StrCat("campaign_ids[", i, "]"), "no such campaign");
        }
      }
      if (!v.empty()) {
        AddError(resp, row.index, row.post.external_id(), v.proto());
        continue;
      }
      if (row.post.labor_brand() == v1::LABOR_BRAND_UNSPECIFIED) {
        row.post.set_labor_brand(static_cast<v1::LaborBrand>(brand->second));
      }
      good.push_back(std::move(row));
    }
    pending.clear();
    std::vector<v1::Post*> posts;
    if (!medians && !good.empty()) {
      JM_ASSIGN_OR_RETURN(medians, store_.SalaryMediansOf("", "", kMinMedianSamples));
    }
    for (ImportRow& row : good) {
      // The hash of the row as sent: neither a lesson nor the review state
      // makes an unchanged row of a later import look changed.
      if (AwaitsReview(row.post) || !trusted) row.content_hash = PostContentHash(row.post);
      posts.push_back(&row.post);
    }
    JM_RETURN_IF_ERROR(ApplyLessons(store_, posts));
    for (ImportRow& row : good) {
      JM_RETURN_IF_ERROR(ScreenForModeration(store_, &*medians, row.post));
      SetImportedModeration(trusted, row.post);
    }
    if (!good.empty() && !queue.Push(std::move(good))) return queue.status();
    return absl::OkStatus();
  };

  int index = 0;
  while (status.ok() && read(message)) {
    stream_hash = StableHash(message.SerializeAsString(), stream_hash);
    const int row_index = index++;
    resp.set_received(resp.received() + 1);
    if (!message.has_post()) {
      FieldViolations v;
      v.Add("post", "every message after the header must be a post");
      AddError(resp, row_index, "", v.proto());
      continue;
    }
    ImportRow row{row_index, std::move(*message.mutable_post())};
    v1::Post& p = row.post;
    p.set_source(header.source());
    // Header campaigns first, then the row's own, without repeats.
    google::protobuf::RepeatedPtrField<std::string> own = std::move(*p.mutable_campaign_ids());
    p.mutable_campaign_ids()->Clear();
    for (const auto& c : header.campaign_ids()) p.add_campaign_ids(c);
    for (const auto& c : own) {
      if (std::find(p.campaign_ids().begin(), p.campaign_ids().end(), c) ==
          p.campaign_ids().end()) {
        p.add_campaign_ids(c);
      }
    }
    if (p.state() == v1::POST_STATE_UNSPECIFIED) p.set_state(v1::POST_STATE_OPEN);
    NormalizePost(p);
    SettleArrivingCoding(p);
    FieldViolations v("post");
    ValidatePost(p, v);
    if (p.state() != v1::POST_STATE_OPEN && p.state() != v1::POST_STATE_DRAFT) {
      v.Add("state", "an imported post is DRAFT or OPEN");
    }
    if (p.external_id().empty()) {
      v.Add("external_id", "required: the import key");
    } else if (!external_ids.insert(p.external_id()).second) {
      v.Add("external_id", "appears earlier in this import");
    }
    if (!v.empty()) {
      AddError(resp, row_index, p.external_id(), v.proto());
      continue;
    }
    pending.push_back(std::move(row));
    if (static_cast<int>(pending.size()) >= options_.batch_size) status = flush();
  }
  // A broken stream is not a short file: its last rows never reach the
  // database and the import is not recorded as done.
  if (status.ok() && broken()) status = cut_off;
  if (status.ok()) status = flush();
  queue.Close();
  for (auto& w : writers) w.join();
  if (status.ok()) status = queue.status();
  JM_RETURN_IF_ERROR(status);

  resp.set_created(created);
  resp.set_updated(updated);
  resp.set_unchanged(unchanged);
  static metrics::Counter& failed_rows = ImportedRows("failed");
  failed_rows.Increment(resp.failed());
  std::sort(resp.mutable_errors()->begin(), resp.mutable_errors()->end(),
            [](const v1::ImportRowError& a, const v1::ImportRowError& b) {
              return a.index() < b.index();
            });
  // Every batch has committed: the outbox's head covers all their rows.
  JM_ASSIGN_OR_RETURN(int64_t outbox_head, store_.OutboxHead());
  resp.set_consistency_token(ConsistencyTokenOf(store_, outbox_head));
  JM_RETURN_IF_ERROR(store_.RecordRequest(
      Idempotency{header.request_id(), "ImportPostings", stream_hash}, resp.SerializeAsString()));
  return resp;
}

}  // namespace jobmatch::postings
