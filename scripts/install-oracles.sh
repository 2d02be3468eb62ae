#!/usr/bin/env bash
# Installs the independent readers godwarf is checked against, when they are missing:
# Debian packages (readelf/objcopy, llvm-dwarfdump/llvm-dwp and LLVM's headers, elfutils, gdb,
# debuginfod, lldb, gcc, Chromium for the explorer's browser test) and Delve from the Go module
# proxy at a pinned version.
# Idempotent; exits non-zero naming every tool that is still missing afterwards.
set -euo pipefail

DELVE_VERSION=v1.27.2 # builds with Go 1.26
APT_PACKAGES=(binutils llvm llvm-dev elfutils gdb debuginfod lldb gcc python3 libxxhash0 chromium)

# tool -> Debian package that provides it
declare -A PROVIDER=(
  [readelf]=binutils [objcopy]=binutils [llvm-dwarfdump]=llvm [llvm-dwp]=llvm
  [eu-readelf]=elfutils [eu-strip]=elfutils [eu-unstrip]=elfutils [eu-elflint]=elfutils [gdb]=gdb
  [debuginfod]=debuginfod [debuginfod-find]=debuginfod [lldb]=lldb [gcc]=gcc [python3]=python3
  [chromium]=chromium
)
gobin="$(go env GOPATH)/bin"
export PATH="$PATH:$gobin"

missing_packages() {
  local tool
  for tool in "${!PROVIDER[@]}"; do
    command -v "$tool" >/dev/null 2>&1 || echo "${PROVIDER[$tool]}"
  done
  # LLVM's Dwarf.def is the second source the constant tables are checked against.
  compgen -G "/usr/lib/llvm-*/include/llvm/BinaryFormat/Dwarf.def" >/dev/null || echo llvm-dev
  # libxxhash is the oracle for the xxh3 behind the "fast" build-id style.
  compgen -G "/usr/lib/*/libxxhash.so.0" >/dev/null || echo libxxhash0
}

need=$(missing_packages | sort -u)
if [ -n "$need" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-oracles: installing Debian packages: $(echo $need)"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${APT_PACKAGES[@]}" >/dev/null
fi

if ! command -v dlv >/dev/null 2>&1; then
  echo "install-oracles: installing Delve $DELVE_VERSION"
  GOFLAGS= GOTOOLCHAIN=local go install "github.com/go-delve/delve/cmd/dlv@$DELVE_VERSION"
fi

still=()
for tool in "${!PROVIDER[@]}" dlv go node; do
  command -v "$tool" >/dev/null 2>&1 || still+=("$tool")
done
compgen -G "/usr/lib/llvm-*/include/llvm/BinaryFormat/Dwarf.def" >/dev/null || still+=("Dwarf.def (llvm-dev)")
compgen -G "/usr/lib/*/libxxhash.so.0" >/dev/null || still+=("libxxhash.so.0 (libxxhash0)")
if [ ${#still[@]} -gt 0 ]; then
  echo "install-oracles: still missing: ${still[*]}" >&2
  exit 1
fi
echo "install-oracles: all oracles present ($(readelf --version | head -1); $(llvm-dwarfdump --version | grep -m1 version); dlv $DELVE_VERSION)"
