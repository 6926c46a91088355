#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hardening: many writers and readers at once on the same store (docs/testing.md, "Stress").
#
# 32 bash workers run for ~5 s (and at most 300 iterations each), each picking random actions
# on six organisations: three "persistent" ones (seeded first, never removed) and three "churn"
# ones. Actions: helper `get`; helper `store` of a fresh, unique PAT; helper `erase` with the
# current PAT (learnt by a get just before), the PAT the worker last saw, or a wrong one;
# `git gitzen add ORG --pat-stdin --no-validate` of a fresh PAT (a store too); `git gitzen remove
# ORG` (churn organisations only).
# Every call is recorded: action, organisation, PAT, start and end ($EPOCHREALTIME), exit status.
#
# Afterwards:
# - every persistent organisation's entry exists and parses (`git gitzen list --json`, and node);
# - no lost update: its PAT is the PAT of a store W with W.end >= the start of every store to that
#   organisation (the last writer wins; a store that returned before another began cannot win);
# - every `get` answer was a PAT stored for that organisation by a store that had begun before the
#   get ended, and not one replaced, removed or erased by calls that all came between that store
#   and the get (linearizability, judged only where the recorded times make the order certain);
#   a "rejected" non-answer is explained by an erase; a persistent organisation answers nothing
#   only with the "rejected" hint;
# - `get` never said "damaged", "not valid" or "cannot" (a torn or half-written entry would);
# - no file in the store is group/world accessible, and no temporary file is left behind;
# - no call of store/erase/add/remove took longer than a generous hang bound (20 s).
# Figures printed: workers x seconds, calls per action, worst duration of a write (lock wait
# included).
#
# fsync() is slowed by 0-3 ms (tools/slowsync.c, LD_PRELOAD) as on a real disk, which widens the
# window between an entry's read and its rename.
#
# Each check can fail (tried on a scratch copy of the product): with the flock() in
# gz_store_lock() removed, an erase that read the entry before a concurrent store renamed its
# own writes the old PAT back (marked rejected) and a later get says "rejected" with no erase to
# explain it -- caught in 5 of 6 runs; with gz_store_save() writing in place (O_TRUNC, no
# rename), get reads torn files and says "damaged" -- caught every run. A mkstemp() without
# 0600 would leave a readable temporary file; a lost remove or rejected mark shows in the get
# answers.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen

WORKERS=32
SECONDS_RUN=5
MAX_ITER=300
HANG_BOUND_S=20
PERSIST=(alpha bravo charlie)
CHURN=(delta echo foxtrot)
ORGS=("${PERSIST[@]}" "${CHURN[@]}")
S="$T/stress"
mkdir -p "$S"
chmod 700 "$S"

B32=abcdefghijklmnopqrstuvwxyz234567
# pat_for PREFIX N: a 52-character PAT (a-z2-7): a 40-character random prefix and N in base 32
pat_for() {
    local n=$2 s="" k
    for ((k = 0; k < 12; k++)); do
        s=${B32:n % 32:1}$s
        n=$((n / 32))
    done
    printf '%s' "$1$s"
}
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
req_for() { # ORG [PASSWORD]
    printf 'protocol=https\nhost=dev.azure.com\npath=%s/p/_git/r\nusername=u\n' "$1"
    [ -z "${2:-}" ] || printf 'password=%s\n' "$2"
}

say "seeding the persistent organisations"
SEED_PREFIX=$(new_pat | cut -c1-40)
: >"$S/log.seed"
i=0
for org in "${PERSIST[@]}"; do
    i=$((i + 1))
    p=$(pat_for "$SEED_PREFIX" "$i")
    t0=$(now_us)
    req_for "$org" "$p" | git-credential-gitzen store
    t1=$(now_us)
    printf 'store\t%s\t%s\t%s\t%s\t0\t-\n' "$org" "$p" "$t0" "$t1" >>"$S/log.seed"
    [ -f "$(store_file "$org")" ] || die "seeding $org failed"
done
ok "3 persistent organisations seeded"

# helper_write ACTION ORG PAT: the helper's store or erase
helper_write() {
    local req
    printf -v req 'protocol=https\nhost=dev.azure.com\npath=%s/p/_git/r\nusername=u\npassword=%s\n' "$2" "$3"
    git-credential-gitzen "$1" <<<"$req" >>"$out" 2>>"$errf"
}

# worker W DEADLINE_US: random actions until the deadline or MAX_ITER iterations
worker() {
    trap - EXIT ERR
    set +e +o pipefail
    local w=$1 deadline=$2 it=0 r org pat t0 t1 rc res ans err flag line prefix n=0 erase_after=0
    local log="$S/log.$w" out="$S/out.$w" errf="$S/err.$w" gerr="$S/geterr.$w"
    local -A known=()
    prefix=$(new_pat | cut -c1-40)
    RANDOM=$((w * 7919 + $$))
    : >"$log"
    while ((it < MAX_ITER)); do
        it=$((it + 1))
        t0=$(now_us)
        ((t0 < deadline)) || break
        org=${ORGS[RANDOM % 6]}
        r=$((RANDOM % 100))
        if ((r >= 87)) && [[ $org != delta && $org != echo && $org != foxtrot ]]; then
            r=0 # remove is for churn organisations only: a get instead
        fi
        if ((r >= 62 && r < 72 && RANDOM % 2)); then
            r=0 erase_after=1 # erase the current PAT: learn it with a get first (recorded too)
        fi
        if ((r < 40)); then
            res=$(req_for "$org" | git-credential-gitzen get 2>&1)
            rc=$?
            t1=$(now_us)
            ans=- err="" flag=-
            while IFS= read -r line; do
                case $line in
                    password=*) ans=${line#password=} ;;
                    username=* | password_expiry_utc=* | "") ;;
                    *) err+="$line"$'\n' ;;
                esac
            done <<<"$res"
            if [[ $err == *damaged* || $err == *"not valid"* || $err == *cannot* ]]; then
                flag=B
            elif [[ $err == *rejected* ]]; then
                flag=R
            fi
            [ -z "$err" ] || printf '%s' "$err" >>"$gerr"
            [ "$ans" = - ] || known[$org]=$ans
            printf 'get\t%s\t%s\t%s\t%s\t%s\t%s\n' "$org" "$ans" "$t0" "$t1" "$rc" "$flag" >>"$log"
            if ((erase_after)) && [ "$ans" != - ]; then
                t0=$(now_us)
                helper_write erase "$org" "$ans"
                rc=$?
                t1=$(now_us)
                printf 'erase\t%s\t%s\t%s\t%s\t%s\tcurrent\n' "$org" "$ans" "$t0" "$t1" "$rc" >>"$log"
            fi
            erase_after=0
        elif ((r < 62)); then
            n=$((n + 1))
            pat=$(pat_for "$prefix" $((w * 100000 + n)))
            helper_write store "$org" "$pat"
            rc=$?
            t1=$(now_us)
            known[$org]=$pat
            printf 'store\t%s\t%s\t%s\t%s\t%s\t-\n' "$org" "$pat" "$t0" "$t1" "$rc" >>"$log"
        elif ((r < 72)); then
            if ((RANDOM % 2)) && [ -n "${known[$org]:-}" ]; then
                pat=${known[$org]} flag=known
            else
                n=$((n + 1))
                pat=$(pat_for "$prefix" $((w * 100000 + n))) flag=wrong
            fi
            helper_write erase "$org" "$pat"
            rc=$?
            t1=$(now_us)
            printf 'erase\t%s\t%s\t%s\t%s\t%s\t%s\n' "$org" "$pat" "$t0" "$t1" "$rc" "$flag" >>"$log"
        elif ((r < 87)); then
            n=$((n + 1))
            pat=$(pat_for "$prefix" $((w * 100000 + n)))
            git gitzen add "$org" --pat-stdin --no-validate <<<"$pat" >>"$out" 2>>"$errf"
            rc=$?
            t1=$(now_us)
            known[$org]=$pat
            printf 'add\t%s\t%s\t%s\t%s\t%s\t-\n' "$org" "$pat" "$t0" "$t1" "$rc" >>"$log"
        else
            git gitzen remove "$org" >>"$out" 2>>"$errf"
            rc=$?
            t1=$(now_us)
            unset "known[$org]"
            printf 'remove\t%s\t-\t%s\t%s\t%s\t-\n' "$org" "$t0" "$t1" "$rc" >>"$log"
        fi
    done
    return 0
}

# A slow disk: every fsync takes 0-3 ms more (tools/slowsync.c, LD_PRELOAD), as on real disks;
# the test machines' fsync is near-instant, which leaves a read-modify-write almost no window.
cc -shared -fPIC -O2 -o "$T/slowsync.so" "$TESTS_DIR/e2e/tools/slowsync.c" -ldl ||
    die "cannot build tools/slowsync.c"
say "$WORKERS workers for $SECONDS_RUN s (at most $MAX_ITER iterations each), fsync slowed by 0-3 ms"
# Every worker holds the write end of a FIFO; the reader sees EOF when all of them (and every
# product process they started) have exited, and gives up after a bound: a hung call is a FAIL.
mkfifo "$S/done"
exec {rw}<>"$S/done"
exec {rd}<"$S/done"
exec {rw}>&-
start=$(now_us)
deadline=$((start + SECONDS_RUN * 1000000))
pids=()
for ((w = 0; w < WORKERS; w++)); do
    # (an ASan build insists on coming first among the preloaded libraries unless told otherwise)
    LD_PRELOAD="$T/slowsync.so" SLOWSYNC_MAX_US=3000 ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        worker "$w" "$deadline" {rd}<&- >"$S/worker.$w.out" 2>&1 3>"$S/done" &
    pids+=($!)
done
waited_ok=0
limit=$((SECONDS_RUN + HANG_BOUND_S + 30))
for ((k = 0; k < 100000; k++)); do
    rc=0
    read -r -t "$limit" -u "$rd" _line || rc=$?
    [ "$rc" -ne 0 ] || continue # nobody writes lines; only EOF (1) or the timeout (>128) end this
    [ "$rc" -gt 128 ] || waited_ok=1
    break
done
exec {rd}<&-
if [ "$waited_ok" != 1 ]; then
    for p in "${pids[@]}"; do
        for c in $(pgrep -P "$p" 2>/dev/null); do kill -KILL "$c" 2>/dev/null || true; done
        kill -KILL "$p" 2>/dev/null || true
    done
    die "workers still running ${limit} s after the start: a call hangs (see $S)"
fi
for p in "${pids[@]}"; do wait "$p" || die "worker $p failed"; done
elapsed=$((($(now_us) - start) / 1000))
ok "all $WORKERS workers finished after $elapsed ms"
for ((w = 0; w < WORKERS; w++)); do
    [ ! -s "$S/worker.$w.out" ] || die "worker $w wrote unexpected output: $(head -c 300 "$S/worker.$w.out" | cat -v)"
done

say "the store after the storm"
run list git gitzen list --json
assert_eq 0 "$RUN_RC" "git gitzen list --json exit status"
listed=$(node -e '
    const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(j.orgs.map((o) => o.org).join(" "));' "$RUN_OUT")
for org in "${PERSIST[@]}"; do
    assert_contains " $listed " " $org " "organisations listed"
done
assert_empty_file "$RUN_ERR" "list stderr"

d=$(store_dir)
assert_file_mode 700 "$d"
bad=$(find "$d" -mindepth 1 \( -perm /077 -o ! -user "$(id -u)" \) -printf '%P %m\n')
assert_eq "" "$bad" "store files accessible by group/others or owned by someone else"
tmps=$(find "$d" -mindepth 1 -name '.*' -printf '%P\n')
assert_eq "" "$tmps" "temporary files left behind (no process was killed)"
others=$(find "$d" -mindepth 1 ! -name '*.json' ! -name '*.lock' -printf '%P\n')
assert_eq "" "$others" "unexpected files in the store"

say "analysis of $(cat "$S"/log.* | wc -l | tr -d ' ') recorded calls"
node - "$S" "$d" "${PERSIST[*]}" "$HANG_BOUND_S" >"$S/analysis" 2>&1 <<'JS' || { cat "$S/analysis"; die "the recorded calls break a rule (above)"; }
const fs = require("fs"), path = require("path");
const [dir, store, persistList, hangS] = process.argv.slice(2);
const persist = new Set(persistList.split(" "));
const calls = [];
for (const f of fs.readdirSync(dir).filter((f) => f.startsWith("log."))) {
  for (const l of fs.readFileSync(path.join(dir, f), "utf8").split("\n").filter(Boolean)) {
    const [act, org, pat, s, e, rc, flag] = l.split("\t");
    calls.push({ act, org, pat, s: Number(s), e: Number(e), rc: Number(rc), flag, w: f.slice(4) });
  }
}
const fails = [];
const fail = (m) => { if (fails.length < 20) fails.push(m); else fails.length++; };
const id = new Map(); // PAT -> a printable name, so that no PAT is ever printed
const name = (p) => (p === "-" ? "nothing" : id.get(p) || "an unknown PAT");
const perAct = {};
let worst = { d: 0, c: null };
const storesByOrg = new Map();
for (const c of calls) {
  perAct[c.act] = (perAct[c.act] || 0) + 1;
  if (c.act === "store" || c.act === "add") {
    id.set(c.pat, `${c.act}#${c.w}/${id.size}`);
    if (!storesByOrg.has(c.org)) storesByOrg.set(c.org, []);
    storesByOrg.get(c.org).push(c);
  }
  if (c.act !== "get") {
    const d = c.e - c.s;
    if (d > worst.d) worst = { d, c };
  }
  if (c.rc !== 0 && !(c.act === "remove" && c.rc === 2))
    fail(`${c.act} ${c.org} exited ${c.rc} (worker ${c.w})`);
  if (c.flag === "B") fail(`get ${c.org} said the entry is damaged/not valid (worker ${c.w})`);
}
// Linearizability of what each get saw (W: the store of the PAT it answered; "entirely between"
// means: began after one call ended and ended before the other began, so the order is certain):
// - an answer X needs X's store W to have begun before the get ended; no store, and no successful
//   remove, of that organisation entirely between W and the get (X was replaced: a lost update or a
//   stale read); and no erase of X entirely between W and the get (it was rejected: a lost mark);
// - "rejected" (no answer) needs an erase of a stored PAT X, begun before the get ended and ended
//   after W began, with no store entirely between W and the get (else X was no longer current).
const byOrg = (act, org) => calls.filter((c) => c.act === act && c.org === org);
const erasesOf = new Map();
for (const c of calls.filter((c) => c.act === "erase")) {
  const k = c.org + "\t" + c.pat;
  if (!erasesOf.has(k)) erasesOf.set(k, []);
  erasesOf.get(k).push(c);
}
const between = (a, b) => (y) => y.s > a.e && y.e < b.s;
let answered = 0, empty = 0, rejectedSeen = 0;
for (const c of calls.filter((c) => c.act === "get")) {
  const stores = storesByOrg.get(c.org) || [];
  if (c.pat === "-") {
    empty++;
    if (c.flag === "R") {
      rejectedSeen++;
      const ok = stores.some((w) => (erasesOf.get(c.org + "\t" + w.pat) || []).some((e) =>
        e.s < c.e && e.e > w.s && !stores.some((y) => y !== w && between(w, c)(y))));
      if (!ok) fail(`get ${c.org} said "rejected", but no erase explains it: a complete store came after every erased PAT (a lost update)`);
    } else if (persist.has(c.org)) {
      fail(`get ${c.org} answered nothing without a "rejected" hint (persistent organisation, worker ${c.w})`);
    }
    continue;
  }
  answered++;
  const w = stores.find((s) => s.pat === c.pat);
  if (!w) { fail(`get ${c.org} answered ${name(c.pat)}, never stored for ${c.org}`); continue; }
  if (w.s > c.e) fail(`get ${c.org} answered ${name(c.pat)} before its store began`);
  const y = stores.find((y) => y !== w && between(w, c)(y));
  if (y) fail(`get ${c.org} answered ${name(c.pat)}, replaced before the get began by ${name(y.pat)} (a lost update)`);
  const r = byOrg("remove", c.org).find((r) => r.rc === 0 && between(w, c)(r));
  if (r) fail(`get ${c.org} answered ${name(c.pat)}, removed before the get began (a lost remove)`);
  const e = (erasesOf.get(c.org + "\t" + c.pat) || []).find(between(w, c));
  if (e) fail(`get ${c.org} answered ${name(c.pat)}, erased (rejected) before the get began (a lost rejected mark)`);
}
// the final state of the persistent organisations: the last writer wins
const finals = [];
for (const org of persist) {
  let j;
  try { j = JSON.parse(fs.readFileSync(path.join(store, org + ".json"), "utf8")); }
  catch (e) { fail(`${org}.json does not parse: ${e.message}`); continue; }
  const stores = storesByOrg.get(org) || [];
  const w = stores.find((s) => s.pat === j.pat);
  if (!w) { fail(`${org}: the stored PAT is none of the PATs stored for it`); continue; }
  const later = stores.filter((s) => s.s > w.e);
  if (later.length)
    fail(`${org}: lost update: it holds ${name(j.pat)}, but ${later.length} store(s) began after that one ended, e.g. ${name(later[0].pat)}`);
  const erases = erasesOf.get(org + "\t" + j.pat) || [];
  if (erases.some((e) => e.s > w.e) && !j.rejected) fail(`${org}: ${name(j.pat)} was erased after it was stored, but is not marked rejected`);
  if (j.rejected && !erases.some((e) => e.e > w.s)) fail(`${org}: ${name(j.pat)} is marked rejected, but no erase of it could have come after its store`);
  finals.push(`${org}: ${name(j.pat)} of ${stores.length} stores, rejected=${j.rejected ? 1 : 0}`);
}
console.log("calls per action: " + Object.keys(perAct).sort().map((a) => `${a} ${perAct[a]}`).join(", "));
console.log(`get: ${answered} answered, ${empty} empty (${rejectedSeen} of them "rejected")`);
for (const f of finals) console.log("final " + f);
console.log(`worst write (lock wait included): ${(worst.d / 1000).toFixed(1)} ms (${worst.c ? worst.c.act + " " + worst.c.org : "-"})`);
if (worst.d > Number(hangS) * 1e6) fail(`a ${worst.c.act} took ${(worst.d / 1e6).toFixed(1)} s (> ${hangS} s)`);
// (a sanitizer build on a busy machine makes far fewer calls; these minimums still mean a storm)
if ((perAct.store || 0) + (perAct.add || 0) < 20 || (perAct.get || 0) < 20 || (perAct.erase || 0) < 3)
  fail("too few calls to mean anything");
if (fails.length) { for (const f of fails) console.log("FAILED: " + f); process.exit(1); }
JS
sed 's/^/# /' "$S/analysis"
ok "no lost update, every get answer was a stored PAT of its organisation, no damaged entry seen"

say "the persistent organisations still serve their last PAT (unless the last word was an erase)"
declare -A FINAL_PAT FINAL_REJ
entries=()
for org in "${PERSIST[@]}"; do entries+=("$(store_file "$org")"); done
finals=$(node -e '
    for (const f of process.argv.slice(1)) {
        const e = JSON.parse(require("fs").readFileSync(f, "utf8"));
        console.log((e.rejected ? 1 : 0) + " " + e.pat);
    }' "${entries[@]}") # one node process for all the entries
i=0
while read -r rej final; do
    FINAL_REJ[${PERSIST[$i]}]=$rej
    FINAL_PAT[${PERSIST[$i]}]=$final
    i=$((i + 1))
done <<<"$finals"
[ "$i" -eq "${#PERSIST[@]}" ] || die "read $i of ${#PERSIST[@]} store entries"
for org in "${PERSIST[@]}"; do
    final=${FINAL_PAT[$org]}
    rej=${FINAL_REJ[$org]}
    run "final-get-$org" git-credential-gitzen get < <(req_for "$org")
    if [ "$rej" = 1 ]; then
        assert_empty_file "$RUN_OUT" "get $org (marked rejected by an erase)"
        assert_contains "$(cat "$RUN_ERR")" "rejected" "get $org stderr"
    else
        assert_serves "$RUN_OUT" "$final" "get $org"
        assert_empty_file "$RUN_ERR" "get $org stderr"
    fi
    rm -f "$RUN_OUT" # a get answer is the one place a PAT may appear
    no_leak "$final" "$T"/out/* "$S"/out.* "$S"/err.* "$S"/geterr.* "$S"/worker.*
done

say "no PAT in any output other than get's answers"
cut -f3 "$S"/log.* | grep -v '^-$' | sort -u >"$S/pats"
npats=$(wc -l <"$S/pats" | tr -d ' ')
leaks=$(cat "$S"/out.* "$S"/err.* "$S"/geterr.* "$S"/worker.* "$T"/out/* 2>/dev/null | grep -cF -f "$S/pats" || true)
assert_eq 0 "$leaks" "output lines containing any of the $npats PATs used"

figures=$(grep -E '^(calls per action|worst write)' "$S/analysis" | tr '\n' ';')
say "figures: $WORKERS workers x ${SECONDS_RUN} s (ran $elapsed ms); $figures"
