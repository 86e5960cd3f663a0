#!/usr/bin/env bash
# The end-to-end suite: real Trivy, hadolint, cosign and gator, a real registry and Trivy DB,
# and the bundled action (dist/index.js) run as the runner runs it. One command: npm run test:e2e
#
#   1. builds the tools once per version (scripts/e2e-tools.sh; cached in $E2E_TOOLS_DIR)
#   2. builds the fixtures: a Trivy DB from __fixtures__/shared/fixtures/trivy/db and small
#      Debian/Alpine images (e2e/cmd/e2e-fixtures), written as docker-save tarballs and OCI layouts;
#      and the history fixtures: images whose config history is BuildKit's for the Dockerfiles
#      under e2e/repos (e2e/HISTORY.md);
#      and the BuildKit oracle (e2e/cmd/buildkit-oracle) and the Kubernetes oracle
#      (e2e/cmd/k8s-oracle) of the Dockerfile and manifest differential tests
#   2b. signs with the real cosign (e2e/cmd/e2e-signing): two key pairs, a test CA and Sigstore
#      trusted root for keyless, and images signed in this run's registry; then serves a GitHub
#      OIDC token endpoint and a Fulcio of that CA for real keyless signing (see e2e/SIGNING.md)
#   3. starts docker-registry and the release mirror (e2e/mirror/server.mjs) on 127.0.0.1 and
#      pushes the DB artifact and the images to the registry
#   4. runs the jest `e2e` project with the bundle under Node 20, then again under Node 24
#   5. stops everything it started, also on failure or Ctrl-C
#
# Environment: E2E_TOOLS_DIR (default /var/cache/container-gate-e2e); E2E_KEEP=1 keeps the run
# folder for inspection; E2E_NODES="20 24" picks the Node versions to run the bundle with;
# E2E_REGISTRY_PORT fixes the registry's port (recordings name it, see __fixtures__/recorded/README.md);
# extra arguments are passed to jest (e.g. a test path pattern).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
export E2E_TOOLS_DIR=${E2E_TOOLS_DIR:-/var/cache/container-gate-e2e}
started=$SECONDS

if [ ! -f dist/index.js ]; then
  echo "e2e: dist/index.js is missing: the scenarios run the committed bundle (npm run bundle)" >&2
  exit 1
fi
bash scripts/e2e-tools.sh
# shellcheck disable=SC1091
source "$E2E_TOOLS_DIR/env.sh"

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/container-gate-e2e.XXXXXX")
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "${E2E_KEEP:-}" = 1 ]; then echo "kept $run_dir"; else rm -rf "$run_dir"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}
wait_http() { # url what
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "e2e: $2 did not start ($1)" >&2
  return 1
}

# The fixture builder, compiled once per content of its sources.
fx_hash=$(cat e2e/go.mod e2e/go.sum e2e/cmd/e2e-fixtures/*.go | sha256sum | cut -c1-16)
fx_bin="$E2E_TOOLS_DIR/e2e-fixtures-$fx_hash"
if [ ! -x "$fx_bin" ]; then
  (cd e2e && CGO_ENABLED=0 go build -o "$fx_bin.tmp" ./cmd/e2e-fixtures && mv "$fx_bin.tmp" "$fx_bin")
fi

# The oracles of the differential tests: BuildKit's own reading of Dockerfiles and kubectl's and
# client-go's own reading of manifests, compiled once per content of their sources like the
# fixture builder.
build_oracle() { # name
  local hash bin
  hash=$(cat e2e/go.mod e2e/go.sum e2e/cmd/"$1"/*.go | sha256sum | cut -c1-16)
  bin="$E2E_TOOLS_DIR/$1-$hash"
  if [ ! -x "$bin" ]; then
    (cd e2e && CGO_ENABLED=0 go build -o "$bin.tmp" ./cmd/"$1" && mv "$bin.tmp" "$bin")
  fi
  echo "$bin"
}
E2E_BUILDKIT_ORACLE=$(build_oracle buildkit-oracle)
E2E_K8S_ORACLE=$(build_oracle k8s-oracle)
export E2E_BUILDKIT_ORACLE E2E_K8S_ORACLE
# The signature fixture maker, compiled the same way (it runs cosign; it is no oracle).
signing_bin=$(build_oracle e2e-signing)

# The registry: Debian's docker-registry (CNCF distribution 2.8) on loopback, storage in this run.
reg_port=${E2E_REGISTRY_PORT:-$(free_port)}
cat >"$run_dir/registry.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $run_dir/registry
http:
  addr: 127.0.0.1:$reg_port
YML
"$E2E_REGISTRY" serve "$run_dir/registry.yml" >"$run_dir/registry.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$reg_port/v2/" registry

# The release mirror.
bash e2e/mirror/assets.sh "$E2E_TOOLS_DIR/mirror-assets"
node e2e/mirror/server.mjs --root "$E2E_TOOLS_DIR/mirror-assets" --port-file "$run_dir/mirror.port" \
  --marker-dir "$run_dir/tamper-markers" >"$run_dir/mirror.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$run_dir/mirror.port" ] && break; sleep 0.1; done
mirror_port=$(cat "$run_dir/mirror.port")
wait_http "http://127.0.0.1:$mirror_port/__health" mirror

fx_started=$SECONDS
"$fx_bin" -db-fixtures __fixtures__/shared/fixtures/trivy/db -images e2e/images -out "$run_dir/fixtures" \
  -registry "127.0.0.1:$reg_port" -history-repos e2e/repos -history-apt e2e/history/apt
echo "e2e: fixtures built and pushed in $((SECONDS - fx_started))s"
# Keys, CA and signatures are made fresh per run (about 3 s): they belong to this run's registry.
# The same process then stays up as the keyless services (a GitHub OIDC token endpoint and a
# Fulcio of the test CA); it says where once fixtures.json is complete.
signing_started=$SECONDS
"$signing_bin" -cosign "$E2E_COSIGN" -fixtures "$run_dir/fixtures/fixtures.json" \
  -serve-ready "$run_dir/keyless.url" >"$run_dir/keyless.log" 2>&1 &
signing_pid=$!
pids+=("$signing_pid")
until [ -s "$run_dir/keyless.url" ]; do
  if ! kill -0 "$signing_pid" 2>/dev/null; then
    echo "e2e: the signature fixtures failed:" >&2
    cat "$run_dir/keyless.log" >&2
    exit 1
  fi
  sleep 0.1
done
wait_http "$(cat "$run_dir/keyless.url")/__health" "keyless services"
echo "e2e: signature fixtures took $((SECONDS - signing_started))s"

export E2E_RUN_DIR=$run_dir
export E2E_FIXTURES=$run_dir/fixtures/fixtures.json
export E2E_HISTORY_FIXTURES=$run_dir/fixtures/history.json
export E2E_REGISTRY_HOST=127.0.0.1:$reg_port
export E2E_MIRROR_URL=http://127.0.0.1:$mirror_port
export E2E_MIRROR_ASSETS=$E2E_TOOLS_DIR/mirror-assets
echo "e2e: setup took $((SECONDS - started))s (registry $E2E_REGISTRY_HOST, mirror $E2E_MIRROR_URL)"

# `npm run` puts node_modules/.bin first on PATH, and the `node` package links Node 24 there: the
# machine's own Node is the first `node` on PATH outside node_modules.
node20=$(type -ap node | grep -v '/node_modules/' | head -n 1)
node24=$repo/node_modules/node/bin/node
status=0
for v in ${E2E_NODES:-20 24}; do
  case $v in
    20) E2E_NODE=$node20 ;;
    24) E2E_NODE=$node24 ;;
    *) echo "e2e: unknown Node version $v" >&2; exit 2 ;;
  esac
  export E2E_NODE
  actual=$("$E2E_NODE" --version)
  case $actual in
    "v$v".*) ;;
    *) echo "e2e: asked for Node $v but $E2E_NODE is $actual" >&2; exit 2 ;;
  esac
  echo "e2e: scenarios with the bundle under $actual"
  NODE_OPTIONS=--experimental-vm-modules NODE_NO_WARNINGS=1 npx jest --selectProjects e2e --testTimeout 600000 "$@" || status=1
done
echo "e2e: finished in $((SECONDS - started))s"
exit $status
