// jobmatch-demo-postings: loads the deterministic demo data set into a running
// postings service through its RPCs and prints what it loaded. Running it
// again changes nothing (every call carries a seed-derived request id).
#include <grpcpp/grpcpp.h>

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/auth/host_security.h"
#include "services/postings/demo/demo_client.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "address of the postings service");
ABSL_FLAG(uint64_t, seed, 20260601, "generator seed");
ABSL_FLAG(int, employers, 800, "employers to create");
ABSL_FLAG(int, fair_posts, 90000, "posts of the 长株潭 fair");
ABSL_FLAG(int, spring_posts, 2000, "Spring Breeze posts in Zhuzhou");
ABSL_FLAG(int, village_posts, 600, "village outreach posts in 炎陵, 茶陵, 攸县 and 醴陵");
ABSL_FLAG(int, shift_days, 0,
          "move every date (campaign windows, post validity) this many days later, so that a "
          "run after the 2026 season finds the campaigns running and the fair's posts open");
ABSL_FLAG(bool, plaintext_development, false, "call a plaintext development server");
ABSL_FLAG(std::string, ca_file, "",
          "PEM CA that signed the server's certificate (var/certs/ca.pem)");
ABSL_FLAG(std::string, token_file, "",
          "file holding an admin or service token ($JOBMATCH_TOKEN wins)");

namespace jobmatch::postings::demo {
namespace {

void Print(const char* what, const v1::ImportPostingsResponse& r, absl::Duration took) {
  std::cout << what << ": received " << r.received() << ", created " << r.created() << ", updated "
            << r.updated() << ", unchanged " << r.unchanged() << ", failed " << r.failed() << " ("
            << absl::ToDoubleSeconds(took) << " s)\n";
}

int Run() {
  auto credentials =
      auth::LoadClientCredentials({absl::GetFlag(FLAGS_plaintext_development),
                                   absl::GetFlag(FLAGS_ca_file), absl::GetFlag(FLAGS_token_file)});
  if (!credentials.ok()) {
    std::cerr << "demo: " << credentials.status() << "\n";
    return 2;
  }
  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_target), *credentials);
  auto stub = v1::PostingsService::NewStub(channel);
  const uint64_t seed = absl::GetFlag(FLAGS_seed);
  const DemoGenerator generator(seed, absl::GetFlag(FLAGS_shift_days));
  const std::string prefix = absl::StrCat("demo-", seed);
  auto base = CreateBase(*stub, generator, absl::GetFlag(FLAGS_employers), prefix);
  if (!base.ok()) {
    std::cerr << "demo: creating employers and campaigns failed: " << base.status() << "\n";
    return 1;
  }
  std::cout << "campaigns: " << base->campaigns.size() << ", employers: " << base->employers.size()
            << "\n";
  const std::string spring = base->campaigns[0].campaign_id();
  const std::string village = base->campaigns[1].campaign_id();
  const std::string fair = base->campaigns[2].campaign_id();
  struct Import {
    const char* source;
    std::vector<v1::Post> posts;
    std::string campaign;
  } imports[] = {
      {kFairSource, generator.FairPosts(absl::GetFlag(FLAGS_fair_posts), base->employers), fair},
      {kSpringSource, generator.SpringPosts(absl::GetFlag(FLAGS_spring_posts), base->employers),
       spring},
      {kVillageSource, generator.VillagePosts(absl::GetFlag(FLAGS_village_posts), base->employers),
       village},
  };
  for (const auto& imp : imports) {
    const absl::Time start = absl::Now();
    // The row set depends on the sizes, so they are part of the import's request id.
    const std::string request_id =
        absl::StrCat(prefix, "-", imp.source, "-", imp.posts.size(), "-", base->employers.size());
    auto result = ImportPosts(*stub, request_id, imp.source, {imp.campaign}, imp.posts);
    if (!result.ok()) {
      std::cerr << "demo: import " << imp.source << " failed: " << result.status() << "\n";
      return 1;
    }
    Print(imp.source, *result, absl::Now() - start);
  }
  return 0;
}

}  // namespace
}  // namespace jobmatch::postings::demo

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return jobmatch::postings::demo::Run();
}
