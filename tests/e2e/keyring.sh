# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# keyring.sh — a private session bus and a real Secret Service (gnome-keyring-daemon) for the
# tests of the keyring store; sourced by lib.sh (every e2e script has these functions) and by
# bench/keyring.sh. Needs T (a private temporary directory), HOME (a throw-away one), and the
# functions say and die.
#
#   keyring_bus_start                 start a private session bus; exports DBUS_SESSION_BUS_ADDRESS
#                                     and XDG_RUNTIME_DIR ($T/run)
#   keyring_start [--locked]          start gnome-keyring-daemon (secrets) on it, the login keyring
#                                     unlocked with KEYRING_PASSWORD (or left locked); starts the
#                                     bus first if needed; returns once the service is on the bus
#   keyring_stop                      stop the daemon by its PID (its files stay in HOME)
#   keyring_freeze / keyring_thaw     SIGSTOP / SIGCONT it: on the bus, answering nothing
#   keyring_bus_stop                  stop both (lib.sh does it on exit)
#   keyring_items ORG / keyring_has ORG   how many gitzen items for ORG / 0 when there is one
#   keyring_secret_is ORG PAT         0 when that item holds PAT (never printed)
#   keyring_label ORG                 print its label

# The Secret Service tests run a private session bus and a real gnome-keyring-daemon, both started
# here, with the test's own throw-away HOME (its login keyring lives in $HOME/.local/share/keyrings)
# and XDG_RUNTIME_DIR ($T/run): never the machine's or the user's own bus or keyring (sim-run
# unsets DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR, DISPLAY and WAYLAND_DISPLAY).
# The bus is dbus-daemon with a configuration of its own rather than dbus-run-session's default:
# it has no service activation, so a keyring that a test stopped stays stopped instead of being
# started again, locked, by the bus. Both PIDs are known; keyring_bus_stop (also run on exit)
# stops them by PID.
KEYRING_PASSWORD=${KEYRING_PASSWORD:-gitzen-e2e-keyring}
BUS_PID=""
KEYRING_PID=""

# keyring_bus_start: starts the bus, exports DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR.
keyring_bus_start() {
    local fd addr="" fifo="$T/bus.ready"
    [ -z "$BUS_PID" ] || die "keyring_bus_start: the bus is already running"
    command -v dbus-daemon >/dev/null || die "dbus-daemon is not installed (Debian dbus-daemon)"
    export XDG_RUNTIME_DIR="$T/run"
    mkdir -p -m 700 "$XDG_RUNTIME_DIR"
    cat >"$T/bus.conf" <<BUSCONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=$XDG_RUNTIME_DIR/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
BUSCONF
    rm -f "$fifo"
    mkfifo "$fifo"
    exec {fd}<>"$fifo"
    # dbus-daemon prints its address on the FIFO once it listens: that is the wait
    dbus-daemon --config-file="$T/bus.conf" --nofork --print-address="$fd" \
        >>"$T/bus.out" 2>>"$T/bus.err" &
    BUS_PID=$!
    read -r -t 10 -u "$fd" addr || true
    exec {fd}<&-
    rm -f "$fifo"
    [ -n "$addr" ] || die "the session bus did not start: $(tail -n 3 "$T/bus.err")"
    export DBUS_SESSION_BUS_ADDRESS="$addr"
    say "session bus started (pid $BUS_PID)"
}

# keyring_start [--locked]: starts gnome-keyring-daemon (secrets only) on the bus, unlocking the
# login keyring with KEYRING_PASSWORD (it is created on first start); --locked leaves it locked.
# Returns once the daemon owns org.freedesktop.secrets (gdbus wait, bounded).
keyring_start() {
    [ -n "$BUS_PID" ] || keyring_bus_start
    [ -z "$KEYRING_PID" ] || die "keyring_start: the keyring is already running"
    command -v gnome-keyring-daemon >/dev/null || die "gnome-keyring-daemon is not installed (Debian gnome-keyring)"
    if [ "${1:-}" = --locked ]; then
        gnome-keyring-daemon --foreground --components=secrets </dev/null \
            >>"$T/keyring.out" 2>>"$T/keyring.err" &
    else
        printf '%s' "$KEYRING_PASSWORD" >"$T/keyring.pw"
        gnome-keyring-daemon --foreground --unlock --components=secrets <"$T/keyring.pw" \
            >>"$T/keyring.out" 2>>"$T/keyring.err" &
    fi
    KEYRING_PID=$!
    timeout 10 gdbus wait --session --timeout 10 org.freedesktop.secrets ||
        die "the keyring did not appear on the bus: $(tail -n 3 "$T/keyring.err")"
    kill -0 "$KEYRING_PID" 2>/dev/null || die "the keyring daemon exited: $(tail -n 3 "$T/keyring.err")"
    say "keyring started (pid $KEYRING_PID${1:+, $1})"
}

# keyring_stop: stops the daemon by its PID and waits for it; the keyring files stay in HOME.
keyring_stop() {
    if [ -n "$KEYRING_PID" ]; then
        kill -CONT "$KEYRING_PID" 2>/dev/null || true
        kill -TERM "$KEYRING_PID" 2>/dev/null || true
        wait "$KEYRING_PID" 2>/dev/null || true
        KEYRING_PID=""
    fi
}

# keyring_freeze / keyring_thaw: SIGSTOP / SIGCONT the daemon: it keeps its name on the bus but
# answers nothing (a keyring that hangs).
keyring_freeze() { kill -STOP "$KEYRING_PID"; }
keyring_thaw() { kill -CONT "$KEYRING_PID"; }

keyring_bus_stop() {
    keyring_stop
    if [ -n "${BUS_PID:-}" ]; then
        kill -TERM "$BUS_PID" 2>/dev/null || true
        wait "$BUS_PID" 2>/dev/null || true
        BUS_PID=""
    fi
}

# keyring_items ORG: the number of gitzen items for ORG (attributes application=gitzen, org=ORG).
# keyring_has ORG: 0 when there is one. keyring_secret_is ORG PAT: 0 when it holds PAT (never
# printed). keyring_label ORG: its label.
keyring_items() {
    { timeout 5 secret-tool search --all application gitzen org "$1" 2>/dev/null || true; } |
        grep -c '^label = ' || true
}
keyring_has() { [ "$(keyring_items "$1")" -gt 0 ]; }
keyring_label() {
    { timeout 5 secret-tool search --all application gitzen org "$1" 2>/dev/null || true; } |
        sed -n 's/^label = //p'
}
keyring_secret_is() {
    local got
    got=$(timeout 5 secret-tool lookup application gitzen org "$1" 2>/dev/null) || return 1
    [ "$got" = "$2" ]
}
