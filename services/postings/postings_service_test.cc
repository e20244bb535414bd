// In-process server tests of the employer and campaign RPCs and of health
// checking, against the real MariaDB.
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "google/protobuf/util/field_mask_util.h"
#include "services/common/proto_time.h"
#include "services/postings/testing/service_fixture.h"

namespace jobmatch::postings::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class EmployerCampaignTest : public ::testing::Test {
 protected:
  grpc::Status CreateEmployer(const std::string& request_id, const v1::Employer& e,
                              v1::Employer* out) {
    grpc::ClientContext ctx;
    v1::CreateEmployerRequest req;
    req.set_request_id(request_id);
    *req.mutable_employer() = e;
    v1::CreateEmployerResponse resp;
    grpc::Status s = server_.stub().CreateEmployer(&ctx, req, &resp);
    if (out != nullptr) *out = resp.employer();
    return s;
  }
  PostingsServer server_;
};

TEST_F(EmployerCampaignTest, EmployerLifecycleWritesOneEventPerChange) {
  v1::Employer created;
  ASSERT_TRUE(CreateEmployer("e-1", SampleEmployer(), &created).ok());
  EXPECT_EQ(created.employer_id().size(), 17u);
  EXPECT_TRUE(created.has_create_time());
  EXPECT_EQ(server_.OutboxCount(), 1);

  grpc::ClientContext get_ctx;
  v1::GetEmployerRequest get;
  get.set_employer_id(created.employer_id());
  v1::GetEmployerResponse got;
  ASSERT_TRUE(server_.stub().GetEmployer(&get_ctx, get, &got).ok());
  EXPECT_EQ(got.employer().name(), "醴陵市华联瓷业有限公司");
  EXPECT_EQ(got.employer().labor_brand(), v1::LABOR_BRAND_LILING_CERAMICS);

  grpc::ClientContext up_ctx;
  v1::UpdateEmployerRequest up;
  up.set_request_id("e-2");
  up.mutable_employer()->set_employer_id(created.employer_id());
  up.mutable_employer()->set_industry("陶瓷机械");
  up.mutable_employer()->set_name("ignored: not in the mask");
  up.mutable_update_mask()->add_paths("industry");
  v1::UpdateEmployerResponse updated;
  ASSERT_TRUE(server_.stub().UpdateEmployer(&up_ctx, up, &updated).ok());
  EXPECT_EQ(updated.employer().industry(), "陶瓷机械");
  EXPECT_EQ(updated.employer().name(), "醴陵市华联瓷业有限公司");
  EXPECT_EQ(server_.OutboxCount(), 2);

  v1::Employer other = SampleEmployer("91110000600037341L");
  other.set_region_code("430211");
  other.set_labor_brand(v1::LABOR_BRAND_RAIL_TRANSIT);
  ASSERT_TRUE(CreateEmployer("e-3", other, nullptr).ok());
  grpc::ClientContext list_ctx;
  v1::ListEmployersRequest list;
  list.set_region_prefix("430281");
  v1::ListEmployersResponse listed;
  ASSERT_TRUE(server_.stub().ListEmployers(&list_ctx, list, &listed).ok());
  ASSERT_EQ(listed.employers_size(), 1);
  EXPECT_EQ(listed.employers(0).employer_id(), created.employer_id());
  EXPECT_EQ(listed.next_page_token(), "");
}

TEST_F(EmployerCampaignTest, BadEmployerIsRefusedFieldByFieldAndWritesNothing) {
  v1::Employer bad = SampleEmployer("91350100M000100Y42");
  bad.set_region_code("439999");
  bad.clear_name();
  const grpc::Status s = CreateEmployer("", bad, nullptr);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s),
              UnorderedElementsAre("request_id", "employer.name", "employer.credit_code",
                                   "employer.region_code"));
  EXPECT_EQ(server_.Count("employers"), 0);
  EXPECT_EQ(server_.OutboxCount(), 0);
}

TEST_F(EmployerCampaignTest, RetryWithSameRequestIdHasOneEffect) {
  v1::Employer first, second;
  ASSERT_TRUE(CreateEmployer("same", SampleEmployer(), &first).ok());
  ASSERT_TRUE(CreateEmployer("same", SampleEmployer(), &second).ok());
  EXPECT_EQ(first.employer_id(), second.employer_id());
  EXPECT_EQ(server_.Count("employers"), 1);
  EXPECT_EQ(server_.OutboxCount(), 1);

  v1::Employer changed = SampleEmployer();
  changed.set_name("另一家公司");
  const grpc::Status s = CreateEmployer("same", changed, nullptr);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), ElementsAre("request_id"));
  EXPECT_EQ(server_.Count("employers"), 1);
}

TEST_F(EmployerCampaignTest, ConcurrentRetriesHaveOneEffect) {
  std::vector<std::future<std::string>> calls;
  for (int i = 0; i < 4; ++i) {
    calls.push_back(std::async(std::launch::async, [&] {
      v1::Employer e;
      EXPECT_TRUE(CreateEmployer("racing", SampleEmployer(), &e).ok());
      return e.employer_id();
    }));
  }
  const std::string id = calls[0].get();
  for (size_t i = 1; i < calls.size(); ++i) EXPECT_EQ(calls[i].get(), id);
  EXPECT_EQ(server_.Count("employers"), 1);
  EXPECT_EQ(server_.OutboxCount(), 1);
}

TEST_F(EmployerCampaignTest, DuplicateCreditCodeIsAlreadyExists) {
  ASSERT_TRUE(CreateEmployer("a", SampleEmployer(), nullptr).ok());
  EXPECT_EQ(CreateEmployer("b", SampleEmployer(), nullptr).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(server_.OutboxCount(), 1);
}

TEST_F(EmployerCampaignTest, UpdateRefusesUnknownAndOutputOnlyPaths) {
  v1::Employer created;
  ASSERT_TRUE(CreateEmployer("e", SampleEmployer(), &created).ok());
  grpc::ClientContext ctx;
  v1::UpdateEmployerRequest up;
  up.set_request_id("u");
  up.mutable_employer()->set_employer_id(created.employer_id());
  up.mutable_update_mask()->add_paths("no_such_field");
  up.mutable_update_mask()->add_paths("create_time");
  v1::UpdateEmployerResponse resp;
  const grpc::Status s = server_.stub().UpdateEmployer(&ctx, up, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), ElementsAre("update_mask.paths[0]", "update_mask.paths[1]"));

  grpc::ClientContext bad_ctx;
  up.clear_update_mask();
  up.set_request_id("u2");
  up.mutable_update_mask()->add_paths("credit_code");
  up.mutable_employer()->set_credit_code("91350100M000100Y44");
  const grpc::Status bad = server_.stub().UpdateEmployer(&bad_ctx, up, &resp);
  EXPECT_THAT(ViolationFields(bad), ElementsAre("employer.credit_code"));

  grpc::ClientContext missing_ctx;
  up.set_request_id("u3");
  up.mutable_employer()->set_employer_id("E-missing");
  EXPECT_EQ(server_.stub().UpdateEmployer(&missing_ctx, up, &resp).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(server_.OutboxCount(), 1);
}

TEST_F(EmployerCampaignTest, CampaignLifecycle) {
  grpc::ClientContext ctx;
  v1::CreateCampaignRequest req;
  req.set_request_id("c-1");
  *req.mutable_campaign() = SampleCampaign();
  const absl::Time start = absl::FromCivil(absl::CivilDay(2026, 2, 15), ChinaTimeZone());
  *req.mutable_campaign()->mutable_window()->mutable_start_time() = ToProto(start);
  *req.mutable_campaign()->mutable_window()->mutable_end_time() =
      ToProto(start + absl::Hours(24 * 44));
  v1::CreateCampaignResponse created;
  ASSERT_TRUE(server_.stub().CreateCampaign(&ctx, req, &created).ok());
  const std::string id = created.campaign().campaign_id();

  grpc::ClientContext up_ctx;
  v1::UpdateCampaignRequest up;
  up.set_request_id("c-2");
  up.mutable_campaign()->set_campaign_id(id);
  up.mutable_campaign()->add_target_groups(v1::KEY_GROUP_GROUP_4050);
  up.mutable_update_mask()->add_paths("target_groups");
  v1::UpdateCampaignResponse updated;
  ASSERT_TRUE(server_.stub().UpdateCampaign(&up_ctx, up, &updated).ok());
  EXPECT_THAT(updated.campaign().target_groups(), ElementsAre(v1::KEY_GROUP_GROUP_4050));
  EXPECT_EQ(updated.campaign().name(), "2026年春风行动·百企万岗");

  grpc::ClientContext get_ctx;
  v1::GetCampaignRequest get;
  get.set_campaign_id(id);
  v1::GetCampaignResponse got;
  ASSERT_TRUE(server_.stub().GetCampaign(&get_ctx, get, &got).ok());
  EXPECT_EQ(got.campaign().target_groups_size(), 1);

  for (auto [when, expected] :
       {std::pair{start + absl::Hours(240), 1}, std::pair{start - absl::Hours(1), 0}}) {
    grpc::ClientContext list_ctx;
    v1::ListCampaignsRequest list;
    list.set_kind(v1::CAMPAIGN_KIND_SPRING_BREEZE);
    *list.mutable_active_at() = ToProto(when);
    v1::ListCampaignsResponse listed;
    ASSERT_TRUE(server_.stub().ListCampaigns(&list_ctx, list, &listed).ok());
    EXPECT_EQ(listed.campaigns_size(), expected);
  }

  grpc::ClientContext bad_ctx;
  req.set_request_id("c-3");
  req.mutable_campaign()->clear_kind();
  *req.mutable_campaign()->mutable_window()->mutable_end_time() = ToProto(start - absl::Hours(1));
  const grpc::Status bad = server_.stub().CreateCampaign(&bad_ctx, req, &created);
  EXPECT_THAT(ViolationFields(bad),
              UnorderedElementsAre("campaign.kind", "campaign.window.end_time"));
  EXPECT_EQ(server_.OutboxCount(), 2);
}

// grpc.health.v1.Health/Check through a generic stub ("" = the whole server).
int HealthStatus(const std::string& target) {
  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice empty("", 0);
  const grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  if (!done.get_future().get().ok()) return -1;
  std::vector<grpc::Slice> slices;
  (void)response.Dump(&slices);
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return bytes.size() == 2 && bytes[0] == 0x08 ? bytes[1] : 0;  // HealthCheckResponse.status
}

// The first status the probe settles on within 10 s that equals `want`, else the last seen.
int AwaitHealth(const std::string& target, int want) {
  int seen = -1;
  for (int i = 0; i < 200 && seen != want; ++i) {
    seen = HealthStatus(target);
    if (seen != want) absl::SleepFor(absl::Milliseconds(50));
  }
  return seen;
}

TEST(PostingsHealthTest, NotServingWhenDatabaseIsUnreachable) {
  db::DbConfig nowhere;
  nowhere.url = "tcp://127.0.0.1:1";
  nowhere.schema = "jobmatch_postings";
  db::Database database(nowhere);
  MysqlPostingsStore store(&database);
  PostingsService service(&store);
  HostOptions options;
  options.services = {&service};
  options.probe = [&database] { return database.Ping(); };
  options.probe_interval = absl::Milliseconds(50);
  options.shutdown_grace = absl::Seconds(1);
  auto host = ServiceHost::Start(std::move(options));
  ASSERT_TRUE(host.ok()) << host.status();
  EXPECT_EQ(AwaitHealth((*host)->target(), 2), 2);  // NOT_SERVING
  (*host)->Shutdown();

  PostingsServer healthy;  // same wiring over the reachable test database
  HostOptions ok_options;
  ok_options.services = {};
  db::Database& real = healthy.db();
  ok_options.probe = [&real] { return real.Ping(); };
  ok_options.shutdown_grace = absl::Seconds(1);
  auto ok_host = ServiceHost::Start(std::move(ok_options));
  ASSERT_TRUE(ok_host.ok());
  EXPECT_EQ(AwaitHealth((*ok_host)->target(), 1), 1);  // SERVING
  (*ok_host)->Shutdown();
  // Probing must leave its pooled connection usable (no unread result).
  EXPECT_EQ(healthy.Count("posts"), 0);
}

// A database failing over fails every replica's probe at once: a blip
// shorter than the grace keeps the replica SERVING (in the balancer's
// rotation); a longer outage takes it out, and it is back at the first success.
TEST(PostingsHealthTest, ADatabaseBlipShorterThanTheGraceKeepsTheReplicaServing) {
  PostingsServer healthy;
  db::Database& real = healthy.db();
  std::atomic<bool> cut{false};  // stands for the database failing over
  std::atomic<int> failed_probes{0};
  HostOptions options;
  options.probe = [&] {
    if (cut.load()) {
      ++failed_probes;
      return absl::UnavailableError("database failing over");
    }
    return real.Ping();
  };
  options.probe_interval = absl::Milliseconds(20);
  options.probe_failure_grace = absl::Seconds(3);
  options.shutdown_grace = absl::Seconds(1);
  auto host = ServiceHost::Start(std::move(options));
  ASSERT_TRUE(host.ok()) << host.status();
  const std::string target = (*host)->target();
  ASSERT_EQ(AwaitHealth(target, 1), 1);  // SERVING

  const absl::Time cut_at = absl::Now();
  cut = true;
  while (failed_probes.load() < 5) absl::SleepFor(absl::Milliseconds(5));
  const int during = HealthStatus(target);
  // Only meaningful while the grace lasts (a stalled machine may pass it).
  if (absl::Now() - cut_at < absl::Seconds(2)) {
    EXPECT_EQ(during, 1);  // still SERVING
  }
  EXPECT_EQ(AwaitHealth(target, 2), 2);  // NOT_SERVING once the grace is over
  EXPECT_GE(absl::Now() - cut_at, absl::Seconds(3));
  cut = false;
  EXPECT_EQ(AwaitHealth(target, 1), 1);  // back at the first success
  (*host)->Shutdown();
}

}  // namespace
}  // namespace jobmatch::postings::testing
