#!/usr/bin/env bash
# The sensitive key groups (LOW_INCOME, DISABLED) are listed once, in
# services/common/sensitive_groups.h. Fails, naming each line, when code in
# services/, matcher/ or clients/ states the list again: both groups named on
# one line, or the groups' numbers compared or made into bits by hand. Tests
# may name them (they check the behaviour); comments are not code.
#
#   tests/lint/sensitive_groups_lint.sh [SOURCE_DIR]
set -euo pipefail
SRC=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
cd "$SRC"

found=$(grep -rnE --include='*.cc' --include='*.h' \
  -e 'KEY_GROUP_LOW_INCOME.*KEY_GROUP_DISABLED|KEY_GROUP_DISABLED.*KEY_GROUP_LOW_INCOME' \
  -e 'GroupBit\( *[67] *\)' \
  -e '\b(group|key_group|g)(\(\))? *== *[67]\b' \
  services matcher clients |
  grep -vE '^[^:]+_test\.cc:|^services/common/sensitive_groups\.h:' |
  grep -vE '^[^:]+:[0-9]+: *//' || true)
if [[ -n $found ]]; then
  echo "the sensitive groups are restated; ask IsSensitiveGroup (services/common/sensitive_groups.h):"
  echo "$found"
  exit 1
fi
echo "sensitive groups: one list"
