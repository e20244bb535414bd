// Subscribe through a real in-process server: order, filters, keepalives,
// resumption, retention (OUT_OF_RANGE), late-committing writers and many
// concurrent readers.
#include <cppconn/connection.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <thread>

#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/common/retry_hint.h"
#include "services/events/mysql_feed_sql.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

using testing::EventsSchemas;
using testing::EventsServer;
using testing::TestOptions;

// A client stream that collects what it reads on a thread.
class Reader {
 public:
  Reader(v1::EventsService::Stub& stub, const v1::SubscribeRequest& req) {
    stream_ = stub.Subscribe(&ctx_, req);
    thread_ = std::thread([this] {
      v1::SubscribeResponse msg;
      while (stream_->Read(&msg)) {
        absl::MutexLock lock(&mu_);
        if (msg.has_event()) events_.push_back(msg.event());
        if (msg.has_keepalive()) keepalives_.push_back(msg.keepalive());
      }
      status_ = stream_->Finish();
      absl::MutexLock lock(&mu_);
      done_ = true;
    });
  }
  ~Reader() {
    ctx_.TryCancel();
    thread_.join();
  }
  // Waits until `n` events arrived (or 10 s); returns them.
  std::vector<v1::Event> WaitFor(size_t n) {
    std::pair<Reader*, size_t> arg(this, n);
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(
                             +[](std::pair<Reader*, size_t>* a) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                               return a->first->events_.size() >= a->second || a->first->done_;
                             },
                             &arg),
                         absl::Seconds(10));
    return events_;
  }
  std::vector<v1::Keepalive> Keepalives() {
    absl::MutexLock lock(&mu_);
    return keepalives_;
  }
  // Waits until `n` keepalives arrived, the last at `cursor` or past it (or
  // 10 s); returns them. A keepalive also shows the stream is being served.
  std::vector<v1::Keepalive> WaitForKeepalives(size_t n, int64_t cursor = 0) {
    const auto arrived = [&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
      return done_ || (keepalives_.size() >= n && keepalives_.back().cursor() >= cursor);
    };
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(&arrived), absl::Seconds(10));
    return keepalives_;
  }
  grpc::Status WaitDone() {
    thread_.join();
    thread_ = std::thread([] {});
    return status_;
  }
  grpc::ClientContext& ctx() { return ctx_; }

 private:
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReader<v1::SubscribeResponse>> stream_;
  std::thread thread_;
  absl::Mutex mu_;
  std::vector<v1::Event> events_ ABSL_GUARDED_BY(mu_);
  std::vector<v1::Keepalive> keepalives_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status status_;
};

class SubscribeTest : public ::testing::Test {
 protected:
  SubscribeTest() : server_(schemas_, TestOptions()), stub_(server_.NewStub()) {}

  // Records a view of `post` by `person` with the given campaign via a fair check-in
  // when `campaign` is set (check-ins carry their campaign), else a plain view.
  void Record(const std::string& id, const std::string& post, const std::string& campaign = "") {
    grpc::ClientContext ctx;
    grpc::Status s;
    if (campaign.empty()) {
      v1::RecordViewRequest r;
      r.set_request_id(id);
      r.set_profile_id("ann");
      r.set_post_id(post);
      v1::RecordViewResponse resp;
      s = stub_->RecordView(&ctx, r, &resp);
    } else {
      v1::RecordFairCheckInRequest r;
      r.set_request_id(id);
      r.set_profile_id("ann");
      r.set_campaign_id(campaign);
      r.mutable_fair_check_in()->set_fair_id(post);
      v1::RecordFairCheckInResponse resp;
      s = stub_->RecordFairCheckIn(&ctx, r, &resp);
    }
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static std::vector<int64_t> Cursors(const std::vector<v1::Event>& events) {
    std::vector<int64_t> out;
    for (const auto& e : events) out.push_back(e.cursor());
    return out;
  }

  EventsSchemas schemas_;
  EventsServer server_;
  std::unique_ptr<v1::EventsService::Stub> stub_;
};

// A caller past its cap of open Subscribe streams is refused with a retry
// hint while another caller is still served; a closed stream frees its slot.
TEST(SubscribeLimitsTest, CallerPastItsStreamCapIsRefusedWhileOthersAreServed) {
  EventsSchemas schemas;
  EventsServer server(schemas, TestOptions(), {/*max_streams=*/10, /*max_streams_per_caller=*/2});
  auto stub = server.NewStub();
  struct Stream {
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientReader<v1::SubscribeResponse>> reader;
    v1::SubscribeResponse first;
    bool got = false;
  };
  auto open = [&](const std::string& subject) {
    auto s = std::make_unique<Stream>();
    s->ctx.AddMetadata("jobmatch-role", "analyst");
    s->ctx.AddMetadata("jobmatch-subject", subject);
    s->reader = stub->Subscribe(&s->ctx, v1::SubscribeRequest());
    s->got = s->reader->Read(&s->first);  // a keepalive at least, once admitted
    return s;
  };
  auto a1 = open("a"), a2 = open("a");
  ASSERT_TRUE(a1->got && a2->got);
  auto a3 = open("a");
  EXPECT_FALSE(a3->got);
  const grpc::Status refused = a3->reader->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << refused.error_message();
  EXPECT_TRUE(RetryDelayOf(FromGrpcStatus(refused)).has_value());

  auto b = open("b");
  EXPECT_TRUE(b->got) << "another caller is still served";

  a1->ctx.TryCancel();
  a1->reader->Finish();
  std::unique_ptr<Stream> again;
  for (int i = 0; i < 100; ++i) {  // the slot comes back once the server has seen the end
    again = open("a");
    if (again->got) break;
    again->reader->Finish();
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_TRUE(again->got) << "a closed stream gave its slot back";
  for (Stream* s : {a2.get(), b.get(), again.get()}) {
    s->ctx.TryCancel();
    s->reader->Finish();
  }
}

TEST_F(SubscribeTest, ReplaysThenFollowsInOrderAndResumes) {
  for (int i = 0; i < 5; ++i) Record("r" + std::to_string(i), "p" + std::to_string(i));
  v1::SubscribeRequest req;
  auto reader = std::make_unique<Reader>(*stub_, req);
  EXPECT_EQ(Cursors(reader->WaitFor(5)), (std::vector<int64_t>{1, 2, 3, 4, 5}));
  Record("r5", "p5");
  EXPECT_EQ(Cursors(reader->WaitFor(6)).back(), 6);
  reader.reset();  // disconnect

  Record("r6", "p6");
  req.set_after_cursor(4);
  Reader resumed(*stub_, req);
  EXPECT_EQ(Cursors(resumed.WaitFor(3)), (std::vector<int64_t>{5, 6, 7}));
}

TEST_F(SubscribeTest, FiltersByKindCampaignAndRegionAndFromNow) {
  Record("old", "p0", "spring");
  v1::SubscribeRequest now;
  now.set_from_now(true);
  Reader from_now(*stub_, now);
  v1::SubscribeRequest by_campaign;
  by_campaign.set_campaign_id("spring");
  Reader campaign(*stub_, by_campaign);
  v1::SubscribeRequest by_kind;
  by_kind.add_kinds(v1::EVENT_KIND_VIEW);
  Reader kind(*stub_, by_kind);
  v1::SubscribeRequest by_region;
  by_region.set_region_prefix("430225");
  Reader region(*stub_, by_region);
  // Every stream is served (from_now has read the head) before the writes.
  for (Reader* r : {&from_now, &campaign, &kind, &region}) {
    ASSERT_FALSE(r->WaitForKeepalives(1).empty());
  }

  Record("v1", "p1");
  Record("c1", "f1", "spring");
  Record("c2", "f2", "autumn");
  v1::RecordFieldVisitRequest visit;
  visit.set_request_id("fv");
  visit.set_campaign_id("village");
  visit.mutable_field_visit()->set_recruiter_id("r");
  visit.mutable_field_visit()->set_village_code("430225101201");
  v1::RecordFieldVisitResponse visit_resp;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->RecordFieldVisit(&ctx, visit, &visit_resp).ok());

  EXPECT_EQ(Cursors(from_now.WaitFor(4)), (std::vector<int64_t>{2, 3, 4, 5}));
  EXPECT_EQ(Cursors(campaign.WaitFor(2)), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(Cursors(kind.WaitFor(1)), (std::vector<int64_t>{2}));
  EXPECT_EQ(Cursors(region.WaitFor(1)), (std::vector<int64_t>{5}));
  // Filtered readers learn how far they got from keepalives.
  const auto keepalives = kind.WaitForKeepalives(1, 5);
  ASSERT_FALSE(keepalives.empty());
  EXPECT_EQ(keepalives.back().cursor(), 5);
}

TEST_F(SubscribeTest, IdleStreamGetsKeepalives) {
  v1::SubscribeRequest req;
  Reader reader(*stub_, req);
  const auto keepalives = reader.WaitForKeepalives(2);
  ASSERT_GE(keepalives.size(), 2u);
  EXPECT_EQ(keepalives.back().cursor(), 0);
}

TEST_F(SubscribeTest, CursorOlderThanRetentionIsOutOfRange) {
  for (int i = 0; i < 3; ++i) Record("r" + std::to_string(i), "p");
  absl::SleepFor(absl::Milliseconds(20));
  ASSERT_TRUE(server_.feed().DeleteOlderThan(absl::Now()).ok());
  Record("r3", "p");

  v1::SubscribeRequest req;
  req.set_after_cursor(1);
  Reader expired(*stub_, req);
  grpc::Status s = expired.WaitDone();
  ASSERT_EQ(s.error_code(), grpc::StatusCode::OUT_OF_RANGE) << s.error_message();
  EXPECT_NE(s.error_message().find("oldest event kept is 4"), std::string::npos)
      << s.error_message();
  auto violations = BadRequestOf(FromGrpcStatus(s)).field_violations();
  ASSERT_EQ(violations.size(), 1);
  EXPECT_EQ(violations[0].field(), "after_cursor");
  auto trailer = expired.ctx().GetServerTrailingMetadata().find("jobmatch-oldest-cursor");
  ASSERT_NE(trailer, expired.ctx().GetServerTrailingMetadata().end());
  EXPECT_EQ(std::string(trailer->second.data(), trailer->second.size()), "4");

  req.set_after_cursor(3);  // exactly before the oldest kept: fine
  Reader ok(*stub_, req);
  EXPECT_EQ(Cursors(ok.WaitFor(1)), std::vector<int64_t>{4});
  req.set_after_cursor(99);
  Reader ahead(*stub_, req);
  EXPECT_EQ(ahead.WaitDone().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// Writers commit out of order on purpose: transaction A takes its place in
// the feed and stays open while B tries to write. The subscriber sees
// nothing until A commits, then A and B in that order, each once.
TEST_F(SubscribeTest, LateCommittingWriterIsNotSkipped) {
  v1::SubscribeRequest req;
  Reader reader(*stub_, req);
  auto lease = schemas_.events().Acquire();
  ASSERT_TRUE(lease.ok());
  sql::Connection& a = **lease;
  a.setAutoCommit(false);
  v1::Event slow;
  slow.set_kind(v1::EVENT_KIND_LIVE_PUSH);
  slow.set_post_id("slow");
  internal::AppendToFeed(a, {&slow});

  std::thread b([this] { Record("fast", "fast"); });
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_TRUE(reader.WaitFor(0).empty());
  a.commit();
  a.setAutoCommit(true);
  b.join();
  auto seen = reader.WaitFor(2);
  ASSERT_EQ(Cursors(seen), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(seen[0].post_id(), "slow");
  EXPECT_EQ(seen[1].post_id(), "fast");
}

TEST_F(SubscribeTest, HundredsOfSubscribersEachSeeEverything) {
  constexpr int kReaders = 200;
  std::vector<std::unique_ptr<Reader>> readers;
  v1::SubscribeRequest req;
  for (int i = 0; i < kReaders; ++i) readers.push_back(std::make_unique<Reader>(*stub_, req));
  for (int i = 0; i < 20; ++i) Record("r" + std::to_string(i), "p");
  for (auto& r : readers) {
    auto seen = r->WaitFor(20);
    ASSERT_EQ(seen.size(), 20u);
    for (int i = 0; i < 20; ++i) ASSERT_EQ(seen[i].cursor(), i + 1);
  }
}

}  // namespace
}  // namespace jobmatch::events
