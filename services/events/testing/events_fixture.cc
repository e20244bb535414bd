#include "services/events/testing/events_fixture.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "jobmatch/v1/postings.pb.h"

namespace jobmatch::events::testing {
namespace {

void Exec(db::Database& db, const std::string& sql) {
  absl::Status s = db.WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    st->execute(sql);
    return absl::OkStatus();
  });
  if (!s.ok()) {
    std::cerr << sql << ": " << s << "\n";
    std::abort();
  }
}

// The outbox every service schema has (services/common/outbox.h).
constexpr char kOutbox[] =
    "CREATE TABLE outbox (id BIGINT AUTO_INCREMENT PRIMARY KEY, event LONGBLOB NOT NULL,"
    " created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB";
// The columns of the postings schema's posts table that the events service uses.
constexpr char kPosts[] =
    "CREATE TABLE posts (post_id VARCHAR(40) PRIMARY KEY, employer_id VARCHAR(40) NOT NULL,"
    " openings INT NOT NULL,"
    " remaining_openings INT NOT NULL, state INT NOT NULL, version BIGINT NOT NULL,"
    " proto LONGBLOB NULL)"
    " ENGINE=InnoDB";

// The columns of the profiles schema's profiles table that the events service uses.
constexpr char kProfiles[] =
    "CREATE TABLE profiles (profile_id VARCHAR(40) PRIMARY KEY,"
    " residence_region_code VARCHAR(12) NOT NULL) ENGINE=InnoDB";

std::unique_ptr<db::Database> MakeSource(const db::DbConfig& server, const std::string& schema) {
  db::DbConfig config = server;
  config.schema = schema;
  absl::Status s = db::CreateSchema(server, schema);
  if (!s.ok()) {
    std::cerr << s << "\n";
    std::abort();
  }
  return std::make_unique<db::Database>(config);
}

}  // namespace

EventsSchemas::EventsSchemas() : test_db_("events") {
  postings_schema_ = absl::StrCat(test_db_.schema(), "_postings");
  profiles_schema_ = absl::StrCat(test_db_.schema(), "_profiles");
  postings_ = MakeSource(test_db_.config(), postings_schema_);
  profiles_ = MakeSource(test_db_.config(), profiles_schema_);
  Exec(*postings_, kOutbox);
  Exec(*postings_, kPosts);
  Exec(*profiles_, kOutbox);
  Exec(*profiles_, kProfiles);
}

EventsSchemas::~EventsSchemas() {
  postings_.reset();
  profiles_.reset();
  (void)db::DropSchema(test_db_.config(), postings_schema_);
  (void)db::DropSchema(test_db_.config(), profiles_schema_);
}

void EventsSchemas::AddPost(const std::string& post_id, int openings, int state,
                            const std::string& employer_id) {
  Exec(*postings_,
       absl::StrCat("INSERT INTO posts (post_id, employer_id, openings, remaining_openings,"
                    " state, version) VALUES ('",
                    post_id, "', '", employer_id, "', ", openings, ", ", openings, ", ", state,
                    ", 1)"));
}

void EventsSchemas::AddProfile(const std::string& profile_id, const std::string& residence) {
  Exec(*profiles_,
       absl::StrCat("INSERT INTO profiles (profile_id, residence_region_code) VALUES ('",
                    profile_id, "', '", residence, "')"));
}

void EventsSchemas::SetPostTargets(const std::string& post_id, int openings,
                                   const std::vector<v1::KeyGroup>& groups,
                                   const std::vector<std::string>& campaigns) {
  v1::Post post;
  post.set_post_id(post_id);
  post.set_openings(openings);
  for (v1::KeyGroup g : groups) post.add_target_groups(g);
  for (const std::string& c : campaigns) post.add_campaign_ids(c);
  Exec(*postings_,
       absl::StrCat("UPDATE posts SET openings = ", openings, ", remaining_openings = ", openings,
                    ", proto = X'", absl::BytesToHexString(post.SerializeAsString()),
                    "' WHERE post_id = '", post_id, "'"));
}

void EventsSchemas::PublishPost(const std::string& post_id, int openings,
                                const std::vector<v1::KeyGroup>& groups,
                                const std::vector<std::string>& campaigns) {
  AddPost(post_id, openings);
  SetPostTargets(post_id, openings, groups, campaigns);
  v1::Event post;
  post.set_kind(v1::EVENT_KIND_POST_CHANGED);
  post.set_post_id(post_id);
  if (!campaigns.empty()) post.set_campaign_id(campaigns.front());
  post.set_region_code("430281");
  post.mutable_change()->set_change_type(v1::CHANGE_TYPE_CREATED);
  WriteOutbox(postings(), post);
}

void EventsSchemas::WriteOutbox(db::Database& source, const v1::Event& event) {
  absl::Status s = source.WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::PreparedStatement> st(
        conn.prepareStatement("INSERT INTO outbox (event) VALUES (?)"));
    std::istringstream blob(event.SerializeAsString());
    st->setBlob(1, &blob);
    st->executeUpdate();
    return absl::OkStatus();
  });
  ASSERT_TRUE(s.ok()) << s;
}

std::tuple<int, int, int64_t> EventsSchemas::PostRow(const std::string& post_id) {
  std::tuple<int, int, int64_t> out{-1, -1, -1};
  (void)postings_->WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::PreparedStatement> st(conn.prepareStatement(
        "SELECT remaining_openings, state, version FROM posts WHERE post_id = ?"));
    st->setString(1, post_id);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    if (rs->next()) out = {rs->getInt(1), rs->getInt(2), rs->getInt64(3)};
    return absl::OkStatus();
  });
  return out;
}

CoreOptions TestOptions() {
  CoreOptions options;
  options.relay_interval = absl::ZeroDuration();
  options.retention = absl::ZeroDuration();
  options.hub.keepalive_interval = absl::Milliseconds(200);
  options.hub.poll_interval = absl::Milliseconds(10);
  return options;
}

EventsServer::EventsServer(EventsSchemas& schemas, CoreOptions options, StreamLimitOptions limits) {
  options.source_schemas = {schemas.postings_schema(), schemas.profiles_schema()};
  feed_ = std::make_unique<MysqlFeedStore>(&schemas.events(), &stats_key_);
  capacity_ = std::make_unique<MysqlPostCapacityStore>(&schemas.events(), schemas.postings_schema(),
                                                       &stats_key_);
  relay_ = std::make_unique<MysqlRelayStore>(&schemas.events(), schemas.postings_schema());
  owners_ = std::make_unique<MysqlOwnershipStore>(&schemas.events(), schemas.postings_schema(),
                                                  schemas.profiles_schema());
  applications_ = std::make_unique<MysqlApplicationStore>(&schemas.events(),
                                                          schemas.postings_schema(), &stats_key_);
  outcomes_ = std::make_unique<MysqlOutcomeStore>(&schemas.events(), &stats_key_);
  core_ = std::make_unique<EventsCore>(
      Stores{feed_.get(), feed_.get(), capacity_.get(), relay_.get(), feed_.get(), owners_.get(),
             applications_.get(), outcomes_.get()},
      options);
  streams_ = std::make_unique<StreamLimiter>(limits);
  service_ = std::make_unique<EventsService>(core_.get(), streams_.get());
  HostOptions host;
  host.services = {service_.get()};
  host.shutdown_grace = absl::Milliseconds(500);
  auto started = ServiceHost::Start(std::move(host));
  if (!started.ok()) {
    std::cerr << started.status() << "\n";
    std::abort();
  }
  host_ = std::move(*started);
}

EventsServer::~EventsServer() {
  host_->Shutdown();
  host_.reset();
  service_.reset();
  core_.reset();
}

std::unique_ptr<v1::EventsService::Stub> EventsServer::NewStub() const {
  return v1::EventsService::NewStub(
      grpc::CreateChannel(host_->target(), grpc::InsecureChannelCredentials()));
}

}  // namespace jobmatch::events::testing
