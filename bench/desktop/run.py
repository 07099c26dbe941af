#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Desktop benchmark at scale: runs desktop_bench --mode scale several times and prints medians.

The source database must come from bench/dataset/generate.py. It is copied first (the
desktop writes: the chat marks messages read). On the copy every conversation's AI cursor is
moved to its newest message unless --unanswered is given, --without-statistics deletes the
planner statistics of generate.py's ANALYZE, and a benchmark user is added with
`prospecta user add`. Each run is a new desktop_bench process pinned to CPU 0 with
taskset; this script moves itself to CPU 1. The copy and the temporary HOME are deleted
at the end unless --keep is given.

Prints one JSON object per run, then the medians against the targets (each step under
100 ms, peak resident memory under 250 MB).
"""

import argparse
import json
import os
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BENCH_CPU = "0"
DRIVER_CPU = 1
STEP_TARGET_MS = 100.0
MEMORY_TARGET_MB = 250.0

sys.path.insert(0, os.path.join(REPO, "bench", "dataset"))
from copies import (EMAIL, add_copy_options, add_user, built_programs, copy_database, environment,  # noqa: E402
                    free_port, prepare_copy, remove_work)


def run_once(bench, database, env, password, timeout_ms):
    command = ["taskset", "-c", BENCH_CPU, bench, "--mode", "scale", "--database", database, "--email", EMAIL,
               "--listen", f"127.0.0.1:{free_port()}", "--timeout-ms", str(timeout_ms)]
    completed = subprocess.run(command, input=password + "\n", env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.exit(f"run.py: desktop_bench failed with exit code {completed.returncode}:\n{completed.stderr.strip()}")
    lines = completed.stdout.strip().splitlines()
    if not lines:
        sys.exit(f"run.py: desktop_bench printed no result:\n{completed.stderr.strip()}")
    return json.loads(lines[-1])


def metrics(result):
    """Return the numbers that are compared with the targets, by name, from one run's JSON."""
    values = {
        "first rows after show()": result["first_rows_ms"],
        # The inbox tab is behind the leads tab here, so this is its data arriving, not a paint.
        "inbox's first snapshot after show()": result["inbox_snapshot_ms"],
        "stage filter": result["stage_filter"]["total_ms"],
    }
    for search in result["searches"]:
        values[f"search {search['name']} ({search['text']}): debounce"] = search["debounce_ms"]
        values[f"search {search['name']} ({search['text']}): query + paint"] = search["query_paint_ms"]
    values["open chat (newest 50 painted)"] = result["open_chat"]["total_ms"]
    # No paint either: the refresh's data arriving, for a user who has read every conversation.
    values["inbox refresh, every conversation read"] = result["unread_all_read"]["total_ms"]
    values["peak RSS, MB"] = result["peak_rss_mb"]
    return values


def print_medians(results):
    names = list(metrics(results[0]).keys())
    print(f"\nmedians of {len(results)} runs ({results[0]['leads']} leads):")
    for name in names:
        median = statistics.median(metrics(result)[name] for result in results)
        if name.endswith(": debounce"):
            verdict = "fixed delay of the search box, not a target"
        elif name.startswith("peak RSS"):
            verdict = "ok" if median < MEMORY_TARGET_MB else f"OVER {MEMORY_TARGET_MB:.0f} MB"
        else:
            verdict = "ok" if median < STEP_TARGET_MS else f"OVER {STEP_TARGET_MS:.0f} ms"
        print(f"  {name:55s} {median:9.1f}  {verdict}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="database made by bench/dataset/generate.py")
    parser.add_argument("--runs", type=int, default=5, help="desktop_bench processes to start (default 5)")
    parser.add_argument("--build-dir", default=os.path.join(REPO, "build"),
                        help="CMake build folder with prospecta and bench/desktop/desktop_bench (default: build/)")
    parser.add_argument("--work-dir", default=None,
                        help="folder for the copy and the temporary HOME (default: a new folder in $TMPDIR); "
                             "needs free space for a whole copy of the database")
    parser.add_argument("--in-place", action="store_true",
                        help="run on --database itself instead of a copy; it is written to")
    parser.add_argument("--keep", action="store_true", help="keep the copy and the temporary HOME")
    add_copy_options(parser)
    parser.add_argument("--timeout-ms", type=int, default=60_000, help="maximum wait of each step (default 60000)")
    args = parser.parse_args()

    prospecta, bench = built_programs(args.build_dir)
    if not os.path.exists(args.database):
        sys.exit(f"run.py: database {args.database} not found")
    if args.runs < 1:
        sys.exit("run.py: --runs must be at least 1")
    os.sched_setaffinity(0, {DRIVER_CPU})

    work = tempfile.mkdtemp(prefix="prospecta-desktop-bench-", dir=args.work_dir)
    try:
        home = os.path.join(work, "home")
        os.makedirs(home)
        env = environment(home)
        database = os.path.abspath(args.database)
        if not args.in_place:
            database = os.path.join(work, "bench.db")
            copy_database(os.path.abspath(args.database), database)
        prepare_copy(database, args.unanswered, args.without_statistics)
        password = "bench-" + secrets.token_hex(12)
        # A database reused with --in-place may have the user already, so it gets a new password.
        listed = subprocess.run([prospecta, "--database", database, "user", "list", "--json"], env=env,
                                capture_output=True, text=True)
        if listed.returncode == 0 and EMAIL in listed.stdout:
            subprocess.run([prospecta, "--database", database, "user", "reset-password", EMAIL],
                           input=password + "\n", env=env, capture_output=True, text=True, check=True)
        else:
            add_user(prospecta, database, env, password)

        results = []
        for run in range(args.runs):
            result = run_once(bench, database, env, password, args.timeout_ms)
            result["run"] = run + 1
            print(json.dumps(result), flush=True)
            results.append(result)
        print_medians(results)
    finally:
        remove_work(work, args.keep)


if __name__ == "__main__":
    main()
