# shellcheck shell=bash disable=SC2034
# SPDX-License-Identifier: MIT
# lib.sh — sourced by the end-to-end test scripts (tests/e2e/t-*.sh), which run under sim-run.
#
# Environment from sim-run: T (temporary directory), TESTS_DIR, HOME, GIT_SSL_CAINFO, SIM_LOG,
# SIM_SCENARIO, SIM_CERT, SIM_KEY, GITZEN_BIN (may be empty). The scripts read like transcripts:
# every check prints one line ("ok - ..."), the first failure prints "FAIL: ..." and exits 1.
#
# Functions (see each one below):
#   say TEXT...                       print a transcript line ("# TEXT")
#   die MESSAGE...                    print "FAIL: MESSAGE" and exit 1
#   ok TEXT...                        print "ok - TEXT"
#   assert_eq EXPECTED ACTUAL [WHAT]
#   assert_contains HAYSTACK NEEDLE [WHAT]
#   assert_not_contains HAYSTACK NEEDLE [WHAT]
#   assert_file_mode MODE FILE        MODE in octal, e.g. 600 or 0700
#   assert_empty_file FILE [WHAT]
#   assert_same_file EXPECTED ACTUAL [WHAT]   the two files are byte-identical (else a diff)
#   assert_line TEXT ERE [WHAT]       some line of TEXT matches the extended regular expression ERE
#   fail_later MESSAGE...             print "FAIL: MESSAGE" and go on; the script exits 1 at the end
#   run NAME CMD...                   run CMD, stdin from the caller; stdout -> $T/out/NAME.out,
#                                     stderr -> $T/out/NAME.err; sets RUN_RC, RUN_OUT, RUN_ERR
#                                     (file names); never fails by itself. Feed stdin with a
#                                     redirection (run N cmd <file), not a pipe: a pipe runs
#                                     `run` in a subshell and the RUN_* variables are lost
#   need_bin PROGRAM                  fail unless PROGRAM is on PATH (e.g. git-credential-gitzen)
#   use_gitzen_bin                    for a test that needs the programs' directory: sets GITZEN_BIN
#                                     (absolute; unset: this checkout's build/bin) and puts it first
#                                     on PATH; fails unless it holds both programs
#   at_exit CMD                       run the command CMD (a string) when the script exits
#   new_pat / new_pat84 / new_guid    print a random PAT (52 of a-z2-7 / 84 alphanumerics) or GUID
#   pat_sha PAT                       print the 8-hex digest the simulator logs for PAT
#   make_repo BARE N                  make a bare repository with N commits; prints their SHAs,
#                                     oldest first, one a line
#   scenario_write                    write the scenario JSON given on stdin (atomically)
#   scenario_edit JS                  run JS with `s` bound to the scenario object, write it back
#   sim_start / sim_stop              start the simulator on 127.0.0.1:443 (waits for "ready" on a
#                                     FIFO) / stop it by its PID (also done on exit)
#   sim_mark                          print the number of requests logged so far
#   sim_count ENDPOINT [ORG]          number of logged requests to ENDPOINT (of ORG)
#   sim_log_count JS [MARK]           number of logged requests r for which JS is true (after MARK)
#   sim_log_counts MARK JS...         the same for several JS with one node process: SIM_COUNTS
#   sim_log_values JS FIELD [MARK]    distinct values of r[FIELD] over requests r matching JS
#   no_leak PAT FILE...               fail when PAT occurs in any FILE
#   assert_serves FILE PAT [WHAT]     FILE (get output) has the line password=PAT
#   git_helper_config                 configure git (global) to use gitzen for Azure DevOps
#   world_two_orgs                    repos + PAT_C/PAT_F + scenario for contoso and fabrikam
#   server_commit BARE MSG            add a commit to a bare repository; prints its SHA
#   store_dir / store_file ORG / store_sum   the helper store and a checksum of it
#   keyring_*                         a private session bus and a real keyring (keyring.sh)

set -eu
set -o pipefail
set -E
trap '_lib_on_err $LINENO "$BASH_COMMAND"' ERR
trap '_lib_on_exit' EXIT

: "${T:?lib.sh must run under tests/e2e/sim-run}"
SIM_JS="$TESTS_DIR/sim/azsim.js"
SIM_PID=""
LIB_AT_EXIT=()
LIB_FAILED_LATER=0
mkdir -p "$T/out"

_lib_on_err() {
    echo "FAIL: command failed (line $1): $2" >&2
}
_lib_on_exit() {
    local rc=$? cmd
    sim_stop
    keyring_bus_stop
    for cmd in "${LIB_AT_EXIT[@]}"; do
        eval "$cmd" || true
    done
    if [ "$rc" -eq 0 ] && [ "$LIB_FAILED_LATER" -gt 0 ]; then
        echo "FAIL: $LIB_FAILED_LATER check(s) failed" >&2
        exit 1
    fi
    if [ "$rc" -eq 0 ]; then
        echo "PASS: $(basename "$0")"
    fi
}

at_exit() { LIB_AT_EXIT+=("$1"); }

say() { printf '# %s\n' "$*"; }
ok() { printf 'ok - %s\n' "$*"; }
die() {
    printf 'FAIL: %s\n' "$*" >&2
    exit 1
}
fail_later() {
    printf 'FAIL: %s\n' "$*" >&2
    LIB_FAILED_LATER=$((LIB_FAILED_LATER + 1))
}

# Show a value for a message: control characters escaped, long values cut.
_show() {
    local v=$1
    if [ "${#v}" -gt 300 ]; then v="${v:0:300}...(${#1} bytes)"; fi
    printf '%s' "$v" | cat -v | sed ':a;N;$!ba;s/\n/\\n/g'
}

assert_eq() {
    local exp=$1 act=$2 what=${3:-value}
    if [ "$exp" != "$act" ]; then
        die "$what: expected [$(_show "$exp")] got [$(_show "$act")]"
    fi
    ok "$what = $(printf '%s' "$exp" | head -c 80 | tr '\n\r\033' '   ')"
}

assert_contains() {
    local hay=$1 needle=$2 what=${3:-text}
    case "$hay" in
        *"$needle"*) ok "$what contains '$needle'" ;;
        *) die "$what: does not contain [$needle]; it is [$(_show "$hay")]" ;;
    esac
}

assert_not_contains() {
    local hay=$1 needle=$2 what=${3:-text}
    case "$hay" in
        *"$needle"*) die "$what: must not contain [$(_show "$needle")]; it is [$(_show "$hay")]" ;;
        *) ok "$what does not contain '$(printf '%s' "$needle" | tr '\n\r\033' '   ')'" ;;
    esac
}

assert_file_mode() {
    local want=$1 f=$2 got
    [ -e "$f" ] || die "$f: does not exist (expected mode $want)"
    got=$(stat -c %a "$f")
    want=${want#0}; want=${want#0}
    [ "$got" = "$want" ] || die "$f: mode $got, expected $want"
    ok "mode of $f is $want"
}

assert_empty_file() {
    local f=$1 what=${2:-$1}
    [ -e "$f" ] || die "$what: missing"
    [ ! -s "$f" ] || die "$what: expected empty, got [$(_show "$(cat "$f")")]"
    ok "$what is empty"
}

assert_same_file() {
    local exp=$1 act=$2 what=${3:-$2}
    if ! cmp -s -- "$exp" "$act"; then
        diff -u -- "$exp" "$act" >&2 || true
        die "$what: $act differs from $exp (diff above)"
    fi
    ok "$what"
}

assert_line() {
    local text=$1 ere=$2 what=${3:-text}
    grep -Eq -- "$ere" <<<"$text" || die "$what: no line matches /$ere/ in:
$text"
    ok "$what"
}

run() {
    local name=$1
    shift
    RUN_OUT="$T/out/$name.out"
    RUN_ERR="$T/out/$name.err"
    RUN_RC=0
    "$@" >"$RUN_OUT" 2>"$RUN_ERR" || RUN_RC=$?
}

need_bin() {
    command -v "$1" >/dev/null 2>&1 ||
        die "$1 not found on PATH (GITZEN_BIN=${GITZEN_BIN:-unset}); build the project first"
}

use_gitzen_bin() {
    local d=${GITZEN_BIN:-$TESTS_DIR/../build/bin}
    [ -x "$d/git-gitzen" ] && [ -x "$d/git-credential-gitzen" ] ||
        die "no git-gitzen and git-credential-gitzen in $d (GITZEN_BIN=${GITZEN_BIN:-unset, so the build/bin of this checkout}); build first, or set GITZEN_BIN"
    GITZEN_BIN=$(cd "$d" && pwd)
    PATH=$GITZEN_BIN:$PATH
    export GITZEN_BIN PATH
}

_random_chars() { # SET LENGTH
    local s=""
    while [ "${#s}" -lt "$2" ]; do
        s+=$(head -c 512 /dev/urandom | LC_ALL=C tr -dc "$1")
    done
    printf '%s\n' "${s:0:$2}"
}

new_pat() { _random_chars 'a-z2-7' 52; }      # 52 characters of a-z2-7
new_pat84() { _random_chars 'A-Za-z0-9' 84; } # 84 letters and digits

new_guid() { # a random (version 4) UUID from the kernel: no process spawned
    local g
    read -r g </proc/sys/kernel/random/uuid
    printf '%s\n' "$g"
}

pat_sha() {
    printf '%s' "$1" | sha256sum | cut -c1-8
}

make_repo() {
    local bare=$1 n=$2 wt i name
    name=$(basename "$bare" .git)
    mkdir -p "$(dirname "$bare")"
    if [ "$n" -eq 0 ]; then
        git init -q --bare -b main "$bare"
        return 0
    fi
    wt=$(mktemp -d "$T/wt.XXXXXX")
    git init -q -b main "$wt"
    for i in $(seq 1 "$n"); do
        echo "line $i of $name" >>"$wt/file.txt"
        git -C "$wt" add file.txt
        GIT_AUTHOR_DATE="@$((1700000000 + i * 60)) +0000" GIT_COMMITTER_DATE="@$((1700000000 + i * 60)) +0000" \
            git -C "$wt" -c user.name="Alice Example" -c user.email=alice@contoso.com \
            commit -q -m "Commit $i of $name" -m "Second paragraph of commit $i."
    done
    git clone -q --bare "$wt" "$bare"
    rm -rf "$wt"
    git -C "$bare" rev-list --reverse main
}

# Reads JSON on stdin, checks it parses, writes it to $SIM_SCENARIO through a rename, so the
# simulator (which reloads on change) never sees half a file.
scenario_write() {
    local tmp="$SIM_SCENARIO.tmp.$$"
    cat >"$tmp"
    node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$tmp" ||
        die "scenario_write: not valid JSON"
    mv -f "$tmp" "$SIM_SCENARIO"
}

# scenario_edit 's.pats[0].revoked = true'
scenario_edit() {
    local tmp="$SIM_SCENARIO.tmp.$$"
    node -e '
        const fs = require("fs");
        const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
        (new Function("s", process.argv[3]))(s);
        fs.writeFileSync(process.argv[2], JSON.stringify(s, null, 2) + "\n");
    ' "$SIM_SCENARIO" "$tmp" "$1" || die "scenario_edit failed: $1"
    mv -f "$tmp" "$SIM_SCENARIO"
}

sim_start() {
    [ -f "$SIM_SCENARIO" ] || die "sim_start: write the scenario first ($SIM_SCENARIO)"
    [ -z "$SIM_PID" ] || die "sim_start: the simulator is already running"
    local fifo="$T/sim.ready" line="" fd waited=0
    rm -f "$fifo"
    mkfifo "$fifo"
    : >>"$SIM_LOG"
    node "$SIM_JS" --scenario "$SIM_SCENARIO" --cert "$SIM_CERT" --key "$SIM_KEY" \
        --port 443 --log "$SIM_LOG" --ready "$fifo" >>"$T/sim.out" 2>>"$T/sim.err" &
    SIM_PID=$!
    # Opened read-write so that the open never blocks; the wait is bounded and notices a dead sim.
    exec {fd}<>"$fifo"
    while ! read -r -t 1 -u "$fd" line; do
        if ! kill -0 "$SIM_PID" 2>/dev/null; then
            exec {fd}<&-
            SIM_PID=""
            die "the simulator exited before it was ready: $(tail -n 5 "$T/sim.err")"
        fi
        waited=$((waited + 1))
        [ "$waited" -lt 30 ] || die "the simulator was not ready after 30 s"
    done
    exec {fd}<&-
    rm -f "$fifo"
    [ "$line" = ready ] || die "the simulator did not start: $line"
    say "simulator started (pid $SIM_PID)"
}

sim_stop() {
    if [ -n "${SIM_PID:-}" ]; then
        kill -TERM "$SIM_PID" 2>/dev/null || true
        wait "$SIM_PID" 2>/dev/null || true
        SIM_PID=""
    fi
}

sim_mark() {
    if [ -f "$SIM_LOG" ]; then wc -l <"$SIM_LOG" | tr -d ' '; else echo 0; fi
}

# sim_log_count 'r.endpoint === "commit" && r.status === 200' [MARK]
sim_log_count() {
    sim_log_counts "${2:-0}" "$1"
    echo "${SIM_COUNTS[0]}"
}

# sim_log_counts MARK JS...: the counts of several queries with one node process, in the array
# SIM_COUNTS (in the order of the JS arguments)
sim_log_counts() {
    local out
    out=$(node -e '
        const fs = require("fs");
        let lines = [];
        try { lines = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean); } catch (e) {}
        const rs = lines.slice(Number(process.argv[2] || 0)).map((l) => JSON.parse(l));
        const counts = process.argv.slice(3).map((js) => {
            const f = new Function("r", "return (" + js + ");");
            return rs.filter((r) => f(r)).length;
        });
        console.log(counts.join(" "));
    ' "$SIM_LOG" "$@") || die "sim_log_counts: a query failed: ${*:2}"
    read -ra SIM_COUNTS <<<"$out"
    [ "${#SIM_COUNTS[@]}" -eq $(($# - 1)) ] || die "sim_log_counts: $(($# - 1)) queries, ${#SIM_COUNTS[@]} counts"
}

# sim_log_values 'r.org === "contoso"' pat_sha [MARK] — distinct values, sorted, one a line
sim_log_values() {
    node -e '
        const fs = require("fs");
        const f = new Function("r", "return (" + process.argv[2] + ");");
        let lines = [];
        try { lines = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean); } catch (e) {}
        lines = lines.slice(Number(process.argv[4] || 0));
        const v = new Set(lines.map((l) => JSON.parse(l)).filter((r) => f(r)).map((r) => String(r[process.argv[3]])));
        for (const x of [...v].sort()) console.log(x);
    ' "$SIM_LOG" "$1" "$2" "${3:-0}"
}

sim_count() {
    local ep=$1 org=${2:-}
    org=${org,,}
    if [ -n "$org" ]; then
        sim_log_count "r.endpoint === $(_js_str "$ep") && r.org === $(_js_str "$org")"
    else
        sim_log_count "r.endpoint === $(_js_str "$ep")"
    fi
}

_js_str() { # a JavaScript string literal of $1 (no control characters), without spawning node
    local v=$1
    case $v in *[[:cntrl:]]*) die "_js_str: a control character in [$(_show "$v")]" ;; esac
    v=${v//\\/\\\\}
    v=${v//\"/\\\"}
    printf '"%s"' "$v"
}

no_leak() {
    local pat=$1 f
    shift
    [ -n "$pat" ] || die "no_leak: empty PAT"
    for f in "$@"; do
        [ -e "$f" ] || continue
        if grep -qF -- "$pat" "$f"; then
            die "the PAT leaked into $f"
        fi
    done
    ok "PAT $(pat_sha "$pat") not in any of $# files ($(for f in "$@"; do printf '%s ' "${f#"$T"/}"; done | cut -c1-100))"
}

git_helper_config() {
    local u
    for u in https://dev.azure.com 'https://*.visualstudio.com'; do
        git config --global --replace-all "credential.$u.helper" ""
        git config --global --add "credential.$u.helper" gitzen
        git config --global "credential.$u.useHttpPath" true
    done
}

# world_two_orgs: the common world of the helper tests. Makes contoso/Web/web (3 commits) and
# fabrikam/Api/api (2 commits), PAT_C (contoso, alice, 52 chars) and PAT_F (fabrikam, bob,
# 84 chars), both with vso.code_write, and writes the scenario (the simulator is not started).
# Sets WEB_SHAS, API_SHAS (arrays), REPOS, URL_C, URL_F, ALICE_ID, BOB_ID.
world_two_orgs() {
    REPOS="$T/repos"
    mapfile -t WEB_SHAS < <(make_repo "$REPOS/contoso/web.git" 3)
    mapfile -t API_SHAS < <(make_repo "$REPOS/fabrikam/api.git" 2)
    [ "${#WEB_SHAS[@]}" -eq 3 ] && [ "${#API_SHAS[@]}" -eq 2 ] || die "world_two_orgs: making the repositories failed"
    PAT_C=$(new_pat)
    PAT_F=$(new_pat84)
    ALICE_ID=$(new_guid)
    BOB_ID=$(new_guid)
    URL_C=https://dev.azure.com/contoso/Web/_git/web
    URL_F=https://dev.azure.com/fabrikam/Api/_git/api
    scenario_write <<JSON
{
  "orgs": {
    "contoso": {"id": "$(new_guid)",
      "users": {"alice": {"id": "$ALICE_ID", "display": "Alice Example", "unique": "alice@contoso.com"}},
      "projects": {"Web": {"id": "$(new_guid)", "repos": {"web": {"id": "$(new_guid)", "path": "$REPOS/contoso/web.git"}}}}},
    "fabrikam": {"id": "$(new_guid)",
      "users": {"bob": {"id": "$BOB_ID", "display": "Bob Builder", "unique": "bob@fabrikam.com"}},
      "projects": {"Api": {"id": "$(new_guid)", "repos": {"api": {"id": "$(new_guid)", "path": "$REPOS/fabrikam/api.git"}}}}}
  },
  "pats": [
    {"token": "$PAT_C", "org": "contoso", "user": "alice",
     "scopes": ["vso.code_write", "vso.work_write", "vso.identity", "vso.project", "vso.serviceendpoint_query"]},
    {"token": "$PAT_F", "org": "fabrikam", "user": "bob",
     "scopes": ["vso.code_write", "vso.work_write", "vso.identity", "vso.project", "vso.serviceendpoint_query"]}
  ],
  "faults": []
}
JSON
}

# server_commit BARE MESSAGE: add one commit to main of a bare repository (as another developer
# pushing would); prints its SHA.
server_commit() {
    local bare=$1 msg=$2 wt
    wt=$(mktemp -d "$T/wt.XXXXXX")
    git clone -q "$bare" "$wt/c"
    echo "$msg" >>"$wt/c/file.txt"
    git -C "$wt/c" -c user.name="Carol" -c user.email=carol@example.com commit -qam "$msg"
    git -C "$wt/c" push -q origin HEAD:main
    git -C "$wt/c" rev-parse HEAD
    rm -rf "$wt"
}

# The store directory and an organisation's file (docs/contract.md, "The state directory").
store_dir() { echo "${XDG_CONFIG_HOME:-$HOME/.config}/gitzen"; }
store_file() { echo "$(store_dir)/$(printf '%s' "$1" | tr 'A-Z' 'a-z').json"; }

# A checksum of everything in the store (names, modes, contents), to prove nothing changed.
store_sum() {
    local d
    d=$(store_dir)
    if [ -d "$d" ]; then
        (cd "$d" && find . -type f ! -name '*.lock' -printf '%p %m\n' | sort && find . -type f ! -name '*.lock' -print0 | sort -z | xargs -0r cat) | sha256sum | cut -c1-16
    else
        echo none
    fi
}

# assert_serves FILE PAT [WHAT]: FILE (a helper's `get` stdout) has the line password=PAT.
# The PAT is named by its digest only, so the transcript never shows a token.
assert_serves() {
    local f=$1 pat=$2 what=${3:-get}
    grep -qxF -- "password=$pat" "$f" ||
        die "$what: expected password=<PAT $(pat_sha "$pat")>, got $(wc -c <"$f") bytes: $(sed 's/^password=.*/password=<redacted>/' "$f" | cat -v | tr '\n' ' ')"
    ok "$what serves PAT $(pat_sha "$pat")"
}

# The keyring functions (a private session bus, a real gnome-keyring-daemon) live in keyring.sh,
# which bench/keyring.sh uses too.
# shellcheck source=keyring.sh
. "$TESTS_DIR/e2e/keyring.sh"
