#include "services/profiles/testing/service_fixture.h"

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>

#include <thread>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"

namespace jobmatch::profiles::testing {

namespace {
std::string RandomKeyHex() {
  absl::BitGen gen;
  std::string hex;
  for (int i = 0; i < 32; ++i)
    absl::StrAppend(&hex, absl::Hex(absl::Uniform<uint8_t>(gen), absl::kZeroPad2));
  return hex;
}
}  // namespace

ProfilesServiceTest::ProfilesServiceTest() : key_hex_(RandomKeyHex()) {
  SetToday(absl::CivilDay(2026, 3, 15));
  store_ = std::make_unique<MySqlProfileStore>(
      &db_.db(), *DataProtector::FromHex(KeyUse::kProfileFields, key_hex_));
  manager_ = std::make_unique<ProfileManager>(
      store_.get(), &regions_, [this] { return absl::FromUnixSeconds(now_unix_.load()); }, nullptr,
      &stats_key_);
  service_ = std::make_unique<ProfilesService>(manager_.get());
  HostOptions options;
  options.services = {service_.get()};
  auto host = ServiceHost::Start(std::move(options));
  EXPECT_TRUE(host.ok()) << host.status();
  host_ = *std::move(host);
  stub_ = v1::ProfilesService::NewStub(
      grpc::CreateChannel(host_->target(), grpc::InsecureChannelCredentials()));
}

ProfilesServiceTest::~ProfilesServiceTest() { host_->Shutdown(); }

void ProfilesServiceTest::SetToday(absl::CivilDay day) {
  now_unix_ = absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 12), ChinaTimeZone()));
}

std::unique_ptr<grpc::ClientContext> ProfilesServiceTest::As(const std::string& role,
                                                             const std::string& subject,
                                                             const std::string& regions) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!role.empty()) ctx->AddMetadata("jobmatch-role", role);
  if (!subject.empty()) ctx->AddMetadata("jobmatch-subject", subject);
  if (!regions.empty()) ctx->AddMetadata("jobmatch-regions", regions);
  return ctx;
}

v1::RegisterProfileRequest ProfilesServiceTest::NewPerson(const std::string& request_id, int seq) {
  v1::RegisterProfileRequest req;
  req.set_request_id(request_id);
  v1::Profile* p = req.mutable_profile();
  p->set_name("李秀英");
  p->mutable_sensitive()->set_id_number(MakeId("430281", 1980, 5, 6, seq));
  p->mutable_sensitive()->set_phone("13812345678");
  p->set_residence_region_code("430281001001");
  p->set_hukou_region_code("430281");
  p->set_education(v1::EDUCATION_JUNIOR_HIGH);
  p->add_wanted_occupation_codes("4-10-01-06");
  return req;
}

v1::Profile ProfilesServiceTest::Register(const std::string& request_id, int seq) {
  v1::RegisterProfileResponse resp;
  grpc::Status s = stub_->RegisterProfile(As("admin").get(), NewPerson(request_id, seq), &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return resp.profile();
}

std::vector<std::vector<std::string>> ProfilesServiceTest::Query(const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  absl::Status s = db_.db().WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(sql));
    const unsigned int n = rs->getMetaData()->getColumnCount();
    while (rs->next()) {
      auto& row = rows.emplace_back();
      for (unsigned int i = 1; i <= n; ++i) {
        row.push_back(rs->isNull(i) ? "NULL" : std::string(rs->getString(i)));
      }
    }
    return absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
  return rows;
}

int64_t ProfilesServiceTest::Count(const std::string& table) {
  return std::stoll(Query("SELECT COUNT(*) FROM " + table)[0][0]);
}

std::vector<v1::Event> ProfilesServiceTest::Outbox() {
  std::vector<v1::Event> out;
  for (const auto& row : Query("SELECT event FROM outbox ORDER BY id")) {
    EXPECT_TRUE(out.emplace_back().ParseFromString(row[0]));
  }
  return out;
}

std::vector<grpc::Status> AllAtOnce(int n, const std::function<grpc::Status(int)>& call) {
  std::atomic<int> ready{0};
  std::vector<grpc::Status> statuses(n);
  std::vector<std::thread> threads;
  for (int c = 0; c < n; ++c) {
    threads.emplace_back([&, c] {
      ++ready;
      while (ready.load() < n) std::this_thread::yield();
      statuses[c] = call(c);
    });
  }
  for (std::thread& t : threads) t.join();
  return statuses;
}

}  // namespace jobmatch::profiles::testing
