// Early-return helpers for absl::Status / absl::StatusOr, which this Abseil
// release does not provide.
#ifndef JOBMATCH_SERVICES_COMMON_STATUS_MACROS_H_
#define JOBMATCH_SERVICES_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define JM_CONCAT_INNER_(a, b) a##b
#define JM_CONCAT_(a, b) JM_CONCAT_INNER_(a, b)

// Each use names its temporary with __COUNTER__, so that uses nested in one
// another (a lambda passed to a call that is itself checked) or written on one
// line never shadow each other (-Wshadow).

// Returns the status from the enclosing function when `expr` is not OK.
#define JM_RETURN_IF_ERROR(expr) JM_RETURN_IF_ERROR_IMPL_(JM_CONCAT_(jm_status_, __COUNTER__), expr)
#define JM_RETURN_IF_ERROR_IMPL_(tmp, expr) \
  do {                                      \
    ::absl::Status tmp = (expr);            \
    if (!tmp.ok()) return tmp;              \
  } while (0)

// `lhs = value of expr`, or returns its status from the enclosing function.
#define JM_ASSIGN_OR_RETURN(lhs, expr) \
  JM_ASSIGN_OR_RETURN_IMPL_(JM_CONCAT_(jm_statusor_, __COUNTER__), lhs, expr)
#define JM_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

#endif  // JOBMATCH_SERVICES_COMMON_STATUS_MACROS_H_
