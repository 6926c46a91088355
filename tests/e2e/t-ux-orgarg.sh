# SPDX-License-Identifier: MIT
# <org> given as an organisation or remote URL for add, validate and remove (issue 11 item 3);
# --expires: today accepted, more than a year ahead warned, a rotation without it says the expiry
# is unknown now (item 7). Transcripts; no simulator (add runs with --no-validate).
. "$TESTS_DIR/e2e/lib.sh"
. "$TESTS_DIR/e2e/transcript.sh"
need_bin git-gitzen
git gitzen configure >/dev/null
P1=$(new_pat)
P2=$(new_pat84)
SECRETS=("$P1" "$P2" secret)
TODAY=$(date -u +%F)
FAR=$(date -u -d '+2 years' +%F)

say "the organisation from a URL: add, list, remove"
for url in https://dev.azure.com/contoso https://contoso.visualstudio.com contoso.visualstudio.com \
    contoso/ https://user@dev.azure.com/contoso/proj/_git/repo HTTPS://Dev.Azure.Com:443/Contoso/; do
    check 0 git gitzen add "$url" --pat-stdin --no-validate <<EOF
$P1
--
Stored the PAT for contoso.
Not checked (--no-validate): run \`git gitzen validate contoso\` to check its scopes.
--
EOF
    check 0 git gitzen remove "$url" <<EOF
--
Removed the PAT for contoso. Revoke it in Azure DevOps too if it is no longer needed.
--
EOF
done
check 2 git gitzen validate https://dev.azure.com/fabrikam/Api/_git/api <<EOF
--
--
error: no PAT is stored for fabrikam; to add one, run: git gitzen add fabrikam
EOF

say "what is not an organisation is refused by name; a URL with a password is not repeated"
check 2 git gitzen add http://dev.azure.com/contoso --pat-stdin <<EOF
--
--
error: 'http://dev.azure.com/contoso': Azure DevOps is served over https only, not http
EOF
check 2 git gitzen remove https://github.com/contoso/web <<EOF
--
--
error: 'https://github.com/contoso/web': not an Azure DevOps URL (https://dev.azure.com/<org> or https://<org>.visualstudio.com)
EOF
check 2 git gitzen remove https://dev.azure.com/ <<EOF
--
--
error: 'https://dev.azure.com/': the URL names no organisation: give it as https://dev.azure.com/<org>
EOF
check 2 git gitzen remove 'https://me:secret@github.com/x' <<EOF
--
--
error: the organisation argument: not an Azure DevOps URL (https://dev.azure.com/<org> or https://<org>.visualstudio.com)
EOF
check 2 git gitzen remove 'con!toso' <<EOF
--
--
error: 'con!toso': not an organisation name (1-50 letters, digits and '-', not starting or ending with '-')
EOF

say "--expires: today is accepted (and expiring), years ahead is warned, the past is refused"
check 0 git gitzen add contoso --pat-stdin --no-validate --expires "$TODAY" <<EOF
$P1
--
Stored the PAT for contoso.
Not checked (--no-validate): run \`git gitzen validate contoso\` to check its scopes.
--
EOF
check 0 git gitzen list <<EOF
--
ORG                USER                   STATUS         EXPIRES    VALIDATED
contoso            -                      expiring       $TODAY -
  expiring — to rotate it, run \`git gitzen add contoso\`
--
EOF
check 0 git gitzen add contoso --pat-stdin --no-validate --expires "$FAR" <<EOF
$P2
--
Stored the new PAT for contoso; the previous one (added $TODAY) is kept in the history.
Not checked (--no-validate): run \`git gitzen validate contoso\` to check its scopes.
--
warning: --expires $FAR is more than a year ahead; Azure DevOps allows one year at most by default: check the date
EOF
check 2 git gitzen add contoso --pat-stdin --expires 2020-01-01 <<EOF
$P1
--
--
error: --expires 2020-01-01: that date is past: the PAT has expired; create a new one in Azure DevOps
EOF
check 2 git gitzen add contoso --pat-stdin --expires tomorrow <<EOF
$P1
--
--
error: --expires tomorrow: not a date (YYYY-MM-DD)
EOF

say "a rotation without --expires says the expiry is unknown now"
check 0 git gitzen add contoso --pat-stdin --no-validate <<EOF
$P1
--
Stored the new PAT for contoso; the previous one (added $TODAY) is kept in the history.
Its expiry is unknown now (the previous PAT's, $FAR, no longer applies): give it with --expires YYYY-MM-DD.
Not checked (--no-validate): run \`git gitzen validate contoso\` to check its scopes.
--
EOF
check 0 git gitzen list --json <<EOF
--
{"orgs":[{"org":"contoso","user":null,"status":"unvalidated","expires":null,"validated":null,"missing":[],"push":null,"store":"file"}]}
--
EOF

say "--quiet: nothing but errors, for each command"
check 0 git gitzen add contoso --quiet --pat-stdin --no-validate --expires "$FAR" <<EOF
$P2
--
--
EOF
for cmd in list status doctor "resolve -" "remove contoso" "configure" "unconfigure"; do
    # shellcheck disable=SC2086
    check_q=$(git gitzen $cmd --quiet </dev/null 2>&1 >/dev/null | grep -v '^error: ' || true)
    assert_eq "" "$check_q" "git gitzen $cmd --quiet: anything but errors"
done

say "list in 80 columns: an organisation name longer than its column gets a line of its own"
LONG=contoso-engineering-platform-team
git gitzen configure >/dev/null
check 0 git gitzen add "https://dev.azure.com/$LONG/" --pat-stdin --no-validate <<EOF
$P1
--
Stored the PAT for $LONG.
Not checked (--no-validate): run \`git gitzen validate $LONG\` to check its scopes.
--
EOF
check 0 git gitzen list <<EOF
--
ORG                USER                   STATUS         EXPIRES    VALIDATED
$LONG
                   -                      unvalidated    -          -
  unvalidated — to check it, run
    \`git gitzen validate $LONG\`
--
EOF
