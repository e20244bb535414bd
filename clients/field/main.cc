// jobmatch-field: the recruiter's tablet client. Captures registrations,
// profile edits and household visits offline into a local outbox, syncs them
// when the profiles service is reachable, and lists and settles conflicts.
// Follow-up visits (回访) of hires are kept in the same outbox and synced to
// the events service (--events_target).
//
//   printf 'id_number=…\nphone=…\n' |
//     jobmatch-field [flags] capture registration --name=… --residence=… …
//   printf 'notes=…\n' | jobmatch-field [flags] capture visit --village=… [--profile_id=…] …
//   jobmatch-field [flags] capture edit --profile_id=… [--base_version=N] --major=… …
//   [printf 'reason=…\n' |] jobmatch-field [flags] capture follow-up --profile_id=… --post=…
//     --visit=day_7|day_30 --employed=yes|no
//   jobmatch-field [flags] sync | status | conflicts
//   jobmatch-field [flags] resolve KEY server|mine
//
// Every command needs the outbox key: --key_file or $JOBMATCH_FIELD_KEY_FILE,
// a file outside the outbox's folder. Secrets never come as flags, where `ps`
// and the shell's history would show them: ID numbers, phones and notes are
// `name=value` lines on stdin or in --input; the token is in --token_file or
// $JOBMATCH_TOKEN.
//
// Exit codes: 0 done; 1 failed (nothing half-done: rerun it); 2 bad usage;
// 3 sync stopped with records still pending (server unreachable: rerun later).
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "clients/field/field_syncer.h"
#include "clients/field/follow_up_outbox.h"
#include "clients/field/follow_up_syncer.h"
#include "clients/field/outbox.h"
#include "clients/field/outbox_key.h"
#include "clients/lib/call_runner.h"
#include "clients/lib/channel.h"
#include "clients/lib/secret_flags.h"
#include "services/common/proto_time.h"

ABSL_FLAG(std::string, outbox, "field-outbox.db", "the tablet's outbox file (SQLite)");
ABSL_FLAG(std::string, key_file, "",
          "file (mode 0600, not in the outbox's folder) holding the outbox key, 64 hex "
          "characters; default $JOBMATCH_FIELD_KEY_FILE");
ABSL_FLAG(std::string, input, "",
          "capture: file of name=value lines (id_number, phone, notes); default: stdin when it "
          "is not a terminal");
ABSL_FLAG(std::string, device_id, "", "this tablet's id, recorded when the outbox is created");
ABSL_FLAG(std::string, recruiter_id, "", "the recruiter capturing or syncing");
ABSL_FLAG(std::string, regions, "", "comma-separated region prefixes the recruiter covers");
ABSL_FLAG(std::string, target, "127.0.0.1:50052", "profiles service (host:port)");
ABSL_FLAG(std::string, ca_file, "", "CA of the servers (TLS); empty: plaintext development server");
ABSL_FLAG(std::string, token_file, "",
          "file holding the bearer token (jobmatch-token); default $JOBMATCH_TOKEN, then "
          "$JOBMATCH_TOKEN_FILE");
ABSL_FLAG(int, batch_size, 100, "records per SyncFieldRecords call (at most 1000)");
ABSL_FLAG(int, deadline_seconds, 30, "deadline of one sync call");
// What is captured.
ABSL_FLAG(std::string, name, "", "registration: the person's name");
ABSL_FLAG(std::string, residence, "", "registration: region code where the person lives");
ABSL_FLAG(std::string, hukou, "", "registration: region code of the registered home (户籍地)");
ABSL_FLAG(std::string, education, "", "registration/edit: primary, junior_high, senior_high, ...");
ABSL_FLAG(std::string, occupations, "", "comma-separated occupation codes wanted");
ABSL_FLAG(int, min_salary, -1, "registration/edit: lowest acceptable monthly pay (CNY)");
ABSL_FLAG(std::string, major, "", "edit: major");
ABSL_FLAG(std::string, profile_id, "",
          "edit: the profile; visit: the person visited, if registered");
ABSL_FLAG(int64_t, base_version, 0, "edit: the version seen; 0 = the newest this tablet knows");
ABSL_FLAG(std::string, village, "", "visit: village or community code");
ABSL_FLAG(std::string, wanted_regions, "", "visit: comma-separated region codes to work in");
ABSL_FLAG(std::string, available_from, "", "visit: YYYY-MM-DD");
ABSL_FLAG(std::string, events_target, "127.0.0.1:50053",
          "events service (host:port), where follow-ups are synced");
ABSL_FLAG(std::string, post, "", "follow-up: the post the person was hired for");
ABSL_FLAG(std::string, visit, "", "follow-up: day_7 or day_30");
ABSL_FLAG(std::string, employed, "", "follow-up: still in the job, yes or no");

namespace jobmatch::field {
namespace {

constexpr int kUsage = 2;
constexpr int kStillPending = 3;

int Fail(const absl::Status& status) {
  std::cerr << "jobmatch-field: " << status << "\n";
  return 1;
}

// A sync that stopped because the server could not be reached, or not in
// time, leaves the rest in the outbox for the next try (kStillPending: run
// sync again later); any other stop is a failure to look at.
int SyncStopped(absl::string_view what, const absl::Status& status) {
  std::cerr << "jobmatch-field: " << what << " stopped: " << status << "\n";
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status) ? kStillPending : 1;
}

std::vector<std::string> List(const std::string& text) {
  return absl::StrSplit(text, ',', absl::SkipWhitespace());
}

// Flags that once carried secrets, and where each secret goes now.
constexpr client::RefusedFlag kRefusedFlags[] = {
    {"id_number", "a line id_number=VALUE on stdin or in --input FILE"},
    {"phone", "a line phone=VALUE on stdin or in --input FILE"},
    {"notes", "a line notes=VALUE on stdin or in --input FILE"},
    client::kTokenFlag,
};

// The secrets of a capture: `name=value` lines (blank lines and lines
// starting with # skipped). INVALID_ARGUMENT for a line of another form, an
// unknown name or a name given twice.
absl::StatusOr<std::map<std::string, std::string>> ParseSecrets(std::istream& in) {
  std::map<std::string, std::string> out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (absl::StripAsciiWhitespace(line).empty() || line[0] == '#') continue;
    const size_t eq = line.find('=');
    const std::string name(absl::StripAsciiWhitespace(line.substr(0, eq)));
    if (eq == std::string::npos ||
        (name != "id_number" && name != "phone" && name != "notes" && name != "reason")) {
      return absl::InvalidArgumentError(absl::StrCat(
          "input line ", number, ": expected id_number=…, phone=…, notes=… or reason=…"));
    }
    if (!out.emplace(name, line.substr(eq + 1)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("input line ", number, ": ", name, " given twice"));
    }
  }
  return out;
}

// The secrets from --input, else from stdin unless it is a terminal.
absl::StatusOr<std::map<std::string, std::string>> ReadSecrets() {
  if (const std::string file = absl::GetFlag(FLAGS_input); !file.empty()) {
    std::ifstream in(file);
    if (!in) return absl::InvalidArgumentError(absl::StrCat("--input: cannot read ", file));
    return ParseSecrets(in);
  }
  if (isatty(STDIN_FILENO)) return std::map<std::string, std::string>();
  return ParseSecrets(std::cin);
}

absl::StatusOr<v1::FieldRecord> FromFlags(const std::string& kind, FieldOutbox& outbox,
                                          const std::map<std::string, std::string>& secrets) {
  auto secret = [&secrets](const char* name) {
    auto it = secrets.find(name);
    return it == secrets.end() ? std::string() : it->second;
  };
  v1::FieldRecord rec;
  rec.set_recruiter_id(absl::GetFlag(FLAGS_recruiter_id));
  v1::Education education = v1::EDUCATION_UNSPECIFIED;
  if (const std::string e = absl::GetFlag(FLAGS_education);
      !e.empty() &&
      !v1::Education_Parse(absl::StrCat("EDUCATION_", absl::AsciiStrToUpper(e)), &education)) {
    return absl::InvalidArgumentError(absl::StrCat("--education: unknown level ", e));
  }
  const std::vector<std::string> occupations = List(absl::GetFlag(FLAGS_occupations));
  if (kind == "registration") {
    v1::Profile* p = rec.mutable_registration();
    p->set_name(absl::GetFlag(FLAGS_name));
    p->mutable_sensitive()->set_id_number(secret("id_number"));
    p->mutable_sensitive()->set_phone(secret("phone"));
    p->set_residence_region_code(absl::GetFlag(FLAGS_residence));
    p->set_hukou_region_code(absl::GetFlag(FLAGS_hukou));
    p->set_education(education);
    for (const auto& o : occupations) p->add_wanted_occupation_codes(o);
    p->set_min_monthly_salary(std::max(0, absl::GetFlag(FLAGS_min_salary)));
  } else if (kind == "visit") {
    v1::VisitNote* v = rec.mutable_visit();
    v->set_profile_id(absl::GetFlag(FLAGS_profile_id));
    v->set_region_code(absl::GetFlag(FLAGS_village));
    for (const auto& o : occupations) v->add_wanted_occupation_codes(o);
    for (const auto& r : List(absl::GetFlag(FLAGS_wanted_regions))) v->add_wanted_region_codes(r);
    v->set_notes(secret("notes"));
    if (const std::string day = absl::GetFlag(FLAGS_available_from); !day.empty()) {
      absl::CivilDay parsed;
      if (!absl::ParseCivilTime(day, &parsed)) {
        return absl::InvalidArgumentError("--available_from: not a YYYY-MM-DD date");
      }
      *v->mutable_available_from() = ToProto(parsed);
    }
  } else if (kind == "edit") {
    const std::string id = absl::GetFlag(FLAGS_profile_id);
    if (id.empty()) return absl::InvalidArgumentError("--profile_id: required for an edit");
    v1::ProfileEdit* edit = rec.mutable_edit();
    edit->mutable_profile()->set_profile_id(id);
    auto* mask = edit->mutable_update_mask();
    if (!absl::GetFlag(FLAGS_major).empty()) {
      edit->mutable_profile()->set_major(absl::GetFlag(FLAGS_major));
      mask->add_paths("major");
    }
    if (absl::GetFlag(FLAGS_min_salary) >= 0) {
      edit->mutable_profile()->set_min_monthly_salary(absl::GetFlag(FLAGS_min_salary));
      mask->add_paths("min_monthly_salary");
    }
    if (education != v1::EDUCATION_UNSPECIFIED) {
      edit->mutable_profile()->set_education(education);
      mask->add_paths("education");
    }
    if (!occupations.empty()) {
      for (const auto& o : occupations) edit->mutable_profile()->add_wanted_occupation_codes(o);
      mask->add_paths("wanted_occupation_codes");
    }
    if (mask->paths().empty()) {
      return absl::InvalidArgumentError(
          "an edit changes --major, --min_salary, --education or "
          "--occupations");
    }
    int64_t base = absl::GetFlag(FLAGS_base_version);
    if (base == 0) {
      absl::StatusOr<int64_t> known = outbox.KnownVersion(id);
      if (!known.ok()) return known.status();
      base = *known;
    }
    if (base <= 0) {
      return absl::InvalidArgumentError("--base_version: this tablet has not seen the profile yet");
    }
    rec.set_base_version(base);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("capture what? registration, visit or edit, not '", kind, "'"));
  }
  return rec;
}

// A follow-up visit from the flags; why the person left (which may say more
// than a flag should show to `ps`) from a reason= line.
absl::StatusOr<v1::RecordFollowUpRequest> FollowUpFromFlags(
    const std::map<std::string, std::string>& secrets) {
  v1::RecordFollowUpRequest r;
  r.set_profile_id(absl::GetFlag(FLAGS_profile_id));
  r.set_post_id(absl::GetFlag(FLAGS_post));
  if (r.profile_id().empty()) return absl::InvalidArgumentError("--profile_id: required");
  if (r.post_id().empty()) return absl::InvalidArgumentError("--post: required");
  const std::string visit = absl::AsciiStrToLower(absl::GetFlag(FLAGS_visit));
  if (visit == "day_7") {
    r.mutable_follow_up()->set_visit(v1::FOLLOW_UP_VISIT_DAY_7);
  } else if (visit == "day_30") {
    r.mutable_follow_up()->set_visit(v1::FOLLOW_UP_VISIT_DAY_30);
  } else {
    return absl::InvalidArgumentError("--visit: day_7 or day_30");
  }
  const std::string employed = absl::GetFlag(FLAGS_employed);
  if (employed != "yes" && employed != "no") {
    return absl::InvalidArgumentError("--employed: yes or no");
  }
  r.mutable_follow_up()->set_still_employed(employed == "yes");
  if (auto it = secrets.find("reason"); it != secrets.end()) {
    r.mutable_follow_up()->set_reason(it->second);
  }
  return r;
}

void PrintEntry(const OutboxEntry& e) {
  std::cout << e.idempotency_key << "  " << EntryStateName(e.state) << "  ";
  if (e.record.has_registration()) std::cout << "registration " << e.record.registration().name();
  if (e.record.has_visit()) std::cout << "visit " << e.record.visit().region_code();
  if (e.record.has_edit()) {
    std::cout << "edit of " << e.record.edit().profile().profile_id() << " (fields";
    for (const auto& path : e.record.edit().update_mask().paths()) std::cout << " " << path;
    std::cout << ") made on version " << e.record.base_version();
  }
  std::cout << "\n";
}

void PrintConflict(const OutboxEntry& e) {
  PrintEntry(e);
  const v1::Profile& mine = e.record.edit().profile();
  const v1::Profile& now = e.server_profile;
  std::cout << "    server now at version " << e.server_version << "\n";
  for (const auto& path : e.record.edit().update_mask().paths()) {
    std::string theirs, ours;
    if (path == "major") theirs = now.major(), ours = mine.major();
    if (path == "min_monthly_salary") {
      theirs = absl::StrCat(now.min_monthly_salary()),
      ours = absl::StrCat(mine.min_monthly_salary());
    }
    if (path == "education") {
      theirs = v1::Education_Name(now.education()), ours = v1::Education_Name(mine.education());
    }
    if (path == "wanted_occupation_codes") {
      for (const auto& o : now.wanted_occupation_codes()) absl::StrAppend(&theirs, o, " ");
      for (const auto& o : mine.wanted_occupation_codes()) absl::StrAppend(&ours, o, " ");
    }
    std::cout << "    " << path << ": server \"" << theirs << "\", this tablet \"" << ours
              << "\"\n";
  }
  std::cout << "    settle with: resolve " << e.idempotency_key << " server|mine\n";
}

int Sync(FieldOutbox& outbox, FollowUpOutbox& follow_ups) {
  client::ConnectionSettings settings;
  settings.ca_file = absl::GetFlag(FLAGS_ca_file);
  settings.token_file = absl::GetFlag(FLAGS_token_file);
  settings = client::FromEnvironment(settings);
  auto channel = client::MakeChannel(absl::GetFlag(FLAGS_target), settings);
  if (!channel.ok()) return Fail(channel.status());
  client::ClientOptions options;
  options.deadline = absl::Seconds(absl::GetFlag(FLAGS_deadline_seconds));
  options.identity.role = "recruiter";
  options.identity.subject = absl::GetFlag(FLAGS_recruiter_id);
  options.identity.region_prefixes = List(absl::GetFlag(FLAGS_regions));
  client::CallRunner runner(options);
  auto stub = v1::ProfilesService::NewStub(*channel);
  FieldSyncer syncer(&outbox, stub.get(), &runner, absl::GetFlag(FLAGS_batch_size));
  absl::StatusOr<SyncReport> report = syncer.SyncAll();
  if (!report.ok()) return SyncStopped("sync", report.status());
  std::cout << "sent " << report->batches << " batches: " << report->applied << " applied, "
            << report->duplicates << " already applied, " << report->conflicts << " conflicts, "
            << report->invalid << " invalid, " << report->already_registered
            << " already registered\n";
  // Follow-ups go to the events service, with the same token.
  auto events = client::MakeChannel(absl::GetFlag(FLAGS_events_target), settings);
  if (!events.ok()) return Fail(events.status());
  auto events_stub = v1::EventsService::NewStub(*events);
  FollowUpSyncer follow_up_syncer(&follow_ups, events_stub.get(), &runner);
  absl::StatusOr<FollowUpSyncReport> sent = follow_up_syncer.SyncAll();
  if (!sent.ok()) return SyncStopped("follow-up sync", sent.status());
  std::cout << "follow-ups: " << sent->recorded << " recorded, " << sent->already_recorded
            << " already on file, " << sent->refused << " refused\n";
  return 0;
}

int Status(FieldOutbox& outbox, FollowUpOutbox& follow_ups) {
  absl::StatusOr<OutboxCounts> c = outbox.Counts();
  if (!c.ok()) return Fail(c.status());
  std::cout << "device " << outbox.device_id() << "\n"
            << "pending " << c->pending << "\nsynced " << c->synced << "\nconflict " << c->conflict
            << "\ninvalid " << c->invalid << "\nexists " << c->exists << "\nresolved "
            << c->resolved << "\n";
  absl::StatusOr<std::vector<OutboxEntry>> invalid = outbox.InState(EntryState::kInvalid);
  if (!invalid.ok()) return Fail(invalid.status());
  for (const OutboxEntry& e : *invalid) {
    PrintEntry(e);
    std::cout << "    " << absl::StrReplaceAll(e.problem, {{"\n", "\n    "}}) << "\n";
  }
  absl::StatusOr<FollowUpCounts> f = follow_ups.Counts();
  if (!f.ok()) return Fail(f.status());
  std::cout << "follow-ups pending " << f->pending << "\nfollow-ups recorded " << f->recorded
            << "\nfollow-ups refused " << f->refused << "\n";
  absl::StatusOr<std::vector<RefusedFollowUp>> refused = follow_ups.Refused();
  if (!refused.ok()) return Fail(refused.status());
  for (const RefusedFollowUp& r : *refused) {
    std::cout << r.request.request_id() << "  refused  follow-up of " << r.request.profile_id()
              << " on " << r.request.post_id() << "\n    "
              << absl::StrReplaceAll(r.problem, {{"\n", "\n    "}}) << "\n";
  }
  return 0;
}

int Run(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << absl::ProgramUsageMessage() << "\n";
    return kUsage;
  }
  const std::string path = absl::GetFlag(FLAGS_outbox);
  absl::StatusOr<DataProtector> key = LoadOutboxKey(path, absl::GetFlag(FLAGS_key_file));
  if (!key.ok()) {
    Fail(key.status());
    return absl::IsInvalidArgument(key.status()) ? kUsage : 1;
  }
  auto follow_ups = FollowUpOutbox::Open(path, *key);
  if (!follow_ups.ok()) return Fail(follow_ups.status());
  auto outbox = FieldOutbox::Open(path, *std::move(key), absl::GetFlag(FLAGS_device_id));
  if (!outbox.ok()) return Fail(outbox.status());
  const std::string& command = args[0];
  if (command == "capture" && args.size() == 2) {
    if (absl::GetFlag(FLAGS_recruiter_id).empty()) {
      return Fail(absl::InvalidArgumentError("--recruiter_id: required"));
    }
    absl::StatusOr<std::map<std::string, std::string>> secrets = ReadSecrets();
    if (!secrets.ok()) {
      Fail(secrets.status());
      return kUsage;
    }
    if (args[1] == "follow-up") {
      absl::StatusOr<v1::RecordFollowUpRequest> visit = FollowUpFromFlags(*secrets);
      if (!visit.ok()) return Fail(visit.status());
      absl::StatusOr<std::string> id = (*follow_ups)->Capture(*std::move(visit));
      if (!id.ok()) return Fail(id.status());
      std::cout << *id << "\n";
      return 0;
    }
    absl::StatusOr<v1::FieldRecord> rec = FromFlags(args[1], **outbox, *secrets);
    if (!rec.ok()) return Fail(rec.status());
    absl::StatusOr<std::string> record_key = (*outbox)->Capture(*std::move(rec));
    if (!record_key.ok()) return Fail(record_key.status());
    std::cout << *record_key << "\n";
    return 0;
  }
  if (command == "sync" && args.size() == 1) return Sync(**outbox, **follow_ups);
  if (command == "status" && args.size() == 1) return Status(**outbox, **follow_ups);
  if (command == "conflicts" && args.size() == 1) {
    auto conflicts = (*outbox)->InState(EntryState::kConflict);
    if (!conflicts.ok()) return Fail(conflicts.status());
    for (const OutboxEntry& e : *conflicts) PrintConflict(e);
    return 0;
  }
  if (command == "resolve" && args.size() == 3 && (args[2] == "server" || args[2] == "mine")) {
    const Resolution how = args[2] == "server" ? Resolution::kKeepServer : Resolution::kResendMine;
    absl::StatusOr<std::string> resent = (*outbox)->Resolve(args[1], how);
    if (!resent.ok()) return Fail(resent.status());
    std::cout << (resent->empty() ? "kept the server's version" : "re-sent as " + *resent) << "\n";
    return 0;
  }
  std::cerr << absl::ProgramUsageMessage() << "\n";
  return kUsage;
}

}  // namespace
}  // namespace jobmatch::field

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "the field tablet's client.\n"
      "  jobmatch-field capture registration|visit|edit [--name --residence ...] "
      "< id_number=/phone=/notes= lines\n"
      "  jobmatch-field capture follow-up --profile_id --post --visit=day_7|day_30 "
      "--employed=yes|no [< reason= line]\n"
      "  jobmatch-field sync | status | conflicts\n"
      "  jobmatch-field resolve KEY server|mine");
  if (const std::string refused =
          jobmatch::client::RefusedSecretFlag(argc, argv, jobmatch::field::kRefusedFlags);
      !refused.empty()) {
    std::cerr << "jobmatch-field: " << refused << "\n";
    return 2;
  }
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  return jobmatch::field::Run(std::vector<std::string>(rest.begin() + 1, rest.end()));
}
