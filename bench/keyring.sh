#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark (issue 12): `git-credential-gitzen get` with the PAT in the keyring, next to Git's own
# libsecret helper (`git credential-libsecret get`, built into a scratch directory from the source
# Debian ships in /usr/share/doc/git/contrib/credential/libsecret/) holding the same secret, and
# next to gitzen's `get` from the file, interleaved in one run (bench/interleave.c), against a real
# gnome-keyring-daemon on a private session bus (tests/e2e/keyring.sh) with a throw-away HOME.
# Usage: bench/keyring.sh [BUILD_DIR] [RUNS]   (not a test: it prints figures, never fails on them)
# The ratios are each median over the last line's, Git's libsecret helper.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-300}
bin=$(cd "$build/bin" && pwd)
T=$(mktemp -d)
src=/usr/share/doc/git/contrib/credential/libsecret/git-credential-libsecret.c
say() { printf '# %s\n' "$*"; }
die() { printf 'bench/keyring.sh: %s\n' "$*" >&2; exit 1; }
# shellcheck source=../tests/e2e/keyring.sh
. "$here/../tests/e2e/keyring.sh"
trap 'keyring_bus_stop; rm -rf "$T"' EXIT
[ -f "$src" ] || die "$src is missing (Debian package git)"

# never the caller's own bus, keyring or display
unset DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR DISPLAY WAYLAND_DISPLAY
export HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
umask 077

cc -O2 -o "$T/interleave" "$here/interleave.c"
# shellcheck disable=SC2046
cc -O2 -o "$T/git-credential-libsecret" "$src" $(pkg-config --cflags --libs libsecret-1 glib-2.0)
keyring_start >/dev/null

pat() { head -c 4000 /dev/urandom | tr -dc 'a-z2-7' | head -c 52; }
P1=$(pat)
P2=$(pat)
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/p/_git/r\n' >"$T/req"
printf 'protocol=https\nhost=dev.azure.com\npath=fabrikam/p/_git/r\n' >"$T/req-file"

# contoso in the keyring (auto, with the keyring answering), fabrikam in the file
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/p/_git/r\nusername=u\npassword=%s\n' "$P1" |
  "$bin/git-credential-gitzen" store
git config --global gitzen.secretStore file
printf 'protocol=https\nhost=dev.azure.com\npath=fabrikam/p/_git/r\nusername=u\npassword=%s\n' "$P2" |
  "$bin/git-credential-gitzen" store
git config --global --unset gitzen.secretStore
grep -q '"secretservice"' "$XDG_CONFIG_HOME/gitzen/contoso.json" || die "contoso's PAT is not in the keyring"
grep -qF "$P2" "$XDG_CONFIG_HOME/gitzen/fabrikam.json" || die "fabrikam's PAT is not in the file"
# Git's helper: the same secret, under Git's own attributes
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/p/_git/r\nusername=u\npassword=%s\n\n' "$P1" |
  "$T/git-credential-libsecret" store >/dev/null # it echoes the credential back

"$bin/git-credential-gitzen" get <"$T/req" | grep -qxF "password=$P1" || die "gitzen get (keyring) failed"
"$bin/git-credential-gitzen" get <"$T/req-file" | grep -qxF "password=$P2" || die "gitzen get (file) failed"
"$T/git-credential-libsecret" get <"$T/req" | grep -qxF "password=$P1" || die "git-credential-libsecret get failed"

echo "git $(git --version | cut -d' ' -f3); gnome-keyring $(gnome-keyring-daemon --version 2>/dev/null | head -n 1 | cut -d" " -f2); $runs runs each; $(nproc) CPUs"
"$T/interleave" "$runs" \
  "gitzen get (file)" "$T/req-file" "$bin/git-credential-gitzen" get --- \
  "gitzen get (keyring)" "$T/req" "$bin/git-credential-gitzen" get --- \
  "git credential-libsecret get" "$T/req" "$T/git-credential-libsecret" get
