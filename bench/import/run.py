#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""CSV import benchmark: `prospecta import leads` while webhooks keep arriving.

The import runs into a fresh database (or a copy of --dataset), with `prospecta --headless` serving
webhooks on CPU 0: the import, also on CPU 0, reads a spreadsheet made by make_csv.py
(phone normalization, one row in 20 a duplicate in another spelling), while wrk on CPU 1
posts Gupshup webhooks at a paced rate through bench/ingest/gupshup.lua. Reports the
import's wall time and rows per second, its summary line, and the webhooks' latency
during the import; every webhook answered 2xx is then looked up in the database.
--no-server imports alone (the import then holds the file, runs without pauses and may
use both CPUs).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "bench", "ingest"))
import run as ingest  # noqa: E402  (the server and wrk helpers of the ingest benchmark)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prospecta", default=os.path.join(REPO, "build", "prospecta"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dataset", help="import into a copy of this database instead of an empty one")
    parser.add_argument("--rate", type=int, default=50, help="webhooks per second during the import")
    parser.add_argument("--no-server", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    os.sched_setaffinity(0, {int(ingest.LOAD_CPU)})

    workdir = tempfile.mkdtemp(prefix="import-bench-")
    csv_path = os.path.join(workdir, "leads.csv")
    subprocess.run([sys.executable, os.path.join(HERE, "make_csv.py"), csv_path, "--rows", str(args.rows)], check=True)
    server = ingest.Prospecta(args.prospecta, workdir)
    if args.dataset:
        shutil.copyfile(args.dataset, server.db)
    # The copy's and the spreadsheet's dirty pages go to disk now, not during the run,
    # where every fsync of the import and the server would wait behind them.
    os.sync()
    server.prepare()

    result = {"rows": args.rows, "dataset": args.dataset, "webhook_rate": None if args.no_server else args.rate}
    wrk = None
    if not args.no_server:
        port = ingest.free_port()
        server.start(port)
        connections = 4
        env = dict(os.environ, BENCH_RUN="import", BENCH_OUT=os.path.join(workdir, "acks.txt"),
                   BENCH_DELAY_MS=str(round(connections * 1000 / args.rate)))
        wrk = subprocess.Popen(
            ["taskset", "-c", ingest.LOAD_CPU, "wrk", "-t", str(connections), "-c", str(connections), "-d", "3600s",
             "--latency", "--timeout", "10s", "-s", os.path.join(REPO, "bench", "ingest", "gupshup.lua"),
             f"http://127.0.0.1:{port}", "--", ingest.PATH], env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        time.sleep(1)

    started = time.monotonic()
    # Alone, the import may use both CPUs: its reader thread parses phones beside the writer.
    cpus = f"{ingest.SERVER_CPU},{ingest.LOAD_CPU}" if args.no_server else ingest.SERVER_CPU
    imported = subprocess.run(["taskset", "-c", cpus, args.prospecta, "--database", server.db, "import",
                               "leads", csv_path], env=server.env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    result["import_s"] = round(seconds, 2)
    result["rows_per_s"] = round(args.rows / seconds)
    result["summary"] = imported.stdout.strip()
    result["exit"] = imported.returncode
    if imported.returncode != 0:
        result["stderr"] = imported.stderr[-2000:]

    if wrk:
        # SIGINT makes wrk stop and run the script's done(), which writes the latencies.
        wrk.send_signal(2)
        wrk.communicate(timeout=60)
        server.stop()
        acked, summary = ingest.acknowledged(os.path.join(workdir, "acks.txt"), "import")
        result["webhooks"] = len(acked)
        result["webhook_p50_ms"] = round(summary["latency_p50_us"] / 1000, 2)
        result["webhook_p99_ms"] = round(summary["latency_p99_us"] / 1000, 2)
        result["webhook_max_ms"] = round(summary["latency_max_us"] / 1000, 2)
        result["webhook_statuses"] = summary["statuses"]
        result["missing"] = len(acked - server.stored_ids())
    print(json.dumps(result, ensure_ascii=False))
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
