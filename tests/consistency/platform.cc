#include "tests/consistency/platform.h"

#include <ctime>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "services/common/refdata/regions.h"

namespace jobmatch::consistency {
namespace {

std::unique_ptr<ServiceHost> StartOrDie(grpc::Service* service, HostOptions options = {}) {
  if (service != nullptr) options.services.push_back(service);
  options.shutdown_grace = absl::Milliseconds(300);
  auto host = ServiceHost::Start(std::move(options));
  if (!host.ok()) {
    std::cerr << "cannot start a service: " << host.status() << "\n";
    std::abort();
  }
  return *std::move(host);
}

std::shared_ptr<grpc::Channel> Plain(const std::string& target) {
  return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
}

}  // namespace

Platform::Platform(PlatformOptions options) {
  profile_store_ = std::make_unique<profiles::MySqlProfileStore>(
      &profiles_db_.db(), DataProtector::Random(KeyUse::kProfileFields));
  profile_manager_ = std::make_unique<profiles::ProfileManager>(profile_store_.get(), &regions_);
  profiles_service_ = std::make_unique<profiles::ProfilesService>(profile_manager_.get());
  profiles_host_ = StartOrDie(profiles_service_.get());
  profiles_ = v1::ProfilesService::NewStub(Plain(profiles_host_->target()));

  events::CoreOptions core;
  core.relay_interval = options.relay_interval;
  // The matcher's start asks for the feed's head: the first keepalive.
  core.hub.keepalive_interval = absl::Milliseconds(200);
  core.source_schemas = {postings_schema(), profiles_db_.schema()};
  feed_ = std::make_unique<events::MysqlFeedStore>(&events_db_.db());
  capacity_ = std::make_unique<events::MysqlPostCapacityStore>(&events_db_.db(), postings_schema());
  relay_ = std::make_unique<events::MysqlRelayStore>(&events_db_.db(), postings_schema());
  owners_ = std::make_unique<events::MysqlOwnershipStore>(&events_db_.db(), postings_schema(),
                                                          profiles_db_.schema());
  applications_ =
      std::make_unique<events::MysqlApplicationStore>(&events_db_.db(), postings_schema());
  outcomes_ = std::make_unique<events::MysqlOutcomeStore>(&events_db_.db());
  core_ = std::make_unique<events::EventsCore>(
      events::Stores{feed_.get(), feed_.get(), capacity_.get(), relay_.get(), feed_.get(),
                     owners_.get(), applications_.get(), outcomes_.get()},
      core);
  events_service_ = std::make_unique<events::EventsService>(core_.get());
  events_host_ = StartOrDie(events_service_.get());
  events_ = v1::EventsService::NewStub(Plain(events_host_->target()));

  auto now = [] { return static_cast<int64_t>(std::time(nullptr)); };
  source_ = std::make_unique<matcher::GrpcEntitySource>(
      Plain(postings_.target()), Plain(profiles_host_->target()),
      matcher::CentresFrom(&refdata::DefaultRegions()), now,
      matcher::CztCitiesFrom(&refdata::DefaultRegions()));
  matcher::MatcherServerOptions m;
  m.events = Plain(events_host_->target());
  m.source = source_.get();
  m.now = now;
  m.consistency_wait_limit = options.consistency_wait_limit;
  matcher_server_ = std::make_unique<matcher::MatcherServer>(&relations_, std::move(m));
  HostOptions host;
  matcher_server_->Serve(&host);
  matcher_host_ = StartOrDie(nullptr, std::move(host));
  matcher_ = v1::MatcherService::NewStub(Plain(matcher_host_->target()));
  matcher_server_->GetReady();
  // Ready once a read is answered rather than refused as not ready.
  for (int i = 0; i < 500; ++i) {
    v1::RecommendPostsRequest probe;
    probe.set_profile_id("nobody");
    v1::RecommendPostsResponse ignored;
    if (matcher_->RecommendPosts(AsAdmin().get(), probe, &ignored).error_code() !=
        grpc::StatusCode::UNAVAILABLE) {
      break;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
}

Platform::~Platform() {
  matcher_host_->Shutdown();
  matcher_server_->Stop();
  events_host_->Shutdown();
  profiles_host_->Shutdown();
}

std::unique_ptr<grpc::ClientContext> Platform::AsAdmin(absl::Duration deadline) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("jobmatch-role", "admin");
  ctx->AddMetadata("jobmatch-subject", "staff-1");
  ctx->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  return ctx;
}

v1::RegisterProfileRequest Platform::NewPerson(const std::string& request_id, int seq) {
  v1::RegisterProfileRequest reg;
  reg.set_request_id(request_id);
  v1::Profile* p = reg.mutable_profile();
  p->set_name("李秀英");
  p->mutable_sensitive()->set_id_number(
      profiles::testing::MakeId("430281", 1980, 5, 1 + (seq / 1000) % 28, seq % 1000));
  p->mutable_sensitive()->set_phone("13812345678");
  p->set_residence_region_code("430281001001");
  p->set_hukou_region_code("430281");
  p->set_education(v1::EDUCATION_JUNIOR_HIGH);
  p->add_wanted_occupation_codes("6-18-02-04");
  return reg;
}

}  // namespace jobmatch::consistency
