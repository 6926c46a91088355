# SPDX-License-Identifier: MIT
# Runs inside tests/e2e/sim-run (see scripts/demo): a new user's first session.
. "$TESTS_DIR/e2e/lib.sh"
world_two_orgs
LIMITED=$(new_pat)
scenario_edit "s.pats.push({token: '$LIMITED', org: 'contoso', user: 'alice', scopes: ['vso.code','vso.work_write','vso.project','vso.serviceendpoint_query']})"
sim_start >/dev/null
show() { printf '\n$ %s\n' "$*"; "$@" || printf '(exit status %s)\n' "$?"; }
cd "$T"
show git gitzen configure
printf '%s\n' "$LIMITED" >"$T/limited"; printf '%s\n' "$PAT_C" >"$T/pat_c"; printf '%s\n' "$PAT_F" >"$T/pat_f"
echo; echo '# contoso, with a PAT that lacks Identity (Read):'
show git gitzen add contoso --pat-stdin <"$T/limited"
echo; echo '# a new PAT with all five scopes:'
show git gitzen add contoso --pat-stdin <"$T/pat_c"
show git gitzen add fabrikam --pat-stdin <"$T/pat_f"
show git gitzen list
show git clone -q https://dev.azure.com/contoso/Web/_git/web
show git clone -q https://fabrikam@dev.azure.com/fabrikam/Api/_git/api
show git -C web log --oneline -1
show git -C api log --oneline -1
cd web
show git gitzen status
cd "$T"
echo; echo '# pasting mistakes are named before anything is sent (here: a leading space):'
printf ' %s\n' "$PAT_C" >"$T/pat_sp"
show git gitzen add contoso --pat-stdin <"$T/pat_sp"
rm -f "$T/pat_sp"
rm -f "$T"/limited "$T"/pat_c "$T"/pat_f
