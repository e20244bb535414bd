// Which roles may call which RPC: one table for the whole platform, checked
// centrally on every call before any handler runs (see authenticator.h).
// Record-level ownership (a jobseeker's own profile, an employer's own posts,
// a recruiter's regions, a host's sessions) stays in the services; see the
// Require* helpers in services/common/caller.h.
#ifndef JOBMATCH_SERVICES_COMMON_AUTH_POLICY_H_
#define JOBMATCH_SERVICES_COMMON_AUTH_POLICY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/caller.h"

namespace jobmatch::auth {

// A set of roles.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= Bit(r);
  }
  constexpr bool Contains(Role role) const { return (bits_ & Bit(role)) != 0; }

 private:
  static constexpr uint32_t Bit(Role role) { return uint32_t{1} << static_cast<int>(role); }
  uint32_t bits_ = 0;
};

class AccessPolicy {
 public:
  // Method full names ("/jobmatch.v1.PostingsService/CreatePost") -> roles.
  explicit AccessPolicy(absl::flat_hash_map<std::string, RoleSet> table)
      : table_(std::move(table)) {}

  // The platform's table (policy_table.cc). Never destroyed.
  static const AccessPolicy& Default();

  // OK if `role` may call `method`; PERMISSION_DENIED otherwise, and for any
  // method the table does not list (deny by default).
  absl::Status Check(absl::string_view method, Role role) const;
  bool Allows(absl::string_view method, Role role) const { return Check(method, role).ok(); }
  // Whether the table lists `method` at all.
  bool Lists(absl::string_view method) const { return table_.contains(method); }
  // Every listed method, sorted.
  std::vector<std::string> Methods() const;

  // Methods open to anyone without credentials: health checking and server
  // reflection, so that probes and tooling work without tokens.
  static bool IsOpen(absl::string_view method);

 private:
  absl::flat_hash_map<std::string, RoleSet> table_;
};

}  // namespace jobmatch::auth

#endif  // JOBMATCH_SERVICES_COMMON_AUTH_POLICY_H_
