#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pty-run.py INPUT TRANSCRIPT CMD [ARG...]

Runs CMD on a new pseudo-terminal, as a user at a terminal would: waits for the prompt
"(input hidden)" before typing the contents of INPUT, then records everything the terminal
showed into TRANSCRIPT. Bounded: 30 s, after which CMD is killed. Exits with CMD's status."""
import os
import pty
import select
import sys
import time

data = open(sys.argv[1], 'rb').read()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[3], sys.argv[3:])
out = b''
sent = False
deadline = time.time() + 30
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 1)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    if not sent and b'input hidden' in out:
        os.write(fd, data)
        sent = True
if time.time() >= deadline:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
with open(sys.argv[2], 'wb') as f:
    f.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
