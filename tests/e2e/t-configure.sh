#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-configure.sh — `git gitzen configure` / `unconfigure` against real git: exactly our entries,
# nothing else touched, idempotent, --local, and Git's helper order (our PAT, not credential-store's;
# credential-store never receives it). Needs no simulator.
#
#   GITZEN_BIN=build/bin tests/e2e/sim-run tests/e2e/t-configure.sh
# shellcheck source=lib.sh
. "$TESTS_DIR/e2e/lib.sh"

use_gitzen_bin
SYS_PATH=$(printf '%s\n' "$PATH" | tr ':' '\n' | grep -vxF "$GITZEN_BIN" | paste -sd: -) # without ours
unset GITZEN_TRACE
export GIT_CEILING_DIRECTORIES="$T" NO_COLOR=1 LC_ALL=C

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
cp "$HOME/.gitconfig" "$T/before"
printf 'https://u:%s@dev.azure.com\n' "$STORE_PASSWORD" >"$HOME/.git-credentials"
chmod 600 "$HOME/.git-credentials"
cp "$HOME/.git-credentials" "$T/credentials-before"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/p/_git/r\nusername=u\npassword=%s\n' "$PAT" |
    git-credential-gitzen store
[ -f "$HOME/.config/gitzen/contoso.json" ] || die "git-credential-gitzen store kept nothing"

fill() { printf 'url=%s\n\n' "$1" | git credential fill 2>"$T/out/fill.err"; }

# Before configure, credential-store answers for Azure DevOps: the check below can tell.
PW=$(fill https://dev.azure.com/contoso/p/_git/r | sed -n 's/^password=//p')
assert_eq "$STORE_PASSWORD" "$PW" "before configure, credential-store answers"

# ---- configure ---------------------------------------------------------------------------------
run configure git gitzen configure
assert_eq 0 "$RUN_RC" "configure exits 0"
assert_contains "$(cat "$RUN_OUT")" "Configured Git in ~/.gitconfig" "configure names the file, home as ~"
assert_contains "$(cat "$RUN_OUT")" 'credential.https://dev.azure.com.helper = "" (clears helpers configured before), then gitzen' \
    "configure says what it set"
assert_eq "" "$(cat "$RUN_ERR")" "configure warns about nothing"
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
head -n "$(wc -l <"$T/before")" "$HOME/.gitconfig" >"$T/head"
assert_same_file "$T/before" "$T/head" "the existing text, comment included, is unchanged"
[ "$(grep -c . "$HOME/.gitconfig")" -eq $(($(grep -c . "$T/before") + 8)) ] ||
    die "configure added more than its 8 lines"
ok "configure added exactly 8 lines"
cp "$HOME/.gitconfig" "$T/configured"

run configure2 git gitzen configure
assert_eq 0 "$RUN_RC" "configure again exits 0"
assert_contains "$(cat "$RUN_OUT")" "Already configured in ~/.gitconfig; nothing changed." "configure again: already configured"
assert_same_file "$T/configured" "$HOME/.gitconfig" "configure twice: the file is byte-identical"

# ---- Git asks gitzen, and only gitzen, for Azure DevOps -----------------------------------------
fill https://dev.azure.com/contoso/p/_git/r >"$T/out/fill.out"
PW=$(sed -n 's/^password=//p' "$T/out/fill.out")
[ "$PW" = "$PAT" ] || die "git credential fill did not return gitzen's PAT"
ok "git credential fill returns gitzen's PAT, not credential-store's"
fill https://contoso.visualstudio.com/p/_git/r >"$T/out/fill-vs.out"
PW=$(sed -n 's/^password=//p' "$T/out/fill-vs.out")
[ "$PW" = "$PAT" ] || die "git credential fill for contoso.visualstudio.com did not return gitzen's PAT"
ok "git credential fill for contoso.visualstudio.com returns gitzen's PAT"
fill https://example.com/r.git >"$T/out/fill-other.out" || true # Git finds nothing: it fails
PW=$(sed -n 's/^password=//p' "$T/out/fill-other.out")
assert_eq "" "$PW" "other hosts: gitzen says nothing (and store has nothing for them)"
printf 'url=https://dev.azure.com/contoso/p/_git/r\nusername=u\npassword=%s\n\n' "$PAT" |
    git credential approve
if grep -q "$PAT" "$HOME/.git-credentials"; then die "credential-store received gitzen's PAT"; fi
assert_same_file "$T/credentials-before" "$HOME/.git-credentials" \
    "git credential approve: ~/.git-credentials unchanged, no PAT in it"

# ---- a helper added after configure is moved behind ---------------------------------------------
mkdir -p "$T/home2"
printf '[user]\n\tname = B\n' >"$T/home2/.gitconfig"
HOME="$T/home2" git gitzen configure >/dev/null
HOME="$T/home2" git config --global credential.helper store # a new [credential] at the end
run move env HOME="$T/home2" git gitzen configure
assert_contains "$(cat "$RUN_OUT")" 'moved to the end of the file' "configure moves its lines after a later helper"
assert_eq "store${NL}${NL}gitzen" \
    "$(HOME="$T/home2" git config --global --get-regexp '^credential\.(https://dev\.azure\.com\.)?helper$' |
        sed 's/^[^ ]* *//')" "Git's order: store, the reset, gitzen"
printf 'url=https://dev.azure.com/contoso/p/_git/r\nusername=u\npassword=%s\n\n' "$PAT" |
    HOME="$T/home2" git credential approve
if [ -e "$T/home2/.git-credentials" ] && grep -q "$PAT" "$T/home2/.git-credentials"; then
    die "credential-store received gitzen's PAT after the move"
fi
ok "after the move, credential-store does not receive gitzen's PAT"
run move2 env HOME="$T/home2" git gitzen configure
assert_contains "$(cat "$RUN_OUT")" "Already configured" "after the move, configure is idempotent"

# ---- unconfigure ---------------------------------------------------------------------------------
run unconfigure git gitzen unconfigure
assert_eq 0 "$RUN_RC" "unconfigure exits 0"
assert_contains "$(cat "$RUN_OUT")" "Removed from ~/.gitconfig:" "unconfigure says what it removed"
assert_same_file "$T/before" "$HOME/.gitconfig" "unconfigure restores the file as it was before configure"
run get git config --global --get-all credential.https://dev.azure.com.helper
assert_eq 1 "$RUN_RC" "no dev.azure.com helper left"
run unconfigure2 git gitzen unconfigure
assert_contains "$(cat "$RUN_OUT")" "gitzen is not configured in ~/.gitconfig; nothing changed." "unconfigure again: nothing to do"
assert_same_file "$T/before" "$HOME/.gitconfig" "unconfigure twice: the file is unchanged"
[ -f "$HOME/.config/gitzen/contoso.json" ] || die "unconfigure removed a stored PAT"
ok "unconfigure keeps the stored PATs"

# ---- --local -------------------------------------------------------------------------------------
git init -q "$T/repo"
mkdir -p "$T/repo/sub" "$T/norepo"
cp "$T/repo/.git/config" "$T/repo-config-before"
run local sh -c 'cd "$1/repo/sub" && git gitzen configure --local' sh "$T"
assert_eq 0 "$RUN_RC" "configure --local in a repository's subdirectory exits 0"
assert_eq "${NL}gitzen" "$(git -C "$T/repo" config --local --get-all credential.https://dev.azure.com.helper)" \
    "--local writes the repository's .git/config"
assert_same_file "$T/before" "$HOME/.gitconfig" "--local leaves ~/.gitconfig alone"
PW=$(cd "$T/repo" && fill https://dev.azure.com/contoso/p/_git/r | sed -n 's/^password=//p')
[ "$PW" = "$PAT" ] || die "inside the repository, git credential fill did not return gitzen's PAT"
ok "inside the repository, Git asks gitzen"
run unlocal sh -c 'cd "$1/repo" && git gitzen unconfigure --local' sh "$T"
assert_same_file "$T/repo-config-before" "$T/repo/.git/config" "unconfigure --local restores .git/config"
run nolocal sh -c 'cd "$1/norepo" && git gitzen configure --local' sh "$T"
assert_eq 2 "$RUN_RC" "configure --local outside a repository exits 2"
assert_contains "$(cat "$RUN_ERR")" "not inside a Git repository" "and says why"
run badarg git gitzen configure --everywhere
assert_eq 2 "$RUN_RC" "an unknown option exits 2"
assert_contains "$(cat "$RUN_ERR")" "usage: git gitzen configure" "and shows the usage"
run twolevels git gitzen configure --global --local
assert_eq 2 "$RUN_RC" "two levels at once exit 2"

# ---- helper not on PATH: its absolute path ----------------------------------------------------
if PATH=$SYS_PATH command -v git-credential-gitzen >/dev/null 2>&1; then
    ok "# skip absolute-path case: git-credential-gitzen is installed on the system PATH"
else
    run abs env PATH="$SYS_PATH" "$GITZEN_BIN/git-gitzen" configure
    assert_eq 0 "$RUN_RC" "configure without the helper on PATH exits 0"
    assert_eq "${NL}$GITZEN_BIN/git-credential-gitzen" \
        "$(get_all credential.https://dev.azure.com.helper)" \
        "without the helper on PATH, the value is its absolute path"
    PW=$(printf 'url=https://dev.azure.com/contoso/p/_git/r\n\n' | PATH=$SYS_PATH git credential fill |
        sed -n 's/^password=//p')
    [ "$PW" = "$PAT" ] || die "Git did not run the helper by its absolute path"
    ok "Git runs the helper by its absolute path"
    run abs-to-path git gitzen configure
    assert_eq "${NL}gitzen" "$(get_all credential.https://dev.azure.com.helper)" \
        "once on PATH, configure replaces the path with gitzen"
    git gitzen unconfigure >/dev/null
    assert_same_file "$T/before" "$HOME/.gitconfig" "and unconfigure still restores the file"
fi

# ---- a helper that others can change is refused (issue 13, item 6) -------------------------------
mkdir -p "$T/open"
cp "$GITZEN_BIN/git-gitzen" "$GITZEN_BIN/git-credential-gitzen" "$T/open/"
chmod 777 "$T/open"
cp "$HOME/.gitconfig" "$T/before-open"
run open-beside env PATH="$SYS_PATH" "$T/open/git-gitzen" configure
assert_eq 2 "$RUN_RC" "configure with the helper (beside git-gitzen) in a world-writable directory exits 2"
assert_contains "$(cat "$RUN_ERR")" "/open is writable by others (mode 0777): whoever can write it can run code as you" \
    "and says why"
assert_contains "$(cat "$RUN_ERR")" "run: chmod go-w $T/open" "and how to fix it"
assert_same_file "$T/before-open" "$HOME/.gitconfig" "nothing was written"
run open-path env PATH="$T/open:$SYS_PATH" "$T/open/git-gitzen" configure
assert_eq 2 "$RUN_RC" "configure with the helper on PATH in a world-writable directory exits 2"
assert_contains "$(cat "$RUN_ERR")" "/open is writable by others" "and says why"
chmod 755 "$T/open"
chmod 757 "$T/open/git-credential-gitzen"
run open-file env PATH="$SYS_PATH" "$T/open/git-gitzen" configure
assert_eq 2 "$RUN_RC" "configure with a helper writable by others exits 2"
assert_contains "$(cat "$RUN_ERR")" "/open/git-credential-gitzen is writable by others (mode 0757)" "and says why"
assert_same_file "$T/before-open" "$HOME/.gitconfig" "nothing was written either"
chmod 755 "$T/open/git-credential-gitzen"
run open-fixed env PATH="$SYS_PATH" "$T/open/git-gitzen" configure
assert_eq 0 "$RUN_RC" "once only its owner can change it, configure takes it"
assert_contains "$(get_all credential.https://dev.azure.com.helper)" "$T/open/git-credential-gitzen" \
    "by its absolute path"
git gitzen unconfigure >/dev/null

