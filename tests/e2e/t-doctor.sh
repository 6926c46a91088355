#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-doctor.sh — `git gitzen doctor`: a good setup passes; each broken thing (unsafe entry file,
# rejected PAT, expired PAT, store directory open to others, missing configuration, a helper that
# would receive the PATs, a helper others can change) is reported with its fix and exit 1; Git's
# carriage-return fix is tested by what Git does; the output never holds a PAT, the home
# directory's path or the user information of a URL, and escapes what came from input.
#
# Needs no simulator: doctor makes no network call.
#
#   GITZEN_BIN=build/bin tests/e2e/sim-run tests/e2e/t-doctor.sh
# shellcheck source=lib.sh
. "$TESTS_DIR/e2e/lib.sh"

use_gitzen_bin
unset GITZEN_TRACE
export GIT_CEILING_DIRECTORIES="$T" NO_COLOR=1 LC_ALL=C

# doctor_run NAME CMD...: lib.sh's run; OUT is the standard output, then the standard error
doctor_run() {
    run "$@"
    OUT=$(cat "$RUN_OUT" "$RUN_ERR")
}
# safe_to_paste NAME: no PAT, no home path, no ESC byte in that run's output
safe_to_paste() {
    for pat in $PAT_OK $PAT_REJ $PAT_EXP $PAT_UNSAFE $PAT_ESC; do
        if grep -qF "$pat" "$T/out/$1.out" "$T/out/$1.err"; then die "$1: a PAT in doctor's output"; fi
    done
    if grep -qF "$HOME" "$T/out/$1.out" "$T/out/$1.err"; then die "$1: the home path in doctor's output"; fi
    if grep -q "$(printf '\033')" "$T/out/$1.out" "$T/out/$1.err"; then die "$1: an ESC byte in doctor's output"; fi
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
    [ ${#p} -eq 52 ] || die "test PAT of length ${#p}"
done

# ---- a good setup ----------------------------------------------------------------------------------
git gitzen configure >/dev/null
entry contoso "$PAT_OK" alice@contoso.com $((NOW + 90 * DAY)) $((NOW - DAY)) 0 ok
doctor_run good git gitzen doctor
assert_eq 0 "$RUN_RC" "doctor on a good setup exits 0"
assert_line "$OUT" '^(ok|warning) +git: version [0-9]+\.[0-9]+' "doctor reports Git's version"
assert_line "$OUT" '^ok +helper: git-credential-gitzen .* on PATH' "doctor finds the helper on PATH, and it runs"
assert_line "$OUT" '^ok +config: https://dev\.azure\.com: Git asks gitzen' "dev.azure.com configuration ok"
assert_line "$OUT" '^ok +config: https://\*\.visualstudio\.com: Git asks gitzen' "*.visualstudio.com configuration ok"
assert_line "$OUT" '^ok +store: ~/\.config/gitzen is private' "store directory ok, shown as ~/.config/gitzen"
assert_line "$OUT" '^ok +contoso: PAT of alice@contoso\.com, expires ' "contoso's PAT ok"
if grep -q '^error' <<<"$OUT"; then die "an error line on a good setup"; fi
ok "no error line on a good setup"
safe_to_paste good
# Git's own behaviour, not its version (issue 11, item 10): this Git refuses a credential URL with
# a carriage return, so doctor says so and warns about nothing there
assert_line "$OUT" '^ok +git: refuses a credential URL holding a carriage return \(has the CVE-2024-52006 fix\)' \
    "doctor tests that Git refuses a carriage return in a credential URL"
if grep -q '^warning.*carriage return' <<<"$OUT"; then die "a carriage-return warning with a Git that has the fix"; fi
ok "no carriage-return warning with a Git that has the fix"
if grep -qi 'CVE-2024-52006.*2\.40\.4\|deb12u' <<<"$OUT"; then die "a version list where Git's behaviour was tested"; fi
ok "no version-number list"

# ... and the same check fails with a Git that passes the carriage return on: this one is the real
# git with its protection turned off (credential.protectProtocol=false), first on PATH
mkdir -p "$T/crgit"
printf '#!/bin/sh\nexec %s -c credential.protectProtocol=false "$@"\n' "$(command -v git)" >"$T/crgit/git"
chmod 755 "$T/crgit/git"
printf 'url=https://u%%0dhost=evil.example@example.invalid/\n\n' |
    "$T/crgit/git" -c credential.helper= -c 'credential.helper=!f() { echo password=p; }; f' credential fill \
    >"$T/out/crgit-fill.out" 2>&1 || die "the unprotected git did not pass the carriage return"
ok "the unprotected git passes a carriage return to the helper (the control)"
doctor_run crgit env PATH="$T/crgit:$PATH" git gitzen doctor
assert_eq 0 "$RUN_RC" "a Git without the fix is a warning, not an error"
assert_line "$OUT" '^warning +git: passes a carriage return from a crafted URL on to credential helpers \(CVE-2024-52006\); upgrade' \
    "doctor warns when Git passes a carriage return on"
safe_to_paste crgit

# ---- an expiring and an unvalidated PAT are warnings, not errors ----------------------------------
entry soon "$PAT_OK" bob $((NOW + 3 * DAY)) $((NOW - DAY)) 0 ok
entry fresh "$PAT_OK" carol 0 0 0 ""
doctor_run warn git gitzen doctor
assert_eq 0 "$RUN_RC" "warnings alone: exit 0"
assert_line "$OUT" '^warning +soon: the PAT expires in 3 days .*git gitzen add soon' "expiring in 3 days: warning with the fix"
assert_line "$OUT" '^warning +fresh: .*never checked.*git gitzen validate fresh' "unvalidated: warning with the fix"
rm -f "$STORE/soon.json" "$STORE/fresh.json"

# ---- broken: group-readable entry, rejected PAT, expired PAT ---------------------------------------
entry fabrikam "$PAT_UNSAFE" dave $((NOW + 90 * DAY)) $((NOW - DAY)) 0 ok
chmod 640 "$STORE/fabrikam.json"
entry acme "$PAT_REJ" erin $((NOW + 90 * DAY)) $((NOW - DAY)) $((NOW - 2 * DAY)) ok
entry oldco "$PAT_EXP" frank $((NOW - 5 * DAY)) $((NOW - 30 * DAY)) 0 ok
doctor_run bad git gitzen doctor
assert_eq 1 "$RUN_RC" "doctor with broken entries exits 1"
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
doctor_run damaged git gitzen doctor
assert_eq 1 "$RUN_RC" "a damaged entry: exit 1"
assert_line "$OUT" '^error +broken: ~/\.config/gitzen/broken\.json is damaged .*git gitzen add broken' \
    "a damaged entry: error with the fix"
safe_to_paste damaged
rm -f "$STORE/broken.json"

# ---- an ANSI escape planted in a user name is shown escaped ----------------------------------------
entry evil "$PAT_ESC" '\u001b[2J\u001b[31mmallory' $((NOW + 90 * DAY)) $((NOW - DAY)) 0 ok
doctor_run esc git gitzen doctor
assert_eq 0 "$RUN_RC" "an odd user name is no error"
assert_line "$OUT" '^ok +evil: PAT of \\x1b\[2J\\x1b\[31mmallory,' "the user name is printed with the escape as \\x1b"
safe_to_paste esc
rm -f "$STORE/evil.json"

# ---- the store directory open to others ------------------------------------------------------------
chmod 750 "$STORE"
doctor_run dir git gitzen doctor
assert_eq 1 "$RUN_RC" "a group-readable store directory: exit 1"
assert_line "$OUT" '^error +store: ~/\.config/gitzen is accessible by group or others \(mode 0750\); run: chmod 700 ~/\.config/gitzen' \
    "a group-readable store directory: error with the chmod to run"
safe_to_paste dir
chmod 700 "$STORE"

# ---- configuration problems ---------------------------------------------------------------------
git config --global credential.helper store # lands after gitzen's lines
doctor_run after git gitzen doctor
assert_eq 1 "$RUN_RC" "a helper after gitzen's: exit 1"
assert_line "$OUT" '^error +config: helper store \(global configuration\) comes after gitzen for https://dev\.azure\.com and receives its PATs.*run: git gitzen configure' \
    "a helper that would receive the PATs: error with the fix"
git gitzen configure >/dev/null
doctor_run fixed git gitzen doctor
assert_eq 0 "$RUN_RC" "after configure, doctor passes again"

git gitzen unconfigure >/dev/null
doctor_run unconfigured git gitzen doctor
assert_eq 1 "$RUN_RC" "without the configuration: exit 1"
assert_line "$OUT" '^error +config: Git does not ask gitzen for https://dev\.azure\.com \(it asks store\); run: git gitzen configure' \
    "missing configuration: error naming the helper Git asks instead, and the fix"
assert_line "$OUT" '^error +config: Git does not ask gitzen for https://\*\.visualstudio\.com' \
    "missing configuration for *.visualstudio.com too"
safe_to_paste unconfigured

git config --global 'credential.https://dev.azure.com.helper' '!f() { echo password=hunter2; }; f'
doctor_run snippet git gitzen doctor
if grep -q hunter2 "$T/out/snippet.out"; then die "doctor printed a helper's shell command"; fi
ok "doctor never prints a helper's command line (it may hold a secret)"
git config --global --unset-all 'credential.https://dev.azure.com.helper'

# user information in a URL of the configuration is redacted (issue 13, item 9)
git gitzen configure >/dev/null
cp "$HOME/.gitconfig" "$T/gitconfig-before-redact"
printf '[credential "https://me:S3CRET@dev.azure.com"]\n\thelper\n' >>"$HOME/.gitconfig"
doctor_run redact git gitzen doctor
assert_eq 1 "$RUN_RC" "a helper line without a value: exit 1"
if grep -q S3CRET "$T/out/redact.out" "$T/out/redact.err"; then die "doctor printed the password of a credential URL"; fi
ok "no password of a credential URL in doctor's output"
if grep -q 'me:' "$T/out/redact.out" "$T/out/redact.err"; then die "doctor printed the user of a credential URL"; fi
ok "no user information of a credential URL in doctor's output"
assert_line "$OUT" '^error +config: credential\.https://<redacted>@dev\.azure\.com\.helper \(global configuration\) has no value' \
    "the entry is named with its user information redacted"
cp "$T/gitconfig-before-redact" "$HOME/.gitconfig"

# ---- the helper missing from PATH ------------------------------------------------------------------
git config --global --unset-all 'credential.https://dev.azure.com.helper'
git gitzen configure >/dev/null
doctor_run nohelper env PATH="$T/nowhere:/usr/bin:/bin" "$GITZEN_BIN/git-gitzen" doctor
if PATH="/usr/bin:/bin" command -v git-credential-gitzen >/dev/null 2>&1; then
    ok "# skip helper-missing case: git-credential-gitzen is installed on the system PATH"
else
    assert_eq 1 "$RUN_RC" "helper not on PATH: exit 1"
    assert_line "$OUT" '^error +helper: git-credential-gitzen is not on PATH' "helper not on PATH: error with the fix"
fi

# ---- a helper that others can change (issue 13, item 6) ------------------------------------------
mkdir -p "$T/open"
cp "$GITZEN_BIN/git-credential-gitzen" "$T/open/"
chmod 777 "$T/open"
git config --global --unset-all 'credential.https://dev.azure.com.helper'
git config --global --add 'credential.https://dev.azure.com.helper' ''
git config --global --add 'credential.https://dev.azure.com.helper' "$T/open/git-credential-gitzen"
doctor_run unsafe git gitzen doctor
assert_eq 1 "$RUN_RC" "a helper in a world-writable directory: exit 1"
assert_line "$OUT" "^error +helper: not run: .*/open is writable by others \\(mode 0777\\).*run: chmod go-w .*/open" \
    "a helper in a world-writable directory: error with the chmod to run"
chmod 755 "$T/open"
chmod 777 "$T/open/git-credential-gitzen"
doctor_run unsafe-file git gitzen doctor
assert_eq 1 "$RUN_RC" "a helper writable by others: exit 1"
assert_line "$OUT" "^error +helper: not run: .*/open/git-credential-gitzen is writable by others \\(mode 0777\\).*run: chmod go-w " \
    "a helper writable by others: error with the chmod to run"
chmod 755 "$T/open/git-credential-gitzen"
doctor_run safe-again git gitzen doctor
assert_line "$OUT" '^ok +helper: git-credential-gitzen .* not on PATH, configured by its path' \
    "the same helper, no longer writable by others, is run and ok"
git config --global --unset-all 'credential.https://dev.azure.com.helper'
git gitzen configure >/dev/null

doctor_run usage git gitzen doctor --fix
assert_eq 2 "$RUN_RC" "doctor takes no arguments: exit 2"

