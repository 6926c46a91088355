#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `git gitzen validate --all` (and a list of organisations): exit 3 when any organisation could not
# be checked, whatever the order — a later "missing scope" (1) never overrides an earlier
# "unreachable" (3), nor the other way round (issue 16, survivor 6).
. "$(dirname "$0")/lib.sh"
need_bin git-gitzen

world_two_orgs
sim_start
for org in contoso fabrikam; do
    pat=$([ "$org" = contoso ] && echo "$PAT_C" || echo "$PAT_F")
    printf '%s\n' "$pat" >"$T/pat.in"
    run add-$org git gitzen add "$org" --pat-stdin <"$T/pat.in"
    assert_eq 0 "$RUN_RC" "add $org"
done

# world: ORG-UNREACHABLE ORG-MISSING — one organisation stopped (503), the other's PAT without
# Identity (Read)
world() {
    scenario_edit "for (const o of Object.values(s.orgs)) delete o.state;
      s.orgs.$1.state = 'stopped';
      for (const p of s.pats) p.scopes = ['vso.code_write', 'vso.work_write', 'vso.identity', 'vso.project', 'vso.serviceendpoint_query'];
      s.pats.find((p) => p.org === '$2').scopes = ['vso.code_write', 'vso.work_write', 'vso.project', 'vso.serviceendpoint_query'];"
}

for order in "contoso fabrikam" "fabrikam contoso"; do
    read -r first second <<<"$order"
    say "$first unreachable, $second missing a scope"
    world "$first" "$second"
    run all-$first git gitzen validate --all --json
    assert_eq 3 "$RUN_RC" "validate --all ($first unreachable first in the store's order: $([ "$first" = contoso ] && echo yes || echo no))"
    assert_eq "contoso:$([ "$first" = contoso ] && echo unreachable || echo missing_scopes) fabrikam:$([ "$first" = fabrikam ] && echo unreachable || echo missing_scopes)" \
        "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).orgs.map(o=>o.org+":"+o.status).join(" "))' "$RUN_OUT")" "the reports"
    run list1-$first git gitzen validate contoso fabrikam
    assert_eq 3 "$RUN_RC" "validate contoso fabrikam"
    run list2-$first git gitzen validate fabrikam contoso
    assert_eq 3 "$RUN_RC" "validate fabrikam contoso"
done

say "without the outage: missing scope is exit 1, all fine is exit 0"
scenario_edit "for (const o of Object.values(s.orgs)) delete o.state"
run all-missing git gitzen validate --all
assert_eq 1 "$RUN_RC" "validate --all with one scope missing"
scenario_edit "for (const p of s.pats) p.scopes = ['vso.code_write', 'vso.work_write', 'vso.identity', 'vso.project', 'vso.serviceendpoint_query']"
run all-ok git gitzen validate --all
assert_eq 0 "$RUN_RC" "validate --all, all fine"
