// PostingsStore on MariaDB/MySQL (schema: deploy/migrations/postings). Each
// entity's proto is kept whole in `proto`; for posts, the columns openings,
// remaining_openings, state and version are authoritative (the events service
// updates them directly) and are laid over the proto on every read.
#ifndef JOBMATCH_SERVICES_POSTINGS_MYSQL_POSTINGS_STORE_H_
#define JOBMATCH_SERVICES_POSTINGS_MYSQL_POSTINGS_STORE_H_

#include <atomic>
#include <variant>

#include "services/common/db/database.h"
#include "services/postings/post_store.h"

namespace sql {
class Connection;
class ResultSet;
}  // namespace sql

namespace jobmatch::postings {

// Thread-safe; `db` must outlive the store.
class MysqlPostingsStore final : public PostingsStore {
 public:
  explicit MysqlPostingsStore(db::Database* db) : db_(*db) {}

  const std::string& OutboxSchema() const override { return db_.config().schema; }
  absl::StatusOr<int64_t> OutboxHead() override;

  absl::StatusOr<v1::Employer> CreateEmployer(const Idempotency& idem,
                                              v1::Employer employer) override;
  absl::StatusOr<v1::Employer> GetEmployer(const std::string& employer_id) override;
  absl::StatusOr<v1::Employer> UpdateEmployer(const Idempotency& idem,
                                              const std::string& employer_id,
                                              const Mutation<v1::Employer>& mutate) override;
  absl::StatusOr<Page<v1::Employer>> ListEmployers(const v1::ListEmployersRequest& filter,
                                                   int64_t before_seq, int limit) override;

  absl::StatusOr<v1::Campaign> CreateCampaign(const Idempotency& idem,
                                              v1::Campaign campaign) override;
  absl::StatusOr<v1::Campaign> GetCampaign(const std::string& campaign_id) override;
  absl::StatusOr<v1::Campaign> UpdateCampaign(const Idempotency& idem,
                                              const std::string& campaign_id,
                                              const Mutation<v1::Campaign>& mutate) override;
  absl::StatusOr<Page<v1::Campaign>> ListCampaigns(const v1::ListCampaignsRequest& filter,
                                                   int64_t before_seq, int limit) override;

  absl::StatusOr<v1::Post> CreatePost(const Idempotency& idem, v1::Post post) override;
  absl::StatusOr<v1::Post> GetPost(const std::string& post_id) override;
  absl::StatusOr<v1::Post> UpdatePost(const Idempotency& idem, const std::string& post_id,
                                      const Mutation<v1::Post>& mutate) override;
  absl::StatusOr<PostPage> ListPosts(const PostQuery& query) override;

  absl::StatusOr<std::optional<RecordedRequest>> LookupRequest(
      const std::string& request_id) override;
  absl::Status RecordRequest(const Idempotency& idem, const std::string& response) override;
  absl::StatusOr<std::vector<std::pair<std::string, int>>> EmployerBrands(
      const std::vector<std::string>& employer_ids) override;
  absl::StatusOr<std::vector<std::string>> ExistingCampaigns(
      const std::vector<std::string>& campaign_ids) override;
  absl::StatusOr<std::vector<ImportOutcome>> ImportBatch(
      const std::string& source, const std::vector<ImportRow>& rows) override;
  absl::StatusOr<int> ExpirePosts(absl::Time now, int limit) override;
  absl::StatusOr<int> IndexSearch(int limit) override;
  absl::StatusOr<PostPage> ListReviewQueue(const ReviewQuery& query) override;
  absl::StatusOr<v1::ReviewPostOccupationResponse> ReviewOccupation(
      const Idempotency& idem, const std::string& post_id, const Mutation<v1::Post>& review,
      const std::string& taught_by, const Mutation<v1::Post>& resolve) override;
  absl::StatusOr<PostPage> ListModerationQueue(const ModerationQuery& query) override;
  absl::StatusOr<SalaryMedians> SalaryMediansOf(const std::string& occupation_code,
                                                const std::string& county,
                                                int min_samples) override;
  absl::StatusOr<absl::flat_hash_map<std::string, std::string>> LearnedCodes(
      const std::vector<std::string>& normalised_titles) override;
  absl::StatusOr<Page<v1::LearnedTitle>> ListLearnedTitles(int64_t before_seq, int limit) override;
  absl::Time LastImportWrite() const override;

 private:
  // Which of a search's tokens (2 or more) the fewest posts hold.
  absl::StatusOr<size_t> RarestTerm(const std::vector<std::string>& terms);

  db::Database& db_;
  std::atomic<int64_t> last_import_write_micros_{INT64_MIN};
};

// Row helpers shared by the store's files (mysql_posts.cc, mysql_import.cc).
namespace internal {
struct PostWrite {
  const v1::Post* post;
  // Stored for the import's unchanged-row check: the hash of what the source
  // last sent, which may differ from the stored post (e.g. a closed state kept).
  uint64_t content_hash;
  // A new post: it has no campaign rows to replace.
  bool created;
};
// Whether a write puts its posts' text in the search index itself (kNow), or
// queues them for the search indexer (kLater: bulk imports).
enum class SearchIndexing { kNow, kLater };
// Writes complete posts (ids, versions and times set) with multi-row
// INSERT ... ON DUPLICATE KEY UPDATE keyed by post_id, their campaign
// memberships (post_campaigns), and their search text (post_search).
void UpsertPosts(sql::Connection& conn, const std::vector<PostWrite>& posts, SearchIndexing search);
// A post's SearchDocument as just written, for IndexSearchDocuments.
struct SearchDoc {
  int64_t seq;
  std::string text;
  // Created in this transaction: nothing of it is indexed yet. Its old text
  // is then not read, which would lock the gap at the end of post_search and
  // deadlock concurrent creates.
  bool created;
};
// Brings the search index up to date for `docs`, in the caller's
// transaction, which holds the lock on each post's row: post_terms gains the
// posts' new tokens and loses the ones their text no longer has, and
// post_search keeps each post's tokens for its next change.
void IndexSearchDocuments(sql::Connection& conn, const std::vector<SearchDoc>& docs);
// The post in the current row of `rs` (a SELECT of kPostColumns), with the
// authoritative columns applied.
v1::Post PostFromRow(sql::ResultSet& rs);
// A value bound to a `?` of a listing's statement. Listings carry every value
// as a parameter, so that each shape of query is one kept statement
// (db/prepared.h) whatever it asks for.
using SqlArg = std::variant<int64_t, std::string>;
// Runs `sql` (a SELECT of kPostColumns ordered by seq, ending in LIMIT ?)
// with `first` bound to its first `?`, `args` to the next ones and limit + 1
// to the last, and reads one page: at most `limit` posts, and last_seq set
// when more follow.
absl::StatusOr<PostPage> ReadPostPage(db::Database& db, const std::string& sql, int64_t first,
                                      const std::vector<SqlArg>& args, int limit);
inline constexpr const char* kPostColumns =
    "seq, post_id, openings, remaining_openings, state, version, update_time, content_hash, proto";
}  // namespace internal

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_MYSQL_POSTINGS_STORE_H_
