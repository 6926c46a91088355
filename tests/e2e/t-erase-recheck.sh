#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Git's erase and its re-check, under the organisation's lock (src/erase.c):
# 1. a PAT replaced while erase waits for the lock: erase looks at the entry without the lock (its
#    PAT is the one Git erases), then waits; meanwhile the PAT is rotated. Under the lock erase
#    must look again and leave the new PAT alone: not marked, no re-check sent to Azure DevOps
#    (the old PAT is revoked, so a re-check would mark the entry). The wait is made certain by
#    holding the lock here until the kernel shows erase blocked on it (/proc/locks), not by
#    sleeping.
# 2. a re-check is reused only while it is a few seconds old (GZ_RECHECK_REUSE_S): an entry that
#    says "works" since an hour is re-checked, and marked when Azure DevOps now rejects the PAT.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen

world_two_orgs
sim_start
printf '%s\n' "$PAT_C" >"$T/pat.in"
run add git gitzen add contoso --pat-stdin <"$T/pat.in"
assert_eq 0 "$RUN_RC" "add (stderr: $(cat "$RUN_ERR"))"
rm -f "$T/pat.in"
PAT_N=$(new_pat)
SECRETS=("$PAT_C" "$PAT_N")
scenario_edit "s.pats.find((p) => p.token === '$PAT_C').revoked = true"
f=$(store_file contoso)
lockf="$(store_dir)/contoso.lock"

say "the lock is held; erase of the old PAT starts and blocks on it"
exec {lk}>>"$lockf"
flock -x "$lk"
ino=$(stat -c %i "$lockf")
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=gitzen\npassword=%s\n' "$PAT_C" >"$T/erase.req"
m=$(sim_mark)
# the helper itself (not through git, so that its PID is the waiter's), without the held descriptor
git-credential-gitzen erase <"$T/erase.req" >"$T/out/erase.out" 2>"$T/out/erase.err" {lk}>&- &
ep=$!
blocked=0
deadline=$((SECONDS + 30))
while [ "$SECONDS" -lt "$deadline" ]; do
    # a waiter on a lock is listed as "N: -> FLOCK ... WRITE PID MAJ:MIN:INODE ..."
    if grep -qE -- "-> FLOCK +ADVISORY +WRITE +$ep +[0-9a-f]+:[0-9a-f]+:$ino " /proc/locks; then
        blocked=1
        break
    fi
    kill -0 "$ep" 2>/dev/null || break
done
[ "$blocked" = 1 ] || { exec {lk}>&-; kill "$ep" 2>/dev/null; wait "$ep" || true; die "erase never waited for the lock (stderr: $(cat "$T/out/erase.err"))"; }
ok "erase (pid $ep) waits for the lock"

say "the PAT is rotated while erase waits (as add would, under the lock), then the lock is let go"
node -e '
    const fs = require("fs"), f = process.argv[1], e = JSON.parse(fs.readFileSync(f, "utf8"));
    e.pat = process.argv[2]; e.added = Math.floor(Date.now() / 1000); e.validated = 0;
    e.status = ""; e.rejected = 0; fs.writeFileSync(f + ".new", JSON.stringify(e), {mode: 0o600});
    fs.renameSync(f + ".new", f);
' "$f" "$PAT_N"
exec {lk}>&-
rc=0; wait "$ep" || rc=$?
assert_eq 0 "$rc" "erase exit status"
assert_empty_file "$T/out/erase.out" "erase stdout"
assert_eq 0 "$(sim_log_count "r.endpoint === 'connectionData'" "$m")" "re-checks sent to Azure DevOps"
assert_eq "0 true" "$(node -e '
    const e = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log((e.rejected || 0) + " " + (e.pat === process.argv[2]));
' "$f" "$PAT_N")" "the entry's mark, and whether it holds the new PAT"

say "the new PAT is served"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$T/get.req"
run get git credential-gitzen get <"$T/get.req"
assert_serves "$RUN_OUT" "$PAT_N" "get after the erase"

say "an hour-old 'works' is not reused: the PAT (unknown to Azure DevOps) is re-checked and marked"
node -e '
    const fs = require("fs"), f = process.argv[1], e = JSON.parse(fs.readFileSync(f, "utf8"));
    e.recheck = "works"; e.rechecked = Math.floor(Date.now() / 1000) - 3600; e.rejected = 0;
    fs.writeFileSync(f + ".new", JSON.stringify(e), {mode: 0o600}); fs.renameSync(f + ".new", f);
' "$f"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=gitzen\npassword=%s\n' "$PAT_N" >"$T/erase.req"
m=$(sim_mark)
run erase2 git-credential-gitzen erase <"$T/erase.req"
assert_eq 0 "$RUN_RC" "erase exit status"
assert_eq 1 "$(sim_log_count "r.endpoint === 'connectionData'" "$m")" "re-checks sent to Azure DevOps"
assert_eq "marked rejected" "$(node -e '
    const e = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log((e.rejected > 0 ? "marked " : "not marked ") + e.recheck);
' "$f")" "the entry after the erase"
assert_contains "$(cat "$RUN_ERR")" "rejected the PAT for contoso" "erase stderr"
rm -f "$T/erase.req"
no_leak "$PAT_C" "$T"/out/* "$SIM_LOG" "$T/sim.err"
no_leak "$PAT_N" "$T"/out/*.err "$T"/out/erase*.out "$SIM_LOG" "$T/sim.err"
