#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/contract.md, "get" and "store": expiry (password_expiry_utc kept; already past: not stored;
# within 7 days: served with a warning; passed: not served, with a hint) and the store's safety
# (directory 0700, files 0600; a group-readable file or a symlinked entry is not trusted).
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
H=git-credential-gitzen
mkdir -p "$T/req"

PAT=$(new_pat)
GET="$T/req/get"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$GET"
store_req() { # FILE PAT EXPIRY
    printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\npassword_expiry_utc=%s\n' "$2" "$3" >"$1"
}
now=$(date +%s)

say "a PAT whose password_expiry_utc is already past is not stored"
store_req "$T/req/past" "$PAT" $((now - 3600))
run store-past "$H" store <"$T/req/past"
assert_empty_file "$RUN_OUT" "store stdout"
assert_empty_file "$RUN_ERR" "store stderr"
[ ! -e "$(store_file contoso)" ] || die "an already expired PAT was stored"
ok "nothing stored"
run get-none "$H" get <"$GET"
assert_empty_file "$RUN_OUT" "get stdout"

say "a PAT expiring in 3 days is stored and served with its expiry and a warning"
exp=$((now + 3 * 86400))
store_req "$T/req/soon" "$PAT" "$exp"
run store-soon "$H" store <"$T/req/soon"
assert_empty_file "$RUN_OUT" "store stdout"
assert_empty_file "$RUN_ERR" "store stderr"
run get-soon "$H" get <"$GET"
assert_serves "$RUN_OUT" "$PAT" "get"
assert_eq "password_expiry_utc=$exp" "$(grep '^password_expiry_utc=' "$RUN_OUT")" "expiry line"
assert_contains "$(grep '^username=' "$RUN_OUT")" "username=" "username line"
assert_contains "$(tr 'A-Z' 'a-z' <"$RUN_ERR")" "expire" "stderr warning"
assert_contains "$(cat "$RUN_ERR")" "contoso" "the warning names the organisation"
no_leak "$PAT" "$RUN_ERR"

say "store permissions"
assert_file_mode 700 "$(store_dir)"
assert_file_mode 600 "$(store_file contoso)"

say "a PAT expiring in 30 days is served without a warning"
PAT30=$(new_pat)
store_req "$T/req/later" "$PAT30" $((now + 30 * 86400))
run store-later "$H" store <"$T/req/later"
run get-later "$H" get <"$GET"
assert_serves "$RUN_OUT" "$PAT30" "get"
assert_empty_file "$RUN_ERR" "get stderr"

say "a group-readable store file is not trusted"
chmod 640 "$(store_file contoso)"
run get-640 "$H" get <"$GET"
assert_empty_file "$RUN_OUT" "get stdout (file 0640)"
[ -s "$RUN_ERR" ] || die "get said nothing about the 0640 file"
grep -qiE 'permission|mode|0?640|readable|unsafe|insecure' "$RUN_ERR" ||
    die "stderr does not name the problem: $(cat -v "$RUN_ERR")"
ok "stderr names the problem: $(head -n 1 "$RUN_ERR" | cat -v)"
no_leak "$PAT30" "$RUN_ERR"
chmod 600 "$(store_file contoso)"
run get-600 "$H" get <"$GET"
assert_serves "$RUN_OUT" "$PAT30" "get after chmod 600 (control)"

say "a symlinked store entry is not followed"
mv "$(store_file contoso)" "$T/elsewhere.json"
ln -s "$T/elsewhere.json" "$(store_file contoso)"
run get-link "$H" get <"$GET"
assert_empty_file "$RUN_OUT" "get stdout (symlink)"
no_leak "$PAT30" "$RUN_ERR"
rm "$(store_file contoso)"
mv "$T/elsewhere.json" "$(store_file contoso)"
run get-back "$H" get <"$GET"
assert_serves "$RUN_OUT" "$PAT30" "get after restoring the file (control)"

say "a PAT whose expiry passes is no longer served"
PATX=$(new_pat)
exp=$(($(date +%s) + 3600))
store_req "$T/req/x" "$PATX" "$exp"
run store-x "$H" store <"$T/req/x"
run get-x1 "$H" get <"$GET"
assert_serves "$RUN_OUT" "$PATX" "get before the expiry"
# Time passes: the recorded expiry moves to one second ago (no waiting on the clock).
node -e 'const fs=require("fs"),f=process.argv[1];const j=JSON.parse(fs.readFileSync(f));j.expires=Math.floor(Date.now()/1000)-1;fs.writeFileSync(f,JSON.stringify(j),{mode:0o600})' "$(store_file contoso)"
assert_file_mode 600 "$(store_file contoso)"
run get-x2 "$H" get <"$GET"
assert_empty_file "$RUN_OUT" "get after the expiry"
assert_contains "$(tr 'A-Z' 'a-z' <"$RUN_ERR")" "expired" "stderr hint"
assert_contains "$(cat "$RUN_ERR")" "git gitzen add contoso" "stderr hint"
assert_eq 1 "$(wc -l <"$RUN_ERR" | tr -d ' ')" "lines of the hint"

for p in "$PAT" "$PAT30" "$PATX"; do no_leak "$p" "$T"/out/*.err; done
