#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run one command and print its costs as one JSON object.

The costs are the wall time, the CPU time (user and system, from the child's rusage), the
peak resident memory, and the bytes read and written (rchar and wchar of /proc/PID/io,
sampled every 50 ms until the command exits). Linux only.

    python3 bench/import/measure.py taskset -c 0,1 build/prospecta --database DB import leads FILE
"""

import json
import os
import resource
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    started = time.monotonic()
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    io = {}
    while process.poll() is None:
        try:
            with open(f"/proc/{process.pid}/io") as counters:
                io = {key: int(value) for key, value in (line.split(": ") for line in counters.read().splitlines())}
        except OSError:
            pass  # the process ended between poll() and open()
        time.sleep(0.05)
    wall = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "exit": process.returncode,
        "wall_s": round(wall, 2),
        "user_s": round(usage.ru_utime, 2),
        "system_s": round(usage.ru_stime, 2),
        "max_rss_mb": round(usage.ru_maxrss / 1024),
        "written_gb": round(io.get("wchar", 0) / 1e9, 2),
        "read_gb": round(io.get("rchar", 0) / 1e9, 2),
        "stdout": process.stdout.read().decode(errors="replace").strip()[-200:],
    }))


if __name__ == "__main__":
    main()
