#!/bin/sh
# SPDX-License-Identifier: MIT
# changelog.sh NEWS MAINTAINER OUT — NEWS as a Debian changelog (the changelog.gz a native
# package has in /usr/share/doc/gitzen/), compressed with `gzip -9n` (no name, no time: the same
# bytes every build). Run by the build (contrib/CMakeLists.txt). NEWS, newest release first:
#
#   gitzen 0.2.0 (2026-12-02)
#
#     * What changed, for a user; lines indented two spaces or more, 79 columns at most.
#
# Each "gitzen VERSION (YYYY-MM-DD)" line starts a release; the lines before the first one are
# NEWS's own preamble. Each release becomes
#
#   gitzen (VERSION) unstable; urgency=medium
#
#     * ...
#
#    -- MAINTAINER  Www, DD Mmm YYYY 00:00:00 +0000
set -eu
[ $# -eq 3 ] || { echo "usage: changelog.sh NEWS MAINTAINER OUT" >&2; exit 2; }
news=$1 maintainer=$2 out=$3
tmp="$out.tmp"
trap 'rm -f "$tmp" "$out.gz.tmp"' EXIT
LC_ALL=C awk -v news="$news" -v maint="$maintainer" '
    function bad(msg) { printf "%s:%d: %s\n", news, NR, msg > "/dev/stderr"; failed = 1; exit 1 }
    function close_entry() {
        if (version == "") return
        sub(/^\n+/, "", body); sub(/\n+$/, "", body)
        if (body == "") bad("the release " version " says nothing")
        printf "%sgitzen (%s) unstable; urgency=medium\n\n%s\n\n -- %s  %s\n", sep, version, body, maint, date
        sep = "\n"
    }
    /^gitzen [0-9][0-9A-Za-z.+~]* \([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\)$/ {
        close_entry()
        version = $2
        day = $3; gsub(/[()]/, "", day)
        cmd = "date -u -d " day " \"+%a, %d %b %Y 00:00:00 +0000\""
        date = ""
        if ((cmd | getline date) <= 0 || date == "") bad("not a date: " day)
        close(cmd)
        body = ""; n++
        next
    }
    version == "" { next }
    $0 != "" && $0 !~ /^  / { bad("a release'"'"'s lines are indented two spaces or more") }
    length($0) > 79 { bad("longer than 79 characters") }
    { body = body $0 "\n" }
    END {
        if (failed) exit 1
        if (n == 0) { printf "%s: no \"gitzen VERSION (YYYY-MM-DD)\" line\n", news > "/dev/stderr"; exit 1 }
        close_entry()
    }' "$news" >"$tmp"
gzip -9nc "$tmp" >"$out.gz.tmp"
mv "$out.gz.tmp" "$out"
