// The one list of sensitive key groups. LOW_INCOME (低收入家庭成员) and
// DISABLED (残疾人) may drive priority and staff statistics, but never leave
// the platform towards employers, live hosts or the public: the feed drops
// them, employers may not target or relax them, the matcher's public view
// leaves them out, and their small cells are suppressed. Every one of those
// places asks IsSensitiveGroup, so a group added to the list is guarded
// everywhere at once (tests/lint/sensitive_groups_lint.sh keeps it so).
//
// Plain integers, numbered as jobmatch.v1.KeyGroup (sensitive_groups_test
// checks the numbers against the proto), so that code that does not link the
// protos (the matcher's domain and planner) uses the same list.
#ifndef JOBMATCH_SERVICES_COMMON_SENSITIVE_GROUPS_H_
#define JOBMATCH_SERVICES_COMMON_SENSITIVE_GROUPS_H_

namespace jobmatch {

// jobmatch.v1.KEY_GROUP_LOW_INCOME and KEY_GROUP_DISABLED.
inline constexpr int kSensitiveKeyGroups[] = {6, 7};

constexpr bool IsSensitiveGroup(int key_group) {
  for (const int g : kSensitiveKeyGroups) {
    if (g == key_group) return true;
  }
  return false;
}

// The same list as bits (1 << group), for code that holds groups as a mask.
constexpr unsigned SensitiveGroupBits() {
  unsigned bits = 0;
  for (const int g : kSensitiveKeyGroups) bits |= 1u << g;
  return bits;
}

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_SENSITIVE_GROUPS_H_
