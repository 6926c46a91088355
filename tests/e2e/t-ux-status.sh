# SPDX-License-Identifier: MIT
# git gitzen status, as transcripts: one row per Azure DevOps remote in every URL form, whether
# Git asks gitzen for it, the organisation's PAT (never the PAT itself), exit 0 when every
# Azure DevOps remote gets a usable PAT, 1 otherwise, 2 outside a repository; --json, --repo,
# --quiet. No network is involved.
. "$TESTS_DIR/e2e/lib.sh"
. "$TESTS_DIR/e2e/transcript.sh"
need_bin git-gitzen
PAT_C=$(new_pat)
SECRETS=("$PAT_C" "hunter2xyz")
EXP=$(date -u -d '+60 days' +%F)

say "outside a repository, and --repo that is not one: exit 2 naming it"
mkdir -p "$T/plain"
cd "$T/plain"
check 2 git gitzen status <<EOF
--
--
error: not in a Git repository (cd into one, or use --repo DIR)
EOF
check 2 git gitzen status --repo "$T/nonexistent" <<EOF
--
--
error: --repo $T/nonexistent: No such file or directory
EOF
check 2 git gitzen status --repo "$T/plain" <<EOF
--
--
error: --repo $T/plain: not a Git repository
EOF
check 2 git gitzen status --repo <<EOF
--
--
error: --repo needs a value: --repo DIR
usage: git gitzen status [--json] [--repo DIR]
EOF

say "a repository without Azure DevOps remotes: nothing to check, exit 0"
git init -q "$T/gh"
git -C "$T/gh" remote add origin https://github.com/contoso/web.git
check 0 git gitzen status --repo "$T/gh" <<EOF
--
No Azure DevOps remote in $T/gh/ (1 other remote).
--
EOF

say "every URL form, before configure and add: each row says what is missing, exit 1"
git init -q "$T/r"
cd "$T/r"
git remote add origin https://dev.azure.com/contoso/Web/_git/web
git remote add userform https://alice:hunter2xyz@dev.azure.com/contoso/Web/_git/api
git remote add vs https://contoso.visualstudio.com/DefaultCollection/Web/_git/docs
git remote add ssh git@ssh.dev.azure.com:v3/fabrikam/Ops/tools
git remote add github https://github.com/contoso/web.git
check 1 git gitzen status <<EOF
--
origin  https://dev.azure.com/contoso/Web/_git/web
  organisation contoso, project Web, repository web
  Git asks gitzen: no (fix: git gitzen configure)
  PAT: none
  fix: to add one, run \`git gitzen add contoso\`

ssh  git@ssh.dev.azure.com:v3/fabrikam/Ops/tools
  organisation fabrikam, project Ops, repository tools
  Git asks gitzen: no (an SSH URL: Git uses your SSH key; the PAT serves resolve)
  PAT: none
  fix: to add one, run \`git gitzen add fabrikam\`

userform  https://alice@dev.azure.com/contoso/Web/_git/api
  organisation contoso, project Web, repository api
  Git asks gitzen: no (fix: git gitzen configure)
  PAT: none
  fix: to add one, run \`git gitzen add contoso\`

vs  https://contoso.visualstudio.com/DefaultCollection/Web/_git/docs
  organisation contoso, project Web, repository docs
  Git asks gitzen: no (fix: git gitzen configure)
  PAT: none
  fix: to add one, run \`git gitzen add contoso\`

Git gets no usable PAT for 4 of 4 Azure DevOps remotes (1 other remote).
--
EOF

say "after configure and add contoso: its remotes are usable; fabrikam's still has no PAT"
git gitzen configure >/dev/null
printf '%s\n' "$PAT_C" | git gitzen add contoso --pat-stdin --no-validate --expires "$EXP" >/dev/null
check 1 git gitzen status <<EOF
--
origin  https://dev.azure.com/contoso/Web/_git/web
  organisation contoso, project Web, repository web
  Git asks gitzen: yes
  PAT: unvalidated, expires $EXP, can push: unknown
  fix: to check it, run \`git gitzen validate contoso\`

ssh  git@ssh.dev.azure.com:v3/fabrikam/Ops/tools
  organisation fabrikam, project Ops, repository tools
  Git asks gitzen: no (an SSH URL: Git uses your SSH key; the PAT serves resolve)
  PAT: none
  fix: to add one, run \`git gitzen add fabrikam\`

userform  https://alice@dev.azure.com/contoso/Web/_git/api
  organisation contoso, project Web, repository api
  Git asks gitzen: yes
  PAT: unvalidated, expires $EXP, can push: unknown
  fix: to check it, run \`git gitzen validate contoso\`

vs  https://contoso.visualstudio.com/DefaultCollection/Web/_git/docs
  organisation contoso, project Web, repository docs
  Git asks gitzen: yes
  PAT: unvalidated, expires $EXP, can push: unknown
  fix: to check it, run \`git gitzen validate contoso\`

Git gets no usable PAT for 1 of 4 Azure DevOps remotes (1 other remote).
--
EOF

say "--json: one object per Azure DevOps remote, the password of a URL cut out"
check 1 git gitzen status --json <<EOF
--
{"remotes":[{"remote":"origin","url":"https://dev.azure.com/contoso/Web/_git/web","org":"contoso","project":"Web","repo":"web","configured":true,"status":"unvalidated","user":null,"expires":"$EXP","push":null},{"remote":"ssh","url":"git@ssh.dev.azure.com:v3/fabrikam/Ops/tools","org":"fabrikam","project":"Ops","repo":"tools","configured":false,"status":"none","user":null,"expires":null,"push":null},{"remote":"userform","url":"https://alice@dev.azure.com/contoso/Web/_git/api","org":"contoso","project":"Web","repo":"api","configured":true,"status":"unvalidated","user":null,"expires":"$EXP","push":null},{"remote":"vs","url":"https://contoso.visualstudio.com/DefaultCollection/Web/_git/docs","org":"contoso","project":"Web","repo":"docs","configured":true,"status":"unvalidated","user":null,"expires":"$EXP","push":null}]}
--
EOF

say "--quiet: nothing printed, the exit status says it"
check 1 git gitzen status --quiet <<EOF
--
--
EOF

say "every remote usable: exit 0, also from a subdirectory and through --repo"
git remote remove ssh
mkdir -p "$T/r/sub/dir"
cd "$T/r/sub/dir"
check 0 git gitzen status -q <<EOF
--
--
EOF
cd "$T"
check 0 git gitzen status --repo "$T/r/sub" <<EOF
--
origin  https://dev.azure.com/contoso/Web/_git/web
  organisation contoso, project Web, repository web
  Git asks gitzen: yes
  PAT: unvalidated, expires $EXP, can push: unknown
  fix: to check it, run \`git gitzen validate contoso\`

userform  https://alice@dev.azure.com/contoso/Web/_git/api
  organisation contoso, project Web, repository api
  Git asks gitzen: yes
  PAT: unvalidated, expires $EXP, can push: unknown
  fix: to check it, run \`git gitzen validate contoso\`

vs  https://contoso.visualstudio.com/DefaultCollection/Web/_git/docs
  organisation contoso, project Web, repository docs
  Git asks gitzen: yes
  PAT: unvalidated, expires $EXP, can push: unknown
  fix: to check it, run \`git gitzen validate contoso\`

Git gets a usable PAT for every Azure DevOps remote (1 other remote).
--
EOF

say "without useHttpPath Git sends no path: a dev.azure.com/{org}/... remote is not served"
git config --global --unset 'credential.https://dev.azure.com.useHttpPath'
check 1 git gitzen status --repo "$T/r" -q <<EOF
--
--
EOF
git gitzen configure >/dev/null

git -C "$T/r" remote remove userform
git -C "$T/r" remote remove vs

say "a PAT that lacks scopes is usable for Git; its fix line wraps within 80 columns"
node -e '
    const fs = require("fs"), f = process.argv[1], e = JSON.parse(fs.readFileSync(f, "utf8"));
    e.status = "missing_scopes"; e.validated = Math.floor(Date.now() / 1000);
    fs.writeFileSync(f, JSON.stringify(e));
' "$(store_file contoso)"
check 0 git gitzen status --repo "$T/r" <<EOF
--
origin  https://dev.azure.com/contoso/Web/_git/web
  organisation contoso, project Web, repository web
  Git asks gitzen: yes
  PAT: missing-scopes, expires $EXP, can push: unknown
  fix: add them to the PAT in Azure DevOps (User settings > Personal access
       tokens) or create one with them, then run \`git gitzen add contoso\`

Git gets a usable PAT for the Azure DevOps remote (1 other remote).
--
EOF

say "a rejected PAT is not usable"
node -e '
    const fs = require("fs"), f = process.argv[1], e = JSON.parse(fs.readFileSync(f, "utf8"));
    e.rejected = Math.floor(Date.now() / 1000); fs.writeFileSync(f, JSON.stringify(e));
' "$(store_file contoso)"
check 1 git gitzen status --repo "$T/r" <<EOF
--
origin  https://dev.azure.com/contoso/Web/_git/web
  organisation contoso, project Web, repository web
  Git asks gitzen: yes
  PAT: rejected, expires $EXP, can push: unknown
  fix: create a new PAT and run \`git gitzen add contoso\`

Git gets no usable PAT for 1 of 1 Azure DevOps remote (1 other remote).
--
EOF
