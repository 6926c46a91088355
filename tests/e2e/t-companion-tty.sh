# SPDX-License-Identifier: MIT
# git gitzen add at a terminal: the PAT is read without echo, the five scopes show once (the
# report alone, within 80 columns), colour only on a terminal and never with NO_COLOR or
# color.ui=never, and a first-run hint
# only while Git is not configured.
. "$TESTS_DIR/e2e/lib.sh"
need_bin git-gitzen
world_two_orgs
sim_start
PTY="$TESTS_DIR/e2e/pty/pty-run.py"
printf '%s\n' "$PAT_C" >"$T/pat_c"
export TERM=xterm

say "at a terminal, before configure"
python3 "$PTY" "$T/pat_c" "$T/tty1" git gitzen add contoso || die "add at a terminal failed"
no_leak "$PAT_C" "$T/tty1"
assert_contains "$(cat "$T/tty1")" "PAT for contoso (input hidden): "
assert_contains "$(cat "$T/tty1")" "run \`git gitzen configure\`" "first-run hint"
assert_eq 5 "$(grep -c $'^  \e\\[32mpresent\e\\[0m   [A-Z]' "$T/tty1")" "scope rows, once each, coloured"
w=$(sed $'s/\e\\[[0-9;]*m//g' "$T/tty1" | tr -d '\r' | LC_ALL=C.UTF-8 wc -L)
[ "$w" -le 80 ] || die "a line of add at a terminal is $w columns wide"
grep -q $'\e\\[' "$T/tty1" || die "no colour at a terminal"
ok "PAT not echoed; the five scopes once, in colour, in 80 columns; first-run hint shown"

say "NO_COLOR and color.ui=never switch colour off; configured: no hint"
git gitzen configure >/dev/null
printf '%s\n' "$PAT_F" >"$T/pat_f"
NO_COLOR=1 python3 "$PTY" "$T/pat_f" "$T/tty2" git gitzen add fabrikam || die "add with NO_COLOR failed"
if grep -q $'\e' "$T/tty2"; then die "colour despite NO_COLOR"; fi
assert_not_contains "$(cat "$T/tty2")" "git gitzen configure" "hint once configured"
git config --global color.ui never
python3 "$PTY" "$T/pat_f" "$T/tty3" git gitzen add fabrikam || die "add with color.ui=never failed"
if grep -q $'\e' "$T/tty3"; then die "colour despite color.ui=never"; fi
git config --global --unset color.ui
ok "no colour with NO_COLOR or color.ui=never; no configure hint once configured"

say "not a terminal: no colour, no progress lines"
run piped git gitzen add contoso --pat-stdin <"$T/pat_c"
assert_eq 0 "$RUN_RC" "add from a pipe"
if grep -q $'\e' "$RUN_OUT" "$RUN_ERR"; then die "colour in a pipe"; fi
assert_eq 0 "$(grep -c '^  present [A-Z][a-z]' "$RUN_ERR" || true)" "progress lines on a pipe"
ok "pipe: plain output"
no_leak "$PAT_F" "$T/tty2" "$T/tty3"
