// SPDX-License-Identifier: MIT
/*
 * conformance.js — Microsoft's own Node client for Azure DevOps (azure-devops-node-api, pinned in
 * package-lock.json) against the simulator, run by t-conformance.sh inside sim-run's namespace.
 * Every check prints "ok - …"; the first disagreement prints "FAIL: …" and exits 1.
 *
 * Environment (from t-conformance.sh): GITZEN_CONFORMANCE_MODULES (node_modules of install.sh),
 * SIM_LOG, CONF_JSON (file: PATs, ids and commit SHAs of the scenario), NODE_EXTRA_CA_CERTS.
 * The PATs are never printed: only their role.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const azdev = require(path.join(process.env.GITZEN_CONFORMANCE_MODULES, 'azure-devops-node-api'));
const conf = JSON.parse(fs.readFileSync(process.env.CONF_JSON, 'utf8'));
const ORG = 'https://dev.azure.com/contoso';
const ZERO40 = '0'.repeat(40);
const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

function ok(text) { process.stdout.write(`ok - ${text}\n`); }
function say(text) { process.stdout.write(`# ${text}\n`); }
function fail(text) {
  process.stderr.write(`FAIL: ${text}\n`);
  process.exit(1);
}
function show(v) { return JSON.stringify(v); }
/* The client answers a 404 with null: an answer it could not use must fail here, by name. */
function need(v, what) {
  if (v === null || v === undefined) fail(`${what}: the client got no answer (HTTP 404 or a body it could not read)`);
  return v;
}
function eq(expected, actual, what) {
  const e = show(expected);
  const a = show(actual);
  if (e !== a) fail(`${what}: expected ${e}, got ${a}`);
  ok(`${what} = ${e.length > 100 ? e.slice(0, 100) + '…' : e}`);
}

/* The client's own PAT handler (it sends X-TFS-FedAuthRedirect: Suppress, as gitzen does, so a
 * refusal is the 401 itself, not a redirect to the sign-in page). */
function connection(pat, url) { return new azdev.WebApi(url || ORG, azdev.getPersonalAccessTokenHandler(pat)); }

/* A call the service must refuse: the client's error carries the status and the message. */
async function refused(what, status, message, fn) {
  let err = null;
  try {
    const r = await fn();
    fail(`${what}: expected HTTP ${status}, the call succeeded with ${show(r).slice(0, 200)}`);
  } catch (e) {
    err = e;
  }
  if (err.statusCode !== status) fail(`${what}: expected HTTP ${status}, got ${err.statusCode} (${err.message})`);
  if (err.message !== message) fail(`${what}: expected the message ${show(message)}, got ${show(err.message)}`);
  ok(`${what}: HTTP ${status} ${show(message)}`);
}

function logLines() {
  return fs.readFileSync(process.env.SIM_LOG, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

async function main() {
  const logStart = logLines().length;
  const W = conf.web;   /* the commits of contoso/Web/web, oldest first */

  say('connect(): connectionData with a Code (Read & write) + Work + Project + Service Connections PAT');
  const api = connection(conf.pat.all);
  const cd = need(await api.connect(), 'api.connect()');
  eq([conf.alice, 'Alice Example'], [cd.authenticatedUser.id, cd.authenticatedUser.providerDisplayName],
    'authenticatedUser id, providerDisplayName');
  eq('hosted', cd.deploymentType, 'deploymentType');
  const locations = await api.getLocationsApi();
  eq(conf.alice, need(await locations.getConnectionData(), 'getConnectionData').authenticatedUser.id,
    'LocationsApi.getConnectionData() (versioned through the location entry)');

  say('core: the location service (OPTIONS, ResourceAreas), then projects and teams');
  const core = await api.getCoreApi();
  eq(`${ORG}/`, core.baseUrl, 'CoreApi base URL from GET _apis/ResourceAreas');
  const projects = need(await core.getProjects(), 'core.getProjects()');
  eq(['Web', 'Empty'], projects.map((p) => p.name), 'getProjects() names');
  const one = need(await core.getProjects(undefined, 1), 'core.getProjects(undefined, 1)');
  eq(1, one.length, 'getProjects($top=1) length');
  const teams = need(await core.getAllTeams(), 'core.getAllTeams()');
  eq(['Web Team', 'Empty Team'], teams.map((t) => t.name), 'getAllTeams() names');

  say('git: repositories, one commit, a commit batch, a commit range');
  const git = await api.getGitApi();
  const repos = need(await git.getRepositories('Web'), 'git.getRepositories("Web")');
  eq([['web', 'refs/heads/main', 'Web']], repos.map((r) => [r.name, r.defaultBranch, r.project.name]),
    'getRepositories(Web): name, defaultBranch, project');
  eq('web', need(await git.getRepository(repos[0].id), 'getRepository(id)').name,
    'getRepository(id) without a project');
  eq(null, await git.getRepository('web'), 'getRepository(name) without a project (404: names need their project)');
  const c = need(await git.getCommit(W[1], 'web', 'Web'), 'getCommit');
  eq([W[1], [W[0]], 'Alice Example', 'alice@contoso.com', 'Commit 2 of web\n\nSecond paragraph of commit 2.'],
    [c.commitId, c.parents, c.author.name, c.author.email, c.comment], 'getCommit: id, parents, author, comment');
  eq(true, c.author.date instanceof Date && c.author.date.getTime() === (1700000000 + 2 * 60) * 1000,
    'getCommit: author.date deserialised as the commit time');
  const missing = await git.getCommit('f'.repeat(40), 'web', 'Web');
  eq(null, missing, 'getCommit of an unknown SHA (404: the client answers null)');
  const batch = need(await git.getCommitsBatch({ ids: [W[2], ZERO40, W[0]] }, 'web', 'Web'), 'getCommitsBatch');
  eq([[W[2], 'Commit 3 of web', true], [W[0], 'Commit 1 of web', true]],
    batch.map((x) => [x.commitId, x.comment, x.commentTruncated]), 'getCommitsBatch: known ids only, first lines');
  const p = W[2].slice(0, 7);
  const range = need(await git.getCommits('web', { fromCommitId: p + '0'.repeat(33), toCommitId: p + 'f'.repeat(33) },
    'Web', undefined, 2), 'getCommits(range)');
  eq([W[2]], range.map((x) => x.commitId), `getCommits range ${p}0… to ${p}f… ($top=2)`);

  say('wit: a work item update with validateOnly changes nothing');
  const wit = await api.getWorkItemTrackingApi();
  const patch = [{ op: 'replace', path: '/fields/System.Title', value: 'Changed by the validation' }];
  const v = need(await wit.updateWorkItem(null, patch, 1, 'Web', true), 'updateWorkItem(1)');
  eq([1, 1, 'Changed by the validation'], [v.id, v.rev, v.fields['System.Title']],
    'updateWorkItem(validateOnly): id, rev, title');
  const w = need(await wit.getWorkItem(1, undefined, undefined, undefined, 'Web'), 'getWorkItem(1)');
  eq([1, 'First item'], [w.rev, w.fields['System.Title']], 'getWorkItem after it: rev, title unchanged');
  const none = await wit.updateWorkItem(null, [], 2147483647, undefined, true);
  eq(null, none, 'updateWorkItem(validateOnly) of work item 2147483647 (404 TF401232: null)');

  say('serviceendpoint: types');
  const se = await api.getServiceEndpointApi();
  const types = need(await se.getServiceEndpointTypes(), 'se.getServiceEndpointTypes()');
  eq(['generic'], types.map((t) => t.name), 'getServiceEndpointTypes() names');

  say('{org}.visualstudio.com: the same client through the old host');
  const vs = connection(conf.pat.all, 'https://contoso.visualstudio.com');
  const vsgit = await vs.getGitApi();
  eq('https://contoso.visualstudio.com/', vsgit.baseUrl, 'GitApi base URL from ResourceAreas on visualstudio.com');
  eq(['web'], (await vsgit.getRepositories('Web')).map((r) => r.name), 'getRepositories(Web) on visualstudio.com');

  say('refusals: a PAT with Code (Read) only');
  const ro = connection(conf.pat.codeRead);
  eq(conf.alice, (await ro.connect()).authenticatedUser.id, 'connect() with Code (Read)');
  const roGit = await ro.getGitApi();
  eq([W[0]], (await roGit.getCommitsBatch({ ids: [W[0]] }, 'web', 'Web')).map((x) => x.commitId),
    'getCommitsBatch with Code (Read)');
  await refused('createPush with Code (Read)', 401, 'Failed request: (401)',
    () => roGit.createPush({ refUpdates: [], commits: [] }, ZERO_GUID));
  const roCore = await ro.getCoreApi();
  await refused('getAllTeams with Code (Read)', 401, 'Failed request: (401)', () => roCore.getAllTeams());
  const roWit = await ro.getWorkItemTrackingApi();
  await refused('updateWorkItem(validateOnly) with Code (Read)', 401, 'Failed request: (401)',
    () => roWit.updateWorkItem(null, [], 1, 'Web', true));

  say('refusals: a revoked PAT, an expired PAT');
  await refused('connect() with a revoked PAT', 401,
    'TF400813: Resource not available for anonymous access. Client authentication required.',
    () => connection(conf.pat.revoked).connect());
  await refused('connect() with an expired PAT', 401, 'Access Denied: The Personal Access Token used has expired.',
    () => connection(conf.pat.expired).connect());

  say('what the simulator saw');
  const log = logLines().slice(logStart);
  const unknown = log.filter((r) => r.endpoint === 'other').map((r) => `${r.method} ${r.path}`);
  eq([], unknown, 'requests the simulator has no route for');
  const asked = log.filter((r) => r.endpoint === 'locations').map((r) => r.path.split('/').pop().toLowerCase());
  const areas = [...new Set(asked)].sort();
  eq(['core', 'git', 'location', 'serviceendpoint', 'wit'], areas, 'areas asked with OPTIONS');
  const versions = {};
  for (const r of log) if (r.api) versions[r.endpoint] = r.api;
  eq({ connectionData: '7.2-preview.1', resourceAreas: '7.2-preview.1', projects: '7.2-preview.4',
       teams: '7.2-preview.3', repos: '7.2-preview.2', repo: '7.2-preview.2', commit: '7.2-preview.2', commitsbatch: '7.2-preview.2', commits: '7.2-preview.2', workitem: '7.1-preview.3',
       serviceendpointtypes: '7.2-preview.1', pushes: '7.2-preview.3' },
     versions, 'api-version the client negotiated from the location entries, per endpoint');
  eq([], log.filter((r) => r.status === 302 || r.endpoint === 'signin').map((r) => r.path),
    'redirects to the sign-in page (none: the client sends X-TFS-FedAuthRedirect: Suppress)');
}

main().then(() => process.exit(0), (e) => fail(`unexpected error: ${e && e.stack ? e.stack : e}`));
