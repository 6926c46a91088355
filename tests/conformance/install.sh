#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# install.sh DIR — install the conformance test's npm packages (package-lock.json, `npm ci`) into
# DIR (the build directory's conformance/), never into the source tree. Skipped when DIR already
# holds exactly this lock file's packages. Run by CTest as the fixture of e2e.conformance, outside
# the test's network namespace (npm needs the registry; the test itself runs offline).
set -eu
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dest=${1:?usage: install.sh DIR}
command -v npm >/dev/null 2>&1 || { echo "install.sh: FAIL: npm is not installed (scripts/deps)" >&2; exit 1; }
mkdir -p "$dest"
if cmp -s "$src/package-lock.json" "$dest/package-lock.json" && [ -f "$dest/node_modules/.package-lock.json" ] &&
    [ -f "$dest/node_modules/azure-devops-node-api/package.json" ]; then
    echo "install.sh: $dest/node_modules is up to date with tests/conformance/package-lock.json"
    exit 0
fi
cp "$src/package.json" "$src/package-lock.json" "$dest/"
cd "$dest"
# Trust what the machine trusts (the system CA bundle), as git and curl do, when npm has no CA
# file of its own: a registry reached through a TLS-inspecting proxy whose CA the system trusts.
ca=()
if [ "$(npm config get cafile 2>/dev/null)" = null ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then
    ca=(--cafile=/etc/ssl/certs/ca-certificates.crt)
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error "${ca[@]}"
echo "install.sh: installed $(node -p 'require("./node_modules/azure-devops-node-api/package.json").version') of azure-devops-node-api into $dest"
