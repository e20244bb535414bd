// Test-only: keys and certificates made by deploy/certs.sh (openssl) for the
// tests, never var/certs. Under ctest a setup test makes them once in the
// build folder ($JOBMATCH_TEST_CERTS_DIR/{main,other}); a test binary run by
// hand makes its own in private temporary folders.
#ifndef JOBMATCH_SERVICES_COMMON_AUTH_TEST_CERTS_H_
#define JOBMATCH_SERVICES_COMMON_AUTH_TEST_CERTS_H_

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace jobmatch::auth::testing {

struct CertDir {
  std::string dir;
  std::string File(const std::string& name) const { return dir + "/" + name; }
  std::string Read(const std::string& name) const {
    std::ifstream in(File(name));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

// Folders made by this process, removed when it exits.
inline std::vector<std::string>& MadeDirs() {
  static auto* const dirs = new std::vector<std::string>;
  return *dirs;
}
inline void RemoveMadeDirs() {
  std::error_code ignored;
  for (const auto& d : MadeDirs()) std::filesystem::remove_all(d, ignored);
}

// Runs deploy/certs.sh into a new temporary folder; aborts the test binary
// if openssl fails, since no security test means anything without keys.
inline CertDir MakeCertDir() {
  char tmpl[] = "/tmp/jobmatch-certs-XXXXXX";
  const char* made = mkdtemp(tmpl);
  if (made == nullptr) std::abort();
  CertDir out{made};
  if (MadeDirs().empty()) std::atexit(RemoveMadeDirs);
  MadeDirs().push_back(out.dir);
  const std::string cmd = absl::StrCat(JOBMATCH_CERTS_SCRIPT, " ", out.dir, " >/dev/null");
  if (std::system(cmd.c_str()) != 0) std::abort();
  return out;
}

inline CertDir SharedOrNew(const char* name) {
  const char* shared = std::getenv("JOBMATCH_TEST_CERTS_DIR");
  if (shared != nullptr && *shared != '\0') return CertDir{absl::StrCat(shared, "/", name)};
  return MakeCertDir();
}

// Two independent sets: the platform's and a stranger's.
inline const CertDir& Certs() {
  static const CertDir* const certs = new CertDir(SharedOrNew("main"));
  return *certs;
}
inline const CertDir& OtherCerts() {
  static const CertDir* const certs = new CertDir(SharedOrNew("other"));
  return *certs;
}

}  // namespace jobmatch::auth::testing

#endif  // JOBMATCH_SERVICES_COMMON_AUTH_TEST_CERTS_H_
