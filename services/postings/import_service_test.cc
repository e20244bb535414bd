// In-process server tests of ImportPostings against the real MariaDB.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/postings/search_text.h"
#include "services/postings/testing/service_fixture.h"

namespace jobmatch::postings::testing {
namespace {

using ::testing::ElementsAre;

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    employer_id_ = server_.CreateSampleEmployer();
    ASSERT_FALSE(employer_id_.empty());
    campaign_id_ = server_.CreateSampleCampaign();
    ASSERT_FALSE(campaign_id_.empty());
    for (int i = 0; i < 5; ++i) {
      v1::Post p = SamplePost(employer_id_);
      p.set_external_id(absl::StrCat("row-", i));
      p.set_openings(1 + i);
      rows_.push_back(p);
    }
  }

  grpc::Status Import(const std::string& request_id, const std::vector<v1::Post>& rows,
                      v1::ImportPostingsResponse* resp, bool send_header = true) {
    grpc::ClientContext ctx;
    auto writer = server_.stub().ImportPostings(&ctx, resp);
    if (send_header) {
      v1::ImportPostingsRequest header;
      header.mutable_header()->set_request_id(request_id);
      header.mutable_header()->set_source("czt-fair-2026");
      header.mutable_header()->add_campaign_ids(campaign_id_);
      writer->Write(header);
    }
    for (const auto& row : rows) {
      v1::ImportPostingsRequest m;
      *m.mutable_post() = row;
      writer->Write(m);
    }
    writer->WritesDone();
    return writer->Finish();
  }

  // A trusted source: its posts are published without moderation.
  PostingsServer server_{Trusting({"czt-fair-2026"})};
  std::string employer_id_, campaign_id_;
  std::vector<v1::Post> rows_;
};

TEST_F(ImportTest, ReimportingTheSameRowsChangesNothing) {
  v1::ImportPostingsResponse first;
  ASSERT_TRUE(Import("imp-1", rows_, &first).ok());
  EXPECT_EQ(first.received(), 5);
  EXPECT_EQ(first.created(), 5);
  const int64_t events = server_.OutboxCount();
  EXPECT_EQ(events, 2 + 5);

  v1::PostFilter filter;
  filter.set_campaign_id(campaign_id_);
  grpc::ClientContext lctx;
  v1::ListPostsRequest list;
  *list.mutable_filter() = filter;
  v1::ListPostsResponse listed;
  ASSERT_TRUE(server_.stub().ListPosts(&lctx, list, &listed).ok());
  ASSERT_EQ(listed.posts_size(), 5);
  EXPECT_EQ(listed.posts(0).source(), "czt-fair-2026");
  EXPECT_EQ(listed.posts(0).labor_brand(), v1::LABOR_BRAND_LILING_CERAMICS);

  v1::ImportPostingsResponse second;
  ASSERT_TRUE(Import("imp-2", rows_, &second).ok());
  EXPECT_EQ(second.created(), 0);
  EXPECT_EQ(second.updated(), 0);
  EXPECT_EQ(second.unchanged(), 5);
  EXPECT_EQ(server_.OutboxCount(), events);
  EXPECT_EQ(server_.Count("posts"), 5);
}

TEST_F(ImportTest, AChangedRowUpdatesItsPost) {
  v1::ImportPostingsResponse resp;
  ASSERT_TRUE(Import("imp-1", rows_, &resp).ok());
  const int64_t events = server_.OutboxCount();
  rows_[2].mutable_salary()->set_max_monthly_cny(9000);
  ASSERT_TRUE(Import("imp-2", rows_, &resp).ok());
  EXPECT_EQ(resp.created(), 0);
  EXPECT_EQ(resp.updated(), 1);
  EXPECT_EQ(resp.unchanged(), 4);
  const auto all = server_.OutboxEvents();
  ASSERT_EQ(static_cast<int64_t>(all.size()), events + 1);
  EXPECT_EQ(all.back().change().change_type(), v1::CHANGE_TYPE_UPDATED);
  EXPECT_EQ(all.back().change().version(), 2);

  grpc::ClientContext ctx;
  v1::GetPostRequest get;
  get.set_post_id(all.back().post_id());
  v1::GetPostResponse got;
  ASSERT_TRUE(server_.stub().GetPost(&ctx, get, &got).ok());
  EXPECT_EQ(got.post().external_id(), "row-2");
  EXPECT_EQ(got.post().salary().max_monthly_cny(), 9000);
  EXPECT_EQ(got.post().version(), 2);
}

// Imported posts reach full-text search through the indexer, and a changed
// title is searched by its new words only, once the indexer has caught up.
TEST_F(ImportTest, ImportedPostsBecomeSearchableAndChangedTitlesAreSearchedAnew) {
  auto search = [this](const std::string& query) {
    grpc::ClientContext ctx;
    v1::SearchPostsRequest req;
    req.set_query(query);
    v1::SearchPostsResponse resp;
    EXPECT_TRUE(server_.stub().SearchPosts(&ctx, req, &resp).ok());
    std::vector<std::string> external_ids;
    for (const v1::Post& p : resp.posts()) external_ids.push_back(p.external_id());
    return external_ids;
  };
  rows_[1].set_title("醴陵陶瓷彩绘工");
  v1::ImportPostingsResponse resp;
  ASSERT_TRUE(Import("imp-1", rows_, &resp).ok());
  server_.WaitForSearchIndex();
  EXPECT_EQ(server_.Count("post_search"), 5);
  EXPECT_THAT(search("彩绘"), ElementsAre("row-1"));

  rows_[1].set_title("醴陵陶瓷拉坯工");
  ASSERT_TRUE(Import("imp-2", rows_, &resp).ok());
  ASSERT_EQ(resp.updated(), 1);
  server_.WaitForSearchIndex();
  EXPECT_THAT(search("拉坯"), ElementsAre("row-1"));
  EXPECT_THAT(search("彩绘"), ElementsAre());
  EXPECT_EQ(server_.Count("post_search_pending"), 0);
  // post_terms holds exactly the posts' tokens: as many rows as their texts
  // have tokens, and none that a post's text does not have.
  size_t tokens = 0;
  for (const v1::Post& p : rows_) {
    const std::vector<std::string> own =
        absl::StrSplit(SearchDocument(p.title(), p.description()), ' ', absl::SkipEmpty());
    tokens += own.size();
  }
  EXPECT_EQ(server_.Count("post_terms"), static_cast<int64_t>(tokens));
  EXPECT_EQ(
      server_.Count("post_terms t LEFT JOIN post_search s ON s.post_seq = t.post_seq "
                    "WHERE s.post_seq IS NULL OR LOCATE(CONCAT(' t', LOWER(HEX(t.term)), ' '), "
                    "CONCAT(' ', s.search_text, ' ')) = 0"),
      0);
}

TEST_F(ImportTest, BadRowsAreAnsweredByIndexWhileGoodRowsLand) {
  rows_[1].set_region_code("439999");
  rows_[1].mutable_requirements()->set_max_age(90);
  rows_[3].clear_external_id();
  rows_[4].set_employer_id("E-nobody");
  v1::Post repeat = rows_[0];
  rows_.push_back(repeat);  // index 5: same external id as row 0
  v1::ImportPostingsResponse resp;
  ASSERT_TRUE(Import("imp", rows_, &resp).ok());
  EXPECT_EQ(resp.received(), 6);
  EXPECT_EQ(resp.created(), 2);
  EXPECT_EQ(resp.failed(), 4);
  ASSERT_EQ(resp.errors_size(), 4);
  EXPECT_EQ(resp.errors(0).index(), 1);
  EXPECT_EQ(resp.errors(0).external_id(), "row-1");
  std::vector<std::string> fields;
  for (const auto& v : resp.errors(0).violations()) fields.push_back(v.field());
  EXPECT_THAT(fields, ElementsAre("post.region_code", "post.requirements.max_age"));
  EXPECT_EQ(resp.errors(1).index(), 3);
  EXPECT_EQ(resp.errors(1).violations(0).field(), "post.external_id");
  EXPECT_EQ(resp.errors(2).index(), 4);
  EXPECT_EQ(resp.errors(2).violations(0).field(), "post.employer_id");
  EXPECT_EQ(resp.errors(3).index(), 5);
  EXPECT_EQ(resp.errors(3).violations(0).field(), "post.external_id");
  EXPECT_EQ(server_.Count("posts"), 2);
  EXPECT_EQ(server_.OutboxCount(), 2 + 2);
}

TEST_F(ImportTest, RetriedImportReturnsTheFirstAnswerAndWritesNothing) {
  v1::ImportPostingsResponse first, retry;
  ASSERT_TRUE(Import("imp", rows_, &first).ok());
  const int64_t events = server_.OutboxCount();
  ASSERT_TRUE(Import("imp", rows_, &retry).ok());
  EXPECT_EQ(retry.created(), 5);  // the first call's answer
  EXPECT_EQ(server_.OutboxCount(), events);

  rows_[0].set_title("改过的标题");
  v1::ImportPostingsResponse other;
  const grpc::Status s = Import("imp", rows_, &other);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), ElementsAre("header.request_id"));
  EXPECT_EQ(server_.OutboxCount(), events);
}

// A stream the client breaks off (cancelled, or its connection lost) before
// WritesDone is not a short file: nothing of it is recorded as imported, so
// the retry with the same request id imports for real.
TEST_F(ImportTest, ABrokenStreamIsNotRecordedAsAnImport) {
  const int64_t recorded_before = server_.Count("request_log");
  {
    grpc::ClientContext ctx;
    v1::ImportPostingsResponse resp;
    auto writer = server_.stub().ImportPostings(&ctx, &resp);
    v1::ImportPostingsRequest header;
    header.mutable_header()->set_request_id("imp-broken");
    header.mutable_header()->set_source("czt-fair-2026");
    header.mutable_header()->add_campaign_ids(campaign_id_);
    ASSERT_TRUE(writer->Write(header));
    for (const auto& row : rows_) {
      v1::ImportPostingsRequest m;
      *m.mutable_post() = row;
      ASSERT_TRUE(writer->Write(m));
    }
    ctx.TryCancel();  // no WritesDone: the file was not finished
    EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  // Give the server's handler time to have recorded it, were it to.
  absl::SleepFor(absl::Seconds(1));
  EXPECT_EQ(server_.Count("posts"), 0) << "a broken stream's last rows were stored";
  EXPECT_EQ(server_.Count("request_log"), recorded_before)
      << "a broken stream was recorded as done";

  v1::ImportPostingsResponse retry;
  ASSERT_TRUE(Import("imp-broken", rows_, &retry).ok());
  EXPECT_EQ(retry.received(), 5);
  EXPECT_EQ(retry.created(), 5);
  EXPECT_EQ(server_.Count("posts"), 5);
}

TEST_F(ImportTest, ClosedPostsStayClosed) {
  v1::ImportPostingsResponse resp;
  ASSERT_TRUE(Import("imp-1", rows_, &resp).ok());
  const v1::Event created = server_.OutboxEvents().back();  // row-4
  grpc::ClientContext ctx;
  v1::ClosePostRequest close;
  close.set_request_id("close");
  close.set_post_id(created.post_id());
  v1::ClosePostResponse closed;
  ASSERT_TRUE(server_.stub().ClosePost(&ctx, close, &closed).ok());
  rows_[4].set_description("新描述");
  ASSERT_TRUE(Import("imp-2", rows_, &resp).ok());
  EXPECT_EQ(resp.updated(), 1);
  grpc::ClientContext gctx;
  v1::GetPostRequest get;
  get.set_post_id(created.post_id());
  v1::GetPostResponse got;
  ASSERT_TRUE(server_.stub().GetPost(&gctx, get, &got).ok());
  EXPECT_EQ(got.post().state(), v1::POST_STATE_CLOSED);
  EXPECT_EQ(got.post().description(), "新描述");
}

TEST_F(ImportTest, HeaderIsRequiredAndChecked) {
  v1::ImportPostingsResponse resp;
  EXPECT_THAT(ViolationFields(Import("x", rows_, &resp, /*send_header=*/false)),
              ElementsAre("header"));
  grpc::ClientContext ctx;
  auto writer = server_.stub().ImportPostings(&ctx, &resp);
  v1::ImportPostingsRequest header;
  header.mutable_header()->add_campaign_ids("C-unknown");
  writer->Write(header);
  writer->WritesDone();
  EXPECT_THAT(ViolationFields(writer->Finish()),
              ElementsAre("header.request_id", "header.source", "header.campaign_ids[0]"));
  EXPECT_EQ(server_.Count("posts"), 0);
}

}  // namespace
}  // namespace jobmatch::postings::testing
