// The jobmatch-field CLI as a recruiter runs it: secrets given as flags are
// refused (exit 2, saying how to pass them), taken from stdin or --input
// instead and sealed in the outbox; the outbox key must live elsewhere.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "clients/field/field_test_records.h"
#include "clients/field/outbox.h"

namespace jobmatch::field {
namespace {

constexpr char kPhone[] = "13973354321";
constexpr char kNotes[] = "家有病人需照顾，只能做半天";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteFile(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  ASSERT_GE(fd, 0) << path;
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
}

struct Outcome {
  int exit_code = -1;
  std::string err;
};

class FieldCliTest : public ::testing::Test {
 protected:
  FieldCliTest() {
    char dir[] = "/tmp/field-cli-XXXXXX";
    dir_ = mkdtemp(dir);
    char keys[] = "/tmp/field-cli-key-XXXXXX";
    key_dir_ = mkdtemp(keys);
    path_ = dir_ + "/outbox.db";
    key_file_ = key_dir_ + "/outbox.key";
    WriteFile(key_file_, std::string(64, 'c'), 0600);
  }
  ~FieldCliTest() override {
    for (const char* f : {"", "-wal", "-shm"}) std::remove((path_ + f).c_str());
    for (const char* f : {"/stdin", "/stderr", "/input", "/outbox.key"}) {
      std::remove((dir_ + f).c_str());
    }
    std::remove(key_file_.c_str());
    rmdir(dir_.c_str());
    rmdir(key_dir_.c_str());
  }

  // Runs the CLI with `args` (after the program name), `input` on stdin.
  Outcome Run(std::vector<std::string> args, const std::string& input = "") {
    const std::string in = dir_ + "/stdin", err = dir_ + "/stderr";
    WriteFile(in, input, 0600);
    args.insert(args.begin(), JOBMATCH_FIELD_CLI);
    const pid_t pid = fork();
    if (pid == 0) {
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      const int in_fd = open(in.c_str(), O_RDONLY);
      const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int null_fd = open("/dev/null", O_WRONLY);
      if (in_fd < 0 || err_fd < 0 || null_fd < 0) _exit(126);
      dup2(in_fd, STDIN_FILENO);
      dup2(null_fd, STDOUT_FILENO);
      dup2(err_fd, STDERR_FILENO);
      unsetenv("JOBMATCH_FIELD_KEY_FILE");
      unsetenv("JOBMATCH_TOKEN");
      execv(argv[0], argv.data());
      _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(err)};
  }
  std::vector<std::string> Capture(const std::string& what) const {
    return {"--outbox=" + path_,
            "--key_file=" + key_file_,
            "--recruiter_id=rc1",
            "--residence=430281001001",
            "--name=村民甲",
            "--village=430281001001",
            "capture",
            what};
  }
  DataProtector Key() const { return *DataProtector::Load(KeyUse::kFieldOutbox, key_file_); }
  static std::string IdNumber() {
    return testing::Registration(11).registration().sensitive().id_number();
  }

  std::string dir_, key_dir_, path_, key_file_;
};

TEST_F(FieldCliTest, EachSecretFlagIsRefusedWithExitTwoAndSaysHowToPassIt) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--id_number=" + IdNumber()}, "id_number=VALUE on stdin or in --input"},
      {{"--phone", kPhone}, "phone=VALUE on stdin or in --input"},
      {{"-notes=" + std::string(kNotes)}, "notes=VALUE on stdin or in --input"},
      {{"--token=eyJhbGciOi.x.y"}, "--token_file FILE or $JOBMATCH_TOKEN"},
  };
  for (const auto& [flags, hint] : cases) {
    std::vector<std::string> args = Capture("registration");
    args.insert(args.begin(), flags.begin(), flags.end());
    const Outcome out = Run(args);
    EXPECT_EQ(out.exit_code, 2) << flags[0];
    EXPECT_NE(out.err.find(hint), std::string::npos) << out.err;
  }
  EXPECT_EQ(access(path_.c_str(), F_OK), -1) << "nothing was captured";
}

TEST_F(FieldCliTest, SecretsComeFromStdinAndAreSealedInTheOutbox) {
  const Outcome out = Run(Capture("registration"),
                          "id_number=" + IdNumber() + "\nphone=" + std::string(kPhone) + "\n");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const std::string bytes = Slurp(path_) + Slurp(path_ + "-wal");
  EXPECT_EQ(bytes.find(IdNumber()), std::string::npos);
  EXPECT_EQ(bytes.find(kPhone), std::string::npos);

  auto outbox = FieldOutbox::Open(path_, Key());
  ASSERT_TRUE(outbox.ok()) << outbox.status();
  auto pending = *(*outbox)->Pending(10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].record.registration().sensitive().id_number(), IdNumber());
  EXPECT_EQ(pending[0].record.registration().sensitive().phone(), kPhone);
  EXPECT_EQ(pending[0].record.registration().name(), "村民甲");
}

TEST_F(FieldCliTest, NotesComeFromAnInputFile) {
  WriteFile(dir_ + "/input", "# today's visit\nnotes=" + std::string(kNotes) + "\n", 0600);
  std::vector<std::string> args = Capture("visit");
  args.insert(args.begin(), "--input=" + dir_ + "/input");
  const Outcome out = Run(args);
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(Slurp(path_).find(kNotes), std::string::npos);
  auto outbox = FieldOutbox::Open(path_, Key());
  ASSERT_TRUE(outbox.ok());
  EXPECT_EQ((*(*outbox)->Pending(10))[0].record.visit().notes(), kNotes);
}

TEST_F(FieldCliTest, AnInputLineOfAnotherKindIsBadUsage) {
  const Outcome out = Run(Capture("registration"), "name=张三\n");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.err.find("input line 1"), std::string::npos) << out.err;
}

TEST_F(FieldCliTest, TheKeyBesideTheOutboxOrNoKeyIsRefused) {
  const std::string beside = dir_ + "/outbox.key";
  WriteFile(beside, std::string(64, 'c'), 0600);
  std::vector<std::string> args = {"--outbox=" + path_, "--key_file=" + beside, "status"};
  Outcome out = Run(args);
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.err.find("outbox's own folder"), std::string::npos) << out.err;
  out = Run({"--outbox=" + path_, "status"});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.err.find("--key_file"), std::string::npos) << out.err;
  EXPECT_EQ(access(path_.c_str(), F_OK), -1) << "no outbox is made without a usable key";
  out = Run({"--outbox=" + path_, "--key_file=" + key_file_, "status"});
  EXPECT_EQ(out.exit_code, 0) << out.err;
}

}  // namespace
}  // namespace jobmatch::field
