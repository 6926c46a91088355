#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/contract.md, "Requests" and "Remotes served": each attack is fed raw to
# `git-credential-gitzen get` while a valid PAT for contoso is stored. An attack must produce no
# output, exit 0, never a PAT on stderr, never a raw ESC on stderr. Positive controls make the same
# requests valid and must get the PAT, so that every check can fail. Then: an invalid store or
# erase changes nothing; erase with another password keeps the PAT; non-PAT passwords and
# ephemeral credentials are not stored.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
H=git-credential-gitzen
mkdir -p "$T/req"

PAT=$(new_pat)
PAT2=$(new_pat)
OK_PATH='contoso/Web/_git/web'
printf 'protocol=https\nhost=dev.azure.com\npath=%s\nusername=alice\npassword=%s\n' "$OK_PATH" "$PAT" >"$T/req/seed"
run seed "$H" store <"$T/req/seed"
[ -f "$(store_file contoso)" ] || die "seeding the store failed"
ok "contoso's PAT $(pat_sha "$PAT") stored"

# req NAME: the request body comes on stdin (bytes as given)
req() { cat >"$T/req/$1"; }

# KEEP_GOING=1 lists every attack that got an answer instead of stopping at the first.
_checked=0
_failed=""
_check_common() { # name
    assert_eq 0 "$RUN_RC" "$1: exit status"
    no_leak "$PAT" "$RUN_ERR"
    no_leak "$PAT2" "$RUN_ERR"
    if grep -q $'\033' "$RUN_ERR"; then die "$1: a raw ESC reached stderr"; fi
}
attack() { # NAME [ACTION]: the request in $T/req/NAME must get nothing
    local name=$1 action=${2:-get}
    run "atk-$name" "$H" "$action" <"$T/req/$name"
    if [ -s "$RUN_OUT" ]; then
        if [ "${KEEP_GOING:-0}" = 1 ]; then
            echo "FAILED: attack $name: the helper answered ($(wc -c <"$RUN_OUT") bytes)"
            _failed="$_failed $name"
            return 0
        fi
        die "attack $name: the helper answered ($(wc -c <"$RUN_OUT") bytes)"
    fi
    _check_common "attack $name"
    ok "attack $name: no answer"
    _checked=$((_checked + 1))
}
control() { # NAME: the request in $T/req/NAME must get the PAT (default: contoso's)
    local name=$1 pat=${2:-$PAT}
    run "ctl-$name" "$H" get <"$T/req/$name"
    assert_serves "$RUN_OUT" "$pat" "control $name"
    _check_common "control $name"
}

say "positive controls: valid requests are answered"
printf 'protocol=https\nhost=dev.azure.com\npath=%s\n' "$OK_PATH" | req basic
control basic
printf 'protocol=https\nhost=dev.azure.com\nusername=contoso\n' | req org-from-username
control org-from-username
printf 'protocol=https\nhost=dev.azure.com\npath=%s' "$OK_PATH" | req no-final-newline
control no-final-newline
printf 'protocol=https\r\nhost=dev.azure.com\r\npath=%s\r\n' "$OK_PATH" | req crlf
control crlf
printf 'capability[]=authtype\ncapability[]=state\nprotocol=https\nhost=dev.azure.com\npath=%s\nwwwauth[]=Basic realm="https://dev.azure.com/"\nfuture_key=whatever\n' "$OK_PATH" | req unknown-keys
control unknown-keys
printf 'protocol=https\nhost=DEV.AZURE.COM\npath=%s\n' "$OK_PATH" | req host-upper
control host-upper
printf 'protocol=https\nhost=dev.azure.com:443\npath=%s\n' "$OK_PATH" | req host-443
control host-443
printf 'protocol=https\nhost=dev.azure.com\npath=CONTOSO/Web/_git/web\n' | req org-upper
control org-upper
printf 'protocol=https\nhost=contoso.visualstudio.com\npath=Web/_git/web\n' | req visualstudio
control visualstudio
# A line of exactly 65,535 bytes including its newline is allowed.
{ printf 'protocol=https\nhost=dev.azure.com\npath=%s\nwwwauth[]=' "$OK_PATH"; head -c $((65535 - 11)) /dev/zero | tr '\0' 'A'; printf '\n'; } | req line-at-limit
assert_eq 65535 "$(tail -n 1 "$T/req/line-at-limit" | wc -c | tr -d ' ')" "length of the long line with its newline"
control line-at-limit
# Half a MiB of unknown keys is still a request.
{ printf 'protocol=https\nhost=dev.azure.com\npath=%s\n' "$OK_PATH"; for i in $(seq 1 512); do printf 'x_unknown%d=' "$i"; head -c 1000 /dev/zero | tr '\0' 'b'; printf '\n'; done; } | req half-mib
control half-mib

say "1. newline injection: a repeated single-valued key makes the request invalid"
printf 'protocol=https\nhost=dev.azure.com\nhost=dev.azure.com\npath=%s\n' "$OK_PATH" | req dup-host-same
attack dup-host-same
printf 'protocol=https\nhost=evil.example\nhost=dev.azure.com\npath=%s\n' "$OK_PATH" | req dup-host-evil-first
attack dup-host-evil-first
printf 'protocol=https\nhost=dev.azure.com\nhost=evil.example\npath=%s\n' "$OK_PATH" | req dup-host-evil-last
attack dup-host-evil-last
printf 'protocol=https\nprotocol=https\nhost=dev.azure.com\npath=%s\n' "$OK_PATH" | req dup-protocol
attack dup-protocol
printf 'protocol=https\nhost=dev.azure.com\npath=fabrikam/x/_git/y\npath=%s\n' "$OK_PATH" | req dup-path
attack dup-path
printf 'protocol=https\nhost=dev.azure.com\nusername=fabrikam\nusername=contoso\n' | req dup-username
attack dup-username

say "2. blank or partial requests"
: | req empty
attack empty
printf 'protocol=https\n' | req only-protocol
attack only-protocol
printf 'protocol=https' | req only-protocol-no-newline
attack only-protocol-no-newline
printf 'protocol=https\nhost=\npath=%s\n' "$OK_PATH" | req empty-host
attack empty-host
printf 'protocol=https\npath=%s\n' "$OK_PATH" | req no-host
attack no-host
printf 'host=dev.azure.com\npath=%s\n' "$OK_PATH" | req no-protocol
attack no-protocol
printf 'protocol=\nhost=dev.azure.com\npath=%s\n' "$OK_PATH" | req empty-protocol
attack empty-protocol
printf '\nprotocol=https\nhost=dev.azure.com\npath=%s\n' "$OK_PATH" | req blank-line-first
attack blank-line-first
printf 'protocol=https\nhost=dev.azure.com\n' | req no-org
attack no-org

say "3. carriage-return smuggling, NUL and control bytes"
printf 'protocol=https\nhost=evil.example\rhost=dev.azure.com\npath=%s\n' "$OK_PATH" | req cr-host
attack cr-host
printf 'protocol=https\rhost=dev.azure.com\npath=%s\n' "$OK_PATH" | req cr-after-protocol
attack cr-after-protocol
printf 'protocol=https\nhost=dev.azure.com\npath=contoso\r/Web/_git/web\n' | req cr-in-path
attack cr-in-path
printf 'protocol=https\nhost=dev.azure.com\npath=%s\r' "$OK_PATH" | req cr-at-eof
attack cr-at-eof
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web\0/_git/web\n' | req nul-in-path
attack nul-in-path
printf 'protocol=https\nhost=dev.azure.com\0.evil.example\npath=%s\n' "$OK_PATH" | req nul-in-host
attack nul-in-host
printf 'protocol=https\nhost=dev.azure.com\x01\npath=%s\n' "$OK_PATH" | req ctl-x01-in-host
attack ctl-x01-in-host
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web\t/_git/web\n' | req tab-in-path
attack tab-in-path
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\x7f\n' | req del-in-path
attack del-in-path
printf 'protocol=https\nhost=dev.azure.com\nusername=contoso\x1b[31m\n' | req esc-in-username
attack esc-in-username
printf 'protocol=https\nhost=dev.azure.com\npath=%s\nusername=\x1b]0;pwned\x07\n' "$OK_PATH" | req osc-in-username
attack osc-in-username

say "4. over-long lines: the tail must not become a line of its own"
# 65,535 bytes before 'host=' so that a 64 KiB fgets() buffer would split there.
{ printf 'protocol=https\nwwwauth[]='; head -c $((65535 - 10)) /dev/zero | tr '\0' 'A'; printf 'host=dev.azure.com\npath=%s\n' "$OK_PATH"; } | req long-line-smuggles-host
attack long-line-smuggles-host
{ printf 'protocol=https\nwwwauth[]='; head -c 4086 /dev/zero | tr '\0' 'A'; printf 'host=dev.azure.com\npath=%s\n' "$OK_PATH"; } | req long-line-4k-smuggles-host
# (4 KiB is under the limit: a correct reader sees one wwwauth[] line and no host: no answer)
attack long-line-4k-smuggles-host
{ printf 'protocol=https\nhost=dev.azure.com\npath=%s\nwwwauth[]=' "$OK_PATH"; head -c $((65536 - 11)) /dev/zero | tr '\0' 'A'; printf '\n'; } | req line-over-limit
assert_eq 65536 "$(tail -n 1 "$T/req/line-over-limit" | wc -c | tr -d ' ')" "length of the over-long line with its newline"
attack line-over-limit
{ printf 'protocol=https\nhost=dev.azure.com\npath=%s\nwwwauth[]=' "$OK_PATH"; head -c 200000 /dev/zero | tr '\0' 'A'; printf '\n'; } | req line-200k
attack line-200k

say "   total over 1 MiB"
{ printf 'protocol=https\nhost=dev.azure.com\npath=%s\n' "$OK_PATH"; for i in $(seq 1 1100); do printf 'x_unknown%d=' "$i"; head -c 1000 /dev/zero | tr '\0' 'b'; printf '\n'; done; } | req over-1mib
[ "$(wc -c <"$T/req/over-1mib")" -gt 1048576 ] || die "the request is not over 1 MiB"
attack over-1mib

say "   url= (Git never sends it)"
printf 'url=https://dev.azure.com/%s\n' "$OK_PATH" | req url-only
attack url-only
printf 'protocol=https\nhost=evil.example\nurl=https://dev.azure.com/%s\n' "$OK_PATH" | req url-with-evil-host
attack url-with-evil-host

say "5. token for the wrong host"
n=0
for h in dev.azure.com.evil.example evildev.azure.com x.dev.azure.com dev.azure.com. dev.azure.com:8443 \
         "dev.$(printf '\xd0\xb0')zure.com" evil.example ssh.dev.azure.com vssps.dev.azure.com \
         contoso.visualstudio.com.evil.example visualstudio.com "dev.azure.com " " dev.azure.com" \
         dev.azure.com/contoso dev.azure.com:443:443 "dev.azure.com@evil.example"; do
    n=$((n + 1))
    printf 'protocol=https\nhost=%s\npath=%s\n' "$h" "$OK_PATH" | req "host-$n"
    say "   host=[$h]"
    attack "host-$n"
done
printf 'protocol=http\nhost=dev.azure.com\npath=%s\n' "$OK_PATH" | req protocol-http
attack protocol-http
printf 'protocol=ssh\nhost=dev.azure.com\npath=%s\n' "$OK_PATH" | req protocol-ssh
attack protocol-ssh
printf 'protocol=https\nhost=evil.example\nusername=contoso\n' | req evil-host-org-user
attack evil-host-org-user
printf 'protocol=https\nhost=fabrikam.visualstudio.com\npath=contoso/Web/_git/web\n' | req vs-other-org
attack vs-other-org

say "7. organisation names as file names (decoys planted where a naive join would look)"
plant() { # RELATIVE-PATH-UNDER-STORE-DIR ORG: a copy of contoso's file
    local dst
    dst="$(store_dir)/$1"
    mkdir -p "$(dirname "$dst")"
    node -e '
        const fs = require("fs");
        let s = fs.readFileSync(process.argv[1], "utf8");
        try { const j = JSON.parse(s); if ("org" in j) j.org = process.argv[3]; s = JSON.stringify(j); } catch (e) {}
        fs.writeFileSync(process.argv[2], s, { mode: 0o600 });
    ' "$(store_file contoso)" "$dst" "$2"
}
ORG51=$(printf 'a%.0s' $(seq 1 51))
plant ../x.json x
plant a/b.json a/b
plant '%2e%2e.json' '%2e%2e'
plant "$ORG51.json" "$ORG51"
plant -contoso.json -contoso
plant contoso-.json contoso-
plant ..json .
printf 'protocol=https\nhost=dev.azure.com\npath=../x/y\n' | req org-dotdot-x
attack org-dotdot-x
printf 'protocol=https\nhost=dev.azure.com\nusername=../x\n' | req org-dotdot-x-username
attack org-dotdot-x-username
printf 'protocol=https\nhost=dev.azure.com\nusername=a/b\n' | req org-slash-username
attack org-slash-username
printf 'protocol=https\nhost=dev.azure.com\npath=%%2e%%2e/x/y\n' | req org-pct-2e
attack org-pct-2e
printf 'protocol=https\nhost=dev.azure.com\npath=%s/p/_git/r\n' "$ORG51" | req org-51
attack org-51
printf 'protocol=https\nhost=dev.azure.com\npath=-contoso/p/_git/r\n' | req org-leading-dash
attack org-leading-dash
printf 'protocol=https\nhost=dev.azure.com\npath=contoso-/p/_git/r\n' | req org-trailing-dash
attack org-trailing-dash
printf 'protocol=https\nhost=dev.azure.com\npath=./x\n' | req org-dot
attack org-dot
printf 'protocol=https\nhost=dev.azure.com\npath=con_toso/p/_git/r\n' | req org-underscore
attack org-underscore
printf 'protocol=https\nhost=dev.azure.com\npath=con\x1b[2Jtoso/p/_git/r\n' | req org-ansi
attack org-ansi
say "   boundary control: a 50-character organisation is valid"
ORG50=$(printf 'b%.0s' $(seq 1 50))
printf 'protocol=https\nhost=dev.azure.com\npath=%s/p/_git/r\nusername=u\npassword=%s\n' "$ORG50" "$PAT2" >"$T/req/store50"
run store50 "$H" store <"$T/req/store50"
printf 'protocol=https\nhost=dev.azure.com\npath=%s/p/_git/r\n' "$ORG50" | req org-50
control org-50 "$PAT2"
printf 'protocol=https\nhost=dev.azure.com\npath=%s/p/_git/r\nusername=u\npassword=%s\n' "$ORG51" "$PAT2" >"$T/req/store51"
run store51 "$H" store <"$T/req/store51"
attack org-51

[ -z "$_failed" ] || die "attacks that got an answer:$_failed"

say "no side effects: invalid store and erase requests change nothing"
sum0=$(store_sum)
for name in dup-host-evil-first cr-host nul-in-path long-line-smuggles-host host-1 host-4 org-dotdot-x protocol-http empty-host; do
    { cat "$T/req/$name"; printf '\nusername=alice\npassword=%s\n' "$PAT2"; } >"$T/req/store-$name"
    run "store-$name" "$H" store <"$T/req/store-$name"
    assert_empty_file "$RUN_OUT" "store-$name stdout"
    _check_common "store-$name"
    assert_eq "$sum0" "$(store_sum)" "store checksum after invalid store ($name)"
    { cat "$T/req/$name"; printf '\nusername=alice\npassword=%s\n' "$PAT"; } >"$T/req/erase-$name"
    run "erase-$name" "$H" erase <"$T/req/erase-$name"
    _check_common "erase-$name"
    assert_eq "$sum0" "$(store_sum)" "store checksum after invalid erase ($name)"
done
[ ! -e "$(store_dir)/../x.json.tmp" ] || die "something was written next to the decoy"
control basic

say "erase with a different password keeps the PAT usable"
printf 'protocol=https\nhost=dev.azure.com\npath=%s\nusername=alice\npassword=%s\n' "$OK_PATH" "$PAT2" >"$T/req/erase-other"
run erase-other "$H" erase <"$T/req/erase-other"
_check_common "erase with another password"
assert_eq "$sum0" "$(store_sum)" "store checksum"
control basic
printf 'protocol=https\nhost=dev.azure.com\npath=%s\nusername=alice\n' "$OK_PATH" >"$T/req/erase-nopass"
run erase-nopass "$H" erase <"$T/req/erase-nopass"
assert_eq "$sum0" "$(store_sum)" "store checksum after erase without a password"
control basic

say "store: only PAT-shaped passwords, never ephemeral ones"
for pw in "gho_$(printf 'x%.0s' $(seq 1 36))" "$(new_pat)x" "$(new_pat | cut -c2-)" \
          "$(new_pat | tr 'a' '8')8" "$(new_pat | tr 'a-z' 'A-Z')" "$(new_pat84 | cut -c2-)-" \
          "hunter2" ""; do
    for org in contoso fabrikam; do
        printf 'protocol=https\nhost=dev.azure.com\npath=%s/p/_git/r\nusername=u\npassword=%s\n' "$org" "$pw" >"$T/req/nonpat"
        run nonpat "$H" store <"$T/req/nonpat"
        _check_common "store of a non-PAT password (${#pw} chars) for $org"
    done
    assert_eq "$sum0" "$(store_sum)" "store checksum after storing a ${#pw}-character non-PAT password"
done
[ ! -e "$(store_file fabrikam)" ] || die "a non-PAT password created fabrikam's file"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/p/_git/r\nusername=u\npassword=%s\nephemeral=1\n' "$PAT2" >"$T/req/eph-c"
run eph-c "$H" store <"$T/req/eph-c"
printf 'protocol=https\nhost=dev.azure.com\npath=fabrikam/p/_git/r\nusername=u\npassword=%s\nephemeral=1\n' "$PAT2" >"$T/req/eph-f"
run eph-f "$H" store <"$T/req/eph-f"
assert_eq "$sum0" "$(store_sum)" "store checksum after ephemeral=1 stores"
[ ! -e "$(store_file fabrikam)" ] || die "ephemeral=1 created fabrikam's file"
control basic

say "other actions are ignored"
for action in frobnicate GET "get " capabilities; do
    run "action" "$H" "$action" <"$T/req/basic"
    [ ! -s "$RUN_OUT" ] || die "action '$action' produced output"
    _check_common "action '$action'"
done
assert_eq "$sum0" "$(store_sum)" "store checksum after unknown actions"

say "controls for erase and store: the right password marks it rejected; the same PAT clears the mark"
run erase-right "$H" erase <"$T/req/seed"
run get-after-erase "$H" get <"$T/req/basic"
assert_empty_file "$RUN_OUT" "get after a valid erase"
assert_contains "$(cat "$RUN_ERR")" "git gitzen add contoso" "hint"
run store-again "$H" store <"$T/req/seed"
control basic

say "$_checked attacks answered with nothing"
