/* SPDX-License-Identifier: MIT */
'use strict';
/*
 * programs.js FILE... — the programs shell scripts run, from the syntax tree shfmt --to-json
 * gives (no guessing at quotes, here-documents or comments). Prints one "NAME FILE:LINE" a line
 * for every literal command name: the first word of each simple command, the program after
 * exec/command/env/timeout/nohup/nice/xargs/setpriv/unshare, the NAME of `command -v NAME`, and the
 * items of a `for X in A B C` whose body checks `command -v "$X"`. Names of shell functions
 * declared in any of the FILEs, builtins and keywords, paths and words with expansions are left
 * out. Used by tests/package/t-deps.sh.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');

const BUILTINS = new Set(('. : [ alias bg bind break builtin caller cd command compgen complete ' +
  'compopt continue declare dirs disown echo enable eval exec exit export false fc fg getopts hash ' +
  'help history jobs kill let local logout mapfile popd printf pushd pwd read readarray readonly ' +
  'return set shift shopt source suspend test times trap true type typeset ulimit umask unalias ' +
  'unset wait').split(' '));
const WRAPPERS = new Set(['exec', 'command', 'env', 'timeout', 'nohup', 'nice', 'xargs', 'setpriv',
  'unshare', 'need_bin', 'run']);
/* the words a wrapper takes before the program: run NAME CMD... (tests/e2e/lib.sh) */
const SKIP = { run: 1 };
/* variables that name a program: CC=clang cmake ... */
const PROGRAM_VARS = new Set(['CC', 'CXX']);
/* a wrapper's options that take the next word as their argument */
const OPTARG = { env: ['-u', '-C', '-S'], timeout: ['-s', '-k'], nice: ['-n'], xargs: ['-I', '-n', '-d', '-L', '-P', '-a', '-E', '-s'],
  unshare: ['--propagation', '-S', '-G', '--setuid', '--setgid', '--wd', '-w', '--root', '-R'] };
const NAME = /^[A-Za-z][A-Za-z0-9._+-]*$/;

/* The literal text of a word, or null when any part of it is expanded. */
function literal(word) {
  if (!word || !word.Parts) return null;
  let s = '';
  for (const p of word.Parts) {
    if (p.Type === 'Lit' || p.Type === 'SglQuoted') s += p.Value;
    else if (p.Type === 'DblQuoted') {
      for (const q of p.Parts || []) {
        if (q.Type !== 'Lit') return null;
        s += q.Value;
      }
    } else return null;
  }
  return s;
}

function walk(node, visit) {
  if (Array.isArray(node)) { for (const n of node) walk(n, visit); return; }
  if (!node || typeof node !== 'object') return;
  visit(node);
  for (const k of Object.keys(node)) {
    if (k !== 'Pos' && k !== 'End' && typeof node[k] === 'object') walk(node[k], visit);
  }
}

/* Does the tree check `command -v "$VAR"`? */
function checksVar(tree, v) {
  let found = false;
  walk(tree, (n) => {
    if (n.Type !== 'CallExpr' || !n.Args || n.Args.length < 3) return;
    if (literal(n.Args[0]) !== 'command' || literal(n.Args[1]) !== '-v') return;
    walk(n.Args[2], (m) => { if (m.Type === 'ParamExp' && m.Param && m.Param.Value === v) found = true; });
  });
  return found;
}

function parse(text, where) {
  try {
    return JSON.parse(execFileSync('shfmt', ['--to-json', '-ln', 'bash'],
                                   { input: text, encoding: 'utf8', maxBuffer: 1 << 28 }));
  } catch (e) {
    process.stderr.write(`programs.js: shfmt cannot parse ${where}\n`);
    process.exit(2);
  }
}
const trees = [];
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file);
  const tree = parse(text, file);
  trees.push({ file, tree });
  /* a here-document that is a script of its own (starts with #!) is parsed too */
  walk(tree, (n) => {
    if (n.Type !== undefined || !n.Hdoc || !n.Hdoc.Pos) return;
    let body = text.subarray(n.Hdoc.Pos.Offset, n.Hdoc.End.Offset).toString('utf8');
    const delim = (literal(n.Word) || '').replace(/^-/, '');
    if (delim && body.trimEnd().endsWith(delim)) body = body.trimEnd().slice(0, -delim.length);
    if (/^#!.*\bsh\b/.test(body)) trees.push({ file, tree: parse(body, `${file}:${n.Hdoc.Pos.Line}`) });
  });
}
const functions = new Set();
for (const { tree } of trees) {
  walk(tree, (n) => { if (n.Type === 'FuncDecl' && n.Name) functions.add(n.Name.Value); });
}
const out = new Set();
function add(name, file, pos) {
  if (name === null || !NAME.test(name) || BUILTINS.has(name) || functions.has(name)) return;
  out.add(`${name} ${file}:${pos ? pos.Line : 0}`);
}
for (const { file, tree } of trees) {
  walk(tree, (n) => {
    if (n.Type === 'CallExpr' && n.Assigns) {
      for (const a of n.Assigns) if (a.Name && PROGRAM_VARS.has(a.Name.Value)) add(literal(a.Value), file, a.Pos);
    }
    if (n.Type === 'CallExpr' && n.Args && n.Args.length) {
      const words = n.Args.map(literal);
      let i = 0;
      add(words[0], file, n.Args[0].Pos);
      /* through the wrappers to the program they run */
      while (i < words.length && WRAPPERS.has(words[i])) {
        const wrapper = words[i++];
        if (wrapper === 'command' && words[i] === '-v') i++;
        i += SKIP[wrapper] || 0;
        while (i < words.length && words[i] !== null &&
               (words[i].startsWith('-') || words[i].includes('=') || /^[0-9.]+[smhd]?$/.test(words[i]))) {
          if ((OPTARG[wrapper] || []).includes(words[i])) i++;
          i++;
        }
        if (i >= words.length || words[i] === null) break;
        add(words[i], file, n.Args[i].Pos);
      }
    }
    if (n.Type === 'ForClause' && n.Loop && n.Loop.Type === 'WordIter' && n.Loop.Items &&
        checksVar(n.Do, n.Loop.Name.Value)) {
      for (const w of n.Loop.Items) add(literal(w), file, w.Pos);
    }
  });
}
process.stdout.write([...out].sort().join('\n') + (out.size ? '\n' : ''));
