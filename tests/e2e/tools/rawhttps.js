#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// rawhttps.js — a deliberately broken HTTPS server for the end-to-end tests: it answers every
// request with the same raw bytes, which the simulator (whose bodies are JavaScript strings) cannot
// produce: invalid UTF-8, or a body that trickles in one chunk at a time and never ends.
//
//   node rawhttps.js --spec F --cert F --key F --log F --ready FIFO [--port 443] [--host 127.0.0.1]
//
// Spec (JSON): {"status": 400, "headers": {"Content-Type": "..."}, "body_hex": "...",
//               "drip_ms": 300, "drip_hex": "5b"}
// Without drip_ms the body is sent at once with its Content-Length. With drip_ms the headers go
// out, then drip_hex every drip_ms milliseconds until the client goes away.
// Log: one JSON line per request {"host","method","path"}. Writes "ready" to --ready when
// listening. SIGTERM/SIGINT: exits 0. Listens on 127.0.0.1 only.
"use strict";
const fs = require("fs");
const https = require("https");

const opt = { port: "443", host: "127.0.0.1" };
for (let i = 2; i < process.argv.length; i += 2) {
  const m = /^--(spec|cert|key|log|ready|port|host)$/.exec(process.argv[i]);
  if (!m || i + 1 >= process.argv.length) {
    console.error(`rawhttps: bad argument ${process.argv[i]}`);
    process.exit(2);
  }
  opt[m[1]] = process.argv[i + 1];
}
if (opt.host !== "127.0.0.1") {
  console.error("rawhttps: listens on 127.0.0.1 only");
  process.exit(2);
}
const spec = JSON.parse(fs.readFileSync(opt.spec, "utf8"));
const body = Buffer.from(spec.body_hex || "", "hex");
const timers = new Set();

const server = https.createServer({ cert: fs.readFileSync(opt.cert), key: fs.readFileSync(opt.key) }, (req, res) => {
  fs.appendFileSync(opt.log, JSON.stringify({ host: req.headers.host || req.headers[":authority"] || "",
    method: req.method, path: req.url }) + "\n");
  req.resume();
  const headers = Object.assign({}, spec.headers || {});
  if (spec.drip_ms) {
    res.writeHead(spec.status || 200, headers);
    const chunk = Buffer.from(spec.drip_hex || "20", "hex");
    const t = setInterval(() => res.write(chunk), Number(spec.drip_ms));
    timers.add(t);
    res.on("close", () => { clearInterval(t); timers.delete(t); });
    return;
  }
  headers["Content-Length"] = String(body.length);
  res.writeHead(spec.status || 200, headers);
  res.end(body);
});
server.on("tlsClientError", () => {});
server.listen(Number(opt.port), opt.host, () => {
  if (opt.ready) fs.writeFileSync(opt.ready, "ready\n");
});
server.on("error", (e) => {
  if (opt.ready) fs.writeFileSync(opt.ready, `error ${e.message}\n`);
  process.exit(1);
});
const stop = () => {
  for (const t of timers) clearInterval(t);
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
