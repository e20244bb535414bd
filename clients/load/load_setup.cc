#include "clients/load/load_setup.h"

#include <ostream>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/live/live_setup.h"
#include "services/common/status_macros.h"

namespace jobmatch::load {
namespace {

// Asks `call` until it answers OK or `limit` passes (the matcher learns of new
// people and posts from the feed, a moment after they were made).
absl::Status Await(const std::function<absl::Status()>& call, absl::Duration limit) {
  const absl::Time until = absl::Now() + limit;
  absl::Status status;
  while (!(status = call()).ok() && absl::Now() < until) absl::SleepFor(absl::Milliseconds(250));
  return status;
}

}  // namespace

std::vector<std::string> DefaultQueries() {
  return {"焊工",       "普工",      "家政服务员", "保安员",     "快递员", "陶瓷", "缝纫工",
          "养老护理员", "醴陵 陶瓷", "车工",       "仓储管理员", "服装",   "司机", "电工"};
}

absl::StatusOr<LoadFixture> BuildFixture(const SetupChannels& channels, const SetupOptions& options,
                                         std::ostream& log) {
  LoadFixture fixture;
  fixture.session_id = options.session_id;
  fixture.host_id = options.host_id;
  fixture.queries = options.queries.empty() ? DefaultQueries() : options.queries;
  const client::CallRunner staff(channels.staff), app(channels.app);

  JM_ASSIGN_OR_RETURN(fixture.live_posts,
                      live::CreateLivePosts(channels.postings_staff, staff, options.live_posts,
                                            absl::StrCat("load-", options.first_seq)));
  const absl::Time registering = absl::Now();
  JM_ASSIGN_OR_RETURN(fixture.people, live::RegisterViewers(channels.profiles_staff, staff,
                                                            options.people, options.first_seq));
  log << "registered " << fixture.people.size() << " seekers in "
      << absl::FormatDuration(absl::Now() - registering) << "; " << fixture.live_posts.size()
      << " live posts" << std::endl;

  auto postings = v1::PostingsService::NewStub(channels.postings_app);
  v1::ListPostsRequest list;
  list.set_page_size(1000);
  while (static_cast<int>(fixture.posts.size()) < options.sample_posts) {
    JM_ASSIGN_OR_RETURN(v1::ListPostsResponse page,
                        app.Unary(postings.get(), &v1::PostingsService::Stub::ListPosts, list));
    for (const v1::Post& p : page.posts()) {
      // The live posts stay out: an application to one would take its
      // applicant out of the push's audience (eligibility skips applied posts).
      if (absl::c_linear_search(fixture.live_posts, p.post_id())) continue;
      if (static_cast<int>(fixture.posts.size()) < options.sample_posts) {
        fixture.posts.push_back(p.post_id());
      }
    }
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  if (fixture.posts.empty()) return absl::FailedPreconditionError("no open posts to read");
  log << "sampled " << fixture.posts.size() << " open posts" << std::endl;

  // The feed keeps commit order: once the matcher knows the last person
  // registered, it knows the live posts made before them too.
  auto matcher = v1::MatcherService::NewStub(channels.matcher_app);
  const absl::Time waiting = absl::Now();
  v1::RecommendPostsRequest recommend;
  recommend.set_profile_id(fixture.people.back());
  JM_RETURN_IF_ERROR(Await(
      [&] {
        return app.Unary(matcher.get(), &v1::MatcherService::Stub::RecommendPosts, recommend)
            .status();
      },
      options.matcher_wait));
  log << "matcher caught up in " << absl::FormatDuration(absl::Now() - waiting) << std::endl;
  return fixture;
}

}  // namespace jobmatch::load
