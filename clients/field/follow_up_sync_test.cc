// Follow-up visits (回访) recorded on the tablet and synced to a real
// in-process events service on MariaDB: a visit is recorded once however
// often it is sent (an answer lost, the tablet killed before it deleted it),
// the answered ones are deleted, refusals (no such hire, a person outside the
// recruiter's regions) are kept for the recruiter, and the file holds nothing
// of them in clear.
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "clients/field/follow_up_syncer.h"
#include "clients/field/lose_answers.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::field {
namespace {

using events::testing::EventsSchemas;
using events::testing::EventsServer;
using events::testing::TestOptions;
using testing::LoseAnswersFactory;

class FollowUpSyncTest : public ::testing::Test {
 protected:
  FollowUpSyncTest() : server_(schemas_, TestOptions()) {
    char dir[] = "/tmp/field-follow-up-XXXXXX";
    dir_ = mkdtemp(dir);
    path_ = dir_ + "/tablet.db";
    options_.identity.role = "recruiter";
    options_.identity.subject = "rc1";
    options_.identity.region_prefixes = {"430225"};
    options_.retry.initial_backoff = absl::Milliseconds(1);
    auto outbox = FollowUpOutbox::Open(path_, key_);
    EXPECT_TRUE(outbox.ok()) << outbox.status();
    outbox_ = *std::move(outbox);
  }
  ~FollowUpSyncTest() override {
    outbox_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path_ + suffix).c_str());
    rmdir(dir_.c_str());
  }

  // A person living in `residence`, relayed into the events schema.
  void Person(const std::string& id, const std::string& residence) {
    schemas_.AddProfile(id, residence);
    v1::Event e;
    e.set_kind(v1::EVENT_KIND_PROFILE_CHANGED);
    e.set_profile_id(id);
    e.set_region_code(residence);
    schemas_.WriteOutbox(schemas_.profiles(), e);
    ASSERT_TRUE(server_.core().RelayOnce().ok());
  }

  // `person` placed on `post` by bureau staff.
  void Hired(const std::string& person, const std::string& post) {
    schemas_.AddPost(post, 3);
    v1::RecordHireRequest r;
    r.set_request_id(absl::StrCat("h-", person, "-", post));
    r.set_profile_id(person);
    r.set_post_id(post);
    r.mutable_hire()->set_on_site_channel("fair");
    v1::RecordHireResponse resp;
    grpc::ClientContext ctx;
    ctx.AddMetadata("jobmatch-role", "admin");
    ctx.AddMetadata("jobmatch-subject", "staff-1");
    ASSERT_TRUE(server_.NewStub()->RecordHire(&ctx, r, &resp).ok());
  }

  std::string Capture(const std::string& person, const std::string& post, v1::FollowUpVisit visit,
                      bool employed = true) {
    v1::RecordFollowUpRequest r;
    r.set_profile_id(person);
    r.set_post_id(post);
    r.mutable_follow_up()->set_visit(visit);
    r.mutable_follow_up()->set_still_employed(employed);
    if (!employed) r.mutable_follow_up()->set_reason("老人生病回家照顾");
    auto id = outbox_->Capture(r);
    EXPECT_TRUE(id.ok()) << id.status();
    return id.ok() ? *id : "";
  }

  absl::StatusOr<FollowUpSyncReport> Sync(v1::EventsService::StubInterface* stub) {
    client::CallRunner runner(options_);
    FollowUpSyncer syncer(outbox_.get(), stub, &runner);
    return syncer.SyncAll();
  }

  // Follow-up events in the feed.
  int FollowUpsInFeed() {
    int n = 0;
    (void)schemas_.events().WithConnection([&](sql::Connection& conn) {
      std::unique_ptr<sql::Statement> st(conn.createStatement());
      std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
          absl::StrCat("SELECT COUNT(*) FROM feed WHERE kind = ", v1::EVENT_KIND_FOLLOW_UP)));
      if (rs->next()) n = rs->getInt(1);
      return absl::OkStatus();
    });
    return n;
  }

  std::string FileBytes() {
    std::string all;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(path_ + suffix, std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
  }

  EventsSchemas schemas_;
  EventsServer server_;
  std::string dir_, path_;
  const DataProtector key_ = DataProtector::Random(KeyUse::kFieldOutbox);
  std::unique_ptr<FollowUpOutbox> outbox_;
  client::ClientOptions options_;
};

TEST_F(FollowUpSyncTest, AVisitIsRecordedOnceAndDeleted) {
  Person("ann", "430225100201");
  Hired("ann", "p1");
  const std::string id = Capture("ann", "p1", v1::FOLLOW_UP_VISIT_DAY_7);
  const std::string later = Capture("ann", "p1", v1::FOLLOW_UP_VISIT_DAY_30, false);
  EXPECT_EQ(outbox_->Counts()->pending, 2);
  // Sealed at rest: neither who nor why shows in the file.
  EXPECT_EQ(FileBytes().find("老人生病"), std::string::npos);
  EXPECT_EQ(FileBytes().find("p1"), std::string::npos);

  // Both answers are lost: the server recorded them, the tablet does not know.
  std::atomic<int> lose{2};
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> chain;
  chain.push_back(std::make_unique<LoseAnswersFactory>(&lose));
  grpc::ChannelArguments args;
  auto lossy = v1::EventsService::NewStub(grpc::experimental::CreateCustomChannelWithInterceptors(
      server_.target(), grpc::InsecureChannelCredentials(), args, std::move(chain)));
  options_.retry.max_attempts = 1;  // no retry inside the call: the sync stops
  auto cut = Sync(lossy.get());
  EXPECT_TRUE(absl::IsUnavailable(cut.status())) << cut.status();
  EXPECT_EQ(outbox_->Counts()->pending, 2);
  EXPECT_EQ(FollowUpsInFeed(), 1);

  // Run again (the answers come through now): each visit is in the feed once.
  options_.retry.max_attempts = 3;
  auto report = Sync(lossy.get());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->recorded, 2);
  EXPECT_EQ(FollowUpsInFeed(), 2);
  const FollowUpCounts counts = *outbox_->Counts();
  EXPECT_EQ(counts.pending, 0);
  EXPECT_EQ(counts.recorded, 2);
  // The recorded event is the tablet's, by its request id.
  EXPECT_TRUE(server_.feed().LookupRequest(id)->has_value());
  EXPECT_TRUE(server_.feed().LookupRequest(later)->has_value());
  EXPECT_EQ((*server_.feed().LookupRequest(id))->answer.event.follow_up().channel(), "tablet");
  // Nothing left to send.
  auto again = Sync(server_.NewStub().get());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->recorded, 0);
  EXPECT_EQ(FollowUpsInFeed(), 2);
}

TEST_F(FollowUpSyncTest, RefusalsAreKeptForTheRecruiterAndTheRestGoOn) {
  Person("ann", "430225100201");
  Person("bob", "430281100200");  // outside the recruiter's 430225
  Hired("ann", "p1");
  Hired("bob", "p2");
  Capture("ann", "p9", v1::FOLLOW_UP_VISIT_DAY_7);  // no such hire
  Capture("bob", "p2", v1::FOLLOW_UP_VISIT_DAY_7);  // not this recruiter's person
  Capture("ann", "p1", v1::FOLLOW_UP_VISIT_DAY_7);
  // Staff recorded ann's 7-day visit by phone meanwhile: it is on file.
  {
    v1::RecordFollowUpRequest r;
    r.set_request_id("by-phone");
    r.set_profile_id("ann");
    r.set_post_id("p1");
    r.mutable_follow_up()->set_visit(v1::FOLLOW_UP_VISIT_DAY_7);
    r.mutable_follow_up()->set_still_employed(true);
    r.mutable_follow_up()->set_channel("staff");
    v1::RecordFollowUpResponse resp;
    grpc::ClientContext ctx;
    ctx.AddMetadata("jobmatch-role", "admin");
    ctx.AddMetadata("jobmatch-subject", "staff-1");
    ASSERT_TRUE(server_.NewStub()->RecordFollowUp(&ctx, r, &resp).ok());
  }
  auto report = Sync(server_.NewStub().get());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->refused, 2);
  EXPECT_EQ(report->already_recorded, 1);
  EXPECT_EQ(report->recorded, 0);
  EXPECT_EQ(FollowUpsInFeed(), 1);

  auto refused = outbox_->Refused();
  ASSERT_TRUE(refused.ok()) << refused.status();
  ASSERT_EQ(refused->size(), 2u);
  EXPECT_EQ((*refused)[0].request.post_id(), "p9");
  EXPECT_NE((*refused)[0].problem.find("FAILED_PRECONDITION"), std::string::npos)
      << (*refused)[0].problem;
  EXPECT_EQ((*refused)[1].request.profile_id(), "bob");
  EXPECT_NE((*refused)[1].problem.find("PERMISSION_DENIED"), std::string::npos)
      << (*refused)[1].problem;
  const FollowUpCounts counts = *outbox_->Counts();
  EXPECT_EQ(counts.pending, 0);
  EXPECT_EQ(counts.refused, 2);
  EXPECT_EQ(counts.recorded, 1);
  // A refused one is not sent again.
  auto again = Sync(server_.NewStub().get());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->refused, 0);
}

TEST_F(FollowUpSyncTest, ACaptureNeedsPersonPostAndVisit) {
  v1::RecordFollowUpRequest r;
  r.set_profile_id("ann");
  r.mutable_follow_up()->set_visit(v1::FOLLOW_UP_VISIT_DAY_7);
  EXPECT_TRUE(absl::IsInvalidArgument(outbox_->Capture(r).status()));
  EXPECT_EQ(outbox_->Counts()->pending, 0);
}

}  // namespace
}  // namespace jobmatch::field
