#include "services/postings/page_token.h"
#include "services/postings/post_store.h"

namespace jobmatch::postings {

uint64_t PostContentHash(const v1::Post& post) {
  v1::Post content = post;
  content.clear_post_id();
  content.clear_remaining_openings();
  content.clear_create_time();
  content.clear_update_time();
  content.clear_version();
  // Screening depends on other posts' pay too; it is not the row's content.
  content.clear_moderation();
  return StableHash(content.SerializeAsString());
}

}  // namespace jobmatch::postings
