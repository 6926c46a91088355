#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hardening: bad input from everywhere but the store.
#
# A. Command-line arguments for every `git gitzen` command (and as the command itself): one huge
#    argument (131,000 bytes: Linux refuses a single argument over 128 KiB), 1 MB in 8 of them,
#    an empty one, control characters, ANSI and OSC escapes; also as option values (--expires).
#    Each: exit 2, a clear error ("error:" or "usage:") on stderr, at most 8 KiB of it, nothing
#    changed (store and ~/.gitconfig checksums).
# B. Hostile answers from "Azure DevOps" to `git gitzen validate` and `git gitzen resolve`
#    (simulator faults; tools/rawhttps.js for bytes the simulator cannot send): an 8 MB body (the
#    cap is 4 MiB), JSON nested 100,000 deep, an answer slower than gitzen.timeout=2 and one that
#    trickles in forever, wrong content types (text/plain JSON, application/xml), invalid UTF-8 and
#    a C1 control (U+009B, the 8-bit CSI) in error messages, a redirect to another host (never
#    followed: the simulator logs no request to it), error messages carrying ANSI escapes with
#    status 400, 401 and 500. Each: the documented exit status, within a time bound, no crash, the
#    stored entry unchanged when Azure DevOps could not be read (exit 3), and the message shown.
# C. A terminal that goes away while the PAT is typed (tools/ptyrun.c runs `git gitzen add` on a
#    pseudo-terminal): the prompt hides the input; a hang-up and Ctrl-D end with a clear message
#    and exit 2, nothing stored; after Ctrl-C the terminal's echo is back on (as Git's own prompt
#    restores it); a PAT typed with Enter is stored and never echoed.
# Everything printed (stdout and stderr of every case) must be valid UTF-8 without a raw ESC or
# any other C0/C1 control character but newline and tab: what comes from the command line or the
# network is shown escaped. All cases run; failures are listed at the end; the case count is
# printed.
#
# Each check can fail: printing an argument or a server message with %s puts the ESC on the
# user's terminal; following redirects sends the PAT to the other host (logged by the simulator);
# without a total timeout the trickle never ends (ptyrun and the bounds catch it); a prompt that
# restores the terminal only on the normal path leaves echo off after Ctrl-C.
. "$(dirname "$0")/lib.sh"
need_bin git-gitzen
need_bin git-credential-gitzen
world_two_orgs
sim_start
printf '%s\n' "$PAT_C" >"$T/pat_c"
run setup-add git gitzen add contoso --pat-stdin <"$T/pat_c"
assert_eq 0 "$RUN_RC" "add contoso (validated)"
git config --global gitzen.timeout 2
cc -O2 -o "$T/ptyrun" "$TESTS_DIR/e2e/tools/ptyrun.c" || die "cannot build tools/ptyrun.c"
mkdir -p "$T/norepo"

NCASES=0
FAILS=()
CASE=""
CHECK_FILES=()
soft() {
    FAILS+=("$CASE: $1")
    echo "not ok - $CASE: $1"
}
begin() {
    CASE=$1
    NCASES=$((NCASES + 1))
}
text_checked() { CHECK_FILES+=("$RUN_OUT" "$RUN_ERR"); }
now_ms() { local t=$EPOCHREALTIME; t=${t/./}; echo $((t / 1000)); }
gitcfg_sum() { sha256sum "$HOME/.gitconfig" 2>/dev/null | cut -c1-16; }

# ---------------------------------------------------------------------------------------------
say "A. hostile command-line arguments"
HUGE=$(head -c 131000 /dev/zero | tr '\0' a)
argset() { # NAME: fills A with the arguments
    case $1 in
        huge) A=("$HUGE") ;;
        mb) A=("$HUGE" "$HUGE" "$HUGE" "$HUGE" "$HUGE" "$HUGE" "$HUGE" "$HUGE") ;;
        empty) A=("") ;;
        control) A=($'con\ntoso\r\x01\x7f') ;;
        ansi) A=($'\e[31mcontoso\e[0m') ;;
        osc) A=($'\e]0;pwned\a\e[2J') ;;
    esac
}
sum_store0=$(store_sum)
sum_cfg0=$(gitcfg_sum)
cli_case() { # NAME CMD-WORDS...: must exit 2 with a clear error
    begin "$1"
    shift
    run "$CASE" git gitzen "$@" </dev/null
    text_checked
    [ "$RUN_RC" -eq 2 ] || soft "exit status $RUN_RC, not 2"
    grep -qE '^(error|usage):' "$RUN_ERR" || soft "no 'error:' or 'usage:' line on stderr"
    [ "$(wc -c <"$RUN_ERR")" -le 8192 ] || soft "$(wc -c <"$RUN_ERR") bytes on stderr (the argument echoed in full?)"
}
for cmd in add list validate remove configure unconfigure doctor resolve; do
    for a in huge mb empty control ansi osc; do
        argset "$a"
        cli_case "cli-$cmd-$a" "$cmd" "${A[@]}"
    done
done
for a in huge mb empty control ansi osc; do
    argset "$a"
    cli_case "cli-command-$a" "${A[@]}"
done
for a in huge empty control ansi osc; do
    argset "$a"
    cli_case "cli-add-expires-$a" add fabrikam --pat-stdin --expires "${A[0]}"
    cli_case "cli-validate-json-$a" validate --json "${A[0]}"
done
assert_eq "$sum_store0" "$(store_sum)" "store checksum after the command-line cases"
assert_eq "$sum_cfg0" "$(gitcfg_sum)" "\$HOME/.gitconfig checksum after the command-line cases"

# ---------------------------------------------------------------------------------------------
say "B. hostile answers from Azure DevOps"
echo "127.0.0.1 evil.visualstudio.com" >>"$T/hosts"
SNAP="$T/store-snap"
cp -a "$(store_dir)" "$SNAP"
restore_store() {
    rm -rf "$(store_dir)"
    cp -a "$SNAP" "$(store_dir)"
}
printf 'Customer issue, fixed in gz#contoso/Web/web@%s.\n' "${WEB_SHAS[0]}" >"$T/ticket.txt"
VPATH=/contoso/_apis/connectionData
RPATH=/contoso/Web/_apis/git/

say "   controls: without faults validate and resolve succeed"
run ctl-validate git gitzen validate contoso
assert_eq 0 "$RUN_RC" "validate without faults"
run ctl-resolve git -C "$T/norepo" gitzen resolve --json "$T/ticket.txt"
assert_eq 0 "$RUN_RC" "resolve without faults"
assert_contains "$(cat "$RUN_OUT")" '"status":"resolved"' "resolve output"
restore_store

# hostile KIND NAME "RCS" BOUND_S [NEEDLE]: runs validate (KIND v / vj for --json) or resolve
# (r / rj) against the faults in place; checks exit status in RCS, duration, needle in the
# output, store unchanged when the exit status is 3
hostile() {
    local kind=$1 rcs=$3 bound=$4 needle=${5:-} t0 ms sum0
    begin "$2-$kind"
    sum0=$(store_sum)
    t0=$(now_ms)
    case $kind in
        v) run "$CASE" git gitzen validate contoso ;;
        vj) run "$CASE" git gitzen validate --json contoso ;;
        r) run "$CASE" git -C "$T/norepo" gitzen resolve "$T/ticket.txt" ;;
        rj) run "$CASE" git -C "$T/norepo" gitzen resolve --json "$T/ticket.txt" ;;
    esac
    ms=$(($(now_ms) - t0))
    text_checked
    case " $rcs " in *" $RUN_RC "*) ;; *) soft "exit status $RUN_RC, expected one of: $rcs" ;; esac
    [ "$RUN_RC" -lt 128 ] || soft "crashed (exit status $RUN_RC)"
    ((ms <= bound * 1000)) || soft "took $ms ms (bound $bound s)"
    if [ -n "$needle" ] && ! grep -qiE -- "$needle" "$RUN_OUT" "$RUN_ERR"; then
        soft "the output does not say /$needle/: [$(cat "$RUN_OUT" "$RUN_ERR" | head -c 300 | cat -v | tr '\n' ' ')]"
    fi
    if [ "$RUN_RC" -eq 3 ] && [ "$sum0" != "$(store_sum)" ]; then
        soft "the stored entry changed although Azure DevOps could not be read"
    fi
    if [[ $kind == ?j ]] && [ -s "$RUN_OUT" ] &&
        ! node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$RUN_OUT" 2>/dev/null; then
        soft "--json printed something that is not JSON"
    fi
    echo "# $CASE: exit $RUN_RC in $ms ms: $(cat "$RUN_OUT" "$RUN_ERR" | grep -aiE 'error|warning|unreachable|rejected|could not|answered|larger|timed|unexpected' | head -n 2 | cut -c1-160 | tr '\n' ' ' | cat -v)"
    restore_store
}
fault() { # JS fault object(s) for scenario.faults
    scenario_edit "s.faults = [$1]"
}

# 1. an 8 MB body (over the 4 MiB cap), complete and valid JSON
fault "{host: 'dev.azure.com', path_prefix: '$VPATH', status: 200, body: '[' + '0,'.repeat(4 * 1024 * 1024) + '0]'}"
hostile v huge-body "3" 30 'larger|size|too (big|large)|exceed'
fault "{host: 'dev.azure.com', path_prefix: '$RPATH', status: 200, body: '{\"count\":1,\"value\":[' + '0,'.repeat(4 * 1024 * 1024) + '0]}'}"
hostile rj huge-body "3" 30 'larger|size|too (big|large)|exceed'

# 2. JSON nested 100,000 deep
fault "{host: 'dev.azure.com', path_prefix: '$VPATH', status: 200, body: '['.repeat(100000)}"
hostile v nested-200 "3" 15 'unexpected'
fault "{host: 'dev.azure.com', path_prefix: '$VPATH', status: 401, body: '{\"message\":' + '['.repeat(100000)}"
hostile v nested-401 "1" 15 'rejected'
fault "{host: 'dev.azure.com', path_prefix: '$RPATH', status: 200, body: '{\"count\":1,\"value\":' + '['.repeat(100000) + ']'.repeat(100000) + '}'}"
hostile rj nested-200 "1 3" 15

# 3. slower than gitzen.timeout (2 s): 3 attempts of 2 s and the backoff, then a clear message
fault "{host: 'dev.azure.com', path_prefix: '$VPATH', delay_ms: 5000}"
hostile v slow "3" 20 'timed? ?out|timeout'
fault "{host: 'dev.azure.com', path_prefix: '$RPATH', delay_ms: 5000}"
hostile r slow "3" 20 'timed? ?out|timeout'

# 4. wrong content types
fault "{host: 'dev.azure.com', path_prefix: '$VPATH', status: 401, content_type: 'text/plain', body: '{\"message\":\"TF400813: not authorized\",\"typeKey\":\"UnauthorizedRequestException\"}'}"
hostile v ctype-text-plain-401 "1" 15 'rejected'
fault "{host: 'dev.azure.com', path_prefix: '$VPATH', status: 200, content_type: 'application/xml', body: '<?xml version=\"1.0\"?><connectionData><user id=\"x\"/></connectionData>'}"
hostile v ctype-xml-200 "3" 15 'unexpected'
fault "{host: 'dev.azure.com', path_prefix: '$RPATH', status: 200, content_type: 'text/plain; charset=utf-8', body: JSON.stringify({count: 1, value: [{commitId: '${WEB_SHAS[0]}', comment: 'Commit 1 of web'}]})}"
hostile rj ctype-text-plain-200 "0 1 3" 15
fault "{host: 'dev.azure.com', path_prefix: '$RPATH', status: 200, content_type: 'application/xml', body: '<?xml version=\"1.0\"?><commits/>'}"
hostile rj ctype-xml-200 "1 3" 15

# 5. a redirect to another host: never followed (the simulator would log the request)
fault "{host: 'dev.azure.com', path_prefix: '$VPATH', status: 302, redirect: 'https://evil.visualstudio.com/_apis/connectionData?steal=1'}"
mark=$(sim_mark)
hostile v redirect "1" 15 'sign-in|redirect|rejected'
fault "{host: 'dev.azure.com', path_prefix: '$RPATH', status: 302, redirect: 'https://evil.visualstudio.com/contoso/Web/_apis/git/repositories/web/commitsbatch'}"
hostile rj redirect "1 3" 15
CASE=redirect-log
assert_eq 0 "$(sim_log_count 'r.host.startsWith("evil.")' "$mark")" "requests to evil.visualstudio.com after the redirects"

# 6. server messages carrying terminal escapes (shown escaped) and a C1 control
EVIL='{\"message\":\"\\u001b[31mEVIL\\u001b[0m\\u001b]0;pwned\\u0007\",\"typeKey\":\"X\"}'
for st in 400 401 500; do
    fault "{host: 'dev.azure.com', path_prefix: '$VPATH', status: $st, body: '$EVIL'}"
    case $st in 401) want=1 ;; *) want=3 ;; esac
    hostile v "ansi-$st" "$want" 15 'EVIL'
    [ "$st" = 500 ] || hostile vj "ansi-$st" "$want" 15 'EVIL'
done
fault "{host: 'dev.azure.com', path_prefix: '$RPATH', status: 400, body: '$EVIL'}"
hostile r ansi-400 "3" 15 'EVIL'
hostile rj ansi-400 "3" 15 'EVIL'
fault "{host: 'dev.azure.com', path_prefix: '$VPATH', status: 400, body: '{\"message\":\"\\u009b31mC1EVIL\\u009b0m\",\"typeKey\":\"X\"}'}"
hostile v c1-csi-400 "3" 15 'C1EVIL'
hostile vj c1-csi-400 "3" 15 'C1EVIL'
fault ""

# 7. bytes the simulator cannot send: invalid UTF-8 in a message; a body that never ends
RAW_PID=""
raw_start() { # SPEC-JSON
    local fifo="$T/raw.ready" line="" fd
    printf '%s' "$1" >"$T/raw.spec"
    sim_stop
    rm -f "$fifo"
    mkfifo "$fifo"
    node "$TESTS_DIR/e2e/tools/rawhttps.js" --spec "$T/raw.spec" --cert "$SIM_CERT" --key "$SIM_KEY" \
        --log "$T/raw.log" --ready "$fifo" >>"$T/raw.out" 2>&1 &
    RAW_PID=$!
    exec {fd}<>"$fifo"
    read -r -t 20 -u "$fd" line || true
    exec {fd}<&-
    [ "$line" = ready ] || die "rawhttps did not start: $line $(tail -n 3 "$T/raw.out")"
}
raw_stop() {
    if [ -n "$RAW_PID" ]; then
        kill -TERM "$RAW_PID" 2>/dev/null || true
        wait "$RAW_PID" 2>/dev/null || true
        RAW_PID=""
    fi
    sim_start >/dev/null
}
BADUTF8=$(printf '{"message":"bad \xff\xfe bytes \xc3\x28 \xed\xa0\x80 \xc2\x9b31mRAWEVIL","typeKey":"X"}' | od -An -tx1 | tr -d ' \n')
raw_start "{\"status\": 400, \"headers\": {\"Content-Type\": \"application/json; charset=utf-8\"}, \"body_hex\": \"$BADUTF8\"}"
hostile v invalid-utf8-400 "3" 15 'RAWEVIL'
hostile vj invalid-utf8-400 "3" 15 'RAWEVIL'
hostile r invalid-utf8-400 "3" 15 'RAWEVIL'
raw_stop
raw_start '{"status": 200, "headers": {"Content-Type": "application/json"}, "drip_ms": 300, "drip_hex": "5b"}'
hostile v drip "3" 20 'timed? ?out|timeout'
raw_stop

# ---------------------------------------------------------------------------------------------
say "C. a terminal that goes away while the PAT is typed"
PTY="$T/ptyrun"
sum_store0=$(store_sum)
pty_case() { # NAME ORG STEPS...: runs `git gitzen add ORG` on a pty; sets PTY_OUT (report lines)
    local org=$2
    begin "$1"
    shift 2
    run "$CASE" "$PTY" -t 20 -o "$T/out/$CASE.tty" "$@" -- git gitzen add "$org"
    text_checked
    PTY_OUT=$(cat "$RUN_OUT")
    [ "$RUN_RC" -eq 0 ] || soft "ptyrun exited $RUN_RC: $PTY_OUT $(head -c 200 "$RUN_ERR")"
    echo "# $CASE: $(echo "$PTY_OUT" | tr '\n' ' ') stderr: $(head -c 160 "$RUN_ERR" | tr '\n' ' ' | cat -v)"
}
pty_expect() { # LINE: PTY_OUT must have it
    grep -qxF -- "$1" <<<"$PTY_OUT" || soft "expected '$1', got: $(echo "$PTY_OUT" | tr '\n' ' ')"
}
PARTIAL=${PAT_F:0:30}
pty_case tty-hangup northwind expect:"input hidden" noecho echo? "send:$PARTIAL" close wait
pty_expect "echo=off"
pty_expect "exit=2"
grep -qiE 'terminal (closed|went away|hung up)' "$RUN_ERR" || soft "no clear message on stderr"
[ "$(grep -c '^error:' "$RUN_ERR")" -eq 1 ] || soft "$(grep -c '^error:' "$RUN_ERR") error lines on stderr, not one"
[ "$sum_store0" = "$(store_sum)" ] || soft "something was stored"
[ ! -e "$(store_file northwind)" ] || soft "an entry for northwind appeared"

pty_case tty-ctrl-d northwind expect:"input hidden" noecho 'send:\x04' wait
pty_expect "exit=2"
pty_expect "echo_after=on"
grep -qiE 'terminal|no PAT|nothing was stored' "$RUN_ERR" || soft "no clear message on stderr"
[ "$sum_store0" = "$(store_sum)" ] || soft "something was stored"

pty_case tty-ctrl-c northwind expect:"input hidden" noecho "send:$PARTIAL" 'send:\x03' wait
grep -qE '^(signal=2|exit=(1|2|130))$' <<<"$PTY_OUT" || soft "did not stop on Ctrl-C: $(echo "$PTY_OUT" | tr '\n' ' ')"
pty_expect "echo_after=on"
[ "$sum_store0" = "$(store_sum)" ] || soft "something was stored"

pty_case tty-typed fabrikam expect:"input hidden" noecho echo? "send:$PAT_F\n" wait
pty_expect "echo=off"
pty_expect "exit=0"
pty_expect "echo_after=on"
if grep -qF -- "$PAT_F" "$T/out/$CASE.tty"; then soft "the PAT was echoed on the terminal"; fi
printf 'protocol=https\nhost=dev.azure.com\npath=fabrikam/Api/_git/api\n' >"$T/req-f"
run tty-typed-get git-credential-gitzen get <"$T/req-f"
grep -qxF "password=$PAT_F" "$RUN_OUT" || soft "the typed PAT is not served"
rm -f "$RUN_OUT"

# ---------------------------------------------------------------------------------------------
say "every output: valid UTF-8, no raw ESC, no other C0/C1 control but newline and tab"
node - "$T" "${CHECK_FILES[@]}" >"$T/textcheck" <<'JS'
const fs = require("fs");
const T = process.argv[2];
const seen = new Set();
for (const f of process.argv.slice(3)) {
  if (seen.has(f) || !fs.existsSync(f)) continue;
  seen.add(f);
  const b = fs.readFileSync(f);
  const name = f.slice(T.length + 5).replace(/\.(out|err)$/, "");
  const which = f.endsWith(".err") ? "stderr" : "stdout";
  if (b.includes(0x1b)) { console.log(`${name}\t${which} has a raw ESC`); continue; }
  let s;
  try { s = new TextDecoder("utf-8", { fatal: true }).decode(b); }
  catch (e) { console.log(`${name}\t${which} is not valid UTF-8`); continue; }
  const m = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.exec(s);
  if (m) console.log(`${name}\t${which} has the control character U+${m[0].charCodeAt(0).toString(16).padStart(4, "0")}`);
}
JS
while IFS=$'\t' read -r c problem; do
    CASE=$c
    soft "$problem"
done <"$T/textcheck"

for p in "$PAT_C" "$PAT_F"; do no_leak "$p" "$T"/out/* "$T/raw.log" "$SIM_LOG"; done

nbad=0
[ "${#FAILS[@]}" -eq 0 ] || nbad=$(printf '%s\n' "${FAILS[@]}" | cut -d: -f1 | sort -u | wc -l | tr -d ' ')
say "$NCASES bad-input cases: $((NCASES - nbad)) handled, $nbad with ${#FAILS[@]} failed checks"
if [ "${#FAILS[@]}" -gt 0 ]; then
    printf '  %s\n' "${FAILS[@]}" | sed "s|$T|\$T|g" | cut -c1-400 >&2
    die "${#FAILS[@]} checks failed over $NCASES bad-input cases (listed above)"
fi
