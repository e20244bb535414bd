#include "clients/field/outbox_key.h"

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace jobmatch::field {
namespace {

// The folder holding `path`, with links and ".." resolved as far as the
// path exists (the outbox itself may not exist yet).
std::filesystem::path FolderOf(const std::string& path) {
  std::error_code ignored;
  return std::filesystem::weakly_canonical(std::filesystem::absolute(path, ignored), ignored)
      .parent_path();
}

}  // namespace

absl::StatusOr<DataProtector> LoadOutboxKey(const std::string& outbox_path,
                                            const std::string& key_file) {
  std::string file = key_file;
  if (file.empty()) {
    const char* env = std::getenv(kKeyFileEnv);
    if (env != nullptr) file = env;
  }
  if (file.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--key_file (or $", kKeyFileEnv, "): required; the outbox is sealed with this key"));
  }
  if (FolderOf(file) == FolderOf(outbox_path)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--key_file: ", file,
                     " is in the outbox's own folder; keep the key "
                     "elsewhere, so that a copy of the outbox's folder does not carry it"));
  }
  return DataProtector::Load(KeyUse::kFieldOutbox, file);
}

}  // namespace jobmatch::field
