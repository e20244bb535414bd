// Jobseeker profiles: registration (one from flags or many from a file), key
// groups declared or imported from data sharing, reads and lists (masked).
#include <google/protobuf/util/json_util.h>

#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/jobctl/commands.h"
#include "clients/jobctl/format.h"
#include "jobmatch/v1/profiles.grpc.pb.h"
#include "services/common/status_macros.h"

namespace jobmatch::jobctl {
namespace {

namespace v1 = ::jobmatch::v1;
using Stub = v1::ProfilesService::Stub;

std::string ProfileGroups(const v1::Profile& p) {
  std::vector<std::string> names;
  for (const auto& m : p.key_groups()) {
    names.push_back(EnumName(v1::KeyGroup_descriptor(), "KEY_GROUP_", m.group()));
  }
  if (p.sensitive().has_low_income()) names.push_back("LOW_INCOME");
  if (p.sensitive().has_disabled()) names.push_back("DISABLED");
  return absl::StrJoin(names, ",");
}

void PrintProfiles(Session& s, const std::vector<v1::Profile>& profiles) {
  if (s.json()) {
    for (const auto& p : profiles) s.out() << ToJsonLine(p);
    return;
  }
  Table table({"PROFILE", "NAME", "AGE", "SEX", "EDUCATION", "RESIDENCE", "ID NUMBER", "GROUPS"});
  for (const auto& p : profiles) {
    table.AddRow({p.profile_id(), p.name(), absl::StrCat(p.age()),
                  EnumName(v1::Sex_descriptor(), "SEX_", p.sex()),
                  EnumName(v1::Education_descriptor(), "EDUCATION_", p.education()),
                  p.residence_region_code(), p.sensitive().id_number(), ProfileGroups(p)});
  }
  s.out() << table.Render();
}

absl::StatusOr<v1::Date> ParseDate(const std::string& text, const std::string& flag) {
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  v1::Date date;
  int y = 0, m = 0, d = 0;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &y) || !absl::SimpleAtoi(parts[1], &m) ||
      !absl::SimpleAtoi(parts[2], &d)) {
    return UsageError(absl::StrCat("--", flag, " needs a date YYYY-MM-DD, not \"", text, "\""));
  }
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

absl::StatusOr<v1::Profile> ProfileFromFlags(const Invocation& inv) {
  v1::Profile p;
  p.set_name(inv.Get("name"));
  p.mutable_sensitive()->set_id_number(inv.Get("id_number"));
  p.mutable_sensitive()->set_phone(inv.Get("phone"));
  p.set_residence_region_code(inv.Get("residence"));
  p.set_hukou_region_code(inv.Get("hukou", inv.Get("residence")));
  if (inv.Has("education")) {
    JM_ASSIGN_OR_RETURN(int e, ParseEnum(v1::Education_descriptor(), "EDUCATION_",
                                         inv.Get("education"), "education"));
    p.set_education(static_cast<v1::Education>(e));
  }
  for (const auto& code : inv.List("wants")) p.add_wanted_occupation_codes(code);
  if (inv.Has("graduation")) {
    JM_ASSIGN_OR_RETURN(*p.mutable_graduation_date(),
                        ParseDate(inv.Get("graduation"), "graduation"));
  }
  return p;
}

// The non-empty lines of a file with their 1-based numbers.
absl::StatusOr<std::vector<std::pair<int, std::string>>> ReadLines(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::vector<std::pair<int, std::string>> lines;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    absl::string_view text = absl::StripAsciiWhitespace(line);
    if (!text.empty() && text[0] != '#') lines.emplace_back(n, std::string(text));
  }
  return lines;
}

// A request id for one line of a file: "<--request_id>-<line>" when the
// caller chose one (a re-run of the same file then has one effect), else fresh.
std::string LineRequestId(const Invocation& inv, int line) {
  return inv.Has("request_id") ? absl::StrCat(inv.Get("request_id"), "-", line) : "";
}

void PrintViolations(Session& s, const std::string& where, const absl::Status& status) {
  s.err() << where << ": " << absl::StatusCodeToString(status.code()) << ": " << status.message()
          << "\n";
}

}  // namespace

absl::Status ProfilesCreate(Session& s, bool* partial) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::ProfilesService>("profiles"));
  auto Register = [&](v1::Profile profile, std::string request_id) -> absl::StatusOr<v1::Profile> {
    v1::RegisterProfileRequest request;
    request.set_request_id(request_id.empty() ? client::NewRequestId() : std::move(request_id));
    *request.mutable_profile() = std::move(profile);
    JM_ASSIGN_OR_RETURN(auto response,
                        s.runner().Unary(stub.get(), &Stub::RegisterProfile, request));
    // Later registrations' tokens cover earlier ones: the last one is kept.
    JM_RETURN_IF_ERROR(s.SaveConsistencyToken(response.consistency_token()));
    return std::move(*response.mutable_profile());
  };
  std::vector<v1::Profile> created;
  if (!s.inv().Has("file")) {
    if (s.inv().Get("name").empty() || s.inv().Get("id_number").empty()) {
      return UsageError("jobctl profiles create needs --file, or --name and --id_number");
    }
    JM_ASSIGN_OR_RETURN(v1::Profile profile, ProfileFromFlags(s.inv()));
    JM_ASSIGN_OR_RETURN(v1::Profile p, Register(std::move(profile), s.inv().Get("request_id")));
    created.push_back(std::move(p));
  } else {
    const std::string path = s.inv().Get("file");
    JM_ASSIGN_OR_RETURN(auto lines, ReadLines(path));
    for (const auto& [n, text] : lines) {
      const std::string where = absl::StrCat(path, ": line ", n);
      v1::Profile profile;
      if (auto parsed = google::protobuf::util::JsonStringToMessage(text, &profile); !parsed.ok()) {
        s.err() << where << ": not a profile: " << parsed.message() << "\n";
        *partial = true;
        continue;
      }
      auto p = Register(std::move(profile), LineRequestId(s.inv(), n));
      if (!p.ok()) {
        // A refused person does not stop the others; UNAVAILABLE and
        // refusals of the caller stop everything.
        const auto code = p.status().code();
        if (code != absl::StatusCode::kInvalidArgument &&
            code != absl::StatusCode::kAlreadyExists &&
            code != absl::StatusCode::kFailedPrecondition) {
          return p.status();
        }
        PrintViolations(s, where, p.status());
        *partial = true;
        continue;
      }
      created.push_back(*std::move(p));
    }
  }
  PrintProfiles(s, created);
  return absl::OkStatus();
}

absl::Status ProfilesGet(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::ProfilesService>("profiles"));
  v1::GetProfileRequest request;
  request.set_profile_id(s.inv().args[0]);
  JM_ASSIGN_OR_RETURN(auto response, s.runner().Unary(stub.get(), &Stub::GetProfile, request));
  PrintProfiles(s, {response.profile()});
  return absl::OkStatus();
}

absl::Status ProfilesList(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::ProfilesService>("profiles"));
  v1::ListProfilesRequest request;
  JM_ASSIGN_OR_RETURN(int page_size, s.inv().Int("page_size", 0));
  request.set_page_size(page_size);
  request.set_page_token(s.inv().Get("page_token"));
  request.set_region_prefix(s.inv().Get("region"));
  if (s.inv().Has("group")) {
    JM_ASSIGN_OR_RETURN(
        int g, ParseEnum(v1::KeyGroup_descriptor(), "KEY_GROUP_", s.inv().Get("group"), "group"));
    request.set_key_group(static_cast<v1::KeyGroup>(g));
  }
  std::vector<v1::Profile> profiles;
  std::string next;
  do {
    JM_ASSIGN_OR_RETURN(auto page, s.runner().Unary(stub.get(), &Stub::ListProfiles, request));
    profiles.insert(profiles.end(), page.profiles().begin(), page.profiles().end());
    next = page.next_page_token();
    request.set_page_token(next);
  } while (s.inv().Bool("all") && !next.empty());
  PrintProfiles(s, profiles);
  if (!next.empty() && !s.json()) s.err() << "more: --page_token=" << next << "\n";
  return absl::OkStatus();
}

absl::Status ProfilesDeclare(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::ProfilesService>("profiles"));
  v1::DeclareKeyGroupRequest request;
  request.set_request_id(s.inv().Has("request_id") ? s.inv().Get("request_id")
                                                   : client::NewRequestId());
  request.set_profile_id(s.inv().Get("profile"));
  JM_ASSIGN_OR_RETURN(
      int g, ParseEnum(v1::KeyGroup_descriptor(), "KEY_GROUP_", s.inv().Get("group"), "group"));
  v1::KeyGroupMembership* m = request.mutable_membership();
  m->set_group(static_cast<v1::KeyGroup>(g));
  m->set_source(s.inv().Get("source"));
  m->set_provenance(s.inv().Get("source").empty() ? v1::PROVENANCE_SELF_DECLARED
                                                  : v1::PROVENANCE_VERIFIED);
  JM_ASSIGN_OR_RETURN(auto response, s.runner().Unary(stub.get(), &Stub::DeclareKeyGroup, request));
  JM_RETURN_IF_ERROR(s.SaveConsistencyToken(response.consistency_token()));
  PrintProfiles(s, {response.profile()});
  return absl::OkStatus();
}

absl::Status ProfilesImportGroups(Session& s, bool* partial) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::ProfilesService>("profiles"));
  const std::string path = s.inv().args[0];
  JM_ASSIGN_OR_RETURN(auto lines, ReadLines(path));
  v1::ImportKeyGroupsRequest request;
  request.set_request_id(s.inv().Has("request_id") ? s.inv().Get("request_id")
                                                   : client::NewRequestId());
  request.set_source(s.inv().Get("source"));
  std::vector<int> line_of;
  for (const auto& [n, text] : lines) {
    v1::KeyGroupImportRow row;
    if (auto parsed = google::protobuf::util::JsonStringToMessage(text, &row); !parsed.ok()) {
      s.err() << path << ": line " << n << ": not a key group row: " << parsed.message() << "\n";
      *partial = true;
      continue;
    }
    *request.add_rows() = std::move(row);
    line_of.push_back(n);
  }
  JM_ASSIGN_OR_RETURN(auto response, s.runner().Unary(stub.get(), &Stub::ImportKeyGroups, request));
  JM_RETURN_IF_ERROR(s.SaveConsistencyToken(response.consistency_token()));
  for (const auto& e : response.errors()) {
    s.err() << RefusedRowText(path, line_of, e.index(), e.violations()) << "\n";
    *partial = true;
  }
  if (s.json()) {
    s.out() << ToJsonLine(response);
  } else {
    Table table({"APPLIED", "PENDING", "REFUSED"});
    table.AddRow({absl::StrCat(response.applied()), absl::StrCat(response.pending()),
                  absl::StrCat(response.errors_size())});
    s.out() << table.Render();
  }
  return absl::OkStatus();
}

}  // namespace jobmatch::jobctl
