# SPDX-License-Identifier: MIT
# git gitzen resolve: local, remote-only (batched), ambiguous, not found, qualified references to
# another repository and organisation, a PAT without Code (Read), no PAT, 429 and 503.
. "$TESTS_DIR/e2e/lib.sh"
need_bin git-gitzen
world_two_orgs
mapfile -t BIG_SHAS < <(make_repo "$REPOS/contoso/big.git" 250)
NOCODE=$(new_pat)
scenario_edit "
  s.orgs.contoso.projects.Web.repos.big = {id: '$(new_guid)', path: '$REPOS/contoso/big.git'};
  s.orgs.northwind = {id: '$(new_guid)', users: {carol: {id: '$(new_guid)', display: 'Carol', unique: 'carol@northwind.com'}},
                      projects: {Ops: {id: '$(new_guid)', repos: {ops: {id: '$(new_guid)', path: '$REPOS/contoso/web.git'}}}}};
  s.pats.push({token: '$NOCODE', org: 'northwind', user: 'carol', scopes: ['vso.work_write','vso.identity','vso.project','vso.serviceendpoint_query']});"
sim_start
git_helper_config
printf '%s\n' "$PAT_C" >"$T/p"; git gitzen add contoso --pat-stdin <"$T/p" >/dev/null
printf '%s\n' "$PAT_F" >"$T/p"; git gitzen add fabrikam --pat-stdin <"$T/p" >/dev/null
printf '%s\n' "$NOCODE" >"$T/p"; git gitzen add northwind --pat-stdin --force <"$T/p" >/dev/null
rm -f "$T/p"
git clone -q "$URL_C" "$T/web"
cd "$T/web"

# Two commits whose ids share their first 7 hex digits: made by varying the message until the
# prefixes collide (a birthday search over SHA-1 of the commit objects), then written for real.
node -e '
  const crypto = require("crypto"), { execFileSync } = require("child_process");
  const tree = execFileSync("git", ["rev-parse", "HEAD^{tree}"]).toString().trim();
  const parent = execFileSync("git", ["rev-parse", "HEAD"]).toString().trim();
  const seen = new Map();
  for (let i = 0; ; i++) {
    const body = `tree ${tree}\nparent ${parent}\nauthor Dana <dana@contoso.com> 1700009000 +0000\ncommitter Dana <dana@contoso.com> 1700009000 +0000\n\nTwin ${i}\n`;
    const sha = crypto.createHash("sha1").update(`commit ${Buffer.byteLength(body)}\0${body}`).digest("hex");
    const p = sha.slice(0, 7);
    if (seen.has(p)) {
      for (const b of [seen.get(p), body]) {
        const id = execFileSync("git", ["hash-object", "-t", "commit", "-w", "--stdin"], { input: b }).toString().trim();
        console.log(id);
      }
      break;
    }
    seen.set(p, body);
  }' >"$T/twins"
mapfile -t TWINS <"$T/twins"
assert_eq "${TWINS[0]:0:7}" "${TWINS[1]:0:7}" "the twins' 7-digit prefixes"
git update-ref refs/heads/twin-a "${TWINS[0]}"; git update-ref refs/heads/twin-b "${TWINS[1]}"

# A commit and a blob whose ids share their first 7 hex digits: the reference names the commit.
node -e '
  const crypto = require("crypto"), { execFileSync } = require("child_process");
  const tree = execFileSync("git", ["rev-parse", "HEAD^{tree}"]).toString().trim();
  const parent = execFileSync("git", ["rev-parse", "HEAD"]).toString().trim();
  const sha = (t, b) => crypto.createHash("sha1").update(`${t} ${Buffer.byteLength(b)}\0${b}`).digest("hex");
  const seen = new Map();
  for (let i = 0; ; i++) {
    const t = i % 2 ? "blob" : "commit";
    const body = t === "blob" ? `blob content ${i}\n` :
      `tree ${tree}\nparent ${parent}\nauthor Erin <erin@contoso.com> 1700009500 +0000\ncommitter Erin <erin@contoso.com> 1700009500 +0000\n\nMixed ${i}\n`;
    const p = sha(t, body).slice(0, 7), prev = seen.get(p);
    if (prev && prev.t !== t) {
      for (const o of [prev, { t, body }]) {
        const id = execFileSync("git", ["hash-object", "-t", o.t, "-w", "--stdin"], { input: o.body }).toString().trim();
        console.log(o.t + " " + id);
      }
      break;
    }
    if (!prev) seen.set(p, { t, body });
  }' >"$T/mixed"
MIXED_COMMIT=$(awk '$1 == "commit" {print $2}' "$T/mixed")
MIXED_BLOB=$(awk '$1 == "blob" {print $2}' "$T/mixed")
assert_eq "${MIXED_COMMIT:0:7}" "${MIXED_BLOB:0:7}" "the commit's and the blob's 7-digit prefixes"
git update-ref refs/heads/mixed "$MIXED_COMMIT"

# Commits that exist only on the server (pushed by someone else after our clone)
R1=$(server_commit "$REPOS/contoso/web.git" "Fix the login timeout")
R2=$(server_commit "$REPOS/contoso/web.git" "Retry on 503")

cat >"$T/ticket.txt" <<TXT
Customer report, see gz#${WEB_SHAS[0]:0:10} and gz#${WEB_SHAS[1]} (local).
Also GZ#${WEB_SHAS[0]:0:10} again, and the fix in gz#$R1 and gz#${R2:0:8}.
Ambiguous: gz#${TWINS[0]:0:7}. Commit, not blob: gz#${MIXED_COMMIT:0:7}. Not there: gz#deadbeefcafe.
Other repo: gz#big@${BIG_SHAS[7]}; other project: gz#Web/big@${BIG_SHAS[8]:0:9};
other org: gz#fabrikam/Api/api@${API_SHAS[0]}.
No Code scope: gz#northwind/Ops/ops@${WEB_SHAS[2]}. No PAT: gz#adatum/P/r@1234567abc.
Unknown repo: gz#Web/nosuch@${WEB_SHAS[0]}. Unknown project: gz#Nope/web@${WEB_SHAS[0]}.
Not references: https://example.com/page#gz#abcdef1 mail bob.gz#abcdef1@x.com gz#abcdefg
TXT

mark=$(sim_mark)
run resolve git gitzen resolve --json "$T/ticket.txt"
assert_eq 1 "$RUN_RC" "resolve with unresolved references"
cp "$RUN_OUT" "$T/resolve.json"; cp "$RUN_ERR" "$T/resolve.err"
# resolve.json read once per answer (one node process, not one per question): RJ[REF|FIELD] is what
# console.log(ref[FIELD]) prints, RJ[REF|] the status, source, sha, org, project and repo joined
# by spaces (null as nothing); REFS is the number of references.
read_resolve() { # FILE: load RJ and REFS from a resolve --json answer
    local rj ref k v
    RJ=()
    rj=$(node -e '
        const util = require("util");
        const j = JSON.parse(require("fs").readFileSync(process.argv[1]));
        const line = (ref, k, v) => {
            if (/[\x1f\n]/.test(ref + k + v)) { console.error("a newline or \\x1f in " + ref + " " + k); process.exit(1); }
            console.log(ref + "\x1f" + k + "\x1f" + v);
        };
        console.log(j.refs.length);
        for (const r of j.refs) {
            line(r.ref, "", [r.status, r.source, r.sha, r.org, r.project, r.repo].join(" "));
            for (const k of Object.keys(r)) line(r.ref, k, util.format(r[k]));
        }' "$1") || die "read_resolve: $1 is not a resolve --json answer"
    REFS=${rj%%$'\n'*}
    while IFS=$'\x1f' read -r ref k v; do RJ["$ref|$k"]=$v; done <<<"${rj#*$'\n'}"
}
declare -A RJ
read_resolve "$T/resolve.json"
st() { # REF: "status source sha org project repo", or MISSING
    if [ -n "${RJ["$1|"]+set}" ]; then echo "${RJ["$1|"]}"; else echo MISSING; fi
}
jf() { # REF FIELD
    [ -n "${RJ["$1|"]+set}" ] || { echo "jf: no reference $1 in resolve.json" >&2; return 1; }
    echo "${RJ["$1|$2"]-undefined}"
}

assert_eq "14" "$REFS" "number of distinct references (duplicates and non-references dropped)"
assert_eq "resolved local ${WEB_SHAS[0]} contoso Web web" "$(st "gz#${WEB_SHAS[0]:0:10}")" "short local reference"
assert_eq "Commit 1 of web" "$(jf "gz#${WEB_SHAS[0]:0:10}" subject)" "subject"
assert_eq "Alice Example <alice@contoso.com>" "$(jf "gz#${WEB_SHAS[0]:0:10}" author)" "author"
assert_eq "https://dev.azure.com/contoso/Web/_git/web/commit/${WEB_SHAS[0]}" "$(jf "gz#${WEB_SHAS[0]:0:10}" url)" "url"
assert_eq "resolved local ${WEB_SHAS[1]} contoso Web web" "$(st "gz#${WEB_SHAS[1]}")" "full local reference"
ok "local references resolved with subject, author, date and web link; duplicates counted once"
assert_eq "resolved remote $R1 contoso Web web" "$(st "gz#$R1")" "full SHA only on the server"
assert_eq "Fix the login timeout" "$(jf "gz#$R1" subject)" "remote subject"
assert_eq "resolved remote $R2 contoso Web web" "$(st "gz#${R2:0:8}")" "short SHA only on the server"
ok "remote-only references resolved through the REST API (commitsbatch and range query)"
assert_eq "ambiguous local     " "$(st "gz#${TWINS[0]:0:7}" | cut -d' ' -f1-2) $(jf "gz#${TWINS[0]:0:7}" sha | sed 's/null//')    " "ambiguous prefix"
assert_eq 2 "$(jf "gz#${TWINS[0]:0:7}" candidates)" "ambiguity candidates"
assert_contains "$(cat "$T/resolve.err")" "warning: gz#${TWINS[0]:0:7}: ambiguous: 2 commits"
ok "ambiguous prefix reported with 2 candidates, never guessed"
assert_eq "resolved local $MIXED_COMMIT contoso Web web" "$(st "gz#${MIXED_COMMIT:0:7}")" "prefix shared by a commit and a blob"
ok "a prefix shared by one commit and a blob names the commit"
assert_eq "not_found" "$(st gz#deadbeefcafe | cut -d' ' -f1)" "unknown SHA"
assert_contains "$(cat "$T/resolve.err")" "warning: gz#deadbeefcafe: no such commit in contoso/Web/web"
assert_eq "resolved remote ${BIG_SHAS[7]} contoso Web big" "$(st "gz#big@${BIG_SHAS[7]}")" "repo@ form"
assert_eq "resolved remote ${BIG_SHAS[8]} contoso Web big" "$(st "gz#Web/big@${BIG_SHAS[8]:0:9}")" "project/repo@ form"
assert_eq "resolved remote ${API_SHAS[0]} fabrikam Api api" "$(st "gz#fabrikam/Api/api@${API_SHAS[0]}")" "org/project/repo@ form"
ok "qualified references to another repository and organisation resolved with that organisation's PAT"
assert_eq "unchecked" "$(st "gz#northwind/Ops/ops@${WEB_SHAS[2]}" | cut -d' ' -f1)" "PAT without Code (Read)"
assert_contains "$(cat "$T/resolve.err")" "warning: gz#northwind/Ops/ops@${WEB_SHAS[2]}: the PAT for northwind lacks Code (Read); create one with that scope and run git gitzen add northwind"
assert_eq 0 "$(sim_log_count 'r.org === "northwind" && /commit/.test(r.endpoint)' "$mark")" "commit requests to northwind"
assert_eq "unchecked" "$(st "gz#adatum/P/r@1234567abc" | cut -d' ' -f1)" "no PAT"
assert_contains "$(cat "$T/resolve.err")" "warning: gz#adatum/P/r@1234567abc: no PAT for adatum"
ok "no Code (Read): the exact warning and no commit request; no PAT: warned"
assert_eq "not_found" "$(st "gz#Web/nosuch@${WEB_SHAS[0]}" | cut -d' ' -f1)" "unknown repository"
assert_contains "$(cat "$T/resolve.err")" "there is no repository 'nosuch' in contoso/Web"
assert_eq "not_found" "$(st "gz#Nope/web@${WEB_SHAS[0]}" | cut -d' ' -f1)" "unknown project"
assert_contains "$(cat "$T/resolve.err")" "there is no project 'Nope' in contoso"
ok "unknown repository and project: not_found, named"
assert_not_contains "$(cat "$T/resolve.json")" "abcdefg" "non-references"
nwarn=$(grep -c '^warning: gz#' "$T/resolve.err")
assert_eq 6 "$nwarn" "one warning per unresolved reference"

say "N remote-only full SHAs cost ceil(N/100) commitsbatch requests"
for s in "${BIG_SHAS[@]}"; do printf 'gz#big@%s\n' "$s"; done >"$T/big.txt"
mark=$(sim_mark)
run big git gitzen resolve --json "$T/big.txt"
assert_eq 0 "$RUN_RC" "resolve of 250 remote-only SHAs"
assert_eq 250 "$(grep -o '"status":"resolved"' "$RUN_OUT" | wc -l)" "resolved"
assert_eq 3 "$(sim_log_count 'r.endpoint === "commitsbatch"' "$mark")" "commitsbatch requests for 250 SHAs"
assert_eq 0 "$(sim_log_count 'r.endpoint === "commit"' "$mark")" "single-commit requests"
ok "250 remote SHAs: 3 commitsbatch requests, not 250"

say "429 then 200; 503 that does not end"
scenario_edit 's.faults = [{host: "dev.azure.com", path_prefix: "/contoso/Web/_apis/git/repositories/web/commitsbatch", status: 429, retry_after: 1, times: 1}]'
printf 'gz#%s\n' "$R1" | { run rl git gitzen resolve; echo "$RUN_RC" >"$T/rc"; }
assert_eq 0 "$(cat "$T/rc")" "resolve through one 429"
assert_contains "$(cat "$T/out/rl.err")" "HTTP 429); waiting 1 s"
scenario_edit 's.faults = [{host: "dev.azure.com", path_prefix: "/contoso/Web/_apis/git/repositories/web/commitsbatch", status: 503}]'
printf 'gz#%s gz#%s\n' "$R1" "${WEB_SHAS[0]:0:7}" >"$T/two.txt"
run unavail git gitzen resolve --json "$T/two.txt"
assert_eq 3 "$RUN_RC" "resolve while the service answers 503"
assert_contains "$(cat "$RUN_OUT")" '"status":"unchecked"'
assert_contains "$(cat "$RUN_OUT")" '"status":"resolved"'
assert_contains "$(cat "$RUN_ERR")" "warning: gz#$R1: Azure DevOps is unreachable (HTTP 503"
scenario_edit 's.faults = []'
ok "429: waited and resolved; 503: unchecked with a warning, the local one still resolved, exit 3"

say "a short SHA's range query, answered (as the simulator assumes) or refused (400, or 404 naming neither project nor repository)"
printf 'gz#%s gz#%s gz#%s gz#big@%s\n' "${R2:0:8}" "$R1" "${WEB_SHAS[0]:0:7}" "${BIG_SHAS[3]}" >"$T/range.txt"
for how in answered refuse-400 refuse-404; do
    scenario_edit "s.commit_range = '$how'"
    mark=$(sim_mark)
    run "range-$how" git gitzen resolve --json "$T/range.txt"
    cp "$RUN_OUT" "$T/resolve.json"
    read_resolve "$T/resolve.json"
    assert_eq "resolved remote $R1 contoso Web web" "$(st "gz#$R1")" "$how: full SHA in the same run"
    assert_eq "resolved remote ${BIG_SHAS[3]} contoso Web big" "$(st "gz#big@${BIG_SHAS[3]}")" "$how: full SHA of another repository"
    assert_eq "resolved local ${WEB_SHAS[0]} contoso Web web" "$(st "gz#${WEB_SHAS[0]:0:7}")" "$how: local short SHA"
    assert_eq 1 "$(sim_log_count 'r.endpoint === "commits" && /fromCommitId/.test(r.query)' "$mark")" "$how: range queries"
    if [ "$how" = answered ]; then
        assert_eq 0 "$RUN_RC" "$how: exit status"
        assert_eq "resolved remote $R2 contoso Web web" "$(st "gz#${R2:0:8}")" "$how: short SHA only on the server"
        assert_empty_file "$RUN_ERR" "$how: stderr"
    else
        assert_eq 1 "$RUN_RC" "$how: exit status (unresolved, not a service failure)"
        assert_eq "unchecked" "$(st "gz#${R2:0:8}" | cut -d' ' -f1)" "$how: short SHA only on the server"
        assert_eq 1 "$(wc -l <"$RUN_ERR")" "$how: warnings"
        assert_contains "$(cat "$RUN_ERR")" "warning: gz#${R2:0:8}: Azure DevOps refused to look up a short SHA in contoso/Web/web (HTTP ${how#refuse-}" "$how: stderr"
        assert_contains "$(cat "$RUN_ERR")" "); write the full 40-digit SHA" "$how: stderr"
        assert_not_contains "$(cat "$RUN_ERR")" "knows no" "$how: stderr"
    fi
done
scenario_edit "delete s.commit_range"
ok "a refused range query leaves the short SHA unchecked with the advice to write it in full; full SHAs still resolve; exit 1, not 3"

say "bidirectional controls in a commit subject are escaped, in the table and in JSON"
RLO=$(printf '\342\200\256') # U+202E RIGHT-TO-LEFT OVERRIDE
BIDI=$(git -c user.name="Mallory${RLO}" -c user.email=m@contoso.com commit-tree -p HEAD -m "Fix ${RLO}gnp.exe login" "HEAD^{tree}")
git update-ref refs/heads/bidi "$BIDI"
printf 'gz#%s\n' "${BIDI:0:12}" >"$T/bidi.txt"
run bidi git gitzen resolve "$T/bidi.txt"
assert_eq 0 "$RUN_RC" "resolve of a commit whose subject holds U+202E"
assert_contains "$(cat "$RUN_OUT")" 'Fix \xe2\x80\xaegnp.exe login (Mallory\xe2\x80\xae <m@contoso.com>' "table"
assert_not_contains "$(cat "$RUN_OUT")" "$RLO" "table"
run bidij git gitzen resolve --json "$T/bidi.txt"
assert_contains "$(cat "$RUN_OUT")" '"subject":"Fix \u202egnp.exe login"' "JSON"
assert_contains "$(cat "$RUN_OUT")" '"author":"Mallory\u202e <m@contoso.com>"' "JSON"
assert_not_contains "$(cat "$RUN_OUT")" "$RLO" "JSON"
ok "U+202E is written as \\xe2\\x80\\xae in text and \\u202e in JSON, never as itself"

say "outside a repository, unqualified references cannot be resolved; qualified ones can"
cd "$T"
printf 'gz#%s gz#fabrikam/Api/api@%s\n' "${WEB_SHAS[0]:0:7}" "${API_SHAS[1]}" >"$T/out.txt"
run outside git gitzen resolve --json "$T/out.txt"
assert_eq 1 "$RUN_RC" "resolve outside a repository"
assert_contains "$(cat "$RUN_ERR")" "not in a Git repository (use --repo)"
assert_contains "$(cat "$RUN_OUT")" "\"sha\":\"${API_SHAS[1]}\""
run withrepo git gitzen resolve --repo "$T/web" "$T/out.txt"
assert_eq 0 "$RUN_RC" "resolve with --repo"
ok "--repo points at the repository; qualified references need none"

say "--repo that is not a repository: exit 2 naming it; a gz# with fewer than 7 hex digits: a warning"
printf 'gz#%s\n' "${WEB_SHAS[0]:0:7}" >"$T/one.txt"
for dir in /nonexistent "$T"; do
    run norepo git gitzen resolve --repo "$dir" "$T/one.txt"
    assert_eq 2 "$RUN_RC" "resolve --repo $dir"
    assert_eq "error: $dir is not a Git repository" "$(cat "$RUN_ERR")" "stderr of resolve --repo $dir"
    assert_empty_file "$RUN_OUT" "stdout of resolve --repo $dir"
done
printf 'Fixed in gz#9bbf8 (and gz#9bbf8), see gz#web@ABC12 and gz#%s.\n' "${WEB_SHAS[1]:0:7}" >"$T/short.txt"
run short git gitzen resolve --repo "$T/web" "$T/short.txt"
assert_eq 0 "$RUN_RC" "resolve with near misses and one good reference"
assert_eq "warning: gz#9bbf8: fewer than 7 hex digits, so not a reference; write at least 7
warning: gz#web@ABC12: fewer than 7 hex digits, so not a reference; write at least 7" "$(cat "$RUN_ERR")" "stderr with near misses"
assert_eq 1 "$(wc -l <"$RUN_OUT")" "rows (the good reference only)"
assert_contains "$(cat "$RUN_OUT")" "resolved   ${WEB_SHAS[1]:0:12}"
ok "--repo names a path that is no repository: exit 2, nothing else; near misses warned once each"

say "input is bounded: 64 MiB at most, a stream without end stops there; unreadable input is named"
run endless git gitzen resolve - </dev/zero
assert_eq 2 "$RUN_RC" "resolve of /dev/zero"
assert_eq "error: - is larger than 64 MiB" "$(cat "$RUN_ERR")" "stderr of resolve of /dev/zero"
assert_empty_file "$RUN_OUT" "stdout of resolve of /dev/zero"
head -c $((64 * 1024 * 1024)) /dev/zero >"$T/64m"
printf 'gz#%s\n' "${WEB_SHAS[1]:0:7}" >>"$T/64m"
run big64 git gitzen resolve --repo "$T/web" "$T/64m"
assert_eq 2 "$RUN_RC" "resolve of 64 MiB and one line"
assert_eq "error: $T/64m is larger than 64 MiB" "$(cat "$RUN_ERR")" "stderr of 64 MiB and one line"
truncate -s $((64 * 1024 * 1024)) "$T/64m"
printf 'gz#%s\n' "${WEB_SHAS[1]:0:7}" | dd of="$T/64m" bs=1 seek=$((64 * 1024 * 1024 - 20)) conv=notrunc status=none
run exact64 git gitzen resolve --repo "$T/web" "$T/64m"
assert_eq 0 "$RUN_RC" "resolve of exactly 64 MiB"
assert_contains "$(cat "$RUN_OUT")" "resolved   ${WEB_SHAS[1]:0:12}"
rm -f "$T/64m"
run nofile git gitzen resolve "$T/no-such-ticket.txt"
assert_eq 2 "$RUN_RC" "resolve of a missing file"
assert_eq "error: cannot read $T/no-such-ticket.txt: No such file or directory" "$(cat "$RUN_ERR")" "stderr"
run isdir git gitzen resolve "$T"
assert_eq 2 "$RUN_RC" "resolve of a directory"
assert_eq "error: cannot read $T: Is a directory" "$(cat "$RUN_ERR")" "stderr"
ok "64 MiB read, one byte more refused with exit 2; endless stdin stops; a missing file and a directory named"

for p in "$PAT_C" "$PAT_F" "$NOCODE"; do no_leak "$p" "$T"/out/* "$T/resolve.json" "$T/resolve.err"; done
