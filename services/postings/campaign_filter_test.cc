// Campaign membership (post_campaigns) against the real MariaDB: the list
// filter follows creates, updates and imports, and migration 0002 moves the
// memberships of the old comma-separated column.
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/common/db/migrations.h"
#include "services/postings/search_text.h"
#include "services/postings/testing/service_fixture.h"

namespace jobmatch::postings::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class CampaignFilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    employer_id_ = server_.CreateSampleEmployer();
    ASSERT_FALSE(employer_id_.empty());
    for (const char* name : {"spring", "village"}) {
      campaigns_.push_back(server_.CreateSampleCampaign(name));
      ASSERT_FALSE(campaigns_.back().empty());
    }
  }

  std::string CreatePost(const std::vector<std::string>& campaigns) {
    v1::Post p = SamplePost(employer_id_);
    for (const auto& c : campaigns) p.add_campaign_ids(c);
    grpc::ClientContext ctx;
    v1::CreatePostRequest req;
    req.set_request_id(absl::StrCat("post-", ++counter_));
    *req.mutable_post() = p;
    v1::CreatePostResponse resp;
    const grpc::Status s = server_.stub().CreatePost(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.post().post_id();
  }
  // Every page of the campaign's posts, `page_size` at a time.
  std::vector<std::string> List(const std::string& campaign_id, int page_size = 100) {
    std::vector<std::string> ids;
    std::string token;
    do {
      grpc::ClientContext ctx;
      v1::ListPostsRequest req;
      req.mutable_filter()->set_campaign_id(campaign_id);
      req.set_page_size(page_size);
      req.set_page_token(token);
      v1::ListPostsResponse resp;
      const grpc::Status s = server_.stub().ListPosts(&ctx, req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      for (const auto& p : resp.posts()) ids.push_back(p.post_id());
      token = resp.next_page_token();
    } while (!token.empty());
    return ids;
  }

  // A trusted source: its posts are published without moderation.
  PostingsServer server_{Trusting({"fair"})};
  std::string employer_id_;
  std::vector<std::string> campaigns_;
  int counter_ = 0;
};

TEST_F(CampaignFilterTest, ListsFollowCreatesUpdatesAndImports) {
  const std::string a = CreatePost({campaigns_[0]});
  const std::string b = CreatePost({campaigns_[0], campaigns_[1]});
  const std::string c = CreatePost({});
  EXPECT_THAT(List(campaigns_[0]), ElementsAre(b, a));  // newest first
  EXPECT_THAT(List(campaigns_[0], 1), ElementsAre(b, a));
  EXPECT_THAT(List(campaigns_[1]), ElementsAre(b));
  EXPECT_THAT(List("C-none"), IsEmpty());

  // Moving a post between campaigns moves it between the lists.
  grpc::ClientContext ctx;
  v1::UpdatePostRequest up;
  up.set_request_id("move");
  up.mutable_post()->set_post_id(a);
  up.mutable_post()->add_campaign_ids(campaigns_[1]);
  up.mutable_update_mask()->add_paths("campaign_ids");
  v1::UpdatePostResponse resp;
  ASSERT_TRUE(server_.stub().UpdatePost(&ctx, up, &resp).ok());
  EXPECT_THAT(List(campaigns_[0]), ElementsAre(b));
  EXPECT_THAT(List(campaigns_[1]), ElementsAre(b, a));

  // Imported rows join the header's campaigns and their own.
  grpc::ClientContext ictx;
  v1::ImportPostingsResponse imported;
  auto writer = server_.stub().ImportPostings(&ictx, &imported);
  v1::ImportPostingsRequest header;
  header.mutable_header()->set_request_id("import");
  header.mutable_header()->set_source("fair");
  header.mutable_header()->add_campaign_ids(campaigns_[0]);
  ASSERT_TRUE(writer->Write(header));
  for (int i = 0; i < 3; ++i) {
    v1::ImportPostingsRequest row;
    *row.mutable_post() = SamplePost(employer_id_);
    row.mutable_post()->set_external_id(absl::StrCat("row-", i));
    if (i == 2) row.mutable_post()->add_campaign_ids(campaigns_[1]);
    ASSERT_TRUE(writer->Write(row));
  }
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  ASSERT_EQ(imported.created(), 3);
  EXPECT_EQ(List(campaigns_[0]).size(), 4u);
  EXPECT_EQ(List(campaigns_[1]).size(), 3u);
  EXPECT_EQ(server_.Count("post_campaigns"), 4 + 3);
  EXPECT_THAT(List(""), ::testing::Contains(c));
}

// Applies migrations up to 0001 to a fresh schema, writes posts the old way,
// then applies the rest.
TEST(PostCampaignsMigrationTest, MovesTheCommaSeparatedMemberships) {
  namespace fs = std::filesystem;
  db::DbConfig config = jobmatch::testing::TestServerConfig();
  config.schema = absl::StrCat("jmtest_postings_migration_", getpid());
  ASSERT_TRUE(db::CreateSchema(config, config.schema).ok());
  const fs::path all = fs::path(JOBMATCH_MIGRATIONS_DIR) / "postings";
  const fs::path first = fs::temp_directory_path() / absl::StrCat("jm_postings_0001_", getpid());
  fs::create_directories(first);
  fs::copy_file(all / "0001_postings.sql", first / "0001_postings.sql",
                fs::copy_options::overwrite_existing);
  {
    db::Database db(config);
    ASSERT_TRUE(db::ApplyMigrations(db, first.string()).ok());
    ASSERT_TRUE(
        db.WithConnection([](sql::Connection& conn) {
            std::unique_ptr<sql::Statement> st(conn.createStatement());
            st->executeUpdate(
                "INSERT INTO posts (seq, post_id, employer_id, occupation_code, region_code, "
                "openings, "
                "remaining_openings, state, version, campaign_ids, search_text, create_time, "
                "update_time, "
                "proto) VALUES (1, 'P1', 'E', '6-18-02-04', '430281', 1, 1, 2, 1, ',', '', 0, 0, "
                "''),"
                "(2, 'P2', 'E', '6-18-02-04', '430281', 1, 1, 2, 1, ',C1,', '', 0, 0, ''),"
                "(3, 'P3', 'E', '6-18-02-04', '430281', 1, 1, 2, 1, ',C1,C22,', '', 0, 0, '')");
            return absl::OkStatus();
          }).ok());
    ASSERT_TRUE(db::ApplyMigrations(db, all.string()).ok());
    std::vector<std::string> rows;
    bool column_left = true;
    ASSERT_TRUE(
        db.WithConnection([&](sql::Connection& conn) {
            std::unique_ptr<sql::Statement> st(conn.createStatement());
            std::unique_ptr<sql::ResultSet> rs(
                st->executeQuery("SELECT campaign_id, post_seq FROM post_campaigns"));
            while (rs->next())
              rows.push_back(absl::StrCat(rs->getString(1).asStdString(), "/", rs->getInt64(2)));
            std::unique_ptr<sql::ResultSet> cols(st->executeQuery(
                "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() "
                "AND table_name = 'posts' AND column_name = 'campaign_ids'"));
            cols->next();
            column_left = cols->getInt(1) != 0;
            return absl::OkStatus();
          }).ok());
    EXPECT_THAT(rows, UnorderedElementsAre("C1/2", "C1/3", "C22/3"));
    EXPECT_FALSE(column_left);
  }
  fs::remove_all(first);
  (void)db::DropSchema(config, config.schema);
}

// Applies migrations up to 0003 to a fresh schema, writes a post with its
// search text the old way, then applies the rest: posts no longer carries the
// text, no FULLTEXT index is left anywhere, and the post waits for the search
// indexer (0009), whose batch then makes it searchable through post_terms.
TEST(PostSearchMigrationTest, MovesTheSearchTextOutAndQueuesEveryPostForTheTermIndex) {
  namespace fs = std::filesystem;
  db::DbConfig config = jobmatch::testing::TestServerConfig();
  config.schema = absl::StrCat("jmtest_postings_search_migration_", getpid());
  ASSERT_TRUE(db::CreateSchema(config, config.schema).ok());
  const fs::path all = fs::path(JOBMATCH_MIGRATIONS_DIR) / "postings";
  const fs::path before = fs::temp_directory_path() / absl::StrCat("jm_postings_0003_", getpid());
  fs::create_directories(before);
  for (const char* file :
       {"0001_postings.sql", "0002_post_campaigns.sql", "0003_expiry_index.sql"}) {
    fs::copy_file(all / file, before / file, fs::copy_options::overwrite_existing);
  }
  {
    db::Database db(config);
    ASSERT_TRUE(db::ApplyMigrations(db, before.string()).ok());
    const std::string text = SearchDocument("醴陵陶瓷彩绘工", "");
    v1::Post stored;
    stored.set_title("醴陵陶瓷彩绘工");
    ASSERT_TRUE(
        db.WithConnection([&](sql::Connection& conn) {
            std::unique_ptr<sql::Statement> st(conn.createStatement());
            st->executeUpdate(absl::StrCat(
                "INSERT INTO posts (seq, post_id, employer_id, occupation_code, region_code, "
                "openings, "
                "remaining_openings, state, version, search_text, create_time, update_time, proto) "
                "VALUES (7, 'P7', 'E', '6-18-02-04', '430281', 1, 1, 2, 1, '",
                text, "', 0, 0, X'", absl::BytesToHexString(stored.SerializeAsString()), "')"));
            return absl::OkStatus();
          }).ok());
    ASSERT_TRUE(db::ApplyMigrations(db, all.string()).ok());
    std::string queued;
    int64_t fulltext = -1, indexed = -1;
    bool text_column_left = true;
    ASSERT_TRUE(
        db.WithConnection([&](sql::Connection& conn) {
            std::unique_ptr<sql::Statement> st(conn.createStatement());
            std::unique_ptr<sql::ResultSet> rs(
                st->executeQuery("SELECT GROUP_CONCAT(post_id) FROM post_search_pending"));
            if (rs->next()) queued = rs->getString(1).asStdString();
            std::unique_ptr<sql::ResultSet> idx(
                st->executeQuery("SELECT COUNT(*) FROM information_schema.statistics WHERE "
                                 "table_schema = DATABASE() AND index_type = 'FULLTEXT'"));
            idx->next();
            fulltext = idx->getInt64(1);
            std::unique_ptr<sql::ResultSet> rows(st->executeQuery(
                "SELECT (SELECT COUNT(*) FROM post_terms) + (SELECT COUNT(*) FROM post_search)"));
            rows->next();
            indexed = rows->getInt64(1);
            std::unique_ptr<sql::ResultSet> cols(st->executeQuery(
                "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() "
                "AND table_name = 'posts' AND column_name = 'search_text'"));
            cols->next();
            text_column_left = cols->getInt(1) != 0;
            return absl::OkStatus();
          }).ok());
    EXPECT_EQ(queued, "P7");
    EXPECT_EQ(fulltext, 0);
    EXPECT_EQ(indexed, 0);

    MysqlPostingsStore store(&db);
    auto batch = store.IndexSearch(100);
    ASSERT_TRUE(batch.ok()) << batch.status();
    EXPECT_EQ(*batch, 1);
    auto page = store.ListPosts({{}, ParseSearchQuery("彩绘"), 0, 20});
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].post_id(), "P7");
    EXPECT_FALSE(text_column_left);  // 0005: the service derives the text
  }
  fs::remove_all(before);
  (void)db::DropSchema(config, config.schema);
}

}  // namespace
}  // namespace jobmatch::postings::testing
