#!/usr/bin/env bash
# Fails, naming the files and lines, when a tracked C++ or proto file is not
# as clang-format (Debian's, 14) would write it under the repo's .clang-format.
# Fix with: git ls-files '*.cc' '*.h' '*.proto' | xargs clang-format -i
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
FORMAT=${CLANG_FORMAT:-clang-format}
if ! command -v "$FORMAT" >/dev/null; then
  echo "deploy/check-format.sh: $FORMAT not found (deploy/install-deps.sh installs it)" >&2
  exit 1
fi
if ! git ls-files -z '*.cc' '*.h' '*.proto' | xargs -0 "$FORMAT" --dry-run -Werror; then
  echo "deploy/check-format.sh: the files above are not clang-formatted;" \
    "run: git ls-files '*.cc' '*.h' '*.proto' | xargs clang-format -i" >&2
  exit 1
fi
echo "clang-format: $(git ls-files '*.cc' '*.h' '*.proto' | wc -l) files clean"
