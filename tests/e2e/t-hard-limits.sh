#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 13, items 8 and 11: `add --pat-stdin` reads a bounded amount and refuses more with exit 2
# (nothing stored, no request); `store` and `erase` stay silent when no home directory can be
# found (no HOME, no XDG_CONFIG_HOME, a uid with no passwd entry), while `get` says why.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen

say "add --pat-stdin with 10 MB of input: refused with exit 2, one error line, nothing stored"
head -c 10000000 /dev/zero >"$T/zeros"
mark=$(sim_mark)
run add-huge git-gitzen add contoso --pat-stdin <"$T/zeros"
assert_eq 2 "$RUN_RC" "add exit status"
assert_empty_file "$RUN_OUT" "add stdout"
assert_eq 1 "$(grep -c '^error:' "$RUN_ERR")" "error lines on stderr"
assert_contains "$(cat "$RUN_ERR")" "longer than any PAT" "the error says why"
assert_contains "$(cat "$RUN_ERR")" "nothing was stored" "the error says nothing was stored"
[ ! -e "$(store_file contoso)" ] || die "an entry for contoso appeared"
ok "nothing stored"

say "no home directory at all: store and erase are silent, get says why"
PAT=$(new_pat)
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$PAT" >"$T/req"
# The sanitizers' log directory (stage.asan's, in the build directory) may be where that uid
# cannot reach, and GCC 14's runtime then refuses to start ("Can't create directory", exit 1):
# that uid's sanitizer logs go to $T/nohome-san, and any log there is a report that fails the test.
nohome() {
    setpriv --reuid=54321 --regid=54321 --clear-groups env -u HOME -u XDG_CONFIG_HOME \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$T/nohome-san/asan" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$T/nohome-san/ubsan" "$@"
}
getent passwd 54321 >/dev/null && die "uid 54321 has a passwd entry here; the test needs one without"
chmod 0755 "$T"
mkdir "$T/nohome-san"
chown 54321:54321 "$T/nohome-san"
# that uid runs a copy of the helper in $T: the build directory may be where it cannot reach
# (a checkout in /root, mode 0700, as on a fresh machine)
mkdir -p "$T/nohome-bin"
cp "$(command -v git-credential-gitzen)" "$T/nohome-bin/"
chmod 0755 "$T/nohome-bin" "$T/nohome-bin/git-credential-gitzen"
nohome true || die "uid 54321 cannot run a program at all here"
for action in store erase; do
    run "nohome-$action" nohome "$T/nohome-bin/git-credential-gitzen" "$action" <"$T/req"
    assert_eq 0 "$RUN_RC" "$action exit status"
    assert_empty_file "$RUN_OUT" "$action stdout"
    assert_empty_file "$RUN_ERR" "$action stderr"
done
run nohome-get nohome "$T/nohome-bin/git-credential-gitzen" get <"$T/req"
assert_eq 0 "$RUN_RC" "get exit status"
assert_empty_file "$RUN_OUT" "get stdout"
[ -s "$RUN_ERR" ] || die "get said nothing about the missing home directory"
ok "get explains: $(head -1 "$RUN_ERR")"
if [ -n "$(ls -A "$T/nohome-san")" ]; then
    head -n 40 "$T"/nohome-san/* >&2
    die "sanitizer reports of the helper run as uid 54321 (above)"
fi
no_leak "$PAT" "$T"/out/*
