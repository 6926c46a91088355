#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hardening: a store in a bad state (README, "How tokens are stored": gitzen refuses a damaged,
# unsafe or foreign entry with a one-line message that says how to fix it, never serves a PAT from
# it and never overwrites or deletes it).
#
# Each case starts from a clean store holding a good fabrikam entry and a good contoso entry, then
# spoils contoso's entry (or the state directory). Then, for every case:
# - `get` for contoso: nothing on stdout, exactly ONE line on stderr that names the file (or the
#   directory) and says what to do (move it aside / chmod / chown / replace / upgrade / run: ...),
#   no raw ESC, exit status < 128 (no crash);
# - the helper's `store` of a new PAT and `erase` of the old one change nothing (a checksum of the
#   whole configuration directory, symbolic-link targets included, before and after);
# - `git gitzen list` and `list --json` exit 2 naming the problem; what `--json` prints still
#   parses; `git gitzen add contoso --pat-stdin --no-validate` and `git gitzen validate contoso`
#   exit 2 naming it (no network needed: no simulator runs); nothing changes.
# All cases run; the failures are listed at the end (the test fails if there is any). The count
# of cases is printed.
#
# Each check can fail: a loader that follows symbolic links, skips the mode/owner check or takes
# the last valid-looking fields of a half-parsed file serves the PAT; a store that "repairs" a
# damaged entry by writing a fresh one changes the checksum; a list that prints a separator before
# a skipped entry prints invalid JSON.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen

CFG="$HOME/.config"
ROOT="$CFG/gitzen"
F="$ROOT/contoso.json"
ELSE="$T/elsewhere"
PAT_C=$(new_pat)
PAT_F=$(new_pat84)
NEW=$(new_pat)
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$T/req-get"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$NEW" >"$T/req-store-new"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$PAT_C" >"$T/req-erase"
printf '%s\n' "$NEW" >"$T/new-pat"
FIX_RE='move it aside|chmod [0-7]+|chown|replace it|upgrade|remove it|run: '

# A clean store: good entries for contoso and fabrikam; the template of contoso's entry is kept.
reset_state() {
    chattr -R -i "$CFG" 2>/dev/null || true
    rm -rf "$CFG" "$ELSE"
    mkdir -p "$ELSE"
    printf 'protocol=https\nhost=dev.azure.com\npath=fabrikam/Api/_git/api\nusername=bob\npassword=%s\n' "$PAT_F" |
        git-credential-gitzen store
    printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$PAT_C" |
        git-credential-gitzen store
    [ -f "$F" ] && [ -f "$ROOT/fabrikam.json" ] || die "could not make the good entries"
    cp "$F" "$T/good.json"
}
# edit_entry JS: rewrites contoso's entry from the template through JS (`j` is the parsed entry;
# assign `text` to write raw text instead), mode 0600
edit_entry() {
    node -e '
        const fs = require("fs");
        let j = JSON.parse(fs.readFileSync(process.argv[1], "utf8")), text;
        eval(process.argv[3]);
        fs.writeFileSync(process.argv[2], text !== undefined ? text : JSON.stringify(j, null, 1));
    ' "$T/good.json" "$F" "$1"
    chmod 600 "$F"
}
# A checksum of the whole configuration directory and the symbolic-link targets: names, types,
# modes, owners, link targets and file contents (lock files excluded: taking a lock may create one).
bad_sum() {
    {
        find -P "$CFG" "$ELSE" ! -name '*.lock' -printf '%p %y %m %U %l\n' 2>/dev/null | sort
        find -P "$CFG" "$ELSE" -type f ! -name '*.lock' -print0 2>/dev/null | sort -z | xargs -0r sha256sum
    } | sha256sum | cut -c1-16
}

NCASES=0
FAILS=()
CASE=""
soft() {
    FAILS+=("$CASE: $1")
    echo "not ok - $CASE: $1"
}
# the output of a command that must not answer: never keep a PAT in it
redact() {
    if grep -qF -e "$PAT_C" -e "$PAT_F" -e "$NEW" "$1"; then
        soft "$2 printed a PAT"
        echo "<redacted: held a PAT>" >"$1"
    fi
}
common() { # WHAT PATH: exit status < 128, the path named, no raw ESC
    [ "$RUN_RC" -lt 128 ] || soft "$1 crashed (exit status $RUN_RC)"
    grep -qF -- "$2" "$RUN_ERR" || soft "$1 does not name $2: [$(head -c 300 "$RUN_ERR" | cat -v | tr '\n' ' ')]"
    if grep -q $'\033' "$RUN_OUT" "$RUN_ERR"; then soft "$1 printed a raw ESC"; fi
}

# check_case NAME PATH-THE-MESSAGES-MUST-NAME
check_case() {
    CASE=$1
    local path=$2 sum0 nf=${#FAILS[@]} lines
    NCASES=$((NCASES + 1))
    sum0=$(bad_sum)

    run "$CASE-get" git-credential-gitzen get <"$T/req-get"
    if grep -q '^password=' "$RUN_OUT"; then
        # taken for a good entry: the other checks would only repeat it (and validate would go
        # to the network)
        echo "<redacted: held a PAT>" >"$RUN_OUT"
        soft "accepted as a good entry: get served its PAT"
        return 0
    fi
    say "$CASE: get says: $(head -c 300 "$RUN_ERR" | sed "s|$T|\$T|g" | cat -v | tr '\n' ' ')"
    if ! grep -qF -- "$path" "$RUN_ERR"; then
        soft "not recognised as a bad entry: get does not name $path [$(head -c 200 "$RUN_ERR" | cat -v | tr '\n' ' ')]"
        return 0
    fi
    [ ! -s "$RUN_OUT" ] && [ "$RUN_RC" -eq 0 ] || soft "get answered ($(wc -c <"$RUN_OUT") bytes, exit $RUN_RC)"
    lines=$(wc -l <"$RUN_ERR" | tr -d ' ')
    [ "$lines" = 1 ] || soft "get printed $lines lines on stderr, not one"
    common get "$path"
    grep -qE -- "$FIX_RE" "$RUN_ERR" || soft "get does not say what to do: [$(head -c 300 "$RUN_ERR" | cat -v | tr '\n' ' ')]"

    run "$CASE-store" git-credential-gitzen store <"$T/req-store-new"
    [ "$RUN_RC" -lt 128 ] || soft "store crashed (exit status $RUN_RC)"
    [ "$sum0" = "$(bad_sum)" ] || soft "the helper's store of a new PAT changed the bad state"
    run "$CASE-erase" git-credential-gitzen erase <"$T/req-erase"
    [ "$RUN_RC" -lt 128 ] || soft "erase crashed (exit status $RUN_RC)"
    [ "$sum0" = "$(bad_sum)" ] || soft "the helper's erase changed the bad state"

    run "$CASE-list" git gitzen list
    redact "$RUN_OUT" list
    [ "$RUN_RC" -eq 2 ] || soft "list exited $RUN_RC, not 2"
    common list "$path"
    run "$CASE-list-json" git gitzen list --json
    redact "$RUN_OUT" "list --json"
    [ "$RUN_RC" -eq 2 ] || soft "list --json exited $RUN_RC, not 2"
    common "list --json" "$path"
    if [ -s "$RUN_OUT" ] && ! node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$RUN_OUT" 2>/dev/null; then
        soft "list --json printed invalid JSON: $(head -c 200 "$RUN_OUT")"
    fi

    run "$CASE-add" git gitzen add contoso --pat-stdin --no-validate <"$T/new-pat"
    redact "$RUN_OUT" add
    [ "$RUN_RC" -eq 2 ] || soft "add exited $RUN_RC, not 2"
    common add "$path"
    if grep -q '^Stored' "$RUN_OUT"; then soft "add says it stored the PAT"; fi
    run "$CASE-validate" git gitzen validate contoso
    redact "$RUN_OUT" validate
    [ "$RUN_RC" -eq 2 ] || soft "validate exited $RUN_RC, not 2"
    common validate "$path"
    [ "$sum0" = "$(bad_sum)" ] || soft "list/add/validate changed the bad state"

    if [ "${#FAILS[@]}" -eq "$nf" ]; then
        ok "$CASE: refused with one line naming the file and the fix; nothing changed"
    fi
}

say "damaged contents"
reset_state
head -c "$(($(wc -c <"$T/good.json") / 2))" "$T/good.json" >"$F"
check_case truncated "$F"

reset_state
printf '{"version": 1, "org": "contoso", "pat": ' >"$F"
check_case truncated-after-key "$F"

reset_state
printf 'this is not JSON\n' >"$F"
check_case invalid-json "$F"

reset_state
: >"$F"
check_case empty-file "$F"

reset_state
edit_entry 'text = JSON.stringify(j) + "\n} garbage {\n"'
check_case trailing-garbage "$F"

reset_state
edit_entry 'text = "[1, 2, 3]\n"'
check_case not-an-object "$F"

reset_state
edit_entry 'j.org = "fabrikam"'
check_case org-mismatch "$F"

reset_state
edit_entry 'j.pat = "hunter2"'
check_case pat-not-pat-shaped "$F"

say "wrong types and values"
reset_state
edit_entry 'j.pat = 12345'
check_case type-pat-number "$F"

reset_state
edit_entry 'j.version = "1"'
check_case type-version-string "$F"

reset_state
edit_entry 'j.org = ["contoso"]'
check_case type-org-array "$F"

reset_state
# an expiry the loader cannot read must not make an expired PAT look unexpiring
edit_entry 'j.expires = "2020-01-01"'
check_case type-expires-string "$F"

reset_state
# nor a rejected mark make a rejected PAT look usable
edit_entry 'j.rejected = true'
check_case type-rejected-bool "$F"

reset_state
# 1e400 is not an int64 (converting it is undefined behaviour in C)
edit_entry 'text = JSON.stringify(j).replace(/"expires":0/, "\"expires\":1e400")'
grep -q '1e400' "$F" || die "could not write the 1e400 case"
check_case expires-out-of-range "$F"

reset_state
edit_entry 'j.version = 2; j.pat = {"sealed": "..."}'
check_case future-version "$F"

say "size"
reset_state
{
    printf '{"version": 1, "org": "contoso", "pat": "%s", "pad": "' "$PAT_C"
    head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' 'x'
    printf '"}\n'
} >"$F"
check_case ten-megabytes "$F"

say "not a plain file of ours"
reset_state
mv "$F" "$ELSE/contoso.json"
ln -s "$ELSE/contoso.json" "$F"
check_case symlinked-entry "$F"

reset_state
mv "$ROOT" "$ELSE/gitzen"
ln -s "$ELSE/gitzen" "$ROOT"
check_case symlinked-state-dir "$ROOT"

reset_state
chmod 640 "$F"
check_case group-readable-file "$F"

reset_state
chmod 604 "$F"
check_case world-readable-file "$F"

reset_state
chmod 777 "$ROOT"
check_case world-writable-dir "$ROOT"

reset_state
chmod 750 "$ROOT"
check_case group-readable-dir "$ROOT"

reset_state
chown 65534:65534 "$F"
check_case file-owned-by-nobody "$F"

reset_state
chown 65534:65534 "$ROOT"
check_case dir-owned-by-nobody "$ROOT"

reset_state
rm -f "$F"
mkdir -m 700 "$F"
check_case directory-as-entry "$F"

reset_state
rm -f "$F"
mkfifo -m 600 "$F"
check_case fifo-as-entry "$F"

reset_state
rm -rf "$ROOT"
echo "not a directory" >"$ROOT"
chmod 600 "$ROOT"
check_case state-dir-is-a-file "$ROOT"

say "control: the good state is served and listed"
reset_state
run control-get git-credential-gitzen get <"$T/req-get"
assert_serves "$RUN_OUT" "$PAT_C" "get from the good state"
rm -f "$RUN_OUT"
run control-list git gitzen list --json
assert_eq 0 "$RUN_RC" "list --json of the good state"
assert_eq "contoso fabrikam" "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).orgs.map((o) => o.org).join(" "))' "$RUN_OUT")" "organisations listed"

for p in "$PAT_C" "$PAT_F" "$NEW"; do no_leak "$p" "$T"/out/*; done

nbadcases=0
[ "${#FAILS[@]}" -eq 0 ] || nbadcases=$(printf '%s\n' "${FAILS[@]}" | cut -d: -f1 | sort -u | wc -l | tr -d ' ')
say "$NCASES bad-state cases: $((NCASES - nbadcases)) handled, $nbadcases with ${#FAILS[@]} failed checks"
if [ "${#FAILS[@]}" -gt 0 ]; then
    # grouped by check: "check -- case, case, ..."
    printf '%s\n' "${FAILS[@]}" | sed "s|$T|\$T|g" | node -e '
        const m = new Map();
        for (const l of require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean)) {
            const i = l.indexOf(": ");
            const k = l.slice(i + 2).replace(/\[.*\]$/, "").replace(/\$T\S*/g, "<path>");
            if (!m.has(k)) m.set(k, []);
            m.get(k).push(l.slice(0, i));
        }
        for (const [k, v] of m) console.log(`  ${k} -- ${v.join(", ")}`);' >&2
    die "${#FAILS[@]} checks failed over $NCASES bad-state cases (listed above)"
fi
