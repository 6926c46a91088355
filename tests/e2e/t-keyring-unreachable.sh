#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An organisation whose PAT is in the desktop keyring, on a machine where no Secret Service can be
# reached (no session bus: sim-run clears DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR): `get`
# answers nothing on stdout and says why on stderr, and neither get, Git's store of another PAT,
# nor erase changes or deletes the entry (issue 16: the keyring seam of the store). No daemon runs.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen

world_two_orgs
sim_start
SECRETS=("$PAT_C" "$PAT_F")
printf '%s\n' "$PAT_C" >"$T/pat.in"
run add git gitzen add contoso --pat-stdin <"$T/pat.in"
assert_eq 0 "$RUN_RC" "add (stderr: $(cat "$RUN_ERR"))"
rm -f "$T/pat.in"

# the entry as the keyring store writes it: format 2, "store": "secretservice", no PAT in the file
node -e '
    const fs = require("fs"), f = process.argv[1], e = JSON.parse(fs.readFileSync(f, "utf8"));
    e.version = 2; e.store = "secretservice"; e.pat = null; fs.writeFileSync(f, JSON.stringify(e));
' "$(store_file contoso)"
assert_not_contains "$(cat "$(store_file contoso)")" "$PAT_C" "the entry's file"
[ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ ! -S "${XDG_RUNTIME_DIR:-/nonexistent}/bus" ] ||
    die "a session bus is reachable; this test needs none"
sum=$(store_sum)
ok "a keyring entry for contoso, and no session bus"

say "get: no password on stdout, one line on stderr saying why"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$T/get.req"
run get git credential-gitzen get <"$T/get.req"
assert_eq 0 "$RUN_RC" "get exit status"
assert_empty_file "$RUN_OUT" "get stdout"
assert_eq 1 "$(wc -l <"$RUN_ERR")" "get stderr lines"
assert_contains "$(cat "$RUN_ERR")" "gitzen: no Secret Service: there is no session bus" "get stderr"
assert_eq "$sum" "$(store_sum)" "the store after get"

say "the same through Git: git credential fill gets no password from gitzen"
git_helper_config
run fill git credential fill <"$T/get.req"
[ "$RUN_RC" -ne 0 ] || die "git credential fill succeeded without a keyring: $(sed 's/^password=.*/password=<redacted>/' "$RUN_OUT")"
assert_not_contains "$(cat "$RUN_OUT")" "password=" "fill stdout"
ok "git credential fill fails (exit $RUN_RC)"

say "Git's store of another PAT and Git's erase: the entry is kept as it is"
PAT_N=$(new_pat)
SECRETS+=("$PAT_N")
for pat in "$PAT_N" "$PAT_C"; do
    printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=gitzen\npassword=%s\n' "$pat" >"$T/cred.req"
    run store git credential-gitzen store <"$T/cred.req"
    assert_eq 0 "$RUN_RC" "store exit status"
    assert_empty_file "$RUN_OUT" "store stdout"
    assert_eq "$sum" "$(store_sum)" "the store after Git's store of PAT $(pat_sha "$pat")"
    run erase git credential-gitzen erase <"$T/cred.req"
    assert_eq 0 "$RUN_RC" "erase exit status"
    assert_empty_file "$RUN_OUT" "erase stdout"
    assert_eq "$sum" "$(store_sum)" "the store after Git's erase of PAT $(pat_sha "$pat")"
done
rm -f "$T/cred.req"
ok "neither store nor erase changed or deleted the entry"
no_leak "$PAT_C" "$T"/out/* "$(store_file contoso)"
no_leak "$PAT_N" "$T"/out/* "$(store_file contoso)"
