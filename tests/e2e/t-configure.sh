#!/bin/sh
# SPDX-License-Identifier: MIT
# t-configure.sh — `git gitzen configure` / `unconfigure` against real git: exactly our entries,
# nothing else touched, idempotent, --local, and Git's helper order (our PAT, not credential-store's;
# credential-store never receives it).
#
# Standalone:  GITZEN_BIN=/work/main/build/bin sh tests/e2e/t-configure.sh
# (also runs under tests/e2e/sim-run; needs no simulator). Prints "ok - ..." per check, "FAIL: ..."
# and exit 1 at the first failure.
set -eu

GITZEN_BIN=${GITZEN_BIN:-/work/main/build/bin}
GITZEN_BIN=$(cd "$GITZEN_BIN" && pwd)
[ -x "$GITZEN_BIN/git-gitzen" ] && [ -x "$GITZEN_BIN/git-credential-gitzen" ] || {
    echo "FAIL: git-gitzen and git-credential-gitzen not found in $GITZEN_BIN" >&2
    exit 1
}
SYS_PATH=$(printf '%s\n' "$PATH" | tr ':' '\n' | grep -vxF "$GITZEN_BIN" | paste -sd: -) # without ours
PATH=$GITZEN_BIN:$PATH
W=$(mktemp -d "${TMPDIR:-/tmp}/gitzen-t-configure.XXXXXX")
trap 'rm -rf "$W"' EXIT
unset XDG_CONFIG_HOME GIT_DIR GIT_WORK_TREE GIT_CONFIG_GLOBAL GIT_CONFIG_SYSTEM GITZEN_TRACE
export HOME="$W/home" GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 GIT_CEILING_DIRECTORIES="$W"
export PATH NO_COLOR=1 LC_ALL=C
mkdir -p "$HOME" "$W/out"
cd "$W"

ok() { printf 'ok - %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
assert_eq() { # EXPECTED ACTUAL WHAT
    [ "$1" = "$2" ] || fail "$3: expected [$1] got [$2]"
    ok "$3"
}
assert_contains() { # HAYSTACK NEEDLE WHAT
    case $1 in *"$2"*) ok "$3" ;; *) fail "$3: [$2] not in [$1]" ;; esac
}
assert_not_contains() {
    case $1 in *"$2"*) fail "$3: [$2] found in [$1]" ;; *) ok "$3" ;; esac
}
assert_same_file() { # EXPECTED ACTUAL WHAT
    cmp -s "$1" "$2" || { diff "$1" "$2" >&2 || true; fail "$3"; }
    ok "$3"
}
# run NAME CMD...: stdout and stderr into $W/out/NAME.{out,err}; RC, OUT, ERR set; never fails
run() {
    name=$1
    shift
    RC=0
    "$@" >"$W/out/$name.out" 2>"$W/out/$name.err" || RC=$?
    OUT=$(cat "$W/out/$name.out")
    ERR=$(cat "$W/out/$name.err")
}
get_all() { git config --global --get-all "$1" || true; }

PAT=abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst # 52 of a-z2-7: PAT-shaped
STORE_PASSWORD=not-the-pat-from-credential-store
NL='
'

# ---- a user's existing configuration ---------------------------------------------------------
cat >"$HOME/.gitconfig" <<'EOF'
# my own settings, keep this comment
[user]
	name = A U Thor
	email = author@example.com
[credential]
	helper = store
[alias]
	st = status
EOF
cp "$HOME/.gitconfig" "$W/before"
printf 'https://u:%s@dev.azure.com\n' "$STORE_PASSWORD" >"$HOME/.git-credentials"
chmod 600 "$HOME/.git-credentials"
cp "$HOME/.git-credentials" "$W/credentials-before"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/p/_git/r\nusername=u\npassword=%s\n' "$PAT" |
    git-credential-gitzen store
[ -f "$HOME/.config/gitzen/contoso.json" ] || fail "git-credential-gitzen store kept nothing"

fill() { printf 'url=%s\n\n' "$1" | git credential fill 2>"$W/out/fill.err"; }

# Before configure, credential-store answers for Azure DevOps: the check below can tell.
PW=$(fill https://dev.azure.com/contoso/p/_git/r | sed -n 's/^password=//p')
assert_eq "$STORE_PASSWORD" "$PW" "before configure, credential-store answers"

# ---- configure ---------------------------------------------------------------------------------
run configure git gitzen configure
assert_eq 0 "$RC" "configure exits 0"
assert_contains "$OUT" "Configured Git in ~/.gitconfig" "configure names the file, home as ~"
assert_contains "$OUT" 'credential.https://dev.azure.com.helper = "" (clears helpers configured before), then gitzen' \
    "configure says what it set"
assert_eq "" "$ERR" "configure warns about nothing"
assert_eq "${NL}gitzen" "$(get_all credential.https://dev.azure.com.helper)" \
    "dev.azure.com helpers: the empty reset, then gitzen"
assert_eq "${NL}gitzen" "$(get_all 'credential.https://*.visualstudio.com.helper')" \
    "*.visualstudio.com helpers: the empty reset, then gitzen"
assert_eq true "$(get_all credential.https://dev.azure.com.useHttpPath)" "dev.azure.com useHttpPath true"
assert_eq true "$(get_all 'credential.https://*.visualstudio.com.useHttpPath')" \
    "*.visualstudio.com useHttpPath true"
assert_eq store "$(get_all credential.helper)" "credential.helper store kept"
assert_eq "A U Thor" "$(get_all user.name)" "[user] kept"
assert_eq status "$(get_all alias.st)" "[alias] kept"
head -n "$(wc -l <"$W/before")" "$HOME/.gitconfig" >"$W/head"
assert_same_file "$W/before" "$W/head" "the existing text, comment included, is unchanged"
[ "$(grep -c . "$HOME/.gitconfig")" -eq $(($(grep -c . "$W/before") + 8)) ] ||
    fail "configure added more than its 8 lines"
ok "configure added exactly 8 lines"
cp "$HOME/.gitconfig" "$W/configured"

run configure2 git gitzen configure
assert_eq 0 "$RC" "configure again exits 0"
assert_contains "$OUT" "Already configured in ~/.gitconfig; nothing changed." "configure again: already configured"
assert_same_file "$W/configured" "$HOME/.gitconfig" "configure twice: the file is byte-identical"

# ---- Git asks gitzen, and only gitzen, for Azure DevOps -----------------------------------------
fill https://dev.azure.com/contoso/p/_git/r >"$W/out/fill.out"
PW=$(sed -n 's/^password=//p' "$W/out/fill.out")
[ "$PW" = "$PAT" ] || fail "git credential fill did not return gitzen's PAT"
ok "git credential fill returns gitzen's PAT, not credential-store's"
fill https://contoso.visualstudio.com/p/_git/r >"$W/out/fill-vs.out"
PW=$(sed -n 's/^password=//p' "$W/out/fill-vs.out")
[ "$PW" = "$PAT" ] || fail "git credential fill for contoso.visualstudio.com did not return gitzen's PAT"
ok "git credential fill for contoso.visualstudio.com returns gitzen's PAT"
PW=$(fill https://example.com/r.git | sed -n 's/^password=//p')
assert_eq "" "$PW" "other hosts: gitzen says nothing (and store has nothing for them)"
printf 'url=https://dev.azure.com/contoso/p/_git/r\nusername=u\npassword=%s\n\n' "$PAT" |
    git credential approve
if grep -q "$PAT" "$HOME/.git-credentials"; then fail "credential-store received gitzen's PAT"; fi
assert_same_file "$W/credentials-before" "$HOME/.git-credentials" \
    "git credential approve: ~/.git-credentials unchanged, no PAT in it"

# ---- a helper added after configure is moved behind ---------------------------------------------
mkdir -p "$W/home2"
printf '[user]\n\tname = B\n' >"$W/home2/.gitconfig"
HOME="$W/home2" git gitzen configure >/dev/null
HOME="$W/home2" git config --global credential.helper store # a new [credential] at the end
run move env HOME="$W/home2" git gitzen configure
assert_contains "$OUT" 'moved to the end of the file' "configure moves its lines after a later helper"
assert_eq "store${NL}${NL}gitzen" \
    "$(HOME="$W/home2" git config --global --get-regexp '^credential\.(https://dev\.azure\.com\.)?helper$' |
        sed 's/^[^ ]* *//')" "Git's order: store, the reset, gitzen"
printf 'url=https://dev.azure.com/contoso/p/_git/r\nusername=u\npassword=%s\n\n' "$PAT" |
    HOME="$W/home2" git credential approve
if [ -e "$W/home2/.git-credentials" ] && grep -q "$PAT" "$W/home2/.git-credentials"; then
    fail "credential-store received gitzen's PAT after the move"
fi
ok "after the move, credential-store does not receive gitzen's PAT"
run move2 env HOME="$W/home2" git gitzen configure
assert_contains "$OUT" "Already configured" "after the move, configure is idempotent"

# ---- unconfigure ---------------------------------------------------------------------------------
run unconfigure git gitzen unconfigure
assert_eq 0 "$RC" "unconfigure exits 0"
assert_contains "$OUT" "Removed from ~/.gitconfig:" "unconfigure says what it removed"
assert_same_file "$W/before" "$HOME/.gitconfig" "unconfigure restores the file as it was before configure"
run get git config --global --get-all credential.https://dev.azure.com.helper
assert_eq 1 "$RC" "no dev.azure.com helper left"
run unconfigure2 git gitzen unconfigure
assert_contains "$OUT" "gitzen is not configured in ~/.gitconfig; nothing changed." "unconfigure again: nothing to do"
assert_same_file "$W/before" "$HOME/.gitconfig" "unconfigure twice: the file is unchanged"
[ -f "$HOME/.config/gitzen/contoso.json" ] || fail "unconfigure removed a stored PAT"
ok "unconfigure keeps the stored PATs"

# ---- --local -------------------------------------------------------------------------------------
git init -q "$W/repo"
mkdir -p "$W/repo/sub" "$W/norepo"
cp "$W/repo/.git/config" "$W/repo-config-before"
run local sh -c 'cd "$1/repo/sub" && git gitzen configure --local' sh "$W"
assert_eq 0 "$RC" "configure --local in a repository's subdirectory exits 0"
assert_eq "${NL}gitzen" "$(git -C "$W/repo" config --local --get-all credential.https://dev.azure.com.helper)" \
    "--local writes the repository's .git/config"
assert_same_file "$W/before" "$HOME/.gitconfig" "--local leaves ~/.gitconfig alone"
PW=$(cd "$W/repo" && fill https://dev.azure.com/contoso/p/_git/r | sed -n 's/^password=//p')
[ "$PW" = "$PAT" ] || fail "inside the repository, git credential fill did not return gitzen's PAT"
ok "inside the repository, Git asks gitzen"
run unlocal sh -c 'cd "$1/repo" && git gitzen unconfigure --local' sh "$W"
assert_same_file "$W/repo-config-before" "$W/repo/.git/config" "unconfigure --local restores .git/config"
run nolocal sh -c 'cd "$1/norepo" && git gitzen configure --local' sh "$W"
assert_eq 2 "$RC" "configure --local outside a repository exits 2"
assert_contains "$ERR" "not inside a Git repository" "and says why"
run badarg git gitzen configure --everywhere
assert_eq 2 "$RC" "an unknown option exits 2"
assert_contains "$ERR" "usage: git gitzen configure" "and shows the usage"
run twolevels git gitzen configure --global --local
assert_eq 2 "$RC" "two levels at once exit 2"

# ---- helper not on PATH: its absolute path ----------------------------------------------------
if PATH=$SYS_PATH command -v git-credential-gitzen >/dev/null 2>&1; then
    ok "# skip absolute-path case: git-credential-gitzen is installed on the system PATH"
else
    run abs env PATH="$SYS_PATH" "$GITZEN_BIN/git-gitzen" configure
    assert_eq 0 "$RC" "configure without the helper on PATH exits 0"
    assert_eq "${NL}$GITZEN_BIN/git-credential-gitzen" \
        "$(get_all credential.https://dev.azure.com.helper)" \
        "without the helper on PATH, the value is its absolute path"
    PW=$(printf 'url=https://dev.azure.com/contoso/p/_git/r\n\n' | PATH=$SYS_PATH git credential fill |
        sed -n 's/^password=//p')
    [ "$PW" = "$PAT" ] || fail "Git did not run the helper by its absolute path"
    ok "Git runs the helper by its absolute path"
    run abs-to-path git gitzen configure
    assert_eq "${NL}gitzen" "$(get_all credential.https://dev.azure.com.helper)" \
        "once on PATH, configure replaces the path with gitzen"
    git gitzen unconfigure >/dev/null
    assert_same_file "$W/before" "$HOME/.gitconfig" "and unconfigure still restores the file"
fi

# ---- a helper that others can change is refused (issue 13, item 6) -------------------------------
mkdir -p "$W/open"
cp "$GITZEN_BIN/git-gitzen" "$GITZEN_BIN/git-credential-gitzen" "$W/open/"
chmod 777 "$W/open"
cp "$HOME/.gitconfig" "$W/before-open"
run open-beside env PATH="$SYS_PATH" "$W/open/git-gitzen" configure
assert_eq 2 "$RC" "configure with the helper (beside git-gitzen) in a world-writable directory exits 2"
assert_contains "$ERR" "/open is writable by others (mode 0777): whoever can write it can run code as you" \
    "and says why"
assert_contains "$ERR" "run: chmod go-w $W/open" "and how to fix it"
assert_same_file "$W/before-open" "$HOME/.gitconfig" "nothing was written"
run open-path env PATH="$W/open:$SYS_PATH" "$W/open/git-gitzen" configure
assert_eq 2 "$RC" "configure with the helper on PATH in a world-writable directory exits 2"
assert_contains "$ERR" "/open is writable by others" "and says why"
chmod 755 "$W/open"
chmod 757 "$W/open/git-credential-gitzen"
run open-file env PATH="$SYS_PATH" "$W/open/git-gitzen" configure
assert_eq 2 "$RC" "configure with a helper writable by others exits 2"
assert_contains "$ERR" "/open/git-credential-gitzen is writable by others (mode 0757)" "and says why"
assert_same_file "$W/before-open" "$HOME/.gitconfig" "nothing was written either"
chmod 755 "$W/open/git-credential-gitzen"
run open-fixed env PATH="$SYS_PATH" "$W/open/git-gitzen" configure
assert_eq 0 "$RC" "once only its owner can change it, configure takes it"
assert_contains "$(get_all credential.https://dev.azure.com.helper)" "$W/open/git-credential-gitzen" \
    "by its absolute path"
git gitzen unconfigure >/dev/null

echo "PASS: t-configure.sh"
