#!/usr/bin/env bash
# Installs every Debian 12 package swsplan needs to build, test and run.
# Idempotent: apt-get skips what is already there. Run as root (or with sudo).
#   scripts/install-deps.sh --bench   also the reference tools bench/ runs (GRASS r.cost)
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
)
if [ "${1:-}" = "--bench" ]; then
  PKGS+=(grass-core)  # bench/run_costdist_vs_grass.sh: r.cost as the reference
fi
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
