#include "clients/live/live_setup.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "jobmatch/v1/postings.grpc.pb.h"
#include "jobmatch/v1/profiles.grpc.pb.h"
#include "services/common/status_macros.h"
#include "services/profiles/id_number.h"

namespace jobmatch::live {
namespace {

constexpr char kRegion[] = "430202";                  // 荷塘区
constexpr char kOccupation[] = "6-18-02-04";          // 焊工
constexpr char kCreditCode[] = "91430200707210000W";  // a GB 32100-valid demo code
constexpr int kBatch = 500;

}  // namespace

absl::StatusOr<std::string> CreateLiveEmployer(std::shared_ptr<grpc::Channel> postings,
                                               const client::CallRunner& runner,
                                               const std::string& tag) {
  auto stub = v1::PostingsService::NewStub(postings);
  v1::CreateEmployerRequest employer;
  employer.set_request_id(absl::StrCat("live-employer-", tag));
  employer.mutable_employer()->set_name("株洲直播送岗示范焊接厂");
  employer.mutable_employer()->set_credit_code(kCreditCode);
  employer.mutable_employer()->set_region_code(kRegion);
  absl::StatusOr<v1::CreateEmployerResponse> made =
      runner.Unary(stub.get(), &v1::PostingsService::Stub::CreateEmployer, employer);
  if (made.ok()) return made->employer().employer_id();
  if (!absl::IsAlreadyExists(made.status())) return made.status();
  // Made by an earlier run under another tag: the credit code finds it.
  v1::ListEmployersRequest list;
  list.set_region_prefix(kRegion);
  list.set_page_size(1000);
  do {
    JM_ASSIGN_OR_RETURN(v1::ListEmployersResponse page,
                        runner.Unary(stub.get(), &v1::PostingsService::Stub::ListEmployers, list));
    for (const v1::Employer& e : page.employers()) {
      if (e.credit_code() == kCreditCode) return e.employer_id();
    }
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  return made.status();
}

absl::StatusOr<std::string> CreateLivePost(std::shared_ptr<grpc::Channel> postings,
                                           const client::CallRunner& runner,
                                           const std::string& employer_id,
                                           const std::string& request_id, int number) {
  auto stub = v1::PostingsService::NewStub(postings);
  v1::CreatePostRequest req;
  req.set_request_id(request_id);
  v1::Post* p = req.mutable_post();
  p->set_employer_id(employer_id);
  p->set_title(absl::StrCat("直播焊工岗位", number));
  p->set_occupation_code(kOccupation);
  p->set_region_code(kRegion);
  p->set_openings(50);
  p->mutable_salary()->set_min_monthly_cny(5000);
  p->mutable_salary()->set_max_monthly_cny(7000);
  p->mutable_requirements()->set_min_age(16);
  p->mutable_requirements()->set_max_age(45);
  JM_ASSIGN_OR_RETURN(v1::CreatePostResponse resp,
                      runner.Unary(stub.get(), &v1::PostingsService::Stub::CreatePost, req));
  return resp.post().post_id();
}

absl::StatusOr<std::vector<std::string>> CreateLivePosts(std::shared_ptr<grpc::Channel> postings,
                                                         const client::CallRunner& runner,
                                                         int count, const std::string& tag) {
  JM_ASSIGN_OR_RETURN(std::string employer_id, CreateLiveEmployer(postings, runner, tag));
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) {
    JM_ASSIGN_OR_RETURN(std::string id,
                        CreateLivePost(postings, runner, employer_id,
                                       absl::StrCat("live-post-", tag, "-", i), i + 1));
    ids.push_back(std::move(id));
  }
  return ids;
}

absl::StatusOr<std::vector<std::string>> RegisterViewers(std::shared_ptr<grpc::Channel> profiles,
                                                         const client::CallRunner& runner,
                                                         int count, int first_seq) {
  auto stub = v1::ProfilesService::NewStub(profiles);
  std::vector<std::string> ids;
  for (int start = 0; start < count; start += kBatch) {
    v1::SyncFieldRecordsRequest req;
    client::EnsureRequestId(&req);
    for (int i = start; i < std::min(count, start + kBatch); ++i) {
      const int n = first_seq + i;
      v1::FieldRecord* rec = req.add_records();
      rec->set_idempotency_key(absl::StrCat("live-viewer-", n));
      rec->set_device_id("live-setup");
      rec->set_recruiter_id("live-setup");
      v1::Profile* p = rec->mutable_registration();
      p->set_name(absl::StrCat("直播观众", n));
      // Distinct ID numbers: birth day and sequence number vary with n.
      const int year = i % 5 == 0 ? 1960 : 1995;
      const std::string first17 = absl::StrFormat("%s%04d%02d%02d%03d", kRegion, year, 1 + n % 12,
                                                  1 + n / 12 % 28, n / 336 % 1000);
      p->mutable_sensitive()->set_id_number(first17 + profiles::IdCheckCharacter(first17));
      p->set_residence_region_code(kRegion);
      p->set_hukou_region_code(kRegion);
      p->set_education(v1::EDUCATION_JUNIOR_HIGH);
      p->add_wanted_occupation_codes(kOccupation);
    }
    JM_ASSIGN_OR_RETURN(
        v1::SyncFieldRecordsResponse resp,
        runner.Unary(stub.get(), &v1::ProfilesService::Stub::SyncFieldRecords, req));
    for (const v1::FieldRecordResult& r : resp.results()) {
      if (r.profile_id().empty()) {
        return absl::InternalError(absl::StrCat("viewer ", start + r.index(), " not registered: ",
                                                v1::FieldRecordResult::Outcome_Name(r.outcome())));
      }
      ids.push_back(r.profile_id());
    }
  }
  return ids;
}

}  // namespace jobmatch::live
