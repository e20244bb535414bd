#include "services/postings/demo/demo_client.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "services/common/grpc_status.h"

namespace jobmatch::postings::demo {

absl::StatusOr<LoadedBase> CreateBase(v1::PostingsService::Stub& stub,
                                      const DemoGenerator& generator, int employer_count,
                                      const std::string& request_prefix) {
  LoadedBase out;
  for (const auto& campaign : generator.Campaigns()) {
    grpc::ClientContext ctx;
    v1::CreateCampaignRequest req;
    req.set_request_id(absl::StrCat(request_prefix, "-campaign-", campaign.kind()));
    *req.mutable_campaign() = campaign;
    v1::CreateCampaignResponse resp;
    grpc::Status s = stub.CreateCampaign(&ctx, req, &resp);
    if (!s.ok()) return FromGrpcStatus(s);
    out.campaigns.push_back(resp.campaign());
  }
  const auto employers = generator.Employers(employer_count);
  for (size_t i = 0; i < employers.size(); ++i) {
    grpc::ClientContext ctx;
    v1::CreateEmployerRequest req;
    req.set_request_id(absl::StrCat(request_prefix, "-employer-", i));
    *req.mutable_employer() = employers[i];
    v1::CreateEmployerResponse resp;
    grpc::Status s = stub.CreateEmployer(&ctx, req, &resp);
    if (!s.ok()) return FromGrpcStatus(s);
    out.employers.push_back(resp.employer());
  }
  return out;
}

absl::StatusOr<v1::ImportPostingsResponse> ImportPosts(v1::PostingsService::Stub& stub,
                                                       const std::string& request_id,
                                                       const std::string& source,
                                                       const std::vector<std::string>& campaign_ids,
                                                       const std::vector<v1::Post>& posts) {
  grpc::ClientContext ctx;
  v1::ImportPostingsResponse resp;
  auto writer = stub.ImportPostings(&ctx, &resp);
  v1::ImportPostingsRequest header;
  header.mutable_header()->set_request_id(request_id);
  header.mutable_header()->set_source(source);
  for (const auto& id : campaign_ids) header.mutable_header()->add_campaign_ids(id);
  bool open = writer->Write(header);
  v1::ImportPostingsRequest row;
  // buffer_hint lets gRPC coalesce rows into fewer frames instead of
  // flushing each one; WritesDone() flushes the rest.
  const grpc::WriteOptions buffered = grpc::WriteOptions().set_buffer_hint();
  for (size_t i = 0; open && i < posts.size(); ++i) {
    *row.mutable_post() = posts[i];
    open = writer->Write(row, buffered);
  }
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  if (!s.ok()) return FromGrpcStatus(s);
  return resp;
}

}  // namespace jobmatch::postings::demo
