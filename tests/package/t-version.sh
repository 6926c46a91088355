#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-version.sh SRC BUILD_DIR DEB_DIR — one version everywhere: project(VERSION) in
# CMakeLists.txt is the only place it is written, and these all say the same:
#   src/version.h as generated (GZ_VERSION), git-credential-gitzen --version, git-gitzen --version,
#   the man pages' footer (.TH, rendered), CPack's package version, the .deb's Version field and
#   the man pages and changelog inside it, NEWS's newest release, the changelog's top entry.
# The man pages and the changelog also carry NEWS's release date. Prints one line per place,
# "FAIL: ..." for each that disagrees, exit 1 if any does.
set -euo pipefail
src=$1 build=$2 debdir=$3
fails=0
T=$(mktemp -d "${TMPDIR:-/tmp}/gitzen-version.XXXXXX")
trap 'rm -rf "$T"' EXIT

want=$(sed -n 's/^project(gitzen VERSION \([0-9][0-9.]*\)[ )].*/\1/p' "$src/CMakeLists.txt")
[ -n "$want" ] || { echo "FAIL: no project(gitzen VERSION ...) in $src/CMakeLists.txt" >&2; exit 1; }
news_line=$(grep -m1 -E '^gitzen [0-9][^ ]* \([0-9]{4}-[0-9]{2}-[0-9]{2}\)$' "$src/NEWS" || true)
[ -n "$news_line" ] || { echo "FAIL: NEWS has no line \"gitzen VERSION (YYYY-MM-DD)\"" >&2; exit 1; }
news_date=$(sed 's/.*(\(.*\))$/\1/' <<<"$news_line")
echo "# project(VERSION) in CMakeLists.txt: $want; NEWS's release date: $news_date"

# agree WHERE VALUE [EXPECTED]: VALUE is EXPECTED (default: the version)
agree() {
    local where=$1 got=$2 exp=${3:-$want}
    if [ "$got" = "$exp" ]; then
        printf 'ok - %-52s %s\n' "$where" "$got"
    else
        printf 'FAIL: %s says "%s", expected "%s"\n' "$where" "$got" "$exp" >&2
        fails=$((fails + 1))
    fi
}
# th FILE.gz: the .TH line's fields, one a line (title, section, date, source, manual)
th() { zcat "$1" | grep -m1 '^\.TH ' | xargs -n1 printf '%s\n' | tail -n +2; }
# man_page WHERE FILE.gz: the page's footer has "gitzen VERSION" and NEWS's date
man_page() {
    local where=$1 page=$2
    [ -f "$page" ] || { echo "FAIL: $where: no $page" >&2; fails=$((fails + 1)); return; }
    agree "$where .TH source" "$(th "$page" | sed -n 4p)" "gitzen $want"
    agree "$where .TH date" "$(th "$page" | sed -n 3p)" "$news_date"
    local footer
    footer=$(zcat "$page" | groff -man -Tutf8 -P-cbou 2>/dev/null | grep -v '^ *$' | tail -n 1 | tr -s ' ' | sed 's/^ //; s/ $//')
    agree "$where footer (rendered)" "$footer" "gitzen $want $news_date $(th "$page" | sed -n 1p)(1)"
}

agree "NEWS's newest release" "$(cut -d' ' -f2 <<<"$news_line")"
agree "src/version.h (generated) GZ_VERSION" \
    "$(sed -n 's/^#define GZ_VERSION "\(.*\)"$/\1/p' "$build/generated/version.h")"
agree "git-credential-gitzen --version" "$("$build/bin/git-credential-gitzen" --version)" \
    "git-credential-gitzen $want"
agree "git-gitzen --version" "$("$build/bin/git-gitzen" --version)" "git-gitzen $want"
agree "CPackConfig.cmake CPACK_PACKAGE_VERSION" \
    "$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")"
for p in git-gitzen git-credential-gitzen; do
    man_page "build: $p.1.gz" "$build/contrib/generated/$p.1.gz"
done

debs=("$debdir"/*.deb)
if [ "${#debs[@]}" -ne 1 ] || [ ! -f "${debs[0]}" ]; then
    echo "FAIL: no single .deb in $debdir (package.deb makes it)" >&2
    exit 1
fi
deb=${debs[0]}
agree ".deb file name" "$(basename "$deb")" "gitzen_${want}_$(dpkg --print-architecture).deb"
agree ".deb Version field" "$(dpkg-deb -f "$deb" Version)"
dpkg-deb -x "$deb" "$T/x"
for p in git-gitzen git-credential-gitzen gitzen; do
    man_page ".deb: $p.1.gz" "$T/x/usr/share/man/man1/$p.1.gz"
done
zcat "$T/x/usr/share/doc/gitzen/changelog.gz" >"$T/changelog"
agree ".deb: changelog.gz top entry" "$(dpkg-parsechangelog -l "$T/changelog" -S Version)"
agree ".deb: changelog.gz top entry's date" \
    "$(date -u -d "$(dpkg-parsechangelog -l "$T/changelog" -S Date)" +%F)" "$news_date"

if [ "$fails" -ne 0 ]; then
    echo "FAIL: $fails places disagree with project(VERSION) $want" >&2
    exit 1
fi
echo "PASS: t-version.sh: every place says $want"
