// What a fuzz target asserts beyond "does not crash": a broken property
// aborts, which libFuzzer (and the corpus replay) report as a failure.
#ifndef JOBMATCH_FUZZ_FUZZ_CHECK_H_
#define JOBMATCH_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                 \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

#endif  // JOBMATCH_FUZZ_FUZZ_CHECK_H_
