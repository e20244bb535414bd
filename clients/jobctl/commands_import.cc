// `jobctl import postings FILE`: a fair's postings file through the importer
// to ImportPostings, telling the clerk about every row that was not used, why,
// and how many for each reason.
#include <functional>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/import/import_file.h"
#include "clients/jobctl/commands.h"
#include "clients/jobctl/format.h"
#include "clients/lib/postings_client.h"
#include "services/common/status_macros.h"
#include "services/postings/credit_code.h"

namespace jobmatch::jobctl {
namespace {

namespace v1 = ::jobmatch::v1;

// The source when --source is not given. Not the file's name: a renamed copy
// of a file would then duplicate every post.
constexpr absl::string_view kContentSource = "jobctl-import";

absl::StatusOr<std::unique_ptr<client::PostingsClient>> Postings(Session& s) {
  JM_ASSIGN_OR_RETURN(auto channel, s.Channel("postings"));
  return std::make_unique<client::PostingsClient>(channel, s.options());
}

// Unused rows by reason, for the summary that closes a run.
class Tally {
 public:
  void Add(const std::string& reason) { ++by_reason_[reason]; }
  int total() const {
    int n = 0;
    for (const auto& [reason, count] : by_reason_) n += count;
    return n;
  }
  void Print(std::ostream& out) const {
    if (by_reason_.empty()) return;
    Table table({"NOT USED", "ROWS"});
    for (const auto& [reason, count] : by_reason_) table.AddRow({reason, absl::StrCat(count)});
    out << table.Render();
  }

 private:
  std::map<std::string, int> by_reason_;
};

struct KnownEmployers {
  std::map<std::string, std::string> by_name;         // registered name -> id
  std::map<std::string, std::string> by_credit_code;  // credit code -> id
};

// Every employer, following pages (read-only: a dry run calls it too).
absl::StatusOr<KnownEmployers> ListKnownEmployers(client::PostingsClient& c) {
  KnownEmployers known;
  v1::ListEmployersRequest request;
  request.set_page_size(1000);
  do {
    JM_ASSIGN_OR_RETURN(auto page, c.ListEmployers(request));
    for (const auto& e : page.employers()) {
      known.by_name.emplace(e.name(), e.employer_id());
      if (!e.credit_code().empty()) known.by_credit_code.emplace(e.credit_code(), e.employer_id());
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return known;
}

// Redraws "[#####.....] 120/500" on a terminal, at most once per percent.
class ProgressBar {
 public:
  ProgressBar(std::ostream& err, size_t total) : err_(err), total_(total) {}
  void Update(size_t done) {
    const size_t percent = total_ == 0 ? 100 : done * 100 / total_;
    if (percent == last_percent_ && done != total_) return;
    last_percent_ = percent;
    const size_t filled = percent * kWidth / 100;
    err_ << "\rimporting [" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] "
         << done << "/" << total_ << std::flush;
    if (done == total_) err_ << "\n";
  }

 private:
  static constexpr size_t kWidth = 30;
  std::ostream& err_;
  size_t total_;
  size_t last_percent_ = 101;
};

// An employer the file names that the platform does not know, with its rows.
struct UnknownEmployer {
  std::string name;
  std::string credit_code;
  std::string region_code;    // of its first row: where it is registered
  std::vector<size_t> posts;  // indexes into the file's posts
};

}  // namespace

absl::Status ImportPostings(Session& s, bool* partial) {
  const std::string path = s.inv().args[0];
  const bool dry_run = s.inv().Bool("dry_run");
  const std::string unknown_mode = s.inv().Get("unknown_employers", "hold");
  if (unknown_mode != "hold" && unknown_mode != "register") {
    return UsageError("--unknown_employers must be hold or register");
  }
  const bool register_unknown = unknown_mode == "register";
  const std::string fallback_employer = s.inv().Get("employer");
  const std::string source = s.inv().Get("source");

  import::ImportOptions options;
  options.normalise.default_region = s.inv().Get("default_region");
  options.normalise.employer_optional = !fallback_employer.empty();
  // Without a source naming where the file's ids come from, rows are keyed by
  // their content: the same rows in another file of the fair are found again.
  options.normalise.key_by_content = source.empty();
  JM_ASSIGN_OR_RETURN(import::ImportResult read, import::ImportFile(path, options));

  Tally tally;
  for (const auto& report : read.reports) {
    s.err() << path << ": " << report.ToString() << "\n";
    tally.Add(report.Reason());
  }
  for (const auto& imported : read.posts) {
    for (const auto& w : imported.warnings) {
      s.err() << path << ": line " << imported.line << ": warning: " << w.field << " \"" << w.value
              << "\": " << w.reason << "\n";
    }
  }
  if (!read.ignored_columns.empty()) {
    s.err() << path << ": columns not used: " << absl::StrJoin(read.ignored_columns, ", ") << "\n";
  }

  // Files name employers; the service wants ids. The dry run asks the
  // service too (read-only), so that it refuses and holds what the real
  // import would.
  JM_ASSIGN_OR_RETURN(auto c, Postings(s));
  KnownEmployers known;
  if (!read.posts.empty()) {
    JM_ASSIGN_OR_RETURN(known, ListKnownEmployers(*c));
  }

  std::vector<std::string> employer_of(read.posts.size());
  std::map<std::string, UnknownEmployer> unknown;  // by credit code, else name
  for (size_t i = 0; i < read.posts.size(); ++i) {
    const import::ImportedPost& p = read.posts[i];
    if (p.employer_name.empty() && p.employer_credit_code.empty()) {
      employer_of[i] = fallback_employer;
      continue;
    }
    if (auto it = known.by_credit_code.find(p.employer_credit_code);
        !p.employer_credit_code.empty() && it != known.by_credit_code.end()) {
      employer_of[i] = it->second;
      continue;
    }
    if (auto it = known.by_name.find(p.employer_name); it != known.by_name.end()) {
      employer_of[i] = it->second;
      continue;
    }
    const std::string key =
        p.employer_credit_code.empty() ? p.employer_name : p.employer_credit_code;
    UnknownEmployer& u = unknown[key];
    if (u.posts.empty()) {
      u.name = p.employer_name;
      u.credit_code = p.employer_credit_code;
      u.region_code = p.post.region_code();
    }
    u.posts.push_back(i);
  }

  // Unknown employers: held for staff (the default: registering an employer
  // is the bureau's check, not a side effect of a file), or registered from
  // the file's name and credit code with --unknown_employers=register.
  int registered = 0;
  for (auto& [key, u] : unknown) {
    std::string held;     // why its rows are not sent, if they are not
    std::string summary;  // the same, for the table of reasons
    if (!register_unknown) {
      summary = "not a registered employer";
      held =
          "not a registered employer (held: register it, or rerun with "
          "--unknown_employers=register)";
    } else if (u.credit_code.empty()) {
      summary = "not registered, no credit code";
      held = "not a registered employer, and the file gives no credit code to register it with";
    } else if (!postings::IsValidCreditCode(u.credit_code)) {
      summary = "credit code fails the GB 32100 check";
      held = absl::StrCat("cannot be registered: credit code ", u.credit_code,
                          " fails the GB 32100 check");
    } else if (!dry_run) {
      v1::CreateEmployerRequest request;
      // The same employer from a rerun of the file is one employer.
      request.set_request_id(absl::StrCat("import-employer-", u.credit_code));
      request.mutable_employer()->set_name(u.name);
      request.mutable_employer()->set_credit_code(u.credit_code);
      request.mutable_employer()->set_region_code(u.region_code);
      absl::StatusOr<v1::Employer> created = c->CreateEmployer(std::move(request));
      if (created.ok()) {
        for (size_t i : u.posts) employer_of[i] = created->employer_id();
        s.err() << path << ": registered employer \"" << u.name << "\" (" << u.credit_code
                << ") as " << created->employer_id() << "\n";
        ++registered;
      } else {
        summary = "could not be registered";
        held = absl::StrCat("could not be registered: ", created.status().message());
      }
    } else {
      s.err() << path << ": would register employer \"" << u.name << "\" (" << u.credit_code
              << ")\n";
      ++registered;
      for (size_t i : u.posts) employer_of[i] = "(to be registered)";
    }
    if (held.empty()) continue;
    for (size_t i : u.posts) {
      s.err() << path << ": line " << read.posts[i].line << ": held: employer_name \"" << u.name
              << "\": " << held << "\n";
      tally.Add(absl::StrCat("employer_name: ", summary));
    }
  }

  std::vector<v1::Post> posts;
  std::vector<int> lines;  // file line of each post sent
  for (size_t i = 0; i < read.posts.size(); ++i) {
    if (employer_of[i].empty()) continue;
    posts.push_back(read.posts[i].post);
    posts.back().set_employer_id(employer_of[i]);
    lines.push_back(read.posts[i].line);
  }

  v1::ImportPostingsResponse response;
  if (!dry_run && !posts.empty()) {
    v1::ImportHeader header;
    header.set_request_id(s.inv().Get("request_id"));
    header.set_source(source.empty() ? std::string(kContentSource) : source);
    for (const auto& id : s.inv().List("campaigns")) header.add_campaign_ids(id);
    ProgressBar bar(s.err(), posts.size());
    std::function<void(size_t)> on_sent;
    if (s.progress()) on_sent = [&bar](size_t n) { bar.Update(n); };
    JM_ASSIGN_OR_RETURN(response, c->ImportPostings(std::move(header), posts, on_sent));
    JM_RETURN_IF_ERROR(s.SaveConsistencyToken(response.consistency_token()));
    for (const auto& e : response.errors()) {
      s.err() << RefusedRowText(path, lines, e.index(), e.violations()) << "\n";
      tally.Add(absl::StrCat("refused by the service: ",
                             e.violations().empty() ? "" : e.violations(0).field()));
    }
  }
  const int unused = tally.total();
  *partial = unused > 0;
  if (s.json()) {
    s.out() << ToJsonLine(response);
    tally.Print(s.err());
    return absl::OkStatus();
  }
  s.out() << "read " << read.rows_read << " rows: " << posts.size()
          << (dry_run ? " usable (dry run: nothing sent), " : " sent, ") << unused << " not used";
  if (registered > 0) {
    s.out() << "; " << registered << (dry_run ? " employers to register" : " employers registered");
  }
  s.out() << "\n";
  Table table({"RECEIVED", "CREATED", "UPDATED", "UNCHANGED", "REFUSED"});
  table.AddRow({absl::StrCat(response.received()), absl::StrCat(response.created()),
                absl::StrCat(response.updated()), absl::StrCat(response.unchanged()),
                absl::StrCat(response.failed())});
  s.out() << table.Render();
  tally.Print(s.out());
  return absl::OkStatus();
}

}  // namespace jobmatch::jobctl
