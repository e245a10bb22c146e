#!/usr/bin/env bash
# Installs the Debian package with apt, runs the INSTALLED programs (swsplan sample, swsplan
# analyze, an offscreen swsplan-gui screenshot) in a scratch folder outside the source tree,
# and removes the package again. Needs root (or sudo).
#   bash scripts/check-package.sh [swsplan_<version>_amd64.deb]   (default: the one in build/)
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
DEB=$(realpath "${1:-$(ls build/swsplan_*_amd64.deb | tail -1)}")
VERSION=$(dpkg-deb -f "$DEB" Version)
export DEBIAN_FRONTEND=noninteractive
if dpkg-query -W -f='${Status}' swsplan 2>/dev/null | grep -q "install ok installed"; then
  echo "check-package: swsplan is already installed; remove it first (apt-get purge swsplan)" >&2
  exit 1
fi
WORK=$(mktemp -d)
cleanup() {
  $SUDO apt-get purge -y swsplan >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
$SUDO apt-get install -y --no-install-recommends "$DEB"
cd "$WORK"
fail() { echo "check-package: $*" >&2; exit 1; }
[ "$(command -v swsplan)" = /usr/bin/swsplan ] || fail "swsplan is not /usr/bin/swsplan"
[ "$(command -v swsplan-gui)" = /usr/bin/swsplan-gui ] || fail "swsplan-gui is not /usr/bin/swsplan-gui"
for exe in /usr/bin/swsplan /usr/bin/swsplan-gui /usr/bin/swsplan-map; do
  if ldd "$exe" | grep -q "not found"; then ldd "$exe" | grep "not found" >&2; fail "$exe misses shared libraries"; fi
done
swsplan --version | tee version.txt
grep -qxF "swsplan $VERSION" version.txt || fail "swsplan --version does not say $VERSION"
QT_QPA_PLATFORM=offscreen swsplan-gui --version | grep -qF "$VERSION" || fail "swsplan-gui --version does not say $VERSION"
swsplan sample --out demo.gpkg
cmp -s demo.gpkg /usr/share/swsplan/sample/demo_province.gpkg \
  || echo "check-package: note: 'swsplan sample' differs from the packaged sample project" >&2
swsplan analyze demo.gpkg --csv results
ls results/*.csv >/dev/null || fail "swsplan analyze wrote no CSV"
QT_QPA_PLATFORM=offscreen swsplan-gui demo.gpkg --screenshot gui.png
file gui.png | grep -q "PNG image data, 1280 x 800" || fail "the screenshot is not a 1280 x 800 PNG: $(file gui.png)"
[ "$(stat -c %s gui.png)" -gt 20000 ] || fail "the screenshot is nearly empty ($(stat -c %s gui.png) bytes)"
echo "check-package: $DEB installed, ran (sample, analyze, screenshot $(stat -c %s gui.png) bytes) and removed"
