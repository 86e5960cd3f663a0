#!/usr/bin/env bash
# Lays out the locally built tools in the exact shapes of their GitHub releases, under
#   $OUT/<owner>/<repo>/releases/download/<tag>/<asset>
# so the release mirror (server.mjs) can serve them as `tool-mirror` would see github.com.
#
# Shapes (checked against each project's release tooling):
#   trivy     goreleaser archive trivy_<v>_Linux-64bit.tar.gz (trivy, LICENSE, README.md, contrib/*.tpl)
#             + trivy_<v>_checksums.txt ("<sha256>  <file>")
#   hadolint  raw hadolint-linux-x86_64 + checksums.sha256 ("<sha256> *<file>", the 2.15 shape)
#   cosign    raw cosign-linux-amd64 + cosign_checksums.txt ("<sha256>  <file>")
#   gator     gator-v<v>-linux-amd64.tar.gz (just `gator`) + sha256sums.txt ("<sha256>  ./<file>",
#             from `find . -name '*.tar.gz' | xargs sha256sum` in gatekeeper's release workflow)
#   kustomize kustomize_v<v>_linux_amd64.tar.gz (just `kustomize`) + checksums.txt ("<sha256>  <file>",
#             from kustomize's releasing/build-kustomize-binary.sh), tag kustomize/v<v>
#   crane     go-containerregistry_Linux_x86_64.tar.gz (just `crane`; upstream's also holds gcrane,
#             krane, LICENSE, README.md) + checksums.txt ("<sha256>  <file>", goreleaser), tag v<v>
#
# Usage: assets.sh OUT   (reads E2E_* from $E2E_TOOLS_DIR/env.sh)
set -euo pipefail
OUT=${1:?usage: assets.sh OUT}
# shellcheck disable=SC1091
source "${E2E_TOOLS_DIR:-/var/cache/container-gate-e2e}/env.sh"

# Archives are reproducible: fixed owner, mtime and order, so a rebuild gives the same digests.
reprotar() { # dest.tar.gz dir files...
  local dest=$1 dir=$2
  shift 2
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00Z' \
    -C "$dir" -cf - "$@" | gzip -n >"$dest"
}

stamp="$OUT/.stamp"
# Before env.sh exported kustomize, it sits where e2e-tools.sh builds it.
E2E_KUSTOMIZE_VERSION=${E2E_KUSTOMIZE_VERSION:-5.8.2}
E2E_KUSTOMIZE=${E2E_KUSTOMIZE:-${E2E_TOOLS_DIR:-/var/cache/container-gate-e2e}/kustomize-$E2E_KUSTOMIZE_VERSION/kustomize}
want="trivy=$E2E_TRIVY_VERSION hadolint=$E2E_HADOLINT_VERSION cosign=$E2E_COSIGN_VERSION gator=$E2E_GATOR_VERSION"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# kustomize is laid out on its own (an older checkout's stamp, without it, stays valid), after the
# others: a rebuild of those empties $OUT first.
kustomize_assets() {
  local v=$E2E_KUSTOMIZE_VERSION
  # The tag holds a slash (kustomize/v5.8.2), which the URL carries percent-encoded.
  local d="$OUT/kubernetes-sigs/kustomize/releases/download/kustomize%2Fv$v"
  [ -f "$d/checksums.txt" ] && return 0
  mkdir -p "$d" "$work/kustomize"
  cp "$E2E_KUSTOMIZE" "$work/kustomize/kustomize"
  reprotar "$d/kustomize_v${v}_linux_amd64.tar.gz" "$work/kustomize" kustomize
  (cd "$d" && sha256sum "kustomize_v${v}_linux_amd64.tar.gz" >checksums.txt)
}

# crane (reads BuildKit provenance) the same way, laid out on its own.
E2E_CRANE_VERSION=${E2E_CRANE_VERSION:-0.22.1}
crane_assets() {
  local d="$OUT/google/go-containerregistry/releases/download/v$E2E_CRANE_VERSION"
  [ -f "$d/checksums.txt" ] && return 0
  mkdir -p "$d" "$work/crane"
  cp "$E2E_CRANE" "$work/crane/crane"
  reprotar "$d/go-containerregistry_Linux_x86_64.tar.gz" "$work/crane" crane
  (cd "$d" && sha256sum go-containerregistry_Linux_x86_64.tar.gz >checksums.txt)
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  kustomize_assets
  crane_assets
  echo "mirror assets cached in $OUT"
  exit 0
fi
rm -rf "$OUT"
mkdir -p "$OUT"

# trivy
v=$E2E_TRIVY_VERSION
d="$OUT/aquasecurity/trivy/releases/download/v$v"
mkdir -p "$d" "$work/trivy/contrib"
mod="$(go env GOMODCACHE)/github.com/aquasecurity/trivy@v$v"
cp "$E2E_TRIVY" "$work/trivy/trivy"
cp "$mod/LICENSE" "$mod/README.md" "$work/trivy/"
cp "$mod"/contrib/*.tpl "$work/trivy/contrib/"
chmod -R u+w "$work/trivy"
(cd "$work/trivy" && reprotar "$d/trivy_${v}_Linux-64bit.tar.gz" . LICENSE README.md contrib trivy)
(cd "$d" && sha256sum "trivy_${v}_Linux-64bit.tar.gz" >"trivy_${v}_checksums.txt")

# hadolint
v=$E2E_HADOLINT_VERSION
d="$OUT/hadolint/hadolint/releases/download/v$v"
mkdir -p "$d"
cp "$E2E_HADOLINT" "$d/hadolint-linux-x86_64"
(cd "$d" && sha256sum -b hadolint-linux-x86_64 >checksums.sha256)

# cosign
v=$E2E_COSIGN_VERSION
d="$OUT/sigstore/cosign/releases/download/v$v"
mkdir -p "$d"
cp "$E2E_COSIGN" "$d/cosign-linux-amd64"
(cd "$d" && sha256sum cosign-linux-amd64 >cosign_checksums.txt)

# gator
v=$E2E_GATOR_VERSION
d="$OUT/open-policy-agent/gatekeeper/releases/download/v$v"
mkdir -p "$d" "$work/gator"
cp "$E2E_GATOR" "$work/gator/gator"
reprotar "$d/gator-v$v-linux-amd64.tar.gz" "$work/gator" gator
(cd "$d" && find . -type f -name '*.tar.gz' | sort | xargs sha256sum >sha256sums.txt)

kustomize_assets
crane_assets
echo "$want" >"$stamp"
echo "mirror assets written to $OUT"
