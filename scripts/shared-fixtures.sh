#!/usr/bin/env bash
# The tests read public reference data from ../shared/fixtures, beside the repository (Trivy's
# goldens and DB fixtures, the gatekeeper-library samples, the SARIF schema; SOURCES.md there says
# where each comes from). A fresh clone and a GitHub runner have no ../shared, so the repository
# carries a copy in __fixtures__/reference:
#   ../shared/fixtures missing  -> link it to the copy (a fresh clone, CI on github.com)
#   ../shared/fixtures present  -> it must equal the copy; a difference means the copy is stale:
#                                  cp -r ../shared/fixtures/. __fixtures__/reference/
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
copy=$repo/__fixtures__/reference
shared=$(dirname "$repo")/shared

if [ ! -e "$shared/fixtures" ]; then
  mkdir -p "$shared"
  ln -s "$copy" "$shared/fixtures"
  echo "shared-fixtures: linked $shared/fixtures to the repository's copy"
elif [ "$(cd "$shared/fixtures" && pwd -P)" = "$(cd "$copy" && pwd -P)" ]; then
  echo "shared-fixtures: $shared/fixtures is the repository's copy"
elif diff -r "$shared/fixtures" "$copy" >/dev/null; then
  echo "shared-fixtures: $shared/fixtures and __fixtures__/reference agree"
else
  diff -rq "$shared/fixtures" "$copy" >&2 || true
  echo "shared-fixtures: __fixtures__/reference differs from $shared/fixtures (above); refresh it:" >&2
  echo "  cp -r $shared/fixtures/. __fixtures__/reference/" >&2
  exit 1
fi
