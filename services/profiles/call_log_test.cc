// The call log and call metrics of a real profiles server (the service host's
// interceptor): one JSON line per call with its method, code, the caller's
// role and the request id, and never an ID number, a phone or a bearer
// token, not even when a careless client puts them in its request id.
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "services/common/metrics/registry.h"
#include "services/common/testing/temp_path.h"
#include "services/profiles/testing/service_fixture.h"

namespace jobmatch::profiles::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST_F(ProfilesServiceTest, CallLogAndMetricsHoldNoIdNumberPhoneOrToken) {
  const std::string log_path = jobmatch::testing::TempPath("profiles-calls.jsonl");
  std::remove(log_path.c_str());
  metrics::Registry registry;
  HostOptions options;
  options.services = {service_.get()};
  options.rpc_log = log_path;
  options.metrics = &registry;
  auto host = ServiceHost::Start(std::move(options));
  ASSERT_TRUE(host.ok()) << host.status();
  auto stub = v1::ProfilesService::NewStub(
      grpc::CreateChannel((*host)->target(), grpc::InsecureChannelCredentials()));
  const std::string token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhZG1pbi0xIn0.c2lnbmF0dXJlLXNlY3JldA";
  auto as_admin = [&] {
    std::unique_ptr<grpc::ClientContext> ctx = As("admin");
    ctx->AddMetadata("authorization", "Bearer " + token);
    return ctx;
  };

  const v1::RegisterProfileRequest first = NewPerson("reg-1", 301);
  const std::string id_number = first.profile().sensitive().id_number();
  const std::string phone = first.profile().sensitive().phone();
  v1::RegisterProfileResponse registered;
  ASSERT_TRUE(stub->RegisterProfile(as_admin().get(), first, &registered).ok());
  // Request ids made of the person's own numbers.
  v1::RegisterProfileRequest careless = NewPerson(id_number, 302);
  v1::RegisterProfileResponse other;
  ASSERT_TRUE(stub->RegisterProfile(as_admin().get(), careless, &other).ok());
  careless = NewPerson("tel-" + phone, 303);
  ASSERT_TRUE(stub->RegisterProfile(as_admin().get(), careless, &other).ok());
  // The clear values travel in the answer.
  v1::RevealSensitiveDataRequest reveal;
  reveal.set_profile_id(registered.profile().profile_id());
  reveal.set_reason("核实身份以办理失业登记");
  v1::RevealSensitiveDataResponse revealed;
  ASSERT_TRUE(stub->RevealSensitiveData(as_admin().get(), reveal, &revealed).ok());
  ASSERT_EQ(revealed.sensitive().id_number(), id_number);
  // Refused: no request id.
  v1::RegisterProfileRequest bad = NewPerson("", 304);
  EXPECT_EQ(stub->RegisterProfile(As("recruiter", "r-1", "430281").get(), bad, &other).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  (*host)->Shutdown();

  const std::vector<std::string> lines = Lines(log_path);
  ASSERT_EQ(lines.size(), 5u);
  for (const std::string& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr(id_number)));
    EXPECT_THAT(line, Not(HasSubstr(id_number.substr(0, 17))));
    EXPECT_THAT(line, Not(HasSubstr(phone)));
    EXPECT_THAT(line, Not(HasSubstr(token)));
    EXPECT_THAT(line, Not(HasSubstr("c2lnbmF0dXJl")));  // nor any piece of it
    EXPECT_THAT(line, Not(HasSubstr("李秀英")));
  }
  EXPECT_THAT(lines[0], HasSubstr("\"service\":\"jobmatch.v1.ProfilesService\","
                                  "\"method\":\"RegisterProfile\",\"code\":\"OK\""));
  EXPECT_THAT(lines[0], HasSubstr("\"role\":\"admin\",\"request_id\":\"reg-1\"}"));
  EXPECT_THAT(lines[1], HasSubstr("\"request_id\":\"*****************"));
  EXPECT_THAT(lines[2], HasSubstr("\"request_id\":\"tel-***********\"}"));
  EXPECT_THAT(lines[3], HasSubstr("\"method\":\"RevealSensitiveData\",\"code\":\"OK\""));
  EXPECT_THAT(lines[3], Not(HasSubstr("request_id")));  // its request has none
  EXPECT_THAT(lines[4], HasSubstr("\"code\":\"INVALID_ARGUMENT\""));
  EXPECT_THAT(lines[4], HasSubstr("\"role\":\"recruiter\""));
  EXPECT_THAT(lines[4], Not(HasSubstr("request_id")));  // empty: left out

  const std::string text = registry.Render();
  const std::string labels =
      "grpc_service=\"jobmatch.v1.ProfilesService\",grpc_method=\"RegisterProfile\","
      "grpc_type=\"unary\"";
  EXPECT_THAT(text, HasSubstr("grpc_server_started_total{" + labels + "} 4\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handled_total{" + labels + ",grpc_code=\"OK\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handled_total{" + labels +
                              ",grpc_code=\"INVALID_ARGUMENT\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handling_seconds_count{" + labels + "} 4\n"));
  EXPECT_THAT(text, Not(HasSubstr(id_number.substr(0, 17))));
  std::remove(log_path.c_str());
}

// Balancers ask gRPC's built-in health service every second; its requests
// are raw bytes, not the platform's messages, and must be logged as calls
// without being read as one (reading one took the server down).
TEST_F(ProfilesServiceTest, HealthChecksAreLoggedAndDoNotCrashTheCallLog) {
  const std::string log_path = jobmatch::testing::TempPath("profiles-health-calls.jsonl");
  std::remove(log_path.c_str());
  metrics::Registry registry;
  HostOptions options;
  options.services = {service_.get()};
  options.rpc_log = log_path;
  options.metrics = &registry;
  auto host = ServiceHost::Start(std::move(options));
  ASSERT_TRUE(host.ok()) << host.status();
  auto channel = grpc::CreateChannel((*host)->target(), grpc::InsecureChannelCredentials());
  grpc::GenericStub generic(channel);
  // HealthCheckRequest{service: "x"} (unknown: NOT_FOUND, an answer all the same).
  grpc::Slice slice(std::string("\x0a\x01x", 3));
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    grpc::ByteBuffer request(&slice, 1), reply;
    std::promise<grpc::Status> done;
    generic.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
                      &reply, [&done](grpc::Status s) { done.set_value(std::move(s)); });
    const grpc::Status s = done.get_future().get();
    ASSERT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  }
  // The server still answers its own calls.
  auto stub = v1::ProfilesService::NewStub(channel);
  v1::RegisterProfileResponse registered;
  ASSERT_TRUE(
      stub->RegisterProfile(As("admin").get(), NewPerson("after-health", 305), &registered).ok());
  (*host)->Shutdown();

  const std::vector<std::string> lines = Lines(log_path);
  ASSERT_EQ(lines.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(lines[i], HasSubstr("\"service\":\"grpc.health.v1.Health\",\"method\":\"Check\","
                                    "\"code\":\"NOT_FOUND\""));
    EXPECT_THAT(lines[i], Not(HasSubstr("request_id")));
  }
  EXPECT_THAT(lines[3], HasSubstr("\"request_id\":\"after-health\""));
  std::remove(log_path.c_str());
}

}  // namespace
}  // namespace jobmatch::profiles::testing
