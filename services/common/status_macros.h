// Early-return helpers for absl::Status / absl::StatusOr, which this Abseil
// release does not provide.
#ifndef JOBMATCH_SERVICES_COMMON_STATUS_MACROS_H_
#define JOBMATCH_SERVICES_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define JM_CONCAT_INNER_(a, b) a##b
#define JM_CONCAT_(a, b) JM_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define JM_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::absl::Status jm_status_ = (expr);      \
    if (!jm_status_.ok()) return jm_status_; \
  } while (0)

// `lhs = value of expr`, or returns its status from the enclosing function.
#define JM_ASSIGN_OR_RETURN(lhs, expr) \
  JM_ASSIGN_OR_RETURN_IMPL_(JM_CONCAT_(jm_statusor_, __LINE__), lhs, expr)
#define JM_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

#endif  // JOBMATCH_SERVICES_COMMON_STATUS_MACROS_H_
