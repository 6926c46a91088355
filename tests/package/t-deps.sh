#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-deps.sh SOURCE_DIR — every program the build, the tests and scripts/ run is installed by
# scripts/deps (issue 15 item 6: a fresh Debian root has nothing else). The programs are read
# from the scripts' syntax trees (tests/package/programs.js over shfmt --to-json: each command's
# name, what exec/env/timeout/... run, `command -v NAME`, run/need_bin of tests/e2e/lib.sh,
# CC=...), the #! lines, CMake's literal COMMAND words and the simulator's spawn('...'). Each one
# must be on PATH here and come (itself, or a symbolic link on its way there) from a package of
# `scripts/deps --stages --list`, a package those depend on directly, or a package every Debian
# root has (Essential, Priority: required).
# Fails listing each program that does not, with where it is used and the package it came from.
set -euo pipefail
src=$(cd "$1" && pwd)
cd "$src"
for tool in shfmt node dpkg-query; do
    command -v "$tool" >/dev/null 2>&1 ||
        { echo "FAIL: $tool is not installed (scripts/deps installs it)" >&2; exit 1; }
done
W=$(mktemp -d "${TMPDIR:-/tmp}/gitzen-deps.XXXXXX")
trap 'rm -rf "$W"' EXIT

# Not the packages' business: the programs this project builds; debootstrap, which
# scripts/fresh-root installs on the host itself; diffoscope, which scripts/reproducible uses
# only when it is there, for a report on a difference (hundreds of MB of dependencies);
# duplicates, a developer's tool no package ships, which scripts/metrics uses only when it is
# there (it says "skipped" otherwise).
exempt=" git-credential-gitzen git-gitzen gitzen debootstrap diffoscope duplicates "

mapfile -t shells < <(shfmt -f scripts .ci bench tests | sort)
[ "${#shells[@]}" -gt 20 ] || { echo "FAIL: shfmt -f finds only ${#shells[@]} shell scripts" >&2; exit 1; }
node tests/package/programs.js "${shells[@]}" >"$W/uses"
# the interpreters of #! lines
git ls-files scripts .ci bench tests 2>/dev/null | while read -r f; do
    sed -n '1s|^#![[:space:]]*\(/usr/bin/env[[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\).*|\2|p' "$f" |
        sed "s|.*/||; s|\$| $f:1|"
done >>"$W/uses"
# CMake: literal program names after COMMAND; the simulator's and tools' spawn('NAME', ...)
grep -noE 'COMMAND[[:space:]]+[a-z][a-z0-9_.+-]*([[:space:]]|$)' CMakeLists.txt contrib/CMakeLists.txt \
    contrib/man/*.cmake tests/*.cmake tests/CMakeLists.txt tests/fuzz/*.cmake tests/fuzz/CMakeLists.txt 2>/dev/null |
    awk -F: '{ split($3, w, /[[:space:]]+/); print w[2], $1 ":" $2 }' >>"$W/uses"
grep -noE "spawn\('[a-z][a-z0-9_.+-]*'" tests/sim/*.js tests/e2e/tools/*.js 2>/dev/null |
    sed -E "s/^([^:]*):([0-9]*):spawn\('(.*)'/\3 \1:\2/" >>"$W/uses"
sort -u -o "$W/uses" "$W/uses"

scripts/deps --stages --list | sort -u >"$W/listed"
[ -s "$W/listed" ] || { echo "FAIL: scripts/deps --list printed nothing" >&2; exit 1; }
# allowed: the listed packages, what they depend on directly, what every root has
{
    cat "$W/listed"
    xargs dpkg-query -W -f='${Depends},${Pre-Depends}\n' <"$W/listed" 2>/dev/null |
        tr ',|' '\n\n' | sed -E 's/\(.*\)//; s/:any//; s/[[:space:]]//g' | grep -v '^$' || true
    dpkg-query -W -f='${Package} ${Essential} ${Priority}\n' |
        awk '$2 == "yes" || $3 == "required" { print $1 }'
} | sort -u >"$W/allowed"

# Where each one is in the system's directories (what apt installs; not /usr/local, not this
# user's PATH), and the package owning that file, as itself, a link on the way or its target,
# under /usr or / (the merged /usr of Debian 12 still records some files under /bin) — one
# dpkg-query for all.
# links PATH: PATH, each symbolic link it goes through one step at a time (an alternative's
# /etc/alternatives/cc, then /usr/bin/gcc of package gcc, ...) and its final target: the package
# owning any of them puts the name there (on Debian 13, /usr/bin/cc ends in a file of
# gcc-14-x86-64-linux-gnu, which gcc-14 depends on, and goes through /usr/bin/gcc of gcc)
links() {
    local p=$1 i
    for ((i = 0; i < 16; i++)); do
        echo "$p"
        [ -L "$p" ] || break
        p=$(cd "$(dirname "$p")" && realpath -sm "$(readlink "$p")")
    done
    readlink -f "$1"
}
used_at() { awk -v n="$1" '$1 == n { print $2 }' "$W/uses" | head -n 3 | paste -sd ' '; }
fails=0 n=0
: >"$W/paths"
for name in $(awk '{ print $1 }' "$W/uses" | sort -u); do
    case $exempt in *" $name "*) continue ;; esac
    n=$((n + 1))
    path=$(PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v "$name" 2>/dev/null || true)
    case $path in
    /*) ;;
    *)
        echo "FAIL: $name (used at $(used_at "$name")) is not installed here: scripts/deps must install it" >&2
        fails=$((fails + 1))
        continue
        ;;
    esac
    for p in $(links "$path"); do
        printf '%s %s\n' "$name" "$p" "$name" "${p#/usr}" "$name" "/usr${p#/usr}" >>"$W/paths"
    done
done
sort -u -o "$W/paths" "$W/paths"
# "pkg1, pkg2:arch: /path" -> "pkg1 /path" "pkg2 /path"
awk '{ print $2 }' "$W/paths" | sort -u | xargs dpkg-query -S 2>/dev/null |
    awk -F': ' '{ n = split($1, p, ", "); for (i = 1; i <= n; i++) { sub(/:.*/, "", p[i]); print p[i], $2 } }' \
    >"$W/owners" || true
for name in $(awk '{ print $1 }' "$W/paths" | sort -u); do
    pkgs=$(awk -v n="$name" '$1 == n { print $2 }' "$W/paths" | grep -xF -f - <(awk '{ print $2 }' "$W/owners") >/dev/null &&
        awk -v n="$name" 'NR == FNR { if ($1 == n) want[$2] = 1; next } ($2 in want) { print $1 }' "$W/paths" "$W/owners" | sort -u)
    if [ -z "$pkgs" ]; then
        echo "FAIL: $name ($(awk -v n="$name" '$1 == n { print $2; exit }' "$W/paths"), used at $(used_at "$name")) belongs to no Debian package" >&2
        fails=$((fails + 1))
    elif grep -qxF -f <(printf '%s\n' "$pkgs") "$W/allowed"; then
        echo "ok - $name: $(paste -sd ' ' <<<"$pkgs")"
    else
        echo "FAIL: $name (used at $(used_at "$name")) comes from $(paste -sd ' ' <<<"$pkgs"), which scripts/deps does not install" >&2
        fails=$((fails + 1))
    fi
done
if [ "$fails" -ne 0 ]; then
    echo "FAIL: $fails of $n programs are not installed by scripts/deps" >&2
    exit 1
fi
echo "ok - all $n programs the build, the tests and scripts/ run come from scripts/deps' packages or every Debian root"
