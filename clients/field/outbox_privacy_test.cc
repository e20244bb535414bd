// What a lost or copied tablet gives away: the outbox's files hold no clear
// ID number, phone or note; they are readable by their owner only; records
// the server has synced are gone; the key never sits beside the outbox.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "clients/field/field_test_records.h"
#include "clients/field/outbox.h"
#include "clients/field/outbox_key.h"

namespace jobmatch::field {
namespace {

using Result = v1::FieldRecordResult;

constexpr char kPhone[] = "13973312345";
constexpr char kNotes[] = "户主腰伤未愈，低保户，想在镇上找轻活";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

void WriteFile(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  ASSERT_GE(fd, 0) << path;
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
}

class OutboxPrivacyTest : public ::testing::Test {
 protected:
  OutboxPrivacyTest() {
    char dir[] = "/tmp/field-privacy-XXXXXX";
    dir_ = mkdtemp(dir);
    path_ = dir_ + "/outbox.db";
    // The usual umask: without care SQLite would create 0644 files.
    old_umask_ = umask(022);
  }
  ~OutboxPrivacyTest() override {
    umask(old_umask_);
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path_ + suffix).c_str());
    for (const std::string& f : extra_files_) std::remove(f.c_str());
    rmdir(dir_.c_str());
  }
  std::unique_ptr<FieldOutbox> Open() {
    auto outbox = FieldOutbox::Open(path_, key_, "tab-privacy");
    EXPECT_TRUE(outbox.ok()) << outbox.status();
    return outbox.ok() ? *std::move(outbox) : nullptr;
  }
  static v1::FieldRecord RegistrationWithPhone() {
    v1::FieldRecord rec = testing::Registration(7);
    rec.mutable_registration()->mutable_sensitive()->set_phone(kPhone);
    return rec;
  }
  static std::string IdNumber() {
    return testing::Registration(7).registration().sensitive().id_number();
  }
  // Every byte the outbox keeps on disk: the file and its -wal.
  std::string FileBytes() const { return Slurp(path_) + Slurp(path_ + "-wal"); }
  int64_t RowsOnDisk() const {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM records", -1, &q, nullptr);
    int64_t n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
  }

  std::string dir_, path_;
  std::vector<std::string> extra_files_;
  mode_t old_umask_;
  const DataProtector key_ = DataProtector::Random(KeyUse::kFieldOutbox);
};

TEST_F(OutboxPrivacyTest, TheFilesHoldNoClearIdNumberPhoneOrNote) {
  ASSERT_EQ(IdNumber().size(), 18u);
  {
    auto outbox = Open();
    const std::string reg = *outbox->Capture(RegistrationWithPhone());
    const std::string visit = *outbox->Capture(testing::Visit(kNotes));
    // A conflict keeps the server's (masked) profile; an invalid record keeps
    // the server's words, which may quote what was sent.
    std::vector<Result> answers(2);
    answers[0].set_outcome(Result::OUTCOME_INVALID);
    auto* v = answers[0].add_violations();
    v->set_field("registration.sensitive.phone");
    v->set_description(absl::StrCat("not a phone number: ", kPhone));
    answers[1].set_outcome(Result::OUTCOME_ALREADY_EXISTS);
    answers[1].set_profile_id("p-1");
    ASSERT_TRUE(outbox->RecordResults({reg, visit}, answers, absl::Now()).ok());

    // While open (the -wal holds the newest pages) ...
    const std::string bytes = FileBytes();
    EXPECT_EQ(bytes.find(IdNumber()), std::string::npos);
    EXPECT_EQ(bytes.find(kPhone), std::string::npos);
    EXPECT_EQ(bytes.find(kNotes), std::string::npos);
    // ... and what is sealed still opens with the key.
    auto invalid = *outbox->InState(EntryState::kInvalid);
    ASSERT_EQ(invalid.size(), 1u);
    EXPECT_EQ(invalid[0].record.registration().sensitive().id_number(), IdNumber());
    EXPECT_EQ(invalid[0].record.registration().sensitive().phone(), kPhone);
    EXPECT_NE(invalid[0].problem.find(kPhone), std::string::npos);
    EXPECT_EQ((*outbox->InState(EntryState::kExists))[0].record.visit().notes(), kNotes);
  }
  // ... and once closed (the -wal checkpointed into the file).
  const std::string bytes = FileBytes();
  EXPECT_EQ(bytes.find(IdNumber()), std::string::npos);
  EXPECT_EQ(bytes.find(kPhone), std::string::npos);
  EXPECT_EQ(bytes.find(kNotes), std::string::npos);
}

TEST_F(OutboxPrivacyTest, AnotherKeyOpensNothing) {
  { ASSERT_TRUE(Open()->Capture(RegistrationWithPhone()).ok()); }
  auto stolen = FieldOutbox::Open(path_, DataProtector::Random(KeyUse::kFieldOutbox));
  ASSERT_TRUE(stolen.ok());
  EXPECT_TRUE(absl::IsDataLoss((*stolen)->Pending(10).status()));
}

TEST_F(OutboxPrivacyTest, TheFileAndItsWalAndShmAreOwnerOnly) {
  auto outbox = Open();
  ASSERT_TRUE(outbox->Capture(RegistrationWithPhone()).ok());
  EXPECT_EQ(ModeOf(path_), 0600);
  EXPECT_EQ(ModeOf(path_ + "-wal"), 0600);
  EXPECT_EQ(ModeOf(path_ + "-shm"), 0600);
}

TEST_F(OutboxPrivacyTest, AnOutboxLeftReadableIsMadeOwnerOnlyOnOpen) {
  { ASSERT_TRUE(Open()->Capture(RegistrationWithPhone()).ok()); }
  ASSERT_EQ(chmod(path_.c_str(), 0644), 0);
  auto outbox = Open();
  EXPECT_EQ(ModeOf(path_), 0600);
}

TEST_F(OutboxPrivacyTest, SyncedRecordsAreDeleted) {
  auto outbox = Open();
  const std::string a = *outbox->Capture(RegistrationWithPhone());
  const std::string b = *outbox->Capture(testing::Visit(kNotes));
  const std::string c = *outbox->Capture(testing::Visit("还在等答复"));
  std::vector<Result> answers(2);
  answers[0].set_outcome(Result::OUTCOME_APPLIED);
  answers[0].set_profile_id("p-7");
  answers[0].set_current_version(1);
  answers[1].set_outcome(Result::OUTCOME_DUPLICATE);
  ASSERT_TRUE(outbox->RecordResults({a, b}, answers, absl::Now()).ok());

  EXPECT_EQ(RowsOnDisk(), 1);
  auto pending = *outbox->Pending(10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].idempotency_key, c);
  const OutboxCounts counts = *outbox->Counts();
  EXPECT_EQ(counts.synced, 2);
  EXPECT_EQ(counts.pending, 1);
}

TEST_F(OutboxPrivacyTest, AClearOutboxFromBeforeIsSealedAndItsSyncedRowsDeletedOnOpen) {
  const v1::FieldRecord pending = RegistrationWithPhone();
  { ASSERT_NE(Open(), nullptr); }
  // Rows as an outbox written before sealing held them: clear.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* insert = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db,
                         "INSERT INTO records(idempotency_key, kind, record, state, "
                         "profile_id, server_version, captured_at) VALUES (?, ?, ?, ?, ?, ?, 0)",
                         -1, &insert, nullptr),
      SQLITE_OK);
  auto put = [&](const char* key, const v1::FieldRecord& rec, const char* state,
                 const char* profile, int version) {
    const std::string blob = rec.SerializeAsString();
    sqlite3_reset(insert);
    sqlite3_bind_text(insert, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 2, "registration", -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(insert, 3, blob.data(), blob.size(), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 4, state, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 5, profile, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(insert, 6, version);
    EXPECT_EQ(sqlite3_step(insert), SQLITE_DONE);
  };
  put("old-pending", pending, "pending", "", 0);
  put("old-synced", testing::Visit(kNotes), "synced", "p-3", 5);
  sqlite3_finalize(insert);
  ASSERT_EQ(sqlite3_exec(db, "DELETE FROM outbox_meta WHERE name = 'sealed_v1'", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  ASSERT_NE(FileBytes().find(IdNumber()), std::string::npos) << "the setup wrote clear rows";

  {
    auto outbox = Open();
    auto rows = *outbox->Pending(10);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].record.registration().sensitive().id_number(), IdNumber());
    EXPECT_EQ(outbox->Counts()->synced, 1);
    EXPECT_EQ(*outbox->KnownVersion("p-3"), 5);
  }
  EXPECT_EQ(RowsOnDisk(), 1);
  const std::string bytes = FileBytes();
  EXPECT_EQ(bytes.find(IdNumber()), std::string::npos);
  EXPECT_EQ(bytes.find(kPhone), std::string::npos);
  EXPECT_EQ(bytes.find(kNotes), std::string::npos);
}

TEST_F(OutboxPrivacyTest, AKeyFileBesideTheOutboxIsRefused) {
  const std::string hex(64, 'b');
  const std::string beside = dir_ + "/outbox.key";
  extra_files_.push_back(beside);
  WriteFile(beside, hex, 0600);
  EXPECT_TRUE(absl::IsInvalidArgument(LoadOutboxKey(path_, beside).status()));
  // The same folder however it is spelt.
  EXPECT_TRUE(absl::IsInvalidArgument(
      LoadOutboxKey(path_, dir_ + "/./../" + dir_.substr(5) + "/outbox.key").status()));

  char other[] = "/tmp/field-privacy-key-XXXXXX";
  const std::string key_dir = mkdtemp(other);
  const std::string apart = key_dir + "/outbox.key";
  WriteFile(apart, hex, 0600);
  EXPECT_TRUE(LoadOutboxKey(path_, apart).ok());
  // From the environment when no flag names it; nothing at all is refused.
  setenv(kKeyFileEnv, apart.c_str(), 1);
  EXPECT_TRUE(LoadOutboxKey(path_, "").ok());
  setenv(kKeyFileEnv, beside.c_str(), 1);
  EXPECT_TRUE(absl::IsInvalidArgument(LoadOutboxKey(path_, "").status()));
  unsetenv(kKeyFileEnv);
  EXPECT_TRUE(absl::IsInvalidArgument(LoadOutboxKey(path_, "").status()));
  // A key others may read is no key (ReadSecretFile).
  chmod(apart.c_str(), 0644);
  EXPECT_TRUE(absl::IsFailedPrecondition(LoadOutboxKey(path_, apart).status()));
  std::remove(apart.c_str());
  rmdir(key_dir.c_str());
}

}  // namespace
}  // namespace jobmatch::field
