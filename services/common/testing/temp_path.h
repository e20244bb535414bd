// A scratch path that belongs to one test process. ctest runs every test case
// as its own process, two or more at once, and ::testing::TempDir() is the same
// directory for all of them: a fixed name there is shared by whichever cases
// happen to run side by side, and one case's file turns up in another's.
#ifndef JOBMATCH_SERVICES_COMMON_TESTING_TEMP_PATH_H_
#define JOBMATCH_SERVICES_COMMON_TESTING_TEMP_PATH_H_

#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace jobmatch::testing {

// <TempDir>/<name>-<pid>: the name says what the file holds, the pid makes it
// this process's own. Nothing is created; the caller removes what it makes.
inline std::string TempPath(absl::string_view name) {
  return absl::StrCat(::testing::TempDir(), "/", name, "-", getpid());
}

}  // namespace jobmatch::testing

#endif  // JOBMATCH_SERVICES_COMMON_TESTING_TEMP_PATH_H_
