#!/usr/bin/env bash
# Builds the Debian package swsplan_<version>_amd64.deb (CPack: programs, man pages, sample
# project, docs/methods.md, translations, desktop entry, icon; Depends by dpkg-shlibdeps)
# from the preset's build, and checks that it holds what a planner needs.
# SWSPLAN_PRESET picks the CMake preset (default: "default"; CI uses "ci"). Prints the path.
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET=${SWSPLAN_PRESET:-default}
case "$PRESET" in default|ci) BIN=build;; *) echo "package.sh: package the default or ci preset, not $PRESET" >&2; exit 2;; esac
bash scripts/install-deps.sh >/dev/null
cmake --preset "$PRESET" >/dev/null
rm -f "$BIN"/swsplan_*_amd64.deb
cmake --build --preset "$PRESET" -j2 --target package
DEB=$(ls "$BIN"/swsplan_*_amd64.deb)
CONTENTS=$(dpkg-deb -c "$DEB" | awk '{print $6}')
for f in ./usr/bin/swsplan ./usr/bin/swsplan-gui ./usr/share/man/man1/swsplan.1.gz ./usr/share/man/man1/swsplan-gui.1.gz \
         ./usr/share/swsplan/sample/demo_province.gpkg ./usr/share/doc/swsplan/methods.md \
         ./usr/share/applications/swsplan-gui.desktop ./usr/share/icons/hicolor/scalable/apps/swsplan.svg; do
  grep -qxF "$f" <<<"$CONTENTS" || { echo "package.sh: $DEB lacks $f" >&2; exit 1; }
done
dpkg-deb -f "$DEB" Package Version Depends | sed 's/^/  /' >&2
echo "$DEB"
