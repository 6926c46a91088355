#!/usr/bin/env node
// SPDX-License-Identifier: MIT
/*
 * azsim.js - an Azure DevOps (dev.azure.com) simulator for gitzen's end-to-end tests.
 *
 * Node.js builtins only (Node >= 18).  One TLS listener on 127.0.0.1 that speaks HTTP/1.1 and
 * HTTP/2 (ALPN), serving dev.azure.com, vssps.dev.azure.com and {org}.visualstudio.com.
 * docs/azure-devops.md says where each behaviour comes from (documented, recorded, inferred) and
 * what is lenient on purpose; tests/e2e/README.md documents the scenario file, the request log and
 * the choices made where the sources are silent. The location service (OPTIONS /{org}/_apis[/{area}],
 * GET _apis/ResourceAreas) is answered from LOCATIONS and RESOURCE_AREAS below, which also decide
 * the api-versions each endpoint accepts; tests/conformance runs Microsoft's Node client against it.
 *
 *   node azsim.js --scenario FILE --cert FILE --key FILE [--port 443] [--host 127.0.0.1]
 *                 --log FILE --ready FILE
 *
 * The PAT itself is never written anywhere: the log carries the first 8 hex digits of its SHA-256.
 *
 * Switches for behaviour the real service's sources do not show (docs/azure-devops.md, "inferred").
 * Each is a field of an organisation in the scenario, or of the scenario itself (the default for every
 * organisation); the first value is the default. Any other value makes the scenario invalid.
 *   "push_refused_at": "info-refs" | "receive-pack"
 *       Which request of a push needs vso.code_write: GET info/refs?service=git-receive-pack, or only
 *       POST git-receive-pack (the advertisement is then served with vso.code). Either refusal is
 *       401 with an empty body and WWW-Authenticate: Basic.
 *   "endpointproxy_checks": "scope-first" | "project-first"
 *       POST /{org}/{project}/_apis/serviceendpoint/endpointproxy on an unknown project: the scope is
 *       checked first (401 without vso.serviceendpoint_query, else 404 TF200016), or the project is
 *       resolved first (404 TF200016 for any valid PAT, whatever its scopes).
 *   "commit_range": "answered" | "refuse-400" | "refuse-404"
 *       GET …/commits?searchCriteria.fromCommitId=…&searchCriteria.toCommitId=…: answered with the
 *       commits in the range, or refused with a 400 (ArgumentException), or with a 404 that names
 *       neither project nor repository (GitUnresolvableToCommitException TF401175, no TF200016/TF401019).
 * Holding a call: a fault with "pat" (the token) matches only requests carrying that PAT, so
 *   {"pat": TOKEN, "path_prefix": "/contoso/_apis/connectionData", "delay_ms": 15000}
 * holds connectionData for that PAT for 15 s, then answers it normally (the simulator's own timer).
 * Unconditional answers: POST …/git/repositories/{id}/pushes needs vso.code_write, then an unknown
 * repository is 404 TF401019 (probe 6); GET /{org}/_apis/projects ($top, $skip) answers any valid PAT.
 */
'use strict';

const http2 = require('http2');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { spawn } = require('child_process');
const { performance } = require('perf_hooks');

/* ------------------------------------------------------------------ arguments */

function parseArgs(argv) {
  const o = { port: 443, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument: ${a}`);
    const v = m[2] !== undefined ? m[2] : argv[++i];
    if (v === undefined) throw new Error(`missing value for --${m[1]}`);
    switch (m[1]) {
      case 'scenario': o.scenario = v; break;
      case 'cert': o.cert = v; break;
      case 'key': o.key = v; break;
      case 'port': o.port = Number(v); break;
      case 'host': o.host = v; break;
      case 'log': o.log = v; break;
      case 'ready': o.ready = v; break;
      default: throw new Error(`unknown option --${m[1]}`);
    }
  }
  for (const k of ['scenario', 'cert', 'key', 'log']) {
    if (!o[k]) throw new Error(`--${k} is required`);
  }
  if (!Number.isInteger(o.port) || o.port <= 0 || o.port > 65535) throw new Error('bad --port');
  if (o.host !== '127.0.0.1' && o.host !== '::1' && o.host !== 'localhost') {
    throw new Error('--host must be a loopback address');
  }
  return o;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`azsim: ${e.message}\n`);
  process.exit(2);
}

function now() { return performance.timeOrigin + performance.now(); }
function warn(msg) { process.stderr.write(`azsim: ${msg}\n`); }

/* ------------------------------------------------------------------ constants */

const MAX_REST_BODY = 1024 * 1024;          /* REST request bodies: 1 MiB, then 413 */
const MAX_GIT_BODY = 64 * 1024 * 1024;      /* git pack uploads: 64 MiB, then 413 */
const DEPLOYMENT_ID = '6ab2d2b8-1bd4-4b48-9a1f-3c2f2b1f0d11';
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const BOM = '\ufeff';
const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/* Scope X is satisfied by any scope in SATISFIES[X] (besides "full"). */
const SATISFIES = {
  'vso.code': ['vso.code', 'vso.code_write', 'vso.code_manage', 'vso.code_full'],
  'vso.code_write': ['vso.code_write', 'vso.code_manage', 'vso.code_full'],
  'vso.work': ['vso.work', 'vso.work_write', 'vso.work_full'],
  'vso.work_write': ['vso.work_write', 'vso.work_full'],
  'vso.identity': ['vso.identity', 'vso.identity_manage'],
  'vso.project': ['vso.project', 'vso.project_write', 'vso.project_manage'],
  'vso.serviceendpoint': ['vso.serviceendpoint', 'vso.serviceendpoint_query',
                          'vso.serviceendpoint_manage'],
  'vso.serviceendpoint_query': ['vso.serviceendpoint_query', 'vso.serviceendpoint_manage'],
};
/*
 * The location service: one entry per REST resource the simulator serves, in the shape of the
 * service's answer to OPTIONS /{org}/_apis[/{area}] (ids, area, resourceName, routeTemplate,
 * resourceVersion, minVersion, maxVersion, releasedVersion). The same entries decide which
 * api-version each endpoint accepts (checkApiVersion). `endpoints` names the routes below that the
 * entry stands for; `vssps` entries are served on vssps.dev.azure.com only. Where each value comes
 * from (recorded traffic, Microsoft's generated clients, or inferred) is in docs/azure-devops.md.
 */
const LOCATIONS = [
  { endpoints: ['connectionData'], id: '00d9565f-ed9c-4a06-9a50-00e7896ccab4', area: 'Location',
    resourceName: 'ConnectionData', routeTemplate: '_apis/{resource}', resourceVersion: 1,
    minVersion: '1.0', maxVersion: '7.2', releasedVersion: '0.0', both: true },
  { endpoints: ['resourceAreas'], id: 'e81700f7-3be2-46de-8624-2eb35882fcaa', area: 'Location',
    resourceName: 'ResourceAreas', routeTemplate: '_apis/{resource}/{areaId}', resourceVersion: 1,
    minVersion: '3.2', maxVersion: '7.2', releasedVersion: '0.0', both: true },
  { endpoints: ['teams'], id: '7a4d9ee9-3433-4347-b47a-7a80f1cf307e', area: 'core', resourceName: 'teams',
    routeTemplate: '_apis/{resource}', resourceVersion: 3, minVersion: '4.0', maxVersion: '7.2',
    releasedVersion: '0.0' },
  { endpoints: ['projects', 'project'], id: '603fe2ac-9723-48b9-88ad-09305aa6c6e1', area: 'core',
    resourceName: 'projects', routeTemplate: '_apis/{resource}/{*projectId}', resourceVersion: 4,
    minVersion: '1.0', maxVersion: '7.2', releasedVersion: '7.1' },
  { endpoints: ['repos', 'repo'], id: '225f7195-f9c7-4d14-ab28-a83f7ff77e1f', area: 'git',
    resourceName: 'repositories', routeTemplate: '{project}/_apis/{area}/{resource}/{repositoryId}',
    resourceVersion: 2, minVersion: '1.0', maxVersion: '7.2', releasedVersion: '7.1' },
  { endpoints: ['commit', 'commits'], id: 'c2570c3b-5b3f-41b8-98bf-5407bfde8d58', area: 'git',
    resourceName: 'commits', routeTemplate: '{project}/_apis/{area}/repositories/{repositoryId}/{resource}/{commitId}',
    resourceVersion: 2, minVersion: '1.0', maxVersion: '7.2', releasedVersion: '7.1' },
  { endpoints: ['commitsbatch'], id: '6400dfb2-0bcb-462b-b992-5a57f8f1416c', area: 'git',
    resourceName: 'commitsBatch', routeTemplate: '{project}/_apis/{area}/repositories/{repositoryId}/{resource}',
    resourceVersion: 2, minVersion: '1.0', maxVersion: '7.2', releasedVersion: '7.1' },
  { endpoints: ['pushes'], id: 'ea98d07b-3c87-4971-8ede-a613694ffb55', area: 'git', resourceName: 'pushes',
    routeTemplate: '{project}/_apis/{area}/repositories/{repositoryId}/{resource}/{pushId}',
    resourceVersion: 3, minVersion: '1.0', maxVersion: '7.2', releasedVersion: '7.1' },
  { endpoints: ['workitem'], id: '72c7ddf8-2cdc-4f60-90cd-ab71c14a399b', area: 'wit', resourceName: 'workItems',
    routeTemplate: '{project}/_apis/{area}/{resource}/{id}', resourceVersion: 3, minVersion: '1.0',
    maxVersion: '7.2', releasedVersion: '7.1' },
  { endpoints: ['endpointproxy'], id: 'cc63bb57-2a5f-4a7a-b79c-c142d308657e', area: 'serviceendpoint',
    resourceName: 'endpointproxy', routeTemplate: '{project}/_apis/{area}/{resource}', resourceVersion: 1,
    minVersion: '4.1', maxVersion: '7.2', releasedVersion: '7.1' },
  { endpoints: ['serviceendpointtypes'], id: '5a7938a4-655e-486c-b562-b78c54a7e87b', area: 'serviceendpoint',
    resourceName: 'types', routeTemplate: '_apis/{area}/{resource}', resourceVersion: 1, minVersion: '4.1',
    maxVersion: '7.2', releasedVersion: '7.1' },
  { endpoints: ['identities'], id: '28010c54-d0c0-4c89-a5b0-1c9e188b9fb7', area: 'IMS', resourceName: 'Identities',
    routeTemplate: '_apis/{resource}/{identityId}', resourceVersion: 1, minVersion: '1.0', maxVersion: '7.2',
    releasedVersion: '7.1', vssps: true },
];
const LOCATION_OF = new Map();
for (const l of LOCATIONS) for (const e of l.endpoints) LOCATION_OF.set(e, l);
/* GET _apis/ResourceAreas: where each area lives (the client then asks that host for its locations). */
const RESOURCE_AREAS = [
  { id: '79134c72-4a58-4b42-976c-04e7115f32bf', name: 'core' },
  { id: '4e080c62-fa21-4fbc-8fef-2a10a2b38049', name: 'git' },
  { id: '5264459e-e5e0-4bd8-b118-0985e68a4ec5', name: 'wit' },
  { id: '1814ab31-2f4f-4a9f-8761-f4d77dc5a5d7', name: 'serviceendpoint' },
  { id: '8a3d49b8-91f0-46ef-b33d-dda338c25db3', name: 'IMS', vssps: true },
];

/* Switches where the real service's answer is only inferred: name -> [default, other values]. */
const SWITCHES = {
  push_refused_at: ['info-refs', 'receive-pack'],
  endpointproxy_checks: ['scope-first', 'project-first'],
  commit_range: ['answered', 'refuse-400', 'refuse-404'],
};

/* ------------------------------------------------------------------ scenario */

let scenario = null;
let scenarioSig = '';
const faultUses = new Map();   /* JSON of a fault entry -> times applied; survives reloads */

function loadScenario(initial) {
  let st;
  try {
    st = fs.statSync(opts.scenario);
  } catch (e) {
    if (initial) throw e;
    return;
  }
  const sig = `${st.ino}:${st.size}:${st.mtimeMs}`;
  if (sig === scenarioSig && scenario) return;
  let next;
  try {
    next = normalise(JSON.parse(fs.readFileSync(opts.scenario, 'utf8')));
  } catch (e) {
    if (initial) throw e;
    warn(`scenario not reloaded (${e.message}); keeping the previous one`);
    return;
  }
  scenario = next;
  scenarioSig = sig;
}

function normalise(s) {
  const out = { orgs: new Map(), pats: new Map(), faults: [] };
  const orgs = s.orgs || {};
  for (const [name, o] of Object.entries(orgs)) {
    const org = {
      name,
      id: o.id || fakeGuid(`org:${name}`),
      state: o.state || 'active',
      users: new Map(),
      usersById: new Map(),
      projects: new Map(),
      sw: {},
    };
    for (const [k, vals] of Object.entries(SWITCHES)) {
      const v = o[k] !== undefined ? o[k] : s[k];
      if (v === undefined) { org.sw[k] = vals[0]; continue; }
      if (!vals.includes(v)) throw new Error(`scenario: ${k} must be one of ${vals.join(', ')} (got ${JSON.stringify(v)})`);
      org.sw[k] = v;
    }
    for (const [uname, u] of Object.entries(o.users || {})) {
      const user = {
        name: uname,
        id: (u.id || fakeGuid(`user:${name}:${uname}`)).toLowerCase(),
        display: u.display || uname,
        unique: u.unique || `${uname}@${name}.example`,
      };
      org.users.set(uname.toLowerCase(), user);
      org.usersById.set(user.id, user);
    }
    for (const [pname, p] of Object.entries(o.projects || {})) {
      const proj = { name: pname, id: (p.id || fakeGuid(`project:${name}:${pname}`)).toLowerCase(),
                     repos: new Map() };
      for (const [rname, r] of Object.entries(p.repos || {})) {
        proj.repos.set(rname.toLowerCase(), {
          name: rname, id: (r.id || fakeGuid(`repo:${name}:${pname}:${rname}`)).toLowerCase(),
          path: r.path, project: proj,
        });
      }
      org.projects.set(pname.toLowerCase(), proj);
    }
    org.workitems = new Map();
    for (const [wid, w] of Object.entries(o.workitems || {})) {
      const proj = org.projects.get(String(w.project || '').toLowerCase());
      if (!/^[1-9][0-9]*$/.test(wid) || !proj) throw new Error(`scenario: work item ${wid} needs a numeric id and a known project`);
      org.workitems.set(wid, { id: Number(wid), rev: Number(w.rev) || 1, project: proj,
                               fields: Object.assign({}, w.fields || {}) });
    }
    out.orgs.set(name.toLowerCase(), org);
  }
  for (const p of s.pats || []) {
    if (typeof p.token !== 'string' || !p.token) continue;
    out.pats.set(p.token, p);
  }
  out.faults = Array.isArray(s.faults) ? s.faults : [];
  return out;
}

function fakeGuid(seed) {
  const h = crypto.createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function findProject(org, ref) {
  if (!ref) return null;
  const k = ref.toLowerCase();
  if (org.projects.has(k)) return org.projects.get(k);
  for (const p of org.projects.values()) if (p.id === k) return p;
  return null;
}

/* A repository by name or id within a project; without a project, by id only (names are unique
 * within a project, not in the organisation). */
function findRepo(org, proj, ref) {
  const k = ref.toLowerCase();
  const projects = proj ? [proj] : [...org.projects.values()];
  for (const p of projects) for (const r of p.repos.values()) if (r.id === k) return r;
  return proj && proj.repos.has(k) ? proj.repos.get(k) : null;
}

/* ------------------------------------------------------------------ small helpers */

function sha8(s) { return crypto.createHash('sha256').update(s).digest('hex').slice(0, 8); }

function errorBody(message, typeName, typeKey) {
  return JSON.stringify({
    $id: '1', innerException: null, message, typeName, typeKey, errorCode: 0, eventId: 3000,
  });
}

const TYPES = {
  UnauthorizedRequestException: 'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
  AccessCheckException: 'Microsoft.TeamFoundation.Framework.Server.AccessCheckException, Microsoft.TeamFoundation.Framework.Server',
  VssVersionNotSpecifiedException: 'Microsoft.VisualStudio.Services.WebApi.VssVersionNotSpecifiedException, Microsoft.VisualStudio.Services.WebApi',
  VssInvalidPreviewVersionException: 'Microsoft.VisualStudio.Services.WebApi.VssInvalidPreviewVersionException, Microsoft.VisualStudio.Services.WebApi',
  VssVersionOutOfRangeException: 'Microsoft.VisualStudio.Services.WebApi.VssVersionOutOfRangeException, Microsoft.VisualStudio.Services.WebApi',
  VssInvalidApiVersionException: 'Microsoft.VisualStudio.Services.WebApi.VssInvalidApiVersionException, Microsoft.VisualStudio.Services.WebApi',
  GitRepositoryNotFoundException: 'Microsoft.TeamFoundation.Git.Server.GitRepositoryNotFoundException, Microsoft.TeamFoundation.Git.Server',
  ProjectDoesNotExistWithNameException: 'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi',
  WorkItemUnauthorizedAccessException: 'Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemUnauthorizedAccessException, Microsoft.TeamFoundation.WorkItemTracking.Server',
  GitUnresolvableToCommitException: 'Microsoft.TeamFoundation.Git.Server.GitUnresolvableToCommitException, Microsoft.TeamFoundation.Git.Server',
  ArgumentException: 'System.ArgumentException, mscorlib',
  ArgumentNullException: 'System.ArgumentNullException, mscorlib',
  VssRequestContentTypeNotSupportedException: 'Microsoft.VisualStudio.Services.WebApi.VssRequestContentTypeNotSupportedException, Microsoft.VisualStudio.Services.WebApi',
  VssPropertyValidationException: 'Microsoft.VisualStudio.Services.WebApi.Patch.VssPropertyValidationException, Microsoft.VisualStudio.Services.WebApi',
  RuleValidationException: 'Microsoft.TeamFoundation.WorkItemTracking.Server.RuleValidationException, Microsoft.TeamFoundation.WorkItemTracking.Server',
  RequestBlockedException: 'Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server',
  HostShutdownException: 'Microsoft.TeamFoundation.Framework.Server.HostShutdownException, Microsoft.TeamFoundation.Framework.Server',
  VssServiceException: 'Microsoft.VisualStudio.Services.WebApi.VssServiceException, Microsoft.VisualStudio.Services.WebApi',
  RequestContentTooLargeException: 'Microsoft.VisualStudio.Services.WebApi.RequestContentTooLargeException, Microsoft.VisualStudio.Services.WebApi',
};

function azDate(epochSeconds) {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/* ------------------------------------------------------------------ per-request context */

let seqCounter = 0;
let connCounter = 0;
const liveSockets = new Set();
const liveChildren = new Set();

class Ctx {
  constructor(req, res) {
    this.req = req;
    this.res = res;
    this.seq = ++seqCounter;
    this.t0 = now();
    this.http = req.httpVersionMajor === 2 ? '2' : `${req.httpVersionMajor}.${req.httpVersionMinor}`;
    this.conn = connIdOf(req);
    const rawHost = String(req.headers[':authority'] || req.headers.host || '');
    this.rawHost = rawHost;
    this.host = stripPort(rawHost.toLowerCase());
    this.method = String(req.method || '').toUpperCase();
    const url = String(req.url || '/');
    const q = url.indexOf('?');
    this.rawPath = q < 0 ? url : url.slice(0, q);
    this.query = q < 0 ? '' : url.slice(q + 1);
    this.params = new URLSearchParams(this.query);
    this.endpoint = 'other';
    this.orgName = null;
    this.user = null;
    this.patSha = null;
    this.status = 0;
    this.authUser = null;      /* scenario user when the call is treated as authenticated */
    this.logged = false;
    this.extraHeaders = {};
    parseAuth(this);
  }

  header(name) {
    const v = this.req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : v;
  }

  baseHeaders() {
    const h = {
      'ActivityId': crypto.randomUUID(),
      'X-TFS-Session': crypto.randomUUID(),
      'X-VSS-E2EID': crypto.randomUUID(),
      'X-Content-Type-Options': 'nosniff',
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
      'X-Cache': 'CONFIG_NOCACHE',
    };
    if (this.authUser) h['X-VSS-UserData'] = `${this.authUser.id}:${this.authUser.unique}`;
    return Object.assign(h, this.extraHeaders);
  }

  send(status, headers, body) {
    if (this.res.headersSent || this.done) return;
    this.done = true;
    if (this.res.stream && this.res.stream.destroyed) return;   /* HTTP/2 client gone (e.g. while held) */
    this.status = status;
    const buf = body === undefined || body === null ? Buffer.alloc(0)
      : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    const h = Object.assign(this.baseHeaders(), headers, { 'Content-Length': String(buf.length) });
    this.res.writeHead(status, h);
    this.res.end(buf);
  }

  json(status, obj, apiVersion) {
    const v = apiVersion || this.apiVersion || '7.1';
    this.send(status, { 'Content-Type': `application/json; charset=utf-8; api-version=${v}` },
      JSON.stringify(obj));
  }

  error(status, message, typeKey, extra) {
    const typeName = TYPES[typeKey] || TYPES.VssServiceException;
    this.send(status, Object.assign({ 'Content-Type': 'application/json; charset=utf-8' }, extra || {}),
      errorBody(message, typeName, typeKey));
  }

  notFoundText(msg) {
    const m = msg || 'Page not found.';
    this.send(404, { 'Content-Type': 'text/plain; charset=utf-8',
                     'X-TFS-ServiceError': encodeURIComponent(m) }, m);
  }

  log() {
    if (this.logged) return;
    this.logged = true;
    const rec = {
      seq: this.seq, t0: this.t0, t1: now(), conn: this.conn, http: this.http, host: this.host,
      method: this.method, path: this.rawPath, query: this.query, user: this.user,
      pat_sha: this.patSha, status: this.status, endpoint: this.endpoint, org: this.orgName,
      api: apiVersionOf(this),
    };
    try {
      fs.appendFileSync(opts.log, JSON.stringify(rec) + '\n');
    } catch (e) {
      warn(`cannot write the log: ${e.message}`);
    }
  }
}

function stripPort(h) {
  if (h.endsWith(':443')) return h.slice(0, -4);
  const p = `:${opts.port}`;
  if (h.endsWith(p)) return h.slice(0, -p.length);
  return h;
}

function connIdOf(req) {
  let sock = null;
  if (req.stream && req.stream.session) sock = req.stream.session.socket;
  else sock = req.socket;
  const id = sock && sock.azsimConn;
  return id ? String(id) : 'unknown';
}

/* Authorization: Basic base64(user:PAT).  The base64 must be canonical. */
function parseAuth(ctx) {
  ctx.auth = { kind: 'none' };
  const h = ctx.header('authorization');
  if (!h) return;
  const m = /^Basic\s+(\S+)\s*$/i.exec(h);
  if (!m) { ctx.auth = { kind: 'garbage' }; return; }
  const b64 = m[1];
  const dec = Buffer.from(b64, 'base64');
  if (dec.toString('base64') !== b64) { ctx.auth = { kind: 'garbage' }; return; }
  const s = dec.toString('utf8');
  const i = s.indexOf(':');
  if (i < 0) { ctx.auth = { kind: 'garbage' }; return; }
  ctx.user = s.slice(0, i);
  const pat = s.slice(i + 1);
  ctx.patSha = pat ? sha8(pat) : null;
  ctx.auth = { kind: 'basic', user: ctx.user, pat };
}

/* ------------------------------------------------------------------ authentication */

/*
 * Decide what the service makes of the credential for ORG.  Returns
 *   {ok:true, pat, user} or {ok:false, why:'anonymous'|'invalid'|'expired'|'other-org', ...}
 */
function authenticate(ctx, org) {
  const a = ctx.auth;
  if (a.kind === 'none') return { ok: false, why: 'anonymous' };
  if (a.kind !== 'basic' || !a.pat) return { ok: false, why: 'invalid' };
  const p = scenario.pats.get(a.pat);
  if (!p || p.revoked) return { ok: false, why: 'invalid' };
  const porg = scenario.orgs.get(String(p.org || '').toLowerCase());
  let user = porg && porg.users.get(String(p.user || '').toLowerCase());
  if (!user) {
    user = { id: fakeGuid(`user:?:${p.user}`), display: String(p.user || 'unknown'),
             unique: `${p.user}@unknown.example` };
  }
  if (p.expires) {
    const t = Date.parse(p.expires);
    if (!Number.isNaN(t) && t <= Date.now()) return { ok: false, why: 'expired', user };
  }
  if (!porg || porg !== org) return { ok: false, why: 'other-org', user };
  return { ok: true, pat: p, user };
}

function hasScope(pat, need) {
  const scopes = pat.scopes === 'full' ? ['full'] : (Array.isArray(pat.scopes) ? pat.scopes : []);
  if (scopes.includes('full') || scopes.includes('app_token')) return true;
  const needs = Array.isArray(need) ? need : [need];
  return needs.some((n) => (SATISFIES[n] || [n]).some((s) => scopes.includes(s)));
}

function realmFor(ctx) {
  return ctx.host.endsWith('.visualstudio.com') ? `https://${ctx.host}/` : 'https://dev.azure.com/';
}

function signinUrl(ctx) {
  const reply = `https://${ctx.host}${ctx.rawPath}${ctx.query ? '?' + ctx.query : ''}`;
  return `https://vssps.dev.azure.com/_signin?realm=dev.azure.com&reply_to=${encodeURIComponent(reply)}` +
    `&redirect=1&context=${crypto.randomBytes(12).toString('hex')}`;
}

/* The answer to a REST call the service does not accept the credential for. */
function rejectRest(ctx, a, scopeMissing) {
  const suppress = /^suppress$/i.test(String(ctx.header('x-tfs-fedauthredirect') || '').trim());
  ctx.authUser = null;
  if (!suppress) {
    const loc = signinUrl(ctx);
    ctx.send(302, { 'Location': loc, 'Content-Type': 'text/html; charset=utf-8' },
      `<html><head><title>Object moved</title></head><body><h2>Object moved to <a href="${loc.replace(/&/g, '&amp;')}">here</a>.</h2></body></html>`);
    return;
  }
  const realm = `Basic realm="${realmFor(ctx)}"`;
  if (scopeMissing) {
    ctx.send(401, { 'WWW-Authenticate': realm }, '');
    return;
  }
  const wa = [`Bearer authorization_uri=https://login.microsoftonline.com/${TENANT_ID}`, realm];
  if (a.why === 'expired') {
    const msg = 'Access Denied: The Personal Access Token used has expired.';
    ctx.error(401, msg, 'AccessCheckException',
      { 'WWW-Authenticate': wa, 'X-TFS-ServiceError': encodeURIComponent(msg) });
  } else if (a.why === 'other-org') {
    ctx.error(401, `TF400813: The user '${a.user.id}' is not authorized to access this resource.`,
      'UnauthorizedRequestException', { 'WWW-Authenticate': wa });
  } else {
    ctx.error(401, 'TF400813: Resource not available for anonymous access. Client authentication required.',
      'UnauthorizedRequestException', { 'WWW-Authenticate': wa });
  }
}

function rejectGit(ctx, a) {
  ctx.authUser = null;
  const body = a && a.why === 'expired' ? 'Access Denied: The Personal Access Token used has expired.\n'
    : 'TF400813: Resource not available for anonymous access. Client authentication required.\n';
  const h = { 'WWW-Authenticate': `Basic realm="${realmFor(ctx)}"`,
              'Content-Type': 'text/plain; charset=utf-8' };
  if (a && a.why === 'expired') h['X-TFS-ServiceError'] = encodeURIComponent(body.trim());
  ctx.send(401, h, a && a.scope ? '' : body);
}

/* ------------------------------------------------------------------ api-version */

function apiVersionOf(ctx) {
  const q = ctx.params.get('api-version');
  if (q !== null) return q;
  const acc = String(ctx.header('accept') || '');
  const m = /api-version=([^;,\s]+)/i.exec(acc);
  return m ? m[1] : null;
}

function versionNumber(v) {
  const m = /^(\d+)\.(\d+)$/.exec(v);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : 0;
}

/*
 * The api-version against the endpoint's location entry. Returns true when the call may go on;
 * otherwise it has answered. Newer than maxVersion or older than minVersion: out of range; newer
 * than releasedVersion (0.0 = preview only) without -preview: 400. A -preview.N above the
 * resource's own resourceVersion is served at its own version (kept: see docs/azure-devops.md).
 */
function checkApiVersion(ctx, route) {
  const v = apiVersionOf(ctx);
  const loc = LOCATION_OF.get(route.endpoint);
  ctx.apiVersion = v || route.defaultVersion || '7.1';
  if (v === null) {
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) {
      ctx.error(400, `No api-version was supplied for the "${ctx.method}" request. The version must be ` +
        'supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as ' +
        "a query parameter (e.g. '?api-version=1.0').", 'VssVersionNotSpecifiedException');
      return false;
    }
    return true;
  }
  const m = /^(\d+)\.(\d+)(-preview(?:\.(\d+))?)?$/.exec(v);
  if (!m) {
    ctx.error(400, `The following api-version value is not valid: ${v}`, 'VssInvalidApiVersionException');
    return false;
  }
  if (!loc) return true;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const n = major * 1000 + minor;
  if (n > versionNumber(loc.maxVersion)) {
    ctx.error(400, `The requested REST API version of ${major}.${minor} is out of range for this server. ` +
      `The latest REST API version for this server is ${loc.maxVersion}.`, 'VssVersionOutOfRangeException');
    return false;
  }
  if (n < versionNumber(loc.minVersion)) {
    ctx.error(400, `The requested REST API version of ${major}.${minor} is out of range for this resource. ` +
      `The earliest REST API version for this resource is ${loc.minVersion}.`, 'VssVersionOutOfRangeException');
    return false;
  }
  if (!m[3] && n > versionNumber(loc.releasedVersion)) {
    ctx.error(400, `The requested version "${v}" of the resource is under preview. The -preview flag must ` +
      `be supplied in the api-version for such requests. For example: "${major}.${minor}-preview"`,
      'VssInvalidPreviewVersionException');
    return false;
  }
  return true;
}

/* ------------------------------------------------------------------ routing */

/*
 * Turn (host, path) into a route: {org, kind:'rest'|'git'|'signin', endpoint, project, ...}
 * or null when the host is not served, or {org, endpoint:'other'} for an unknown route.
 */
function route(ctx) {
  let segs;
  try {
    segs = ctx.rawPath.split('/').slice(1).map((s) => decodeURIComponent(s));
  } catch (e) {
    return { bad: true };
  }
  if (segs.length && segs[segs.length - 1] === '') segs.pop();
  const host = ctx.host;
  let org;
  let rest;
  let vssps = false;
  if (host === 'dev.azure.com') {
    org = segs[0];
    rest = segs.slice(1);
  } else if (host === 'vssps.dev.azure.com') {
    if (segs[0] === '_signin') return { kind: 'signin', endpoint: 'signin' };
    org = segs[0];
    rest = segs.slice(1);
    vssps = true;
  } else {
    const m = /^([a-z0-9-]+)\.visualstudio\.com$/.exec(host);
    if (!m || m[1] === 'app' || m[1] === 'vssps') return null;
    org = m[1];
    rest = segs;
    if (rest[0] && rest[0].toLowerCase() === 'defaultcollection') rest = rest.slice(1);
  }
  if (!org) return { unknown: true };
  const r = { org, vssps };

  /* Git smart HTTP: [project/]_git/[_full/|_optimized/]repo/(info/refs|git-upload-pack|git-receive-pack) */
  const gi = rest.indexOf('_git');
  if (!vssps && gi >= 0 && gi <= 1) {
    r.project = gi === 1 ? rest[0] : null;
    let after = rest.slice(gi + 1);
    if (after[0] === '_full' || after[0] === '_optimized') after = after.slice(1);
    r.repo = after[0];
    const tail = after.slice(1).join('/');
    r.kind = 'git';
    if (tail === 'info/refs' && ctx.method === 'GET') {
      const svc = ctx.params.get('service');
      if (svc !== 'git-upload-pack' && svc !== 'git-receive-pack') return Object.assign(r, { endpoint: 'other', kind: 'rest', unknownRoute: true });
      r.endpoint = 'git-info-refs';
      r.service = svc;
    } else if ((tail === 'git-upload-pack' || tail === 'git-receive-pack') && ctx.method === 'POST') {
      r.endpoint = tail;
      r.service = tail;
    } else {
      return Object.assign(r, { endpoint: 'other', kind: 'rest', unknownRoute: true });
    }
    if (!r.repo) return Object.assign(r, { endpoint: 'other', kind: 'rest', unknownRoute: true });
    return r;
  }

  r.kind = 'rest';
  const ai = rest.indexOf('_apis');
  if (ai < 0 || ai > 1) return Object.assign(r, { endpoint: 'other', unknownRoute: true });
  r.project = ai === 1 ? rest[0] : null;
  const a = rest.slice(ai + 1);
  const la = a.map((s) => s.toLowerCase());
  const M = ctx.method;
  const is = (...names) => names.length === la.length && names.every((n, i) => n === '*' || n === la[i]);

  if (is('connectiondata') && M === 'GET') {
    return Object.assign(r, { endpoint: 'connectionData', defaultVersion: '7.1-preview.1', scope: null });
  }
  if (M === 'OPTIONS' && !r.project && la.length <= 1) {
    return Object.assign(r, { endpoint: 'locations', scope: null, area: la[0] || null, noVersion: true });
  }
  if (la[0] === 'resourceareas' && la.length <= 2 && M === 'GET' && !r.project) {
    return Object.assign(r, { endpoint: 'resourceAreas', scope: null, defaultVersion: '7.1-preview.1', areaId: la[1] || null });
  }
  if (vssps) {
    if (is('identities') && M === 'GET') return Object.assign(r, { endpoint: 'identities', scope: 'vso.identity' });
    return Object.assign(r, { endpoint: 'other', unknownRoute: true });
  }
  if (is('teams') && M === 'GET' && !r.project) {
    return Object.assign(r, { endpoint: 'teams', defaultVersion: '7.1-preview.3', scope: 'vso.project' });
  }
  if (is('projects') && M === 'GET' && !r.project) return Object.assign(r, { endpoint: 'projects', scope: null });
  if (is('projects', '*') && M === 'GET' && !r.project) {
    return Object.assign(r, { endpoint: 'project', scope: null, projectRef: a[1] });
  }
  if (la[0] === 'git' && la[1] === 'repositories') {
    if (la.length === 2 && M === 'GET') return Object.assign(r, { endpoint: 'repos', scope: 'vso.code' });
    if (la.length === 3 && M === 'GET') return Object.assign(r, { endpoint: 'repo', scope: 'vso.code', repo: a[2] });
    if (la.length === 4 && la[3] === 'commitsbatch' && M === 'POST') {
      return Object.assign(r, { endpoint: 'commitsbatch', scope: 'vso.code', repo: a[2] });
    }
    if (la.length === 4 && la[3] === 'pushes' && M === 'POST') {
      return Object.assign(r, { endpoint: 'pushes', scope: 'vso.code_write', repo: a[2] });
    }
    if (la.length === 4 && la[3] === 'commits' && M === 'GET') {
      return Object.assign(r, { endpoint: 'commits', scope: 'vso.code', repo: a[2] });
    }
    if (la.length === 5 && la[3] === 'commits' && M === 'GET') {
      return Object.assign(r, { endpoint: 'commit', scope: 'vso.code', repo: a[2], sha: a[4] });
    }
  }
  if (la[0] === 'wit' && la[1] === 'workitems' && la.length === 3) {
    if (M === 'PATCH') return Object.assign(r, { endpoint: 'workitem', scope: 'vso.work_write', wid: a[2] });
    if (M === 'GET') return Object.assign(r, { endpoint: 'workitem', scope: 'vso.work', wid: a[2] });
  }
  if (is('serviceendpoint', 'endpointproxy') && M === 'POST') {
    return Object.assign(r, { endpoint: 'endpointproxy', scope: 'vso.serviceendpoint_query' });
  }
  if (is('serviceendpoint', 'types') && M === 'GET' && !r.project) {
    return Object.assign(r, { endpoint: 'serviceendpointtypes', scope: 'vso.serviceendpoint' });
  }
  return Object.assign(r, { endpoint: 'other', unknownRoute: true });
}

/* ------------------------------------------------------------------ faults */

function matchFault(ctx) {
  for (const f of scenario.faults) {
    if (!f || typeof f !== 'object') continue;
    if (f.host && stripPort(String(f.host).toLowerCase()) !== ctx.host) continue;
    if (f.path_prefix && !ctx.rawPath.toLowerCase().startsWith(String(f.path_prefix).toLowerCase())) continue;
    if (f.method && String(f.method).toUpperCase() !== ctx.method) continue;
    if (f.pat !== undefined && (ctx.auth.kind !== 'basic' || ctx.auth.pat !== f.pat)) continue;
    const key = JSON.stringify(f);
    const used = faultUses.get(key) || 0;
    if (typeof f.times === 'number' && used >= f.times) continue;
    faultUses.set(key, used + 1);
    return f;
  }
  return null;
}

/* Answer with the fault, or return false when it only adds a delay / header and the call goes on. */
function applyFault(ctx, f) {
  if (f.retry_after !== undefined) ctx.extraHeaders['Retry-After'] = String(f.retry_after);
  if (f.redirect) {
    ctx.send(302, { 'Location': String(f.redirect), 'Content-Type': 'text/html; charset=utf-8' },
      '<html><body>Object moved</body></html>');
    return true;
  }
  const status = f.status === undefined ? 0 : Number(f.status);
  if (!status || (status === 200 && f.body === undefined)) return false;
  let ct = f.content_type;
  let body = f.body;
  const extra = {};
  if (status === 429) {
    const ra = f.retry_after !== undefined ? String(f.retry_after) : '1';
    Object.assign(extra, {
      'Retry-After': ra, 'X-RateLimit-Resource': 'Core', 'X-RateLimit-Delay': String(Number(ra) || 1),
      'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + (Number(ra) || 1)),
    });
    if (body === undefined) {
      body = errorBody("TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'Core' in namespace 'User'.",
        TYPES.RequestBlockedException, 'RequestBlockedException');
    }
  } else if (status === 503) {
    const msg = `TF24668: The following team project collection is stopped: ${ctx.orgName || 'unknown'}. Start the collection and then try again. Administrator Reason: Service unavailable.`;
    extra['X-TFS-ServiceError'] = encodeURIComponent(msg);
    if (body === undefined) {
      body = errorBody(msg, TYPES.HostShutdownException, 'HostShutdownException');
      if (!ct) ct = 'application/json';
    }
  } else if (body === undefined) {
    body = errorBody(`Simulated fault ${status}.`, TYPES.VssServiceException, 'VssServiceException');
  }
  if (!ct) ct = 'application/json; charset=utf-8';
  if (f.bom) body = BOM + body;
  extra['Content-Type'] = ct;
  ctx.send(status, extra, body);
  return true;
}

/* ------------------------------------------------------------------ request bodies */

function readBody(ctx, limit) {
  return new Promise((resolve) => {
    const len = Number(ctx.header('content-length'));
    if (Number.isFinite(len) && len > limit) { resolve(null); return; }
    const chunks = [];
    let total = 0;
    let over = false;
    ctx.req.on('data', (c) => {
      if (over) return;
      total += c.length;
      if (total > limit) { over = true; chunks.length = 0; return; }
      chunks.push(c);
    });
    ctx.req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    ctx.req.on('error', () => resolve(null));
    ctx.req.on('aborted', () => resolve(null));
  });
}

function tooLarge(ctx) {
  if (ctx.http !== '2') ctx.extraHeaders['Connection'] = 'close';
  ctx.error(413, 'The request content is too large.', 'RequestContentTooLargeException');
}

/* ------------------------------------------------------------------ git (commits, http-backend) */

function gitEnv() {
  const env = Object.assign({}, process.env, {
    GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0',
  });
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY',
    'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_TRACE', 'GIT_TRACE_CURL', 'GIT_TRACE_PACKET']) delete env[k];
  return env;
}

function runGit(args, input) {
  return new Promise((resolve) => {
    const child = spawn('git', args, { env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    liveChildren.add(child);
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', (e) => { liveChildren.delete(child); resolve({ code: -1, out: '', err: e.message }); });
    child.on('close', (code) => {
      liveChildren.delete(child);
      resolve({ code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input || '');
  });
}

const commitCache = new Map();   /* repo path -> {sig, commits: Map sha -> commit} */

function repoSig(p) {
  const parts = [];
  for (const f of ['packed-refs', 'refs', 'refs/heads', 'refs/tags', 'HEAD', 'objects', 'objects/pack']) {
    try { const st = fs.statSync(path.join(p, f)); parts.push(`${st.ino}:${st.mtimeMs}:${st.size}`); }
    catch (e) { parts.push('-'); }
  }
  return parts.join('|');
}

/* All commits reachable from any ref of the bare repository at P. */
async function repoCommits(p) {
  const sig = repoSig(p);
  const c = commitCache.get(p);
  if (c && c.sig === sig) return c.commits;
  const fmt = '%H%x1f%T%x1f%P%x1f%an%x1f%ae%x1f%at%x1f%cn%x1f%ce%x1f%ct%x1f%B%x1e';
  const r = await runGit(['-C', p, 'log', '--all', `--format=${fmt}`]);
  const commits = new Map();
  if (r.code === 0) {
    for (const rec of r.out.split('\x1e')) {
      const f = rec.replace(/^\n/, '').split('\x1f');
      if (f.length < 10 || !/^[0-9a-f]{40}$/.test(f[0])) continue;
      commits.set(f[0], {
        sha: f[0], tree: f[1], parents: f[2] ? f[2].split(' ') : [],
        author: { name: f[3], email: f[4], date: azDate(Number(f[5])) },
        committer: { name: f[6], email: f[7], date: azDate(Number(f[8])) },
        message: f[9].replace(/\n+$/, ''),
      });
    }
  }
  commitCache.set(p, { sig, commits });
  return commits;
}

async function defaultBranch(p) {
  const r = await runGit(['-C', p, 'symbolic-ref', '-q', 'HEAD']);
  if (r.code !== 0) return null;
  const ref = r.out.trim();
  const v = await runGit(['-C', p, 'rev-parse', '-q', '--verify', `${ref}^{commit}`]);
  return v.code === 0 ? ref : null;
}

/* ------------------------------------------------------------------ JSON shapes */

function identityJson(org, u) {
  const sd = 'aad.' + Buffer.from(fakeGuid(`sd:${u.id}`)).toString('base64').replace(/=+$/, '');
  return {
    id: u.id,
    descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;${TENANT_ID}\\${u.unique}`,
    subjectDescriptor: sd,
    providerDisplayName: u.display,
    isActive: true,
    isContainer: false,
    members: [], memberOf: [], memberIds: [],
    properties: {
      Account: { $type: 'System.String', $value: u.unique },
      Mail: { $type: 'System.String', $value: u.unique },
    },
    resourceVersion: 2,
    metaTypeId: 0,
  };
}

function orgBase(ctx, org) {
  return ctx.host.endsWith('.visualstudio.com') ? `https://${ctx.host}` : `https://dev.azure.com/${org.name}`;
}

function projectJson(ctx, org, p) {
  return {
    id: p.id, name: p.name, url: `${orgBase(ctx, org)}/_apis/projects/${p.id}`,
    state: 'wellFormed', revision: 11, visibility: 'private', lastUpdateTime: '2024-01-01T00:00:00.000Z',
  };
}

async function repoJson(ctx, org, r) {
  const base = `https://dev.azure.com/${org.name}`;
  const out = {
    id: r.id, name: r.name, url: `${base}/${r.project.id}/_apis/git/repositories/${r.id}`,
    project: projectJson(ctx, org, r.project),
  };
  const db = r.path ? await defaultBranch(r.path) : null;
  if (db) out.defaultBranch = db;
  Object.assign(out, {
    size: 0,
    remoteUrl: `https://${org.name}@dev.azure.com/${org.name}/${encodeURIComponent(r.project.name)}/_git/${encodeURIComponent(r.name)}`,
    sshUrl: `git@ssh.dev.azure.com:v3/${org.name}/${encodeURIComponent(r.project.name)}/${encodeURIComponent(r.name)}`,
    webUrl: `${base}/${encodeURIComponent(r.project.name)}/_git/${encodeURIComponent(r.name)}`,
    isDisabled: false, isInMaintenance: false,
  });
  return out;
}

function commitJson(org, r, c, short) {
  const base = `https://dev.azure.com/${org.name}`;
  const o = {};
  if (!short) o.treeId = c.tree;
  o.commitId = c.sha;
  o.author = c.author;
  o.committer = c.committer;
  if (short) {
    const nl = c.message.indexOf('\n');
    o.comment = nl < 0 ? c.message : c.message.slice(0, nl);
    if (nl >= 0) o.commentTruncated = true;
    o.changeCounts = { Add: 0, Edit: 0, Delete: 0 };
  } else {
    o.comment = c.message;
    o.parents = c.parents;
  }
  o.url = `${base}/${r.project.id}/_apis/git/repositories/${r.id}/commits/${c.sha}`;
  o.remoteUrl = `${base}/${encodeURIComponent(r.project.name)}/_git/${encodeURIComponent(r.name)}/commit/${c.sha}`;
  return o;
}

function workItemJson(org, wi, fields, rev) {
  const url = `https://dev.azure.com/${org.name}/${wi.project.id}/_apis/wit/workItems/${wi.id}`;
  return { id: wi.id, rev, fields: Object.assign({ 'System.TeamProject': wi.project.name }, fields),
           _links: { self: { href: url } }, url };
}

/* ------------------------------------------------------------------ REST handlers */

function projectNotFound(ctx, ref) {
  ctx.error(404, `TF200016: The following project does not exist: ${ref}. Verify that the name of the ` +
    'project is correct and that the project exists on the specified Azure DevOps Server.',
    'ProjectDoesNotExistWithNameException');
}

async function handleRest(ctx, org, rt, a) {
  let proj = null;
  if (rt.project) {
    proj = findProject(org, rt.project);
    if (!proj) { projectNotFound(ctx, rt.project); return; }
  }
  const needRepo = ['repo', 'commit', 'commits', 'commitsbatch', 'pushes'].includes(rt.endpoint);
  let repo = null;
  if (needRepo) {
    repo = findRepo(org, proj, rt.repo);
    if (!repo) {
      ctx.error(404, `TF401019: The Git repository with name or identifier ${rt.repo} does not exist or you do ` +
        'not have permissions for the operation you are attempting.', 'GitRepositoryNotFoundException');
      return;
    }
  }
  let body = null;
  if (['POST', 'PUT', 'PATCH'].includes(ctx.method)) {
    body = await readBody(ctx, MAX_REST_BODY);
    if (body === null) { tooLarge(ctx); return; }
  }
  switch (rt.endpoint) {
    case 'locations': {
      const onVssps = ctx.host === 'vssps.dev.azure.com';
      const v = LOCATIONS.filter((l) => (l.both || !!l.vssps === onVssps) &&
                                        (!rt.area || l.area.toLowerCase() === rt.area))
        .map((l) => ({ id: l.id, area: l.area, resourceName: l.resourceName, routeTemplate: l.routeTemplate,
                       resourceVersion: l.resourceVersion, minVersion: l.minVersion, maxVersion: l.maxVersion,
                       releasedVersion: l.releasedVersion }));
      ctx.send(200, { 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify({ count: v.length, value: v }));
      return;
    }
    case 'resourceAreas': {
      const home = ctx.host.endsWith('.visualstudio.com') ? `https://${ctx.host}/` : `https://dev.azure.com/${org.name}/`;
      const v = RESOURCE_AREAS.map((ra) => ({ id: ra.id, name: ra.name,
        locationUrl: ra.vssps ? `https://vssps.dev.azure.com/${org.name}/` : home }));
      if (rt.areaId) {
        const one = v.find((ra) => ra.id === rt.areaId);
        if (!one) { ctx.notFoundText(); return; }
        ctx.json(200, one);
        return;
      }
      ctx.json(200, { count: v.length, value: v });
      return;
    }
    case 'connectionData': {
      const id = identityJson(org, a.user);
      ctx.json(200, {
        authenticatedUser: id, authorizedUser: id, instanceId: org.id, deploymentId: DEPLOYMENT_ID,
        deploymentType: 'hosted',
        locationServiceData: {
          serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
          defaultAccessMappingMoniker: 'PublicAccessMapping', lastChangeId: 1, lastChangeId64: 1,
        },
      });
      return;
    }
    case 'teams': {
      const top = Number(ctx.params.get('$top') || 100);
      const teams = [...org.projects.values()].map((p) => ({
        id: fakeGuid(`team:${p.id}`), name: `${p.name} Team`,
        url: `${orgBase(ctx, org)}/_apis/projects/${p.id}/teams/${fakeGuid(`team:${p.id}`)}`,
        description: `The default project team.`,
        identityUrl: `https://vssps.dev.azure.com/${org.name}/_apis/Identities/${fakeGuid(`team:${p.id}`)}`,
        projectName: p.name, projectId: p.id,
      })).slice(0, Math.max(0, top));
      ctx.json(200, { value: teams, count: teams.length });
      return;
    }
    case 'projects': {
      const top = ctx.params.has('$top') ? Number(ctx.params.get('$top')) : 100;
      const skip = Number(ctx.params.get('$skip') || 0);
      if (!Number.isInteger(top) || top < 0 || !Number.isInteger(skip) || skip < 0) {
        ctx.error(400, 'The value of $top or $skip is not a non-negative integer.', 'ArgumentException');
        return;
      }
      const v = [...org.projects.values()].slice(skip, skip + top).map((p) => projectJson(ctx, org, p));
      ctx.json(200, { count: v.length, value: v });
      return;
    }
    case 'project': {
      const p = findProject(org, rt.projectRef);
      if (!p) { projectNotFound(ctx, rt.projectRef); return; }
      ctx.json(200, Object.assign(projectJson(ctx, org, p), { description: '', defaultTeam: {
        id: fakeGuid(`team:${p.id}`), name: `${p.name} Team` } }));
      return;
    }
    case 'repos': {
      const list = [];
      for (const p of proj ? [proj] : org.projects.values()) {
        for (const r of p.repos.values()) list.push(await repoJson(ctx, org, r));
      }
      ctx.json(200, { value: list, count: list.length });
      return;
    }
    case 'repo':
      ctx.json(200, await repoJson(ctx, org, repo));
      return;
    case 'commit': {
      const sha = String(rt.sha || '');
      if (!/^[0-9a-fA-F]{40}$/.test(sha)) {
        ctx.error(400, `The commit ID "${sha}" is not valid. Specify a full 40-character commit ID.`, 'ArgumentException');
        return;
      }
      const commits = await repoCommits(repo.path);
      const c = commits.get(sha.toLowerCase());
      if (!c) {
        ctx.error(404, `TF401175:The version descriptor <Commit: ${sha}> could not be resolved to a version in ` +
          `the repository ${repo.name}`, 'GitUnresolvableToCommitException');
        return;
      }
      ctx.json(200, commitJson(org, repo, c, false));
      return;
    }
    case 'commitsbatch': {
      let req;
      try { req = JSON.parse(body.toString('utf8')); } catch (e) { req = undefined; }
      if (!req || typeof req !== 'object' || Array.isArray(req)) {
        ctx.error(400, 'Value cannot be null.\r\nParameter name: searchCriteria', 'ArgumentNullException');
        return;
      }
      const ids = Array.isArray(req.ids) ? req.ids : null;
      const others = Object.keys(req).filter((k) => k !== 'ids' && k !== '$top' && k !== '$skip');
      if (ids && others.length) {
        ctx.error(400, 'The ids parameter cannot be combined with other search criteria.', 'ArgumentException');
        return;
      }
      const commits = await repoCommits(repo.path);
      let list;
      if (ids) {
        if (ids.some((i) => typeof i !== 'string' || !/^[0-9a-fA-F]{40}$/.test(i))) {
          ctx.error(400, 'Every id must be a full 40-character commit ID.', 'ArgumentException');
          return;
        }
        const seen = new Set();
        list = [];
        for (const i of ids) {
          const k = i.toLowerCase();
          if (seen.has(k)) continue;
          seen.add(k);
          if (commits.has(k)) list.push(commits.get(k));
        }
      } else {
        list = [...commits.values()];
      }
      const top = Math.min(Number(ctx.params.get('$top') || req.$top || 100), 50000);
      const skip = Number(ctx.params.get('$skip') || req.$skip || 0);
      const page = list.slice(skip, skip + top).map((c) => commitJson(org, repo, c, true));
      ctx.json(200, { count: page.length, value: page });
      return;
    }
    case 'commits': {
      const from = (ctx.params.get('searchCriteria.fromCommitId') || '').toLowerCase();
      const to = (ctx.params.get('searchCriteria.toCommitId') || '').toLowerCase();
      for (const [name, val] of [['fromCommitId', from], ['toCommitId', to]]) {
        if (val && !/^[0-9a-f]{40}$/.test(val)) {
          ctx.error(400, `The value "${val}" of searchCriteria.${name} is not a valid commit ID. Specify a full ` +
            '40-character commit ID.', 'ArgumentException');
          return;
        }
      }
      if ((from || to) && org.sw.commit_range === 'refuse-400') {
        ctx.error(400, `The commit ID "${from || to}" is not valid for searchCriteria. Specify the ID of a commit ` +
          'that exists in the repository.', 'ArgumentException');
        return;
      }
      if ((from || to) && org.sw.commit_range === 'refuse-404') {
        ctx.error(404, `TF401175:The version descriptor <Commit: ${from || to}> could not be resolved to a version.`,
          'GitUnresolvableToCommitException');
        return;
      }
      const top = Math.min(Number(ctx.params.get('searchCriteria.$top') || ctx.params.get('$top') || 100), 50000);
      const commits = await repoCommits(repo.path);
      const shas = [...commits.keys()].filter((s) => (!from || s >= from) && (!to || s <= to)).sort();
      const page = shas.slice(0, Math.max(0, top)).map((s) => commitJson(org, repo, commits.get(s), true));
      ctx.json(200, { count: page.length, value: page });
      return;
    }
    case 'identities': {
      const ids = (ctx.params.get('identityIds') || '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
      const v = [];
      for (const i of ids) if (org.usersById.has(i)) v.push(identityJson(org, org.usersById.get(i)));
      ctx.json(200, { count: v.length, value: v });
      return;
    }
    case 'workitem': {
      if (ctx.method === 'PATCH') {
        const ct = String(ctx.header('content-type') || '').toLowerCase();
        if (!ct.startsWith('application/json-patch+json')) {
          ctx.error(415, `The request indicated a Content-Type of "${ct}" for method type "PATCH" which is not ` +
            'supported. Valid content types for this method are: application/json-patch+json.',
            'VssRequestContentTypeNotSupportedException');
          return;
        }
        let doc;
        try { doc = JSON.parse(body.toString('utf8')); } catch (e) { doc = undefined; }
        if (!Array.isArray(doc)) {
          ctx.error(400, 'You must pass a valid patch document in the body of the request.', 'VssServiceException');
          return;
        }
        rt.patch = doc;
      }
      const wi = org.workitems.get(String(rt.wid));
      if (!wi || (proj && wi.project !== proj)) {
        ctx.error(404, `TF401232: Work item ${rt.wid} does not exist, or you do not have permissions to read it.`,
          'WorkItemUnauthorizedAccessException');
        return;
      }
      if (ctx.method === 'GET') { ctx.json(200, workItemJson(org, wi, wi.fields, wi.rev)); return; }
      const fields = Object.assign({}, wi.fields);
      for (const op of rt.patch) {
        const m = op && typeof op === 'object' && /^\/fields\/(.+)$/.exec(String(op.path || ''));
        if (!m || !['add', 'replace', 'remove', 'test'].includes(op.op)) {
          ctx.error(400, `The patch operation ${JSON.stringify(op && op.op)} on path ${JSON.stringify(op && op.path)} ` +
            'is not supported.', 'VssPropertyValidationException');
          return;
        }
        if (op.op === 'test' && fields[m[1]] !== op.value) {
          ctx.error(400, `TF401320: Rule Error for field ${m[1]}. The value does not match the test value.`,
            'RuleValidationException');
          return;
        }
        if (op.op === 'remove') delete fields[m[1]];
        else if (op.op !== 'test') fields[m[1]] = op.value;
      }
      /* validateOnly=true: the answer shows the item as it would be; nothing is saved */
      if (String(ctx.params.get('validateOnly')).toLowerCase() === 'true') {
        ctx.json(200, workItemJson(org, wi, fields, wi.rev));
        return;
      }
      wi.fields = fields;
      wi.rev += 1;
      ctx.json(200, workItemJson(org, wi, wi.fields, wi.rev));
      return;
    }
    case 'pushes':
      ctx.error(400, 'Value cannot be null.\r\nParameter name: push', 'ArgumentNullException');
      return;
    case 'endpointproxy':
      ctx.error(400, 'Value cannot be null.\r\nParameter name: serviceEndpointRequest.serviceEndpointDetails',
        'ArgumentNullException');
      return;
    case 'serviceendpointtypes':
      ctx.json(200, { count: 1, value: [{ name: 'generic', displayName: 'Generic',
        authenticationSchemes: [{ scheme: 'UsernamePassword' }], endpointUrl: { isVisible: 'true' } }] });
      return;
    default:
      ctx.notFoundText();
  }
}

/* ------------------------------------------------------------------ git smart HTTP */

async function handleGit(ctx, org, rt, a) {
  /* /{org}/_git/{repo}: the project is the one named like the repository */
  const proj = findProject(org, rt.project || rt.repo);
  const repo = proj ? findRepo(org, proj, rt.repo) : null;
  if (!repo || !repo.path) {
    ctx.send(404, { 'Content-Type': 'text/plain; charset=utf-8' },
      `TF401019: The Git repository with name or identifier ${rt.repo} does not exist or you do not have ` +
      'permissions for the operation you are attempting.\n');
    return;
  }
  let body = Buffer.alloc(0);
  if (ctx.method === 'POST') {
    body = await readBody(ctx, MAX_GIT_BODY);
    if (body === null) { tooLarge(ctx); return; }
  }
  const root = path.dirname(path.resolve(repo.path));
  const pathInfo = '/' + path.basename(repo.path) + (rt.endpoint === 'git-info-refs' ? '/info/refs' : '/' + rt.service);
  const env = Object.assign(gitEnv(), {
    GIT_PROJECT_ROOT: root, GIT_HTTP_EXPORT_ALL: '1', PATH_INFO: pathInfo,
    QUERY_STRING: ctx.query, REQUEST_METHOD: ctx.method, REMOTE_USER: a.user.unique,
    REMOTE_ADDR: '127.0.0.1', CONTENT_TYPE: String(ctx.header('content-type') || ''),
    GATEWAY_INTERFACE: 'CGI/1.1', SERVER_PROTOCOL: 'HTTP/1.1',
  });
  if (ctx.method === 'POST') env.CONTENT_LENGTH = String(body.length);
  const ce = ctx.header('content-encoding');
  if (ce) env.HTTP_CONTENT_ENCODING = String(ce);
  const gp = ctx.header('git-protocol');
  if (gp) env.HTTP_GIT_PROTOCOL = String(gp);
  const child = spawn('git', ['-c', 'http.receivepack=true', '-c', 'http.uploadpack=true',
    '-c', 'safe.directory=*', 'http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  liveChildren.add(child);
  let headerBuf = Buffer.alloc(0);
  let headersDone = false;
  const errChunks = [];
  child.stderr.on('data', (c) => { if (errChunks.length < 64) errChunks.push(c); });
  child.stdin.on('error', () => {});
  child.stdin.end(body);
  ctx.res.on('close', () => { if (child.exitCode === null) child.kill('SIGKILL'); });
  await new Promise((resolve) => {
    child.stdout.on('data', (c) => {
      if (headersDone) { ctx.res.write(c); return; }
      headerBuf = Buffer.concat([headerBuf, c]);
      let idx = headerBuf.indexOf('\r\n\r\n');
      let sepLen = 4;
      const idx2 = headerBuf.indexOf('\n\n');
      if (idx < 0 || (idx2 >= 0 && idx2 < idx)) { idx = idx2; sepLen = 2; }
      if (idx < 0) {
        if (headerBuf.length > 65536) child.kill('SIGKILL');
        return;
      }
      headersDone = true;
      const head = headerBuf.slice(0, idx).toString('latin1');
      const rest = headerBuf.slice(idx + sepLen);
      let status = 200;
      const h = {};
      for (const line of head.split(/\r?\n/)) {
        const m = /^([^:]+):\s*(.*)$/.exec(line);
        if (!m) continue;
        const k = m[1].toLowerCase();
        if (k === 'status') status = parseInt(m[2], 10) || 200;
        else if (['content-type', 'cache-control', 'expires', 'pragma', 'last-modified'].includes(k)) h[m[1]] = m[2];
      }
      ctx.status = status;
      ctx.done = true;
      ctx.res.writeHead(status, Object.assign(ctx.baseHeaders(), h));
      if (rest.length) ctx.res.write(rest);
    });
    child.on('close', (code) => {
      liveChildren.delete(child);
      if (!headersDone) {
        warn(`git http-backend failed (${code}): ${Buffer.concat(errChunks).toString('utf8').slice(0, 500)}`);
        ctx.done = false;
        ctx.error(500, 'git http-backend failed.', 'VssServiceException');
      } else {
        ctx.res.end();
      }
      resolve();
    });
    child.on('error', (e) => {
      liveChildren.delete(child);
      if (!headersDone) { ctx.error(500, `git: ${e.message}`, 'VssServiceException'); }
      resolve();
    });
  });
}

/* ------------------------------------------------------------------ the request handler */

async function handle(ctx) {
  loadScenario(false);
  const rt = route(ctx);
  if (rt === null) {
    ctx.send(404, { 'Content-Type': 'text/plain; charset=utf-8' }, `Unknown host: ${ctx.host}\n`);
    return;
  }
  if (rt.bad) { ctx.send(400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Bad Request\n'); return; }
  ctx.endpoint = rt.endpoint || 'other';
  if (rt.kind === 'signin') {
    ctx.send(203, { 'Content-Type': 'text/html; charset=utf-8' },
      '<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head>' +
      '<body><h1>Sign in to your account</h1></body></html>');
    return;
  }
  const org = rt.org ? scenario.orgs.get(rt.org.toLowerCase()) : null;
  if (org) ctx.orgName = org.name.toLowerCase();
  else if (rt.org) ctx.orgName = rt.org.toLowerCase();

  const fault = matchFault(ctx);
  if (fault) {
    if (fault.delay_ms) await new Promise((r) => setTimeout(r, Number(fault.delay_ms)));
    if (applyFault(ctx, fault)) return;
  }

  if (!org) {
    ctx.notFoundText(`TF400898: The organization '${rt.org || ''}' could not be found.`);
    return;
  }
  if (org.state === 'stopped') {
    const msg = `TF24668: The following team project collection is stopped: ${org.name}. Start the collection ` +
      'and then try again. Administrator Reason: Organization stopped.';
    ctx.send(503, { 'Content-Type': 'application/json', 'X-TFS-ServiceError': encodeURIComponent(msg) },
      BOM + errorBody(msg, TYPES.HostShutdownException, 'HostShutdownException'));
    return;
  }

  const a = authenticate(ctx, org);
  if (a.ok) ctx.authUser = a.user;

  if (rt.kind === 'git') {
    if (!a.ok || !ctx.user) { rejectGit(ctx, a); return; }
    /* push_refused_at: which request of a push needs vso.code_write (the other one needs vso.code) */
    const writeAt = org.sw.push_refused_at === 'receive-pack' ? 'git-receive-pack' : 'git-info-refs';
    const need = rt.service === 'git-receive-pack' && rt.endpoint === writeAt ? 'vso.code_write' : 'vso.code';
    if (!hasScope(a.pat, need)) {
      if (ctx.method === 'POST' && (await readBody(ctx, MAX_GIT_BODY)) === null) { tooLarge(ctx); return; }
      rejectGit(ctx, { scope: true });
      return;
    }
    await handleGit(ctx, org, rt, a);
    return;
  }

  if (!a.ok) { rejectRest(ctx, a, false); return; }
  if (rt.unknownRoute) { ctx.notFoundText(); return; }
  if (rt.endpoint === 'endpointproxy' && org.sw.endpointproxy_checks === 'project-first' && rt.project &&
      !findProject(org, rt.project)) {
    projectNotFound(ctx, rt.project);
    return;
  }
  if (rt.scope && !hasScope(a.pat, rt.scope)) { rejectRest(ctx, a, true); return; }
  if (!checkApiVersion(ctx, rt)) return;
  await handleRest(ctx, org, rt, a);
}

/* ------------------------------------------------------------------ server */

let server;
try {
  loadScenario(true);
  server = http2.createSecureServer({
    allowHTTP1: true,
    key: fs.readFileSync(opts.key),
    cert: fs.readFileSync(opts.cert),
  });
} catch (e) {
  warn(`cannot start: ${e.message}`);
  signalReady(`error ${e.message}`, () => process.exit(1));
  return;
}

function signalReady(msg, cb) {
  if (!opts.ready) { if (cb) cb(); return; }
  fs.writeFile(opts.ready, msg + '\n', (err) => {
    if (err) warn(`cannot write --ready: ${err.message}`);
    if (cb) cb();
  });
}

server.on('secureConnection', (sock) => {
  sock.azsimConn = ++connCounter;
  liveSockets.add(sock);
  sock.on('close', () => liveSockets.delete(sock));
});

server.on('request', (req, res) => {
  const ctx = new Ctx(req, res);
  res.on('finish', () => ctx.log());
  res.on('close', () => ctx.log());
  handle(ctx).catch((e) => {
    warn(`internal error: ${e && e.stack ? e.stack : e}`);
    if (!res.headersSent) {
      try { ctx.error(500, 'Internal simulator error.', 'VssServiceException'); } catch (e2) { /* gone */ }
    } else {
      try { res.end(); } catch (e2) { /* gone */ }
    }
  });
});

server.on('sessionError', () => {});
server.on('tlsClientError', () => {});

server.listen(opts.port, opts.host, () => {
  signalReady('ready');
});

server.on('error', (e) => {
  warn(`server error: ${e.message}`);
  signalReady(`error ${e.message}`, () => process.exit(1));
});

function shutdown() {
  server.close();
  for (const c of liveChildren) { try { c.kill('SIGKILL'); } catch (e) { /* gone */ } }
  for (const s of liveSockets) { try { s.destroy(); } catch (e) { /* gone */ } }
  setImmediate(() => process.exit(0));
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
