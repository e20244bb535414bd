#include "services/postings/testing/service_fixture.h"

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <cstdlib>
#include <iostream>

#include "services/common/db/bytes.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/postings/mysql_util.h"

namespace jobmatch::postings::testing {

PostingsServer::PostingsServer(ImportOptions import_options)
    : database_("postings"),
      store_(&database_.db()),
      service_(&store_, std::move(import_options)),
      indexer_(&store_, absl::Milliseconds(20)) {
  HostOptions options;
  options.services = {&service_};
  options.shutdown_grace = absl::Seconds(1);
  auto host = ServiceHost::Start(std::move(options));
  if (!host.ok()) {
    std::cerr << "cannot start postings server: " << host.status() << "\n";
    std::abort();
  }
  host_ = std::move(*host);
  target_ = host_->target();
  stub_ = v1::PostingsService::NewStub(
      grpc::CreateChannel(target_, grpc::InsecureChannelCredentials()));
}

PostingsServer::~PostingsServer() { host_->Shutdown(); }

void PostingsServer::WaitForSearchIndex() {
  // The indexer empties the queue in the transaction that indexes.
  for (int i = 0; i < 3000 && Count("post_search_pending") != 0; ++i)
    absl::SleepFor(absl::Milliseconds(10));
}

int64_t PostingsServer::Count(const std::string& table) {
  int64_t n = -1;
  absl::Status s = db().WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT COUNT(*) FROM " + table));
    rs->next();
    n = rs->getInt64(1);
    return absl::OkStatus();
  });
  if (!s.ok()) std::cerr << s << "\n";
  return n;
}

int64_t PostingsServer::OutboxCount() { return Count("outbox"); }

std::vector<v1::Event> PostingsServer::OutboxEvents() {
  std::vector<v1::Event> out;
  absl::Status s = db().WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT event FROM outbox ORDER BY id"));
    while (rs->next()) out.emplace_back().ParseFromString(db::ReadBytes(*rs, "event"));
    return absl::OkStatus();
  });
  if (!s.ok()) std::cerr << s << "\n";
  return out;
}

std::string PostingsServer::CreateSampleEmployer(const std::string& request_id) {
  grpc::ClientContext ctx;
  v1::CreateEmployerRequest req;
  req.set_request_id(request_id);
  *req.mutable_employer() = SampleEmployer();
  v1::CreateEmployerResponse resp;
  const grpc::Status status = stub_->CreateEmployer(&ctx, req, &resp);
  if (!status.ok()) std::cerr << "refused: " << status.error_message() << "\n";
  return resp.employer().employer_id();
}

std::string PostingsServer::CreateSampleCampaign(const std::string& request_id) {
  grpc::ClientContext ctx;
  v1::CreateCampaignRequest req;
  req.set_request_id(request_id);
  *req.mutable_campaign() = SampleCampaign();
  v1::CreateCampaignResponse resp;
  const grpc::Status status = stub_->CreateCampaign(&ctx, req, &resp);
  if (!status.ok()) std::cerr << "refused: " << status.error_message() << "\n";
  return resp.campaign().campaign_id();
}

ImportOptions Trusting(std::vector<std::string> sources) {
  ImportOptions options;
  options.trusted_sources.insert(sources.begin(), sources.end());
  return options;
}

v1::Employer SampleEmployer(const std::string& credit_code) {
  v1::Employer e;
  e.set_name("醴陵市华联瓷业有限公司");
  e.set_credit_code(credit_code);
  e.set_industry("日用陶瓷制造");
  e.set_region_code("430281");
  e.set_labor_brand(v1::LABOR_BRAND_LILING_CERAMICS);
  return e;
}

v1::Campaign SampleCampaign() {
  v1::Campaign c;
  c.set_kind(v1::CAMPAIGN_KIND_SPRING_BREEZE);
  c.set_name("2026年春风行动·百企万岗");
  c.add_region_codes("4302");
  c.add_target_groups(v1::KEY_GROUP_RETURNING_MIGRANT);
  c.add_organisers("株洲市人社局");
  return c;
}

v1::Post SamplePost(const std::string& employer_id) {
  v1::Post p;
  p.set_employer_id(employer_id);
  p.set_occupation_code("6-18-02-04");
  p.set_title("陶瓷机械焊工");
  p.set_description("醴陵陶瓷产业园，包吃住，五险一金，持焊工证优先");
  p.set_region_code("430281");
  p.set_openings(10);
  p.mutable_salary()->set_min_monthly_cny(5000);
  p.mutable_salary()->set_max_monthly_cny(8000);
  p.add_benefits(v1::BENEFIT_MEALS);
  p.add_benefits(v1::BENEFIT_LODGING);
  p.mutable_requirements()->set_min_age(18);
  p.mutable_requirements()->set_max_age(50);
  auto* r = p.add_relaxations();
  r->set_group(v1::KEY_GROUP_GROUP_4050);
  r->set_max_age(55);
  p.add_target_groups(v1::KEY_GROUP_RETURNING_MIGRANT);
  p.set_schedule(v1::SCHEDULE_FULL_TIME);
  return p;
}

}  // namespace jobmatch::postings::testing
