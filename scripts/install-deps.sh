#!/usr/bin/env bash
# Installs every Debian 12 package swsplan needs to build, test, package and run.
#   bash scripts/install-deps.sh          # build, test, run, Debian package
#   bash scripts/install-deps.sh fuzz     # + clang and its sanitizer runtimes (asan presets, fuzz/)
#   bash scripts/install-deps.sh bench    # + GRASS GIS, the r.cost reference of bench/
# Idempotent: apt-get skips what is already there. Run as root (or with sudo).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PKGS=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # gis/: the geospatial engine
  libgdal-dev libgeos-dev libproj-dev gdal-bin proj-bin sqlite3
  # algorithms: k-d tree, exact MILP
  libnanoflann-dev coinor-libcbc-dev coinor-libclp-dev
  # app/ and tests
  libcli11-dev nlohmann-json3-dev catch2
  # desktop app, fonts for Khmer labels, PDF checks
  qt6-base-dev qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools libgl-dev
  fonts-khmeros fonts-noto-core poppler-utils
  # the Debian package: man pages, dpkg-shlibdeps (CPack), file type checks
  help2man dpkg-dev file
)
for group in "$@"; do
  case "$group" in
    # clang ASan/UBSan build and libFuzzer (clang 16: C++20 lambdas capturing structured bindings)
    fuzz) PKGS+=(clang-16 libclang-rt-16-dev) ;;
    # bench/run_costdist_vs_grass.sh: GRASS r.cost as the reference
    bench) PKGS+=(grass-core) ;;
    *) echo "install-deps: unknown group '$group' (known: fuzz, bench)" >&2; exit 2 ;;
  esac
done
export DEBIAN_FRONTEND=noninteractive
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
echo "install-deps: all ${#PKGS[@]} packages present"
