#!/bin/sh
# SPDX-License-Identifier: MIT
# t-doctor.sh — `git gitzen doctor`: a good setup passes; each broken thing (unsafe entry file,
# rejected PAT, expired PAT, store directory open to others, missing configuration, a helper that
# would receive the PATs, a helper others can change) is reported with its fix and exit 1; Git's
# carriage-return fix is tested by what Git does; the output never holds a PAT, the home
# directory's path or the user information of a URL, and escapes what came from input.
#
# Standalone:  GITZEN_BIN=/work/main/build/bin sh tests/e2e/t-doctor.sh
# (also runs under tests/e2e/sim-run; needs no simulator: doctor makes no network call).
set -eu

GITZEN_BIN=${GITZEN_BIN:-/work/main/build/bin}
GITZEN_BIN=$(cd "$GITZEN_BIN" && pwd)
[ -x "$GITZEN_BIN/git-gitzen" ] && [ -x "$GITZEN_BIN/git-credential-gitzen" ] || {
    echo "FAIL: git-gitzen and git-credential-gitzen not found in $GITZEN_BIN" >&2
    exit 1
}
PATH=$GITZEN_BIN:$PATH
W=$(mktemp -d "${TMPDIR:-/tmp}/gitzen-t-doctor.XXXXXX")
trap 'rm -rf "$W"' EXIT
unset XDG_CONFIG_HOME GIT_DIR GIT_WORK_TREE GIT_CONFIG_GLOBAL GIT_CONFIG_SYSTEM GITZEN_TRACE
export HOME="$W/home" GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 GIT_CEILING_DIRECTORIES="$W"
export PATH NO_COLOR=1 LC_ALL=C
mkdir -p "$HOME" "$W/out"
cd "$W"

ok() { printf 'ok - %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
assert_eq() {
    [ "$1" = "$2" ] || fail "$3: expected [$1] got [$2]"
    ok "$3"
}
# assert_line TEXT ERE WHAT: some line of TEXT matches ERE
assert_line() {
    printf '%s\n' "$1" | grep -Eq -- "$2" || fail "$3: no line matches /$2/ in:
$1"
    ok "$3"
}
run() {
    name=$1
    shift
    RC=0
    "$@" >"$W/out/$name.out" 2>"$W/out/$name.err" || RC=$?
    OUT=$(cat "$W/out/$name.out" "$W/out/$name.err")
}
# safe_to_paste NAME: no PAT, no home path, no ESC byte in that run's output
safe_to_paste() {
    for pat in $PAT_OK $PAT_REJ $PAT_EXP $PAT_UNSAFE $PAT_ESC; do
        if grep -qF "$pat" "$W/out/$1.out" "$W/out/$1.err"; then fail "$1: a PAT in doctor's output"; fi
    done
    if grep -qF "$HOME" "$W/out/$1.out" "$W/out/$1.err"; then fail "$1: the home path in doctor's output"; fi
    if grep -q "$(printf '\033')" "$W/out/$1.out" "$W/out/$1.err"; then fail "$1: an ESC byte in doctor's output"; fi
    ok "$1: no PAT, no home path, no escape byte in the output"
}

STORE="$HOME/.config/gitzen"
NOW=$(date +%s)
DAY=86400
PAT_OK=okokokokokokokokokokokokokokokokokokokokokokokokokok
PAT_REJ=rejrejrejrejrejrejrejrejrejrejrejrejrejrejrejrejreja
PAT_EXP=expexpexpexpexpexpexpexpexpexpexpexpexpexpexpexpexpe
PAT_UNSAFE=unsafeunsafeunsafeunsafeunsafeunsafeunsafeunsafeunsa
PAT_ESC=escescescescescescescescescescescescescescescescesce

# entry ORG PAT USER EXPIRES VALIDATED REJECTED STATUS: a store entry in gitzen's format (0600)
entry() {
    mkdir -p "$STORE"
    chmod 700 "$STORE"
    (
        umask 077
        cat >"$STORE/$1.json" <<EOF
{"version":1,"org":"$1","pat":"$2","user":"$3","expires":$4,"added":$((NOW - 10 * DAY)),
 "validated":$5,"rejected":$6,"status":"$7",
 "scopes":{"vso.work_write":true,"vso.code":true,"vso.identity":true,"vso.project":true,
           "vso.serviceendpoint_query":true},"history":[]}
EOF
    )
}

for p in $PAT_OK $PAT_REJ $PAT_EXP $PAT_UNSAFE $PAT_ESC; do
    [ ${#p} -eq 52 ] || fail "test PAT of length ${#p}"
done

# ---- a good setup ----------------------------------------------------------------------------------
git gitzen configure >/dev/null
entry contoso "$PAT_OK" alice@contoso.com $((NOW + 90 * DAY)) $((NOW - DAY)) 0 ok
run good git gitzen doctor
assert_eq 0 "$RC" "doctor on a good setup exits 0"
assert_line "$OUT" '^(ok|warning) +git: version [0-9]+\.[0-9]+' "doctor reports Git's version"
assert_line "$OUT" '^ok +helper: git-credential-gitzen .* on PATH' "doctor finds the helper on PATH, and it runs"
assert_line "$OUT" '^ok +config: https://dev\.azure\.com: Git asks gitzen' "dev.azure.com configuration ok"
assert_line "$OUT" '^ok +config: https://\*\.visualstudio\.com: Git asks gitzen' "*.visualstudio.com configuration ok"
assert_line "$OUT" '^ok +store: ~/\.config/gitzen is private' "store directory ok, shown as ~/.config/gitzen"
assert_line "$OUT" '^ok +contoso: PAT of alice@contoso\.com, expires ' "contoso's PAT ok"
if printf '%s\n' "$OUT" | grep -q '^error'; then fail "an error line on a good setup"; fi
ok "no error line on a good setup"
safe_to_paste good
# Git's own behaviour, not its version (issue 11, item 10): this Git refuses a credential URL with
# a carriage return, so doctor says so and warns about nothing there
assert_line "$OUT" '^ok +git: refuses a credential URL holding a carriage return \(has the CVE-2024-52006 fix\)' \
    "doctor tests that Git refuses a carriage return in a credential URL"
if printf '%s\n' "$OUT" | grep -q '^warning.*carriage return'; then fail "a carriage-return warning with a Git that has the fix"; fi
ok "no carriage-return warning with a Git that has the fix"
if printf '%s\n' "$OUT" | grep -qi 'CVE-2024-52006.*2\.40\.4\|deb12u'; then fail "a version list where Git's behaviour was tested"; fi
ok "no version-number list"

# ... and the same check fails with a Git that passes the carriage return on: this one is the real
# git with its protection turned off (credential.protectProtocol=false), first on PATH
mkdir -p "$W/crgit"
printf '#!/bin/sh\nexec %s -c credential.protectProtocol=false "$@"\n' "$(command -v git)" >"$W/crgit/git"
chmod 755 "$W/crgit/git"
printf 'url=https://u%%0dhost=evil.example@example.invalid/\n\n' |
    "$W/crgit/git" -c credential.helper= -c 'credential.helper=!f() { echo password=p; }; f' credential fill \
    >"$W/out/crgit-fill.out" 2>&1 || fail "the unprotected git did not pass the carriage return"
ok "the unprotected git passes a carriage return to the helper (the control)"
run crgit env PATH="$W/crgit:$PATH" git gitzen doctor
assert_eq 0 "$RC" "a Git without the fix is a warning, not an error"
assert_line "$OUT" '^warning +git: passes a carriage return from a crafted URL on to credential helpers \(CVE-2024-52006\); upgrade' \
    "doctor warns when Git passes a carriage return on"
safe_to_paste crgit

# ---- an expiring and an unvalidated PAT are warnings, not errors ----------------------------------
entry soon "$PAT_OK" bob $((NOW + 3 * DAY)) $((NOW - DAY)) 0 ok
entry fresh "$PAT_OK" carol 0 0 0 ""
run warn git gitzen doctor
assert_eq 0 "$RC" "warnings alone: exit 0"
assert_line "$OUT" '^warning +soon: the PAT expires in 3 days .*git gitzen add soon' "expiring in 3 days: warning with the fix"
assert_line "$OUT" '^warning +fresh: .*never checked.*git gitzen validate fresh' "unvalidated: warning with the fix"
rm -f "$STORE/soon.json" "$STORE/fresh.json"

# ---- broken: group-readable entry, rejected PAT, expired PAT ---------------------------------------
entry fabrikam "$PAT_UNSAFE" dave $((NOW + 90 * DAY)) $((NOW - DAY)) 0 ok
chmod 640 "$STORE/fabrikam.json"
entry acme "$PAT_REJ" erin $((NOW + 90 * DAY)) $((NOW - DAY)) $((NOW - 2 * DAY)) ok
entry oldco "$PAT_EXP" frank $((NOW - 5 * DAY)) $((NOW - 30 * DAY)) 0 ok
run bad git gitzen doctor
assert_eq 1 "$RC" "doctor with broken entries exits 1"
assert_line "$OUT" '^error +fabrikam: ~/\.config/gitzen/fabrikam\.json is accessible by group or others \(mode 0640\); run: chmod 600 ~/\.config/gitzen/fabrikam\.json' \
    "group-readable entry: error with the chmod to run"
assert_line "$OUT" '^error +acme: the PAT was rejected by Azure DevOps on [0-9-]+; create a new PAT and run: git gitzen add acme' \
    "rejected PAT: error with the fix"
assert_line "$OUT" '^error +oldco: the PAT expired on [0-9-]+; create a new PAT and run: git gitzen add oldco' \
    "expired PAT: error with the fix"
assert_line "$OUT" '^ok +contoso: ' "the good organisation is still ok"
assert_line "$OUT" '^3 errors, ' "doctor counts the errors"
safe_to_paste bad
chmod 600 "$STORE/fabrikam.json"
rm -f "$STORE/acme.json" "$STORE/oldco.json"

# ---- a damaged entry ----------------------------------------------------------------------------
printf '{"version":1,"org":"broken","pat":"%s",' "$PAT_OK" >"$STORE/broken.json"
chmod 600 "$STORE/broken.json"
run damaged git gitzen doctor
assert_eq 1 "$RC" "a damaged entry: exit 1"
assert_line "$OUT" '^error +broken: ~/\.config/gitzen/broken\.json is damaged .*git gitzen add broken' \
    "a damaged entry: error with the fix"
safe_to_paste damaged
rm -f "$STORE/broken.json"

# ---- an ANSI escape planted in a user name is shown escaped ----------------------------------------
entry evil "$PAT_ESC" '\u001b[2J\u001b[31mmallory' $((NOW + 90 * DAY)) $((NOW - DAY)) 0 ok
run esc git gitzen doctor
assert_eq 0 "$RC" "an odd user name is no error"
assert_line "$OUT" '^ok +evil: PAT of \\x1b\[2J\\x1b\[31mmallory,' "the user name is printed with the escape as \\x1b"
safe_to_paste esc
rm -f "$STORE/evil.json"

# ---- the store directory open to others ------------------------------------------------------------
chmod 750 "$STORE"
run dir git gitzen doctor
assert_eq 1 "$RC" "a group-readable store directory: exit 1"
assert_line "$OUT" '^error +store: ~/\.config/gitzen is accessible by group or others \(mode 0750\); run: chmod 700 ~/\.config/gitzen' \
    "a group-readable store directory: error with the chmod to run"
safe_to_paste dir
chmod 700 "$STORE"

# ---- configuration problems ---------------------------------------------------------------------
git config --global credential.helper store # lands after gitzen's lines
run after git gitzen doctor
assert_eq 1 "$RC" "a helper after gitzen's: exit 1"
assert_line "$OUT" '^error +config: helper store \(global configuration\) comes after gitzen for https://dev\.azure\.com and receives its PATs.*run: git gitzen configure' \
    "a helper that would receive the PATs: error with the fix"
git gitzen configure >/dev/null
run fixed git gitzen doctor
assert_eq 0 "$RC" "after configure, doctor passes again"

git gitzen unconfigure >/dev/null
run unconfigured git gitzen doctor
assert_eq 1 "$RC" "without the configuration: exit 1"
assert_line "$OUT" '^error +config: Git does not ask gitzen for https://dev\.azure\.com \(it asks store\); run: git gitzen configure' \
    "missing configuration: error naming the helper Git asks instead, and the fix"
assert_line "$OUT" '^error +config: Git does not ask gitzen for https://\*\.visualstudio\.com' \
    "missing configuration for *.visualstudio.com too"
safe_to_paste unconfigured

git config --global 'credential.https://dev.azure.com.helper' '!f() { echo password=hunter2; }; f'
run snippet git gitzen doctor
if grep -q hunter2 "$W/out/snippet.out"; then fail "doctor printed a helper's shell command"; fi
ok "doctor never prints a helper's command line (it may hold a secret)"
git config --global --unset-all 'credential.https://dev.azure.com.helper'

# user information in a URL of the configuration is redacted (issue 13, item 9)
git gitzen configure >/dev/null
cp "$HOME/.gitconfig" "$W/gitconfig-before-redact"
printf '[credential "https://me:S3CRET@dev.azure.com"]\n\thelper\n' >>"$HOME/.gitconfig"
run redact git gitzen doctor
assert_eq 1 "$RC" "a helper line without a value: exit 1"
if grep -q S3CRET "$W/out/redact.out" "$W/out/redact.err"; then fail "doctor printed the password of a credential URL"; fi
ok "no password of a credential URL in doctor's output"
if grep -q 'me:' "$W/out/redact.out" "$W/out/redact.err"; then fail "doctor printed the user of a credential URL"; fi
ok "no user information of a credential URL in doctor's output"
assert_line "$OUT" '^error +config: credential\.https://<redacted>@dev\.azure\.com\.helper \(global configuration\) has no value' \
    "the entry is named with its user information redacted"
cp "$W/gitconfig-before-redact" "$HOME/.gitconfig"

# ---- the helper missing from PATH ------------------------------------------------------------------
git config --global --unset-all 'credential.https://dev.azure.com.helper'
git gitzen configure >/dev/null
run nohelper env PATH="$W/nowhere:/usr/bin:/bin" "$GITZEN_BIN/git-gitzen" doctor
if PATH="/usr/bin:/bin" command -v git-credential-gitzen >/dev/null 2>&1; then
    ok "# skip helper-missing case: git-credential-gitzen is installed on the system PATH"
else
    assert_eq 1 "$RC" "helper not on PATH: exit 1"
    assert_line "$OUT" '^error +helper: git-credential-gitzen is not on PATH' "helper not on PATH: error with the fix"
fi

# ---- a helper that others can change (issue 13, item 6) ------------------------------------------
mkdir -p "$W/open"
cp "$GITZEN_BIN/git-credential-gitzen" "$W/open/"
chmod 777 "$W/open"
git config --global --unset-all 'credential.https://dev.azure.com.helper'
git config --global --add 'credential.https://dev.azure.com.helper' ''
git config --global --add 'credential.https://dev.azure.com.helper' "$W/open/git-credential-gitzen"
run unsafe git gitzen doctor
assert_eq 1 "$RC" "a helper in a world-writable directory: exit 1"
assert_line "$OUT" "^error +helper: not run: .*/open is writable by others \\(mode 0777\\).*run: chmod go-w .*/open" \
    "a helper in a world-writable directory: error with the chmod to run"
chmod 755 "$W/open"
chmod 777 "$W/open/git-credential-gitzen"
run unsafe-file git gitzen doctor
assert_eq 1 "$RC" "a helper writable by others: exit 1"
assert_line "$OUT" "^error +helper: not run: .*/open/git-credential-gitzen is writable by others \\(mode 0777\\).*run: chmod go-w " \
    "a helper writable by others: error with the chmod to run"
chmod 755 "$W/open/git-credential-gitzen"
run safe-again git gitzen doctor
assert_line "$OUT" '^ok +helper: git-credential-gitzen .* not on PATH, configured by its path' \
    "the same helper, no longer writable by others, is run and ok"
git config --global --unset-all 'credential.https://dev.azure.com.helper'
git gitzen configure >/dev/null

run usage git gitzen doctor --fix
assert_eq 2 "$RC" "doctor takes no arguments: exit 2"

echo "PASS: t-doctor.sh"
