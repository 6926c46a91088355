#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# GITZEN_TRACE and the standard descriptors (issue 13, items 1 and 2), for both programs:
# a trace path that is a FIFO (with or without a reader), a symbolic link, a directory, another
# user's file or a file others can write is not traced into, with one line on stderr, and the
# program neither hangs nor fails; a regular file of the user's gets the trace. With stdin, stdout
# or stderr closed, `get`'s answer never lands in the trace file.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen
H=git-credential-gitzen

PAT=$(new_pat)
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$PAT" >"$T/store.req"
run seed "$H" store <"$T/store.req"
[ -f "$(store_file contoso)" ] || die "seeding the store failed"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$T/get.req"

# traced NAME PATH CMD...: CMD runs with GITZEN_TRACE=PATH, bounded to 20 s (a hang fails)
traced() {
    local name=$1 path=$2
    shift 2
    run "$name" env GITZEN_TRACE="$path" timeout -k 2 20 "$@" <"$T/get.req"
    [ "$RUN_RC" -ne 124 ] && [ "$RUN_RC" -ne 137 ] || die "$name: still running after 20 s (GITZEN_TRACE=$path)"
}
# refused NAME WHY: one stderr line, saying the trace is off and why
refused() {
    assert_eq 1 "$(grep -c 'not tracing' "$RUN_ERR")" "$1: lines saying the trace is off"
    assert_contains "$(cat "$RUN_ERR")" "gitzen: not tracing: GITZEN_TRACE=" "$1: stderr"
    assert_contains "$(cat "$RUN_ERR")" "$2" "$1: stderr"
}

say "a regular file of the user's gets the trace, created 0600"
traced ok "$T/trace.log" "$H" get
assert_eq 0 "$RUN_RC" "get with a trace file"
assert_serves "$RUN_OUT" "$PAT" "get with a trace file"
assert_contains "$(cat "$T/trace.log")" "get: organisation contoso" "trace file"
assert_file_mode 600 "$T/trace.log"
assert_not_contains "$(cat "$RUN_ERR")" "not tracing" "stderr"
no_leak "$PAT" "$T/trace.log"

say "a FIFO without a reader: no hang, no trace, one line"
mkfifo "$T/fifo"
for prog in "$H get" "git-gitzen list"; do
    n=${prog%% *}
    # shellcheck disable=SC2086
    traced "fifo-$n" "$T/fifo" $prog
    assert_eq 0 "$RUN_RC" "$prog with GITZEN_TRACE on a FIFO"
    refused "$prog, FIFO" "not a regular file"
done
assert_serves "$T/out/fifo-$H.out" "$PAT" "get with GITZEN_TRACE on a FIFO"
ok "both programs finish at once when GITZEN_TRACE names a FIFO nobody reads"

say "a FIFO with a reader: nothing is written into it"
exec {rd}<>"$T/fifo"
traced fifo-read "$T/fifo" "$H" get
assert_eq 0 "$RUN_RC" "get with GITZEN_TRACE on a FIFO being read"
refused "FIFO with a reader" "not a regular file"
if read -r -t 0 -u "$rd"; then die "the trace went into the FIFO"; fi
exec {rd}<&-
ok "nothing reached the FIFO's reader"

say "another user's world-writable file, a file others can write, a symlink, a directory"
printf 'planted\n' >"$T/nobody.log"
chown nobody:nogroup "$T/nobody.log"
chmod 666 "$T/nobody.log"
traced nobody "$T/nobody.log" "$H" get
refused "another user's file" "owned by another user"
assert_eq "planted" "$(cat "$T/nobody.log")" "another user's file"
printf 'mine\n' >"$T/open.log"
chmod 622 "$T/open.log"
traced groupw "$T/open.log" "$H" get
refused "a file others can write" "writable by group or others"
assert_eq "mine" "$(cat "$T/open.log")" "a file others can write"
for m in 620 602; do # the group alone, others alone
    printf 'mine\n' >"$T/open$m.log"
    chmod "$m" "$T/open$m.log"
    traced "w$m" "$T/open$m.log" "$H" get
    refused "a file of mode $m" "writable by group or others"
    assert_eq "mine" "$(cat "$T/open$m.log")" "a file of mode $m"
done
ln -s "$T/trace.log" "$T/link.log"
before=$(wc -c <"$T/trace.log")
traced link "$T/link.log" git-gitzen list
refused "a symbolic link" "a symbolic link"
assert_eq "$before" "$(wc -c <"$T/trace.log")" "size of the symlink's target"
traced dir "$T" "$H" get
refused "a directory" "GITZEN_TRACE=$T:"
assert_serves "$RUN_OUT" "$PAT" "get with GITZEN_TRACE on a directory"
ok "no trace into a file that is not the user's own; each refusal is one line; get still answers"
no_leak "$PAT" "$T"/out/*.err "$T"/*.log

say "descriptors 0-2 closed: opened on /dev/null first, so get's answer never lands in the trace file"
run listed git-gitzen list
assert_eq 0 "$RUN_RC" "list"
LIST_ROW=$(grep contoso "$RUN_OUT")
[ -n "$LIST_ROW" ] || die "list printed no row for contoso"
for fd in 1 0 2; do
    rm -f "$T/closed$fd.log"
    rc=0
    case $fd in
        1) GITZEN_TRACE="$T/closed1.log" timeout 20 "$H" get <"$T/get.req" 2>"$T/closed1.err" >&- || rc=$? ;;
        0) GITZEN_TRACE="$T/closed0.log" timeout 20 "$H" get >"$T/closed0.out" 2>"$T/closed0.err" <&- || rc=$? ;;
        2) GITZEN_TRACE="$T/closed2.log" timeout 20 "$H" get <"$T/get.req" >"$T/closed2.out" 2>&- || rc=$? ;;
    esac
    assert_eq 0 "$rc" "get with descriptor $fd closed"
    assert_contains "$(cat "$T/closed$fd.log")" "get:" "trace with descriptor $fd closed"
    no_leak "$PAT" "$T/closed$fd.log"
    assert_eq 0 "$(grep -c 'password=' "$T/closed$fd.log" || true)" "password lines in the trace with descriptor $fd closed"
done
assert_serves "$T/closed2.out" "$PAT" "get with stderr closed"
assert_empty_file "$T/closed0.out" "get's answer with stdin closed (an empty request)"
rc=0
GITZEN_TRACE="$T/closed-list.log" timeout 20 git-gitzen list 2>"$T/closed-list.err" >&- || rc=$?
assert_eq 0 "$rc" "list with stdout closed (its output goes to /dev/null, as Git's would)"
assert_empty_file "$T/closed-list.err" "stderr of list with stdout closed"
assert_not_contains "$(cat "$T/closed-list.log" 2>/dev/null)" "$LIST_ROW" "trace of list with stdout closed"
ok "with stdin, stdout or stderr closed the trace holds only trace lines, never the PAT nor the output"
no_leak "$PAT" "$T"/*.log "$T"/*.err
