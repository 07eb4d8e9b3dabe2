#!/usr/bin/env bash
# Runs pytest on the built module: run_pytest.sh PYTHON PACKAGE_PARENT PYTEST_ARGS...
# Exit 77 (ctest: skipped) with a message when pytest, numpy or scikit-learn is missing (they are
# optional in scripts/packages.txt). pytest's exit code 5 means it collected no test at all: that
# is a failure here, never a pass.
set -uo pipefail
python=$1 package_parent=$2
shift 2
if ! "$python" -c 'import pytest, numpy, sklearn' 2>/dev/null; then
  echo "skipped: $python lacks pytest, numpy or scikit-learn" \
       "(python3-pytest, python3-numpy, python3-sklearn)"
  exit 77
fi
export PYTHONPATH="$package_parent${PYTHONPATH:+:$PYTHONPATH}"
# -p no:cacheprovider: nothing is written into the source tree.
"$python" -m pytest -q -p no:cacheprovider "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "run_pytest.sh: pytest collected no tests from $*; that is a failure" >&2
  exit 1
fi
exit "$rc"
