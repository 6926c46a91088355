# SPDX-License-Identifier: MIT
# add: what is wrong with a pasted value is named, before any request and without echoing it
# (issue 11 item 2); add checks that it could store the PAT before it asks for it (item 5).
# Transcripts: input, expected stdout, expected stderr, exit status. No simulator runs, so a
# request would show as an error line that no case expects.
. "$TESTS_DIR/e2e/lib.sh"
. "$TESTS_DIR/e2e/transcript.sh"
need_bin git-gitzen
git gitzen configure >/dev/null
P52=$(new_pat)
P84=$(new_pat84)
SECRETS=("$P52" "$P84")
UP52=$(printf '%s' "$P52" | tr 'a-z' 'A-Z')
GH=$(new_pat84 | head -c 36)

say "each pasting mistake, through --pat-stdin, gets its own message and exit 2"
check 2 git gitzen add contoso --pat-stdin <<EOF
--
--
error: nothing was entered; copy the PAT from Azure DevOps (it is shown once, when created) and paste it
Nothing was stored.
EOF
check 2 git gitzen add contoso --pat-stdin <<EOF

--
--
error: nothing was entered; copy the PAT from Azure DevOps (it is shown once, when created) and paste it
Nothing was stored.
EOF
check 2 git gitzen add contoso --pat-stdin <<EOF
\x20$P52
--
--
error: the value starts with white space; paste the PAT alone, without it
Nothing was stored.
EOF
check 2 git gitzen add contoso --pat-stdin <<EOF
$P84\x20
--
--
error: the value ends with white space; paste the PAT alone, without it
Nothing was stored.
EOF
check 2 git gitzen add contoso --pat-stdin <<EOF
${P84:0:40}\t${P84:40}
--
--
error: the value has white space inside; a PAT is one word (was it split over two lines?)
Nothing was stored.
EOF
for q in "'" '"' '\u201c'; do
    case $q in '\u201c') close='\u201d' ;; *) close=$q ;; esac
    check 2 git gitzen add contoso --pat-stdin <<EOF
$q$P52$close
--
--
error: the value is in quotes; paste the PAT alone, without them
Nothing was stored.
EOF
done
for pre in ghp_ gho_ ghu_ ghs_ ghr_ github_pat_; do
    SECRETS+=("$pre$GH")
    check 2 git gitzen add contoso --pat-stdin <<EOF
$pre$GH
--
--
error: that is a GitHub token, not an Azure DevOps PAT; create one in Azure DevOps under User settings > Personal access tokens
Nothing was stored.
EOF
done
SECRETS+=("glpat-${GH:0:20}")
check 2 git gitzen add contoso --pat-stdin <<EOF
glpat-${GH:0:20}
--
--
error: that is a GitLab token, not an Azure DevOps PAT; create one in Azure DevOps under User settings > Personal access tokens
Nothing was stored.
EOF
check 2 git gitzen add contoso --pat-stdin <<EOF
${P84:0:83}
--
--
error: the value has 83 characters; an Azure DevOps PAT has 84 (52 for an older PAT)
Nothing was stored.
EOF
check 2 git gitzen add contoso --pat-stdin <<EOF
$UP52
--
--
error: the value has 52 characters, the length of an older PAT, but upper-case letters: older PATs are lower case (a-z and 2-7); was Caps Lock on, or did an editor change it?
Nothing was stored.
EOF
check 2 git gitzen add contoso --pat-stdin <<EOF
${P52:0:50}08
--
--
error: the value has 52 characters, the length of an older PAT, but also the digits 0, 1, 8 or 9: older PATs have only a-z and 2-7
Nothing was stored.
EOF
check 2 git gitzen add contoso --pat-stdin <<EOF
${P84:0:82}-_
--
--
error: the value has 84 characters, the length of a PAT, but also punctuation: PATs have only letters A-Z, a-z and digits
Nothing was stored.
EOF
check 2 git gitzen add contoso --pat-stdin <<EOF
\033[200~$P84\033[201~
--
--
error: the value holds control characters (a terminal escape sequence?); paste the PAT alone
Nothing was stored.
EOF
[ ! -e "$(store_file contoso)" ] || die "a refused paste was stored"
ok "nothing was stored for any of them"

say "the same diagnosis at the terminal prompt"
printf ' %s\n' "$P52" >"$T/lead"
rc=0
TERM=dumb python3 "$TESTS_DIR/e2e/pty/pty-run.py" "$T/lead" "$T/tty" git gitzen add contoso || rc=$?
assert_eq 2 "$rc" "exit status of add at a terminal, leading space"
no_leak "$P52" "$T/tty"
assert_contains "$(tr -d '\r' <"$T/tty")" "error: the value starts with white space; paste the PAT alone, without it"

say "add checks the state before it asks for the PAT: one line, no prompt, nothing read"
mkdir -p "$(store_dir)"
chmod 700 "$(store_dir)"
printf 'not json\n' >"$(store_file contoso)"
chmod 600 "$(store_file contoso)"
before=$(store_sum)
check 2 git gitzen add contoso --pat-stdin <<EOF
$P52
--
--
error: $(store_file contoso) is damaged (not valid JSON); move it aside and run: git gitzen add contoso; nothing was stored, and no PAT was asked for
EOF
assert_eq "$before" "$(store_sum)" "the store after add on a damaged entry"
rm -f "$(store_file contoso)"
chmod 755 "$(store_dir)"
check 2 git gitzen add contoso --pat-stdin <<EOF
$P52
--
--
error: $(store_dir) is accessible by group or others (mode 0755); run: chmod 700 $(store_dir); nothing was stored, and no PAT was asked for
EOF
chmod 700 "$(store_dir)"
rc=0
printf 'garbage\n' >"$(store_file fabrikam)"
chmod 600 "$(store_file fabrikam)"
rc=0
printf '%s\n' "$P52" >"$T/good"
timeout 20 python3 "$TESTS_DIR/e2e/pty/pty-run.py" "$T/good" "$T/tty3" git gitzen add fabrikam || rc=$?
assert_eq 2 "$rc" "exit status of add at a terminal with a damaged entry"
assert_not_contains "$(cat "$T/tty3")" "input hidden" "the terminal"
ok "no prompt at a terminal when the entry is damaged"
