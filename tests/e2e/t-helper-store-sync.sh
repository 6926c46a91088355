#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The store's write is crash-safe (docs/contract.md, "The state directory": files replaced
# atomically): on `store`, the helper writes a temporary file, fsyncs it, renames it onto
# <org>.json, then fsyncs the directory, in that order. Checked on the system calls themselves (strace), for a new entry and a rotation.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin strace
# LeakSanitizer (the ASan stage) stops the world with ptrace, which it cannot do under strace
asan_opts="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
H=git-credential-gitzen
mkdir -p "$T/req"

store_req() { # FILE PAT
    printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$2" >"$1"
}

# check_order LOG: the fsync of the temporary file, its rename onto contoso.json, and the
# fsync of the state directory, in this order, each exactly once.
check_order() {
    local log=$1 dir
    dir=$(store_dir)
    awk -v dir="$dir" '
        { sub(/^[0-9]+ +/, "") }   # the PID strace -f puts first
        # openat(AT_FDCWD, "/…/gitzen", O_RDONLY|O_NOFOLLOW|O_CLOEXEC|O_DIRECTORY) = 3
        /openat\(/ && index($0, "\"" dir "\"") && /O_DIRECTORY/ && / = [0-9]+$/ {
            dirfd = $NF; next }
        /openat\(/ && /\.contoso\.json\.[A-Za-z0-9]+"/ && /O_CREAT/ && / = [0-9]+$/ {
            tmpfd = $NF; step = "created"; next }
        /^(fsync|fdatasync)\(/ {
            fd = $0; sub(/^[a-z]+\(/, "", fd); sub(/\).*/, "", fd)
            if (step == "created" && fd == tmpfd) { step = "synced"; next }
            if (step == "renamed" && fd == dirfd) { step = "dirsynced"; next }
            next }
        /rename/ && /\.contoso\.json\.[A-Za-z0-9]+"/ && /"contoso\.json"/ {
            if (step != "synced") { print "rename before the fsync of the temporary file"; exit 1 }
            step = "renamed"; next }
        END { if (step != "dirsynced") { print "last step seen: " (step == "" ? "none" : step); exit 1 } }
    ' "$log"
}

say "a new entry: temporary file synced, renamed, directory synced"
PAT=$(new_pat)
store_req "$T/req/new" "$PAT"
run strace-new env ASAN_OPTIONS="$asan_opts" strace -f -qq -o "$T/out/strace-new.log" -e trace=openat,fsync,fdatasync,rename,renameat,renameat2 "$H" store <"$T/req/new"
assert_eq 0 "$RUN_RC" "strace exit status"
assert_empty_file "$RUN_ERR" "store stderr"
[ -s "$(store_file contoso)" ] || die "nothing stored"
why=$(check_order "$T/out/strace-new.log") || die "write order: $why ($(grep -cE 'fsync|rename' "$T/out/strace-new.log") calls)"
ok "fsync(temp) < rename(temp, contoso.json) < fsync(dir)"

say "a rotation: the same order, and no temporary file left"
PAT2=$(new_pat)
store_req "$T/req/rot" "$PAT2"
run strace-rot env ASAN_OPTIONS="$asan_opts" strace -f -qq -o "$T/out/strace-rot.log" -e trace=openat,fsync,fdatasync,rename,renameat,renameat2 "$H" store <"$T/req/rot"
assert_eq 0 "$RUN_RC" "strace exit status"
why=$(check_order "$T/out/strace-rot.log") || die "write order on rotation: $why"
grep -q "$PAT2" "$(store_file contoso)" || die "the rotation did not store the new PAT"
left=$(find "$(store_dir)" -name '.contoso.json.*' | wc -l)
assert_eq 0 "$left" "temporary files left"
ok "rotation written in order; no temporary file left"
