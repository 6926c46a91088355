#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The helper speaks when it cannot serve an Azure DevOps URL (one stderr line, nothing on stdout):
# no PAT stored for the organisation, or no organisation in the request (no path, no {org}@).
# Other hosts stay silent. Also through real Git: a fetch without a stored PAT says why.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen

world_two_orgs
sim_start
git_helper_config

req() { printf '%s\n' "$@" >"$T/req"; }

say "no PAT stored for the organisation"
req protocol=https host=dev.azure.com path=contoso/Web/_git/web
run none git credential-gitzen get <"$T/req"
assert_eq 0 "$RUN_RC" "exit status"
assert_empty_file "$RUN_OUT" "stdout"
assert_eq "gitzen: no PAT stored for contoso; run: git gitzen add contoso" "$(cat "$RUN_ERR")" "stderr"
req protocol=https host=Fabrikam.visualstudio.com path=Api/_git/api
run none-vs git credential-gitzen get <"$T/req"
assert_empty_file "$RUN_OUT" "stdout"
assert_eq "gitzen: no PAT stored for fabrikam; run: git gitzen add fabrikam" "$(cat "$RUN_ERR")" "stderr (visualstudio.com)"
req protocol=https host=dev.azure.com username=contoso
run none-user git credential-gitzen get <"$T/req"
assert_empty_file "$RUN_OUT" "stdout"
assert_eq 1 "$(wc -l <"$RUN_ERR" | tr -d ' ')" "stderr lines ({org}@ form)"
assert_contains "$(cat "$RUN_ERR")" "no PAT stored for contoso; run: git gitzen add contoso" "stderr ({org}@ form)"

say "no organisation in the request"
req protocol=https host=dev.azure.com
run noorg git credential-gitzen get <"$T/req"
assert_eq 0 "$RUN_RC" "exit status"
assert_empty_file "$RUN_OUT" "stdout"
assert_eq 1 "$(wc -l <"$RUN_ERR" | tr -d ' ')" "stderr lines"
assert_contains "$(cat "$RUN_ERR")" "names no organisation" "stderr"
assert_contains "$(cat "$RUN_ERR")" "git gitzen configure" "stderr"
assert_contains "$(cat "$RUN_ERR")" "useHttpPath" "stderr"
req protocol=https host=dev.azure.com path= username=
run noorg-empty git credential-gitzen get <"$T/req"
assert_empty_file "$RUN_OUT" "stdout"
assert_contains "$(cat "$RUN_ERR")" "names no organisation" "stderr (empty path and username)"
req protocol=https "host=dev.azure.com:443"
run noorg-port git credential-gitzen get <"$T/req"
assert_contains "$(cat "$RUN_ERR")" "names no organisation" "stderr (host with :443)"
assert_eq 1 "$(wc -l <"$RUN_ERR" | tr -d ' ')" "stderr lines (host with :443)"

say "store and erase stay silent; other hosts and protocols stay silent"
for r in "protocol=https host=github.com path=a/b" "protocol=http host=dev.azure.com path=contoso" \
         "protocol=https host=dev.azure.com.evil.example path=contoso" "protocol=https host=dev.azure.com:8443"; do
    # shellcheck disable=SC2086
    req $r
    run other git credential-gitzen get <"$T/req"
    assert_empty_file "$RUN_OUT" "stdout for [$r]"
    assert_empty_file "$RUN_ERR" "stderr for [$r]"
done
req protocol=https host=dev.azure.com
for a in store erase; do
    run "noorg-$a" git credential-gitzen "$a" <"$T/req"
    assert_empty_file "$RUN_ERR" "stderr of $a without an organisation"
done

say "the host is named as Git sent it"
printf 'protocol=https\nhost=DEV.azure.com\n' >"$T/req"
run noorg-case git credential-gitzen get <"$T/req"
assert_contains "$(cat "$RUN_ERR")" "DEV.azure.com" "stderr keeps the host's letter case"

say "through Git: a fetch without a stored PAT says why in one line"
run fetch git clone -q "$URL_C" "$T/web"
[ "$RUN_RC" -ne 0 ] || die "a clone without a PAT succeeded"
assert_eq 1 "$(grep -c '^gitzen:' "$RUN_ERR")" "gitzen lines in the clone's stderr"
assert_contains "$(grep '^gitzen:' "$RUN_ERR")" "no PAT stored for contoso; run: git gitzen add contoso" "the clone's gitzen line"
git config --global --unset-all credential.https://dev.azure.com.useHttpPath
run fetch-nopath git clone -q "$URL_C" "$T/web2"
[ "$RUN_RC" -ne 0 ] || die "a clone without a PAT succeeded"
assert_contains "$(grep '^gitzen:' "$RUN_ERR")" "names no organisation" "the clone's gitzen line without useHttpPath"
