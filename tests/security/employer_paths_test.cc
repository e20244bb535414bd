// LOW_INCOME and DISABLED never reach employers or live hosts, by any path:
// profiles reads, the feed, and the matcher's candidates and explanations.
//
// Three real services in process, each behind TLS with the private CA from
// deploy/certs.sh and RS256 tokens checked against the platform's policy
// table: profiles over its own MariaDB schema, events relaying that schema's
// outbox into its feed, and the matcher following the feed and re-reading
// the profile from the profiles service over TLS with its own `service`
// token (the wiring of jobmatch-matcher). A person is registered as low-income
// and disabled; every employer- and host-facing answer is then searched for
// those statuses, while the same question asked by an admin shows that they
// were there to leak.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "jobmatch/v1/events.grpc.pb.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "jobmatch/v1/profiles.grpc.pb.h"
#include "matcher/index/match_index.h"
#include "matcher/service/feed_applier.h"
#include "matcher/service/feed_follower.h"
#include "matcher/service/live_push.h"
#include "matcher/service/matcher_service.h"
#include "matcher/service/refdata_adapters.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/auth/host_security.h"
#include "services/common/auth/test_certs.h"
#include "services/common/auth/token.h"
#include "services/common/proto_time.h"
#include "services/common/server.h"
#include "services/common/testing/temp_path.h"
#include "services/common/testing/test_database.h"
#include "services/events/events_core.h"
#include "services/events/events_service.h"
#include "services/events/mysql_outcome_store.h"
#include "services/events/mysql_stores.h"
#include "services/events/testing/events_fixture.h"
#include "services/profiles/mysql_profile_store.h"
#include "services/profiles/profile_manager.h"
#include "services/profiles/profiles_service.h"
#include "services/profiles/testing/ids.h"

namespace jobmatch {
namespace {

using auth::testing::Certs;

constexpr char kEmployer[] = "emp-1";
constexpr char kHost[] = "host-1";
constexpr char kSession[] = "live-1";

// Words and enum names that would give a sensitive status away, in any
// message's text form (enum values print by name).
bool Leaks(const google::protobuf::Message& message, std::string* found) {
  const std::string text = message.Utf8DebugString();
  for (const char* word : {"KEY_GROUP_LOW_INCOME", "KEY_GROUP_DISABLED", "LOW_INCOME_KIND",
                           "低收入", "低保", "特困", "残疾"}) {
    if (absl::StrContains(text, word)) {
      *found = word;
      return true;
    }
  }
  return false;
}

#define EXPECT_NO_LEAK(message)                                                              \
  do {                                                                                       \
    std::string leaked_word;                                                                 \
    EXPECT_FALSE(Leaks((message), &leaked_word)) << "\"" << leaked_word << "\" leaked in:\n" \
                                                 << (message).Utf8DebugString();             \
  } while (0)

std::string Token(Role role, const std::string& subject, std::vector<std::string> regions = {},
                  std::vector<std::string> sessions = {}) {
  Caller caller{role, subject, std::move(regions), std::move(sessions)};
  return auth::IssueToken(caller,
                          {auth::kAudiencePostings, auth::kAudienceProfiles, auth::kAudienceEvents,
                           auth::kAudienceMatcher},
                          absl::Now() + absl::Hours(1), Certs().Read("token.key"))
      .value();
}

HostOptions Secure(grpc::Service* service, const char* audience) {
  HostOptions host;
  auth::ServerSecurityFlags flags;
  flags.tls_cert_file = Certs().File("server.pem");
  flags.tls_key_file = Certs().File("server.key");
  flags.token_public_key_file = Certs().File("token.pub");
  flags.audience = audience;
  const absl::Status s = auth::ApplyServerSecurity(flags, &host);
  EXPECT_TRUE(s.ok()) << s;
  host.services = {service};
  host.shutdown_grace = absl::Milliseconds(300);
  return host;
}

std::unique_ptr<ServiceHost> StartOrDie(HostOptions options) {
  auto host = ServiceHost::Start(std::move(options));
  if (!host.ok()) {
    ADD_FAILURE() << host.status();
    std::abort();
  }
  return *std::move(host);
}

// A TLS channel trusting the private CA; tokens go per call.
std::shared_ptr<grpc::Channel> Channel(const ServiceHost& host) {
  return grpc::CreateChannel(host.target(),
                             auth::TlsChannelCredentials({Certs().File("ca.pem"), "", ""}).value());
}

std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return ctx;
}

class EmployerPathsTest : public ::testing::Test {
 protected:
  EmployerPathsTest() {
    // Profiles.
    profile_store_ = std::make_unique<profiles::MySqlProfileStore>(
        &profiles_db_.db(), DataProtector::Random(KeyUse::kProfileFields));
    profile_manager_ = std::make_unique<profiles::ProfileManager>(profile_store_.get(), &regions_);
    profiles_service_ = std::make_unique<profiles::ProfilesService>(profile_manager_.get());
    profiles_host_ = StartOrDie(Secure(profiles_service_.get(), auth::kAudienceProfiles));
    profiles_ = v1::ProfilesService::NewStub(Channel(*profiles_host_));

    // Events, relaying the profiles schema's outbox.
    events::CoreOptions options = events::testing::TestOptions();
    options.relay_interval = absl::Milliseconds(20);
    options.source_schemas = {schemas_.postings_schema(), profiles_db_.schema()};
    feed_ = std::make_unique<events::MysqlFeedStore>(&schemas_.events());
    capacity_ = std::make_unique<events::MysqlPostCapacityStore>(&schemas_.events(),
                                                                 schemas_.postings_schema());
    relay_ =
        std::make_unique<events::MysqlRelayStore>(&schemas_.events(), schemas_.postings_schema());
    owners_ = std::make_unique<events::MysqlOwnershipStore>(
        &schemas_.events(), schemas_.postings_schema(), profiles_db_.schema());
    applications_ = std::make_unique<events::MysqlApplicationStore>(&schemas_.events(),
                                                                    schemas_.postings_schema());
    outcomes_ = std::make_unique<events::MysqlOutcomeStore>(&schemas_.events());
    core_ = std::make_unique<events::EventsCore>(
        events::Stores{feed_.get(), feed_.get(), capacity_.get(), relay_.get(), feed_.get(),
                       owners_.get(), applications_.get(), outcomes_.get()},
        options);
    events_service_ = std::make_unique<events::EventsService>(core_.get());
    events_host_ = StartOrDie(Secure(events_service_.get(), auth::kAudienceEvents));
    events_ = v1::EventsService::NewStub(Channel(*events_host_));

    // The matcher, wired as jobmatch-matcher wires it: client credentials
    // from a CA file and a service token file.
    const std::string token_file = jobmatch::testing::TempPath("employer_paths_test.token");
    std::ofstream(token_file) << Token(Role::kService, "matcher") << "\n";
    auth::ClientSecurityFlags calling;
    calling.ca_file = Certs().File("ca.pem");
    calling.token_file = token_file;
    auto credentials = auth::LoadClientCredentials(calling);
    EXPECT_TRUE(credentials.ok()) << credentials.status();
    std::remove(token_file.c_str());
    index_ = std::make_unique<matcher::MatchIndex>(&relations_);
    hub_ = std::make_unique<matcher::LivePushHub>(index_.get(), now_, absl::Seconds(5));
    matcher_service_ = std::make_unique<matcher::MatcherService>(index_.get(), hub_.get(), now_);
    source_ = std::make_unique<matcher::GrpcEntitySource>(
        // No postings service here: the test's post goes straight into the index.
        grpc::CreateChannel("127.0.0.1:1", *credentials),
        grpc::CreateChannel(profiles_host_->target(), *credentials),
        matcher::CentresFrom(&refdata::DefaultRegions()), now_);
    applier_ = std::make_unique<matcher::FeedApplier>(index_.get(), source_.get(), hub_.get());
    follower_ = std::make_unique<matcher::FeedFollower>(
        grpc::CreateChannel(events_host_->target(), *credentials), applier_.get(), index_.get());
    follower_->Start();
    matcher_host_ = StartOrDie(Secure(matcher_service_.get(), auth::kAudienceMatcher));
    matcher_ = v1::MatcherService::NewStub(Channel(*matcher_host_));
  }

  ~EmployerPathsTest() override {
    matcher_host_->Shutdown();
    follower_->Stop();
    events_host_->Shutdown();
    profiles_host_->Shutdown();
  }

  // Registers a woman of 醴陵 (46 this year), imports her low-income status
  // and declares her disability, as admin; returns her profile id.
  std::string RegisterSensitivePerson() {
    v1::RegisterProfileRequest reg;
    reg.set_request_id("register");
    v1::Profile* p = reg.mutable_profile();
    p->set_name("李秀英");
    const std::string id_number = profiles::testing::MakeId("430281", 1980, 5, 6, 124);
    p->mutable_sensitive()->set_id_number(id_number);
    p->mutable_sensitive()->set_phone("13812345678");
    p->set_residence_region_code("430281001001");
    p->set_hukou_region_code("430281");
    p->set_education(v1::EDUCATION_JUNIOR_HIGH);
    p->add_wanted_occupation_codes("4-10-01-06");
    v1::RegisterProfileResponse registered;
    grpc::Status s = profiles_->RegisterProfile(As(admin_).get(), reg, &registered);
    EXPECT_TRUE(s.ok()) << s.error_message();
    const std::string profile_id = registered.profile().profile_id();

    v1::ImportKeyGroupsRequest import;
    import.set_request_id("import");
    import.set_source("民政数据共享 2026-03");
    v1::KeyGroupImportRow* row = import.add_rows();
    row->set_id_number(id_number);
    row->mutable_membership()->set_group(v1::KEY_GROUP_LOW_INCOME);
    row->mutable_membership()->set_low_income_kind(v1::LOW_INCOME_KIND_DIBAO);
    *row->mutable_membership()->mutable_valid_until() = ToProto(absl::CivilDay(2099, 12, 31));
    v1::ImportKeyGroupsResponse imported;
    s = profiles_->ImportKeyGroups(As(admin_).get(), import, &imported);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(imported.applied(), 1);

    v1::DeclareKeyGroupRequest declare;
    declare.set_request_id("declare");
    declare.set_profile_id(profile_id);
    declare.mutable_membership()->set_group(v1::KEY_GROUP_DISABLED);
    declare.mutable_membership()->set_provenance(v1::PROVENANCE_VERIFIED);
    declare.mutable_membership()->set_source("醴陵市残联");
    v1::DeclareKeyGroupResponse declared;
    s = profiles_->DeclareKeyGroup(As(admin_).get(), declare, &declared);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return profile_id;
  }

  // Waits until the matcher has read the person (with both statuses) from
  // the profiles service, through the feed.
  std::shared_ptr<const matcher::Seeker> AwaitSeeker(const std::string& profile_id) {
    const matcher::GroupMask both =
        matcher::GroupBit(v1::KEY_GROUP_LOW_INCOME) | matcher::GroupBit(v1::KEY_GROUP_DISABLED);
    const absl::Time deadline = absl::Now() + absl::Seconds(20);
    while (absl::Now() < deadline) {
      std::shared_ptr<const matcher::Seeker> s = index_->FindSeeker(profile_id);
      if (s != nullptr && (s->groups & both) == both) return s;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return nullptr;
  }

  // Her kind of post, made by staff for the employer (employers may not aim
  // at these groups): base age limit 45, relaxed to 60 for LOW_INCOME and
  // aimed at LOW_INCOME and DISABLED, so that her eligibility and score rest
  // on exactly the statuses that must not be named.
  void AddPost(const matcher::Seeker& seeker) {
    matcher::PostRecord post;
    post.id = "post-1";
    post.employer_id = kEmployer;
    post.title = "家政服务员";
    post.occupation_code = "4-10-01-06";
    post.region_code = "430281";
    post.point = seeker.residence;
    post.max_age = 45;
    post.salary_min = 3500;
    post.salary_max = 5000;
    post.relaxations.push_back({v1::KEY_GROUP_LOW_INCOME, 60});
    post.target_groups =
        matcher::GroupBit(v1::KEY_GROUP_LOW_INCOME) | matcher::GroupBit(v1::KEY_GROUP_DISABLED);
    post.create_time = now_() - 3600;
    index_->UpsertPost(post);
  }

  const std::string admin_ = Token(Role::kAdmin, "staff-1");
  const std::string employer_ = Token(Role::kEmployer, kEmployer);
  const std::string host_ = Token(Role::kLiveHost, kHost, {}, {kSession});
  const std::string service_ = Token(Role::kService, "backend-1");

  jobmatch::testing::TestDatabase profiles_db_{"profiles"};
  profiles::FixedRegionDirectory regions_ = profiles::testing::TestRegions();
  std::unique_ptr<profiles::MySqlProfileStore> profile_store_;
  std::unique_ptr<profiles::ProfileManager> profile_manager_;
  std::unique_ptr<profiles::ProfilesService> profiles_service_;
  std::unique_ptr<ServiceHost> profiles_host_;
  std::unique_ptr<v1::ProfilesService::Stub> profiles_;

  events::testing::EventsSchemas schemas_;
  std::unique_ptr<events::MysqlFeedStore> feed_;
  std::unique_ptr<events::MysqlPostCapacityStore> capacity_;
  std::unique_ptr<events::MysqlRelayStore> relay_;
  std::unique_ptr<events::MysqlOwnershipStore> owners_;
  std::unique_ptr<events::MysqlApplicationStore> applications_;
  std::unique_ptr<events::MysqlOutcomeStore> outcomes_;
  std::unique_ptr<events::EventsCore> core_;
  std::unique_ptr<events::EventsService> events_service_;
  std::unique_ptr<ServiceHost> events_host_;
  std::unique_ptr<v1::EventsService::Stub> events_;

  std::function<int64_t()> now_ = [] { return static_cast<int64_t>(std::time(nullptr)); };
  matcher::RefdataRelations relations_{&refdata::DefaultOccupations()};
  std::unique_ptr<matcher::MatchIndex> index_;
  std::unique_ptr<matcher::LivePushHub> hub_;
  std::unique_ptr<matcher::MatcherService> matcher_service_;
  std::unique_ptr<matcher::GrpcEntitySource> source_;
  std::unique_ptr<matcher::FeedApplier> applier_;
  std::unique_ptr<matcher::FeedFollower> follower_;
  std::unique_ptr<ServiceHost> matcher_host_;
  std::unique_ptr<v1::MatcherService::Stub> matcher_;
};

TEST_F(EmployerPathsTest, ProfilesAreClosedToEmployersAndHosts) {
  const std::string profile_id = RegisterSensitivePerson();
  v1::GetProfileRequest get;
  get.set_profile_id(profile_id);
  v1::GetProfileResponse got;
  // The admin's answer has both statuses: there is something to leak.
  ASSERT_TRUE(profiles_->GetProfile(As(admin_).get(), get, &got).ok());
  std::string word;
  ASSERT_TRUE(Leaks(got, &word));

  v1::ListProfilesRequest list;
  list.set_region_prefix("430281");
  v1::RevealSensitiveDataRequest reveal;
  reveal.set_profile_id(profile_id);
  reveal.set_reason("匹配岗位");
  for (const std::string* token : {&employer_, &host_}) {
    SCOPED_TRACE(*token == employer_ ? "employer" : "live host");
    v1::GetProfileResponse get_resp;
    EXPECT_EQ(profiles_->GetProfile(As(*token).get(), get, &get_resp).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_NO_LEAK(get_resp);
    v1::ListProfilesResponse list_resp;
    EXPECT_EQ(profiles_->ListProfiles(As(*token).get(), list, &list_resp).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_NO_LEAK(list_resp);
    v1::RevealSensitiveDataResponse reveal_resp;
    EXPECT_EQ(profiles_->RevealSensitiveData(As(*token).get(), reveal, &reveal_resp).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_NO_LEAK(reveal_resp);
  }
}

TEST_F(EmployerPathsTest, TheFeedNeverCarriesTheStatusesAndIsClosedToEmployersAndHosts) {
  const std::string profile_id = RegisterSensitivePerson();
  v1::SubscribeRequest request;
  for (const std::string* token : {&employer_, &host_}) {
    auto ctx = As(*token);
    auto stream = events_->Subscribe(ctx.get(), request);
    v1::SubscribeResponse message;
    while (stream->Read(&message)) EXPECT_NO_LEAK(message);
    EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }

  // A service reads her three changes (register, import, declare); none
  // names either status.
  auto ctx = As(service_);
  auto stream = events_->Subscribe(ctx.get(), request);
  v1::SubscribeResponse message;
  int about_her = 0;
  while (about_her < 3 && stream->Read(&message)) {
    EXPECT_NO_LEAK(message);
    if (message.has_event() && message.event().profile_id() == profile_id) ++about_her;
  }
  ctx->TryCancel();
  stream->Finish();
  EXPECT_EQ(about_her, 3);
}

TEST_F(EmployerPathsTest, MatcherCandidatesAndReasonsLeaveTheStatusesOut) {
  const std::string profile_id = RegisterSensitivePerson();
  std::shared_ptr<const matcher::Seeker> seeker = AwaitSeeker(profile_id);
  ASSERT_NE(seeker, nullptr) << "the matcher never read her from the profiles service";
  AddPost(*seeker);

  v1::RecommendSeekersRequest seekers;
  seekers.set_post_id("post-1");
  v1::ExplainMatchRequest explain;
  explain.set_profile_id(profile_id);
  explain.set_post_id("post-1");

  // The admin's answers name the statuses: they drive her match.
  v1::RecommendSeekersResponse admin_seekers;
  ASSERT_TRUE(matcher_->RecommendSeekers(As(admin_).get(), seekers, &admin_seekers).ok());
  ASSERT_EQ(admin_seekers.matches_size(), 1);
  std::string word;
  EXPECT_TRUE(Leaks(admin_seekers, &word));
  v1::ExplainMatchResponse admin_explain;
  ASSERT_TRUE(matcher_->ExplainMatch(As(admin_).get(), explain, &admin_explain).ok());
  EXPECT_TRUE(admin_explain.eligible());
  EXPECT_TRUE(Leaks(admin_explain, &word));

  // The employer's answers are those for anyone of her age without the
  // statuses: not a candidate, over the age limit, nothing relaxed. Her being
  // listed or passing would itself name a status (matcher/domain/public_view.h).
  v1::RecommendSeekersResponse employer_seekers;
  grpc::Status s = matcher_->RecommendSeekers(As(employer_).get(), seekers, &employer_seekers);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(employer_seekers.matches_size(), 0);
  EXPECT_NO_LEAK(employer_seekers);
  v1::ExplainMatchResponse employer_explain;
  s = matcher_->ExplainMatch(As(employer_).get(), explain, &employer_explain);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(employer_explain.eligible());
  for (const auto& check : employer_explain.checks()) EXPECT_FALSE(check.relaxed());
  EXPECT_NO_LEAK(employer_explain);

  // Asking for the status as a filter would reveal it.
  for (v1::KeyGroup group : {v1::KEY_GROUP_LOW_INCOME, v1::KEY_GROUP_DISABLED}) {
    seekers.set_key_group(group);
    v1::RecommendSeekersResponse filtered;
    EXPECT_EQ(matcher_->RecommendSeekers(As(employer_).get(), seekers, &filtered).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_NO_LEAK(filtered);
  }
  seekers.clear_key_group();

  // Live hosts get no candidates or explanations at all.
  v1::RecommendSeekersResponse host_seekers;
  EXPECT_EQ(matcher_->RecommendSeekers(As(host_).get(), seekers, &host_seekers).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NO_LEAK(host_seekers);
  v1::ExplainMatchResponse host_explain;
  EXPECT_EQ(matcher_->ExplainMatch(As(host_).get(), explain, &host_explain).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NO_LEAK(host_explain);
  v1::WatchMatchesRequest watch;
  watch.set_profile_id(profile_id);
  auto watch_ctx = As(host_);
  auto stream = matcher_->WatchMatches(watch_ctx.get(), watch);
  v1::WatchMatchesResponse pushed;
  while (stream->Read(&pushed)) EXPECT_NO_LEAK(pushed);
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace jobmatch
