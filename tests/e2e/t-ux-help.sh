# SPDX-License-Identifier: MIT
# Help and usage errors, as transcripts: `git gitzen <cmd> -h` and `git gitzen help <cmd>` show
# the synopsis and every option on a line of its own; the command table refuses what it does not
# know with one line and the synopsis, exit 2; an argument that looks like a PAT or token is never
# printed. No network is involved. (git gitzen --help, through Git to gitzen(1): t-package.sh.)
. "$TESTS_DIR/e2e/lib.sh"
. "$TESTS_DIR/e2e/transcript.sh"
need_bin git-gitzen
PAT_L=$(new_pat)
PAT_C=$(new_pat84)
GHP="ghp_$(new_pat84 | head -c 36)"
SECRETS=("$PAT_L" "$PAT_C" "$GHP")

say "add -h and help add: the synopsis, then each option with what it does"
check 0 git gitzen add -h <<EOF
--
usage: git gitzen add <org> [--pat-stdin] [--expires YYYY-MM-DD] [--no-validate]
                      [--force]

store or rotate the PAT of an organisation, after checking its five scopes

    <org>                  the organisation: its name, or a URL naming it
                           (https://dev.azure.com/contoso, a remote's URL)
    --pat-stdin            read the PAT from standard input, not the terminal
    --expires YYYY-MM-DD   its expiry date (UTC); gitzen warns 7 days before
    --no-validate          store it unchecked: no request to Azure DevOps
    --force                store it with scopes missing or the check unanswered
    -q, --quiet            print errors only; the exit status says the rest
    -h, --help             show this help

See git-gitzen(1) for more.
--
EOF
git gitzen add -h >"$T/add-h"
git gitzen help add >"$T/help-add"
cmp "$T/add-h" "$T/help-add" || die "git gitzen help add differs from git gitzen add -h"
ok "git gitzen help add is git gitzen add -h"
check 0 git gitzen status --help <<EOF
--
usage: git gitzen status [--json] [--repo DIR]

show the organisation, Git set-up and PAT of each Azure DevOps remote

    --json                 print JSON:
                           {"remotes":[{"remote":...,"status":...},...]}
    --repo DIR             the repository to look at (default: the one around
                           the current directory)
    -q, --quiet            print errors only; the exit status says the rest
    -h, --help             show this help

See git-gitzen(1) for more.
--
EOF

say "-h wins wherever it is, even where a value is expected"
git gitzen add --expires -h >"$T/add-h2"
cmp "$T/add-h" "$T/add-h2" || die "git gitzen add --expires -h is not the help"
ok "git gitzen add --expires -h is the help"

say "usage errors: one line saying what is wrong, then the synopsis; exit 2"
check 2 git gitzen add contoso --expires <<EOF
--
--
error: --expires needs a value: --expires YYYY-MM-DD
usage: git gitzen add <org> [--pat-stdin] [--expires YYYY-MM-DD] [--no-validate]
                      [--force]
EOF
check 2 git gitzen add contoso --expires= <<EOF
--
--
error: --expires needs a value: --expires YYYY-MM-DD
usage: git gitzen add <org> [--pat-stdin] [--expires YYYY-MM-DD] [--no-validate]
                      [--force]
EOF
check 2 git gitzen add contoso --expires --force <<EOF
--
--
error: --expires needs a value: --expires YYYY-MM-DD
usage: git gitzen add <org> [--pat-stdin] [--expires YYYY-MM-DD] [--no-validate]
                      [--force]
EOF
check 2 git gitzen add <<EOF
--
--
error: git gitzen add needs <org>
usage: git gitzen add <org> [--pat-stdin] [--expires YYYY-MM-DD] [--no-validate]
                      [--force]
EOF
check 2 git gitzen list --force <<EOF
--
--
error: git gitzen list has no option '--force'
usage: git gitzen list [--json]
EOF
check 2 git gitzen list --json=yes <<EOF
--
--
error: --json takes no value
usage: git gitzen list [--json]
EOF
check 2 git gitzen remove contoso fabrikam <<EOF
--
--
error: unexpected argument 'fabrikam'
usage: git gitzen remove <org>
EOF
check 2 git gitzen configure --global --local <<EOF
--
--
error: --global and --local cannot be used together
usage: git gitzen configure [--global|--system|--local]
EOF
check 2 git gitzen frobnicate <<EOF
--
--
error: 'frobnicate' is not a git gitzen command; see git gitzen -h
EOF
check 2 git gitzen help frobnicate <<EOF
--
--
error: 'frobnicate' is not a git gitzen command; see git gitzen -h
EOF

say "a PAT or token as an argument is refused without being printed"
for tok in "$PAT_L" "$PAT_C" "$GHP"; do
    check 2 git gitzen add contoso "$tok" <<EOF
--
--
error: an argument of git gitzen add looks like a PAT; it is not shown and was not used
hint: a PAT never goes on the command line: run \`git gitzen add <org>\` and paste it at the prompt, or pipe it in with --pat-stdin
hint: a real PAT is now in your shell's history: remove it there, or revoke the PAT in Azure DevOps
EOF
done
check 2 git gitzen add "$PAT_L" <<EOF
--
--
error: an argument of git gitzen add looks like a PAT; it is not shown and was not used
hint: a PAT never goes on the command line: run \`git gitzen add <org>\` and paste it at the prompt, or pipe it in with --pat-stdin
hint: a real PAT is now in your shell's history: remove it there, or revoke the PAT in Azure DevOps
EOF
check 2 git gitzen validate contoso "$PAT_C" <<EOF
--
--
error: an argument of git gitzen validate looks like a PAT; it is not shown and was not used
hint: a PAT never goes on the command line: run \`git gitzen add <org>\` and paste it at the prompt, or pipe it in with --pat-stdin
hint: a real PAT is now in your shell's history: remove it there, or revoke the PAT in Azure DevOps
EOF
check 2 git gitzen list "$GHP" <<EOF
--
--
error: unexpected argument '(not shown: it looks like a PAT or token)'
usage: git gitzen list [--json]
EOF
check 2 git gitzen "--$PAT_L" <<EOF
--
--
error: '(not shown: it looks like a PAT or token)' is not a git gitzen command; see git gitzen -h
EOF
[ ! -e "$(store_dir)" ] || die "a refused command created the state directory"
ok "nothing was stored"

say "--quiet: usage errors still show; the help is still the help"
check 2 git gitzen list --quiet --bogus <<EOF
--
--
error: git gitzen list has no option '--bogus'
usage: git gitzen list [--json]
EOF
check 0 git gitzen list --quiet <<EOF
--
--
EOF
