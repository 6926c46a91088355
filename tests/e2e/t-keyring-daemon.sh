#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The test keyring itself (tests/e2e/keyring.sh), before the product's keyring tests rely on it:
# as root, inside sim-run's namespaces, a private session bus and a real gnome-keyring-daemon with
# the test's throw-away HOME store and return a secret; the login keyring persists across a stop
# and a start on the same HOME; a frozen daemon answers nothing; a daemon started without the
# password keeps the keyring locked; and nothing of the caller's session bus reaches the test.
. "$(dirname "$0")/lib.sh"

assert_eq "" "${DBUS_SESSION_BUS_ADDRESS:-}${DISPLAY:-}${WAYLAND_DISPLAY:-}" "the caller's bus and display (unset by sim-run)"
keyring_start
assert_contains "$DBUS_SESSION_BUS_ADDRESS" "unix:path=$T/run/bus" "the bus address"
S=$(new_pat)
printf '%s' "$S" | timeout 5 secret-tool store --label="gitzen PAT for contoso (Azure DevOps)" application gitzen org contoso
keyring_has contoso || die "the stored item is not found"
keyring_secret_is contoso "$S" || die "the stored secret does not come back"
ok "a secret stored with secret-tool comes back"
[ -d "$HOME/.local/share/keyrings" ] || die "no keyring under the test's HOME"
ok "the login keyring lives in the test's HOME"

say "frozen: the daemon keeps its name on the bus and answers nothing"
keyring_freeze
rc=0; timeout 2 secret-tool lookup application gitzen org contoso >/dev/null 2>&1 || rc=$?
assert_eq 124 "$rc" "secret-tool against the frozen keyring (timeout's status)"
keyring_thaw
keyring_secret_is contoso "$S" || die "the secret does not come back after the thaw"
ok "answers again after SIGCONT"

say "stopped: no Secret Service on the bus (and no activation brings one back)"
keyring_stop
rc=0; timeout 5 secret-tool lookup application gitzen org contoso >/dev/null 2>&1 || rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || die "secret-tool with the keyring stopped: status $rc"
ok "secret-tool fails at once with the keyring stopped (status $rc)"

say "started locked (no password): the item is not readable"
keyring_start --locked
rc=0; out=$(timeout 5 secret-tool lookup application gitzen org contoso 2>/dev/null) || rc=$?
assert_eq "" "$out" "what a locked keyring returns"
keyring_stop

say "started again with the password on the same HOME: the item is still there"
keyring_start
keyring_secret_is contoso "$S" || die "the secret is gone after the restart"
ok "the secret survives a restart"
