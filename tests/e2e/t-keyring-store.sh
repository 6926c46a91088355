#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 12: the PAT in the desktop keyring (docs/contract.md, "Where the PAT lives"), with a real
# gnome-keyring-daemon on a private session bus (keyring.sh). Git's store (first use, rotation)
# puts the PAT in the keyring under auto; the entry file and HOME hold it nowhere; get serves it;
# list --json says "store"; erase marks it; remove deletes the item; a rotation under a changed
# setting moves the PAT with no copy left; auto with no bus → the file; secretservice with no bus
# → one line, nothing stored; the helper loads libsecret only for a keyring entry, and get from
# the keyring connects to the bus once.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen
need_bin strace

world_two_orgs
sim_start
git_helper_config
REQ="$T/get-c.req"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$REQ"
store_req() { printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$1"; }

say "the helper links no new library"
libs=$(ldd "$(command -v git-credential-gitzen)")
for l in libsecret libglib libgio libgobject libcurl libgit2; do
    assert_not_contains "$libs" "$l" "ldd git-credential-gitzen"
done

say "auto, no session bus: the file, as before"
(
    unset DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR
    store_req "$PAT_C" | git-credential-gitzen store >"$T/out/s0.out" 2>"$T/out/s0.err"
)
assert_empty_file "$T/out/s0.err" "store's stderr (no bus)"
grep -qF "$PAT_C" "$(store_file contoso)" || die "the PAT is not in the file with no bus"
ok "with no bus, the PAT is in the entry file"
assert_contains "$(git gitzen list --json)" '"store":"file"' "list --json"
run getf env LD_DEBUG=files git-credential-gitzen get <"$REQ"
assert_serves "$RUN_OUT" "$PAT_C" "get from the file"
assert_not_contains "$(cat "$RUN_ERR")" "libsecret" "what get for a file entry loads (LD_DEBUG=files)"
rm -rf "$(store_dir)"

say "secretservice, no session bus: one line, nothing stored"
git config --global gitzen.secretStore secretservice
(
    unset DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR
    store_req "$PAT_C" | git-credential-gitzen store >"$T/out/s1.out" 2>"$T/out/s1.err"
)
assert_eq 1 "$(wc -l <"$T/out/s1.err")" "stderr lines of store (secretservice, no bus)"
assert_contains "$(cat "$T/out/s1.err")" "gitzen: the PAT for contoso was not stored: no Secret Service" "store's line"
[ ! -e "$(store_file contoso)" ] || die "an entry was written with no keyring"
ok "nothing stored"
git config --global --unset gitzen.secretStore

say "auto with the keyring: first use through Git's store"
keyring_start
store_req "$PAT_C" | git-credential-gitzen store >"$T/out/s2.out" 2>"$T/out/s2.err"
assert_empty_file "$T/out/s2.err" "store's stderr"
assert_eq 1 "$(keyring_items contoso)" "gitzen items for contoso"
keyring_secret_is contoso "$PAT_C" || die "the keyring item does not hold the PAT"
ok "the keyring holds the PAT"
assert_eq "gitzen PAT for contoso (Azure DevOps)" "$(keyring_label contoso)" "the item's label"
assert_contains "$(tr -d ' \t\n' <"$(store_file contoso)")" '"store":"secretservice","pat":null' "the entry file"
mapfile -t files < <(find "$HOME" "$T" -type f ! -path "$T/out/*" ! -name "scenario.json*" ! -name "*.req" 2>/dev/null)
no_leak "$PAT_C" "${files[@]}"
[ -n "$(find "$HOME/.local/share/keyrings" -type f)" ] || die "no keyring file"
run get git-credential-gitzen get <"$REQ"
assert_serves "$RUN_OUT" "$PAT_C" "get from the keyring"
assert_empty_file "$RUN_ERR" "get's stderr"
assert_contains "$(git gitzen list --json)" '"store":"secretservice"' "list --json"

say "get from the keyring connects to the session bus once"
# (dropping the shared connection after setting it up made libsecret open a second one);
# LeakSanitizer stops the world with ptrace, which it cannot do under strace
run getst env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -qq -o "$T/out/get-connect.log" -e trace=connect git-credential-gitzen get <"$REQ"
assert_serves "$RUN_OUT" "$PAT_C" "get from the keyring (strace)"
assert_eq 1 "$(grep -cF "sun_path=\"$XDG_RUNTIME_DIR/bus\"" "$T/out/get-connect.log")" \
    "connections to the session bus by one get"

say "rotation through Git's store: the item replaced, still one"
PAT_C2=$(new_pat)
store_req "$PAT_C2" | git-credential-gitzen store 2>"$T/out/s3.err"
assert_empty_file "$T/out/s3.err" "store's stderr (rotation)"
assert_eq 1 "$(keyring_items contoso)" "gitzen items for contoso after the rotation"
keyring_secret_is contoso "$PAT_C2" || die "the rotated PAT is not in the keyring"
ok "the keyring holds the new PAT"
mapfile -t files < <(find "$HOME" "$T" -type f ! -path "$T/out/*" ! -name "scenario.json*" ! -name "*.req" 2>/dev/null)
no_leak "$PAT_C2" "${files[@]}"

say "erase with a PAT Azure DevOps does not know: marked rejected, the item kept"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$PAT_C2" |
    git-credential-gitzen erase 2>"$T/out/e.err"
assert_contains "$(cat "$T/out/e.err")" "marked rejected" "erase's line"
assert_contains "$(git gitzen list --json)" '"status":"rejected"' "list --json after erase"
assert_eq 1 "$(keyring_items contoso)" "gitzen items for contoso after erase"

say "rotation under gitzen.secretStore=file: the PAT moves to the file, the item goes"
git config --global gitzen.secretStore file
store_req "$PAT_C" | git-credential-gitzen store 2>"$T/out/s4.err"
assert_empty_file "$T/out/s4.err" "store's stderr (to the file)"
grep -qF "$PAT_C" "$(store_file contoso)" || die "the PAT is not in the file"
ok "the PAT is in the entry file"
assert_eq 0 "$(keyring_items contoso)" "gitzen items for contoso after the move to the file"
assert_contains "$(git gitzen list --json)" '"store":"file"' "list --json"

say "rotation under gitzen.secretStore=secretservice: back to the keyring, the file rewritten without it"
git config --global gitzen.secretStore secretservice
store_req "$PAT_C2" | git-credential-gitzen store 2>"$T/out/s5.err"
assert_empty_file "$T/out/s5.err" "store's stderr (to the keyring)"
keyring_secret_is contoso "$PAT_C2" || die "the PAT is not in the keyring"
mapfile -t files < <(find "$HOME" "$T" -type f ! -path "$T/out/*" ! -name "scenario.json*" ! -name "*.req" 2>/dev/null)
no_leak "$PAT_C" "${files[@]}"
no_leak "$PAT_C2" "${files[@]}"
run get2 git-credential-gitzen get <"$REQ"
assert_serves "$RUN_OUT" "$PAT_C2" "get after the move"

say "remove deletes the keyring item too"
run rm git gitzen remove contoso
assert_eq 0 "$RUN_RC" "remove's exit status ($(cat "$RUN_ERR"))"
assert_eq 0 "$(keyring_items contoso)" "gitzen items for contoso after remove"
[ ! -e "$(store_file contoso)" ] || die "the entry is still there"
ok "the entry and the item are gone"
