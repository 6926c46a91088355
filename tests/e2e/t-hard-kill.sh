#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hardening: writers killed in the middle of a write, a full disk, a read-only store
# (docs/testing.md, "Stress": the store must never be torn, lost or left unreadable).
#
# 1. Kill rounds (300, and at most ~20 s): each round starts a writer of a new PAT for contoso --
#    the helper's `store`, or `git gitzen add --pat-stdin --no-validate` (in its own process
#    group, so that git and git-gitzen both die) -- and SIGKILLs it after a random delay drawn
#    over that writer's usual run time (helper 0-8 ms, add 0-30 ms). After every round: `get`
#    serves the old or the new PAT (the new one when the writer was not killed), says nothing on
#    stderr (no "damaged"), the file is mode 0600; every round's file is kept and parsed by node at
#    the end. Every tenth round is not killed (a control: a stale lock would hang it). Figures:
#    rounds survived, kills that landed mid-run, and where (before the write, with a temporary
#    file left, after the rename).
# 2. A full disk (a 64 KiB tmpfs as XDG_CONFIG_HOME, filled up): `git gitzen add` of a new PAT
#    exits 2 with one clear "error:" line (other lines, such as hints, are not counted), the old entry is intact and still served, no temporary file is
#    left; the helper's `store` stays silent and changes nothing. With room again, add works.
# 3. A read-only store (a read-only bind mount: root ignores mode bits): the same expectations;
#    also a read-only configuration directory where the store does not exist yet.
#
# Each check can fail: a write in place (open O_TRUNC + write) killed mid-way leaves a torn file
# that `get` calls damaged and node cannot parse; a lock that is not released by the kernel (a
# lock *file* created with O_EXCL and removed on exit) hangs the control rounds; ignoring a failed
# write() or fsync() on a full disk would rename a truncated file over the good entry.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen
set -m # every background job in its own process group: `kill -- -PID` reaches git's children

K="$T/kill"
mkdir -p "$K"
chmod 700 "$K"
B32=abcdefghijklmnopqrstuvwxyz234567
PREFIX=$(new_pat | cut -c1-40)
pat_n() { # N: a unique 52-character PAT
    local n=$1 s="" k
    for ((k = 0; k < 12; k++)); do s=${B32:n % 32:1}$s; n=$((n / 32)); done
    printf '%s' "$PREFIX$s"
}
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
REQ_GET='protocol=https
host=dev.azure.com
path=contoso/Web/_git/web
'
req_store() { printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$1"; }
mkfifo "$K/nothing"
exec {nofd}<>"$K/nothing" # never written: `read -t` on it is a delay without a process

ALL_PATS="$K/pats"
: >"$ALL_PATS"

say "1. writers killed at random points"
OLD=$(pat_n 0)
echo "$OLD" >>"$ALL_PATS"
req_store "$OLD" >"$K/req"
git-credential-gitzen store <"$K/req"
F=$(store_file contoso)
[ -f "$F" ] || die "seeding contoso failed"
ROUNDS=300
BUDGET_US=20000000
start=$(now_us)
survived=0 killed=0 finished=0 before=0 torn_tmp=0 after=0 controls=0
for ((r = 1; r <= ROUNDS; r++)); do
    (($(now_us) - start < BUDGET_US)) || break
    NEW=$(pat_n "$r")
    echo "$NEW" >>"$ALL_PATS"
    ntmp0=$(find "$(store_dir)" -name '.contoso.json.*' | wc -l)
    if ((r % 2)); then
        kind=store max_us=8000
        req_store "$NEW" >"$K/req"
        git-credential-gitzen store <"$K/req" >>"$K/writer.out" 2>>"$K/writer.err" &
    else
        kind=add max_us=30000
        printf '%s\n' "$NEW" >"$K/req"
        git gitzen add contoso --pat-stdin --no-validate <"$K/req" >>"$K/writer.out" 2>>"$K/writer.err" &
    fi
    pid=$!
    control=$((r % 10 == 0))
    if ((!control)); then
        d=$((RANDOM * 32768 + RANDOM))
        d=$((d % max_us))
        printf -v dly '%d.%06d' $((d / 1000000)) $((d % 1000000))
        read -r -t "$dly" -u "$nofd" _ || true
        kill -KILL -- "-$pid" 2>/dev/null || true # the job's process group: git and git-gitzen
    fi
    rc=0
    wait "$pid" || rc=$?
    if ((control)); then
        controls=$((controls + 1))
        [ "$rc" -eq 0 ] || die "round $r ($kind, not killed): exit status $rc"
    fi
    run "kill-get" git-credential-gitzen get <<<"$REQ_GET"
    [ "$RUN_RC" -eq 0 ] || die "round $r: get exited $RUN_RC"
    [ ! -s "$RUN_ERR" ] || die "round $r ($kind, rc $rc): get said: $(head -c 300 "$RUN_ERR")"
    if grep -qxF "password=$NEW" "$RUN_OUT"; then
        served=new
    elif grep -qxF "password=$OLD" "$RUN_OUT"; then
        served=old
    else
        die "round $r ($kind, rc $rc): get served neither the old nor the new PAT ($(wc -c <"$RUN_OUT") bytes)"
    fi
    rm -f "$RUN_OUT" # a get answer is the one place a PAT may appear
    mode=$(stat -c %a "$F")
    [ "$mode" = 600 ] || die "round $r: $F has mode $mode"
    cp "$F" "$K/round-$r.json"
    ntmp1=$(find "$(store_dir)" -name '.contoso.json.*' | wc -l)
    if [ "$rc" -eq 137 ]; then
        killed=$((killed + 1))
        if [ "$served" = new ]; then
            after=$((after + 1))
        elif ((ntmp1 > ntmp0)); then
            torn_tmp=$((torn_tmp + 1))
        else
            before=$((before + 1))
        fi
    elif [ "$rc" -eq 0 ]; then
        finished=$((finished + 1))
        [ "$served" = new ] || die "round $r ($kind): the writer finished (exit 0) but get serves the old PAT"
    else
        die "round $r ($kind): the writer exited $rc"
    fi
    [ "$served" = old ] || OLD=$NEW
    survived=$r
done
((survived >= 50)) || die "only $survived rounds in the time budget"
ok "$survived rounds survived: get always served the old or the new PAT, mode 0600, nothing on stderr"
node -e '
    const fs = require("fs");
    let n = 0;
    for (const f of fs.readdirSync(process.argv[1]).filter((f) => /^round-\d+\.json$/.test(f))) {
        const j = JSON.parse(fs.readFileSync(process.argv[1] + "/" + f, "utf8"));
        if (j.version !== 1 || j.org !== "contoso" || typeof j.pat !== "string" || !Array.isArray(j.history))
            throw new Error(f + ": not a complete entry");
        n++;
    }
    console.log(n);' "$K" >"$K/parsed" || die "a round left a file node cannot parse (see $K)"
assert_eq "$survived" "$(cat "$K/parsed")" "entries parsed by node (one per round)"
hist=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).history.length)' "$F")
ok "history has $hist entries (at most 16)"
((hist <= 16)) || die "history grew past 16 entries"
leftovers=$(find "$(store_dir)" -name '.contoso.json.*' | wc -l)
bad=$(find "$(store_dir)" -mindepth 1 -perm /077 -printf '%P %m\n')
assert_eq "" "$bad" "store files (temporary ones included) accessible by group/others"
run kill-list git gitzen list --json
assert_eq 0 "$RUN_RC" "git gitzen list --json after the kills"
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$RUN_OUT" || die "list --json does not parse"
LAST=$(pat_n 9999)
echo "$LAST" >>"$ALL_PATS"
printf '%s\n' "$LAST" >"$K/req"
run kill-final-add git gitzen add contoso --pat-stdin --no-validate <"$K/req"
assert_eq 0 "$RUN_RC" "an add after all the kills"
run kill-final-get git-credential-gitzen get <<<"$REQ_GET"
assert_serves "$RUN_OUT" "$LAST" "get after all the kills"
rm -f "$RUN_OUT"
elapsed_ms=$((($(now_us) - start) / 1000))
say "figures: $survived rounds in $elapsed_ms ms; $killed kills landed mid-run ($before before the write, $torn_tmp mid-write leaving a temporary file, $after after the rename); $finished writers finished first ($controls control rounds); $leftovers temporary files left by killed writers (all 0600)"
((killed >= 10)) || die "only $killed kills landed mid-run: the delays miss the writers"

say "2. a full disk"
export XDG_CONFIG_HOME="$T/xdg-full"
mkdir -p "$XDG_CONFIG_HOME"
mount -t tmpfs -o size=64k,mode=0700 gitzen-full "$XDG_CONFIG_HOME" || die "cannot mount a tmpfs (needs root in the test's mount namespace)"
A=$(pat_n 10001)
B=$(pat_n 10002)
C=$(pat_n 10003)
printf '%s\n' "$A" "$B" "$C" >>"$ALL_PATS"
req_store "$A" >"$K/req"
git-credential-gitzen store <"$K/req"
[ -f "$(store_file contoso)" ] || die "storing on the tmpfs failed"
sum0=$(store_sum)
# fill it up (bounded: the tmpfs has 64 KiB)
dd if=/dev/zero of="$XDG_CONFIG_HOME/filler" bs=4k count=100 2>/dev/null || true
if dd if=/dev/zero of="$XDG_CONFIG_HOME/filler2" bs=1 count=1 2>/dev/null; then die "the tmpfs is not full"; fi
ok "the tmpfs is full ($(df -k --output=used,size "$XDG_CONFIG_HOME" | tail -1 | tr -s ' ') KiB used/size)"
full_case() { # NAME ORG PAT: add must fail cleanly and change nothing
    printf '%s\n' "$3" >"$K/req"
    run "$1" git gitzen add "$2" --pat-stdin --no-validate <"$K/req"
    assert_eq 2 "$RUN_RC" "$1: exit status"
    assert_eq 1 "$(grep -c '^error:' "$RUN_ERR")" "$1: error lines on stderr (one)"
    assert_contains "$(cat "$RUN_ERR")" "No space left on device" "$1: stderr"
    if grep -q $'\033' "$RUN_ERR" "$RUN_OUT"; then die "$1: a raw ESC in the output"; fi
    assert_eq "$sum0" "$(store_sum)" "$1: store checksum"
    assert_eq "" "$(find "$(store_dir)" -name '.*.json.*' -printf '%P ')" "$1: temporary files left"
}
full_case full-add contoso "$B"
assert_not_contains "$(cat "$RUN_OUT")" "Stored" "full-add stdout"
full_case full-add-new-org fabrikam "$B"
[ ! -e "$(store_file fabrikam)" ] || die "a fabrikam entry appeared on a full disk"
req_store "$C" >"$K/req"
run full-helper-store git-credential-gitzen store <"$K/req"
assert_empty_file "$RUN_OUT" "helper store on a full disk: stdout"
assert_empty_file "$RUN_ERR" "helper store on a full disk: stderr"
assert_eq "$sum0" "$(store_sum)" "store checksum after the helper's store on a full disk"
run full-get git-credential-gitzen get <<<"$REQ_GET"
assert_serves "$RUN_OUT" "$A" "get on a full disk"
assert_empty_file "$RUN_ERR" "get on a full disk: stderr"
rm -f "$RUN_OUT"
rm -f "$XDG_CONFIG_HOME/filler"
printf '%s\n' "$B" >"$K/req"
run full-add-room git gitzen add contoso --pat-stdin --no-validate <"$K/req"
assert_eq 0 "$RUN_RC" "add once there is room again"
run full-get-room git-credential-gitzen get <<<"$REQ_GET"
assert_serves "$RUN_OUT" "$B" "get once there is room again"
rm -f "$RUN_OUT"
umount "$XDG_CONFIG_HOME"
ok "full disk: exit 2 with one line, the old entry kept and served, nothing left behind"

say "3. a read-only store"
export XDG_CONFIG_HOME="$T/xdg-ro"
mkdir -p "$XDG_CONFIG_HOME"
A=$(pat_n 20001)
B=$(pat_n 20002)
printf '%s\n' "$A" "$B" >>"$ALL_PATS"
req_store "$A" >"$K/req"
git-credential-gitzen store <"$K/req"
D=$(store_dir)
[ -f "$(store_file contoso)" ] || die "storing contoso failed"
sum0=$(store_sum)
mount --bind "$D" "$D"
mount -o remount,bind,ro "$D"
if touch "$D/probe" 2>/dev/null; then die "the bind mount is not read-only"; fi
ro_case() { # NAME ORG PAT
    printf '%s\n' "$3" >"$K/req"
    run "$1" git gitzen add "$2" --pat-stdin --no-validate <"$K/req"
    assert_eq 2 "$RUN_RC" "$1: exit status"
    assert_eq 1 "$(grep -c '^error:' "$RUN_ERR")" "$1: error lines on stderr (one)"
    assert_contains "$(cat "$RUN_ERR")" "Read-only file system" "$1: stderr"
    assert_eq "$sum0" "$(store_sum)" "$1: store checksum"
}
ro_case ro-add contoso "$B"
ro_case ro-add-new-org fabrikam "$B"
req_store "$B" >"$K/req"
run ro-helper-store git-credential-gitzen store <"$K/req"
assert_empty_file "$RUN_ERR" "helper store on a read-only store: stderr"
req_store "$A" >"$K/req"
run ro-helper-erase git-credential-gitzen erase <"$K/req"
assert_empty_file "$RUN_ERR" "helper erase on a read-only store: stderr"
assert_eq "$sum0" "$(store_sum)" "store checksum after the helper's store and erase"
run ro-get git-credential-gitzen get <<<"$REQ_GET"
assert_serves "$RUN_OUT" "$A" "get from a read-only store"
rm -f "$RUN_OUT"
run ro-list git gitzen list
assert_eq 0 "$RUN_RC" "list of a read-only store"
run ro-remove git gitzen remove contoso
assert_eq 2 "$RUN_RC" "remove from a read-only store"
assert_eq 1 "$(grep -c '^error:' "$RUN_ERR")" "remove: error lines on stderr (one)"
assert_eq "$sum0" "$(store_sum)" "store checksum after remove"
umount "$D"
printf '%s\n' "$B" >"$K/req"
run ro-add-rw git gitzen add contoso --pat-stdin --no-validate <"$K/req"
assert_eq 0 "$RUN_RC" "add once the store is writable again"
ok "read-only store: exit 2 with one line, the old entry kept and served"

say "   a read-only configuration directory without a store yet"
export XDG_CONFIG_HOME="$T/xdg-ro2"
mkdir -p "$XDG_CONFIG_HOME"
mount --bind "$XDG_CONFIG_HOME" "$XDG_CONFIG_HOME"
mount -o remount,bind,ro "$XDG_CONFIG_HOME"
printf '%s\n' "$A" >"$K/req"
run ro2-add git gitzen add contoso --pat-stdin --no-validate <"$K/req"
assert_eq 2 "$RUN_RC" "add into a read-only configuration directory"
assert_eq 1 "$(grep -c '^error:' "$RUN_ERR")" "error lines on stderr (one)"
assert_contains "$(cat "$RUN_ERR")" "Read-only file system"
req_store "$A" >"$K/req"
run ro2-helper-store git-credential-gitzen store <"$K/req"
assert_empty_file "$RUN_ERR" "helper store into a read-only configuration directory: stderr"
run ro2-get git-credential-gitzen get <<<"$REQ_GET"
assert_empty_file "$RUN_OUT" "get without a store"
umount "$XDG_CONFIG_HOME"
unset XDG_CONFIG_HOME

say "no PAT in any output"
leaks=$(cat "$T"/out/* "$K"/writer.* 2>/dev/null | grep -cF -f "$ALL_PATS" || true)
assert_eq 0 "$leaks" "output lines containing any of the $(wc -l <"$ALL_PATS" | tr -d ' ') PATs used"
for p in "$OLD" "$LAST" "$A" "$B" "$C"; do no_leak "$p" "$T"/out/* "$K"/writer.*; done
