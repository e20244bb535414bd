// Storage of employers, campaigns and posts, behind an interface so that the
// domain layer knows no SQL. Every mutation takes an Idempotency: the store
// records the request id with its answer in the same transaction as the
// change and the change's outbox event, so a retry returns the first answer
// and has no second effect.
#ifndef JOBMATCH_SERVICES_POSTINGS_POST_STORE_H_
#define JOBMATCH_SERVICES_POSTINGS_POST_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/postings/search_text.h"

namespace jobmatch::postings {

struct Idempotency {
  std::string request_id;
  // The RPC's name; a request id is bound to one method.
  std::string method;
  // StableHash of the request without its request_id. The same id with a
  // different hash is refused with INVALID_ARGUMENT on "request_id".
  uint64_t request_hash = 0;
  // If set, receives the id of the last outbox row the change's transaction
  // could see — its own rows included — or, for a retry, what the first
  // answer recorded: the position its consistency token names.
  int64_t* outbox_id = nullptr;
};

// Filters and position of one page of posts, newest first (descending seq).
struct PostQuery {
  v1::PostFilter filter;
  // Words the posts must hold; empty means no text search.
  SearchQuery search;
  // Only rows with seq < before_seq; 0 means from the newest.
  int64_t before_seq = 0;
  int limit = 50;
};

// Filters and position of one page of the review queue (posts whose coding
// needs review, live ones only), oldest first (ascending seq).
struct ReviewQuery {
  std::string campaign_id;
  std::string region_prefix;
  std::string source;
  // Only rows with seq > after_seq; 0 means from the oldest.
  int64_t after_seq = 0;
  int limit = 50;
};

// Filters and position of one page of the moderation queue (posts in
// PENDING_REVIEW), oldest first (ascending seq).
struct ModerationQuery {
  // Posts whose region code starts with any of these; empty means anywhere.
  std::vector<std::string> region_prefixes;
  std::string campaign_id;
  // Posts with any of these screening bits (1 << ScreeningRule); 0: any post.
  int flag_mask = 0;
  // Only rows with seq > after_seq; 0 means from the oldest.
  int64_t after_seq = 0;
  int limit = 50;
};

// Median monthly pay (salary key) of open posts by "occupation_code|county".
using SalaryMedians = absl::flat_hash_map<std::string, int>;

// One page of a keyset listing.
template <typename T>
struct Page {
  std::vector<T> items;
  // seq of the last item returned when more may follow; 0 on the last page.
  int64_t last_seq = 0;
};
using PostPage = Page<v1::Post>;

// Hash of a post's content (everything but server-assigned output fields
// and moderation);
// equal hashes mean an import row would change nothing.
uint64_t PostContentHash(const v1::Post& post);

// One row of an import, validated by the domain. `post` carries the final
// source, external_id and campaign_ids.
struct ImportRow {
  int index = 0;
  v1::Post post;
  // PostContentHash of the row as the source sent it, before a lesson coded
  // it: the store keeps it, so an unchanged row of a later import writes
  // nothing and leaves a staff review of the post in place. 0: that of `post`.
  uint64_t content_hash = 0;
};
enum class ImportOutcome { kCreated, kUpdated, kUnchanged };

// What a previous request with the same id recorded.
struct RecordedRequest {
  uint64_t request_hash = 0;
  std::string response;
  int64_t outbox_id = 0;  // what Idempotency::outbox_id received
};

// What the search indexer (search_indexer.h) needs of a store: the queue
// imports leave behind, and when an import last wrote.
class SearchQueue {
 public:
  virtual ~SearchQueue() = default;
  // Moves up to `limit` posts queued by imports into the search index, in
  // one transaction; how many (0: none waiting). Safe in several replicas.
  virtual absl::StatusOr<int> IndexSearch(int limit) = 0;
  // When this store last wrote an import batch (InfinitePast: never), so the
  // search indexer can keep out of a running import's way.
  virtual absl::Time LastImportWrite() const = 0;
};

class PostingsStore : public SearchQueue {
 public:
  // Receives the stored entity (authoritative columns applied); returns a
  // non-OK status to abandon the change (nothing is written).
  template <typename T>
  using Mutation = std::function<absl::Status(T&)>;

  // The schema whose outbox this store writes (consistency tokens name it).
  virtual const std::string& OutboxSchema() const = 0;
  // The id of the newest committed outbox row (0: none).
  virtual absl::StatusOr<int64_t> OutboxHead() = 0;

  // Assigns employer_id, times and version. ALREADY_EXISTS if the credit code is taken.
  virtual absl::StatusOr<v1::Employer> CreateEmployer(const Idempotency& idem,
                                                      v1::Employer employer) = 0;
  // NOT_FOUND if absent.
  virtual absl::StatusOr<v1::Employer> GetEmployer(const std::string& employer_id) = 0;
  virtual absl::StatusOr<v1::Employer> UpdateEmployer(const Idempotency& idem,
                                                      const std::string& employer_id,
                                                      const Mutation<v1::Employer>& mutate) = 0;
  virtual absl::StatusOr<Page<v1::Employer>> ListEmployers(const v1::ListEmployersRequest& filter,
                                                           int64_t before_seq, int limit) = 0;

  virtual absl::StatusOr<v1::Campaign> CreateCampaign(const Idempotency& idem,
                                                      v1::Campaign campaign) = 0;
  virtual absl::StatusOr<v1::Campaign> GetCampaign(const std::string& campaign_id) = 0;
  virtual absl::StatusOr<v1::Campaign> UpdateCampaign(const Idempotency& idem,
                                                      const std::string& campaign_id,
                                                      const Mutation<v1::Campaign>& mutate) = 0;
  virtual absl::StatusOr<Page<v1::Campaign>> ListCampaigns(const v1::ListCampaignsRequest& filter,
                                                           int64_t before_seq, int limit) = 0;

  // Assigns post_id, remaining_openings, times and version 1; defaults the
  // labour brand to the employer's. INVALID_ARGUMENT on "post.employer_id" /
  // "post.campaign_ids[i]" when they do not exist.
  virtual absl::StatusOr<v1::Post> CreatePost(const Idempotency& idem, v1::Post post) = 0;
  virtual absl::StatusOr<v1::Post> GetPost(const std::string& post_id) = 0;
  // Applies `mutate` under a row lock, then bumps version and update_time.
  // Openings changes shift remaining_openings by the same amount (not below 0).
  virtual absl::StatusOr<v1::Post> UpdatePost(const Idempotency& idem, const std::string& post_id,
                                              const Mutation<v1::Post>& mutate) = 0;
  virtual absl::StatusOr<PostPage> ListPosts(const PostQuery& query) = 0;

  // The recorded answer of `request_id`, if any.
  virtual absl::StatusOr<std::optional<RecordedRequest>> LookupRequest(
      const std::string& request_id) = 0;
  // Records an answer; a concurrent duplicate keeps the first.
  virtual absl::Status RecordRequest(const Idempotency& idem, const std::string& response) = 0;
  // NOT_FOUND-free check for the import: which of `employer_ids` exist, with
  // their labour brands.
  virtual absl::StatusOr<std::vector<std::pair<std::string, int>>> EmployerBrands(
      const std::vector<std::string>& employer_ids) = 0;
  // Which of `campaign_ids` exist.
  virtual absl::StatusOr<std::vector<std::string>> ExistingCampaigns(
      const std::vector<std::string>& campaign_ids) = 0;
  // Upserts rows by (source, external_id) in one transaction: unchanged rows
  // (same content hash) write nothing; new and changed rows write their post
  // and its event. Outcomes are in row order.
  virtual absl::StatusOr<std::vector<ImportOutcome>> ImportBatch(
      const std::string& source, const std::vector<ImportRow>& rows) = 0;
  // Moves up to `limit` OPEN posts whose validity ended at or before `now` to
  // EXPIRED (version + 1, update_time `now`), each with its event, in one
  // transaction; returns how many moved. Rows another transaction holds are
  // skipped, so concurrent sweeps never wait on each other.
  virtual absl::StatusOr<int> ExpirePosts(absl::Time now, int limit) = 0;

  // The review queue: live posts whose coding needs review.
  virtual absl::StatusOr<PostPage> ListReviewQueue(const ReviewQuery& query) = 0;
  // In one transaction: applies `review` to `post_id` under a row lock (then
  // version + 1, update_time, its event); teaches the post's normalised title
  // (occupation::NormaliseTitle) -> its new code by `taught_by`; and applies
  // `resolve` to every other live post of that title still needing review,
  // each with its event. Answers the reviewed post and how many others
  // `resolve` changed. NOT_FOUND if the post is absent.
  virtual absl::StatusOr<v1::ReviewPostOccupationResponse> ReviewOccupation(
      const Idempotency& idem, const std::string& post_id, const Mutation<v1::Post>& review,
      const std::string& taught_by, const Mutation<v1::Post>& resolve) = 0;
  // The moderation queue: posts awaiting review.
  virtual absl::StatusOr<PostPage> ListModerationQueue(const ModerationQuery& query) = 0;
  // Medians of open posts' pay per (occupation, county) with at least
  // `min_samples` posts; only the pair of `occupation_code` and `county` when
  // they are given, every pair when both are empty.
  virtual absl::StatusOr<SalaryMedians> SalaryMediansOf(const std::string& occupation_code,
                                                        const std::string& county,
                                                        int min_samples) = 0;
  // The taught code of each of `normalised_titles` that has one, in one query.
  virtual absl::StatusOr<absl::flat_hash_map<std::string, std::string>> LearnedCodes(
      const std::vector<std::string>& normalised_titles) = 0;
  // Lessons, most recently first taught first (descending seq).
  virtual absl::StatusOr<Page<v1::LearnedTitle>> ListLearnedTitles(int64_t before_seq,
                                                                   int limit) = 0;
};

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_POST_STORE_H_
