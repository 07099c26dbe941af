#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Webhook ingest benchmark: Prospecta against the Node.js reference, in the same run.

For each repetition, connection count and server, a fresh database and a fresh server:
the server runs on CPU 0, wrk (bench/ingest/gupshup.lua, one connection per thread, no
pipelining) on CPU 1, and so does this script. Servers:
  prospecta   `prospecta --headless` with AI off, group commit, synchronous=FULL
  reference   bench/reference/server.js: one transaction per request, synchronous=FULL
  empty       the same Node server answering an empty 200 without a database
Afterwards every id wrk saw answered 2xx is looked up in the database. For Prospecta the
inbox processor's backlog (pending raw events) is sampled during the run, and the time it
takes to drain after the load stops is measured; the mean number of webhooks per commit
comes from the line Prospecta logs when it stops.

--rate paces the load (wrk's delay hook) to measure latency at a fixed rate below the
server's ceiling; without it each connection sends as soon as its answer arrives.

--kill adds the crash variant: at half time the server gets SIGKILL, and every id answered
2xx before that must be in the database when it is opened again.

Prints one JSON object per run, then a table of medians.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TOKEN = "benchtoken0123456789"
PATH = "/api/webhooks/gupshup/" + TOKEN
SERVER_CPU = "0"
LOAD_CPU = "1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


class Server:
    """A server process on CPU 0 whose output goes to server.log in its work directory.
    Both servers store Gupshup messages under the key 'message:' + the message id."""

    def launch(self, command, port, env=None):
        self.log = open(os.path.join(self.workdir, "server.log"), "w")
        self.process = subprocess.Popen(["taskset", "-c", SERVER_CPU, *command], env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        wait_for_port(port, self.process)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()

    def stored_ids(self):
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as db:
            return {row[0][len("message:"):] for row in
                    db.execute("SELECT dedup_key FROM inbound_events WHERE provider = 'gupshup'")}


class Prospecta(Server):
    name = "prospecta"

    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir
        self.db = os.path.join(workdir, "prospecta.db")
        self.env = dict(os.environ, HOME=os.path.join(workdir, "home"), QT_QPA_PLATFORM="offscreen",
                        LANG="C.UTF-8")
        os.makedirs(self.env["HOME"], exist_ok=True)

    def cli(self, *args):
        subprocess.run([self.binary, "--database", self.db, *args], env=self.env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def prepare(self):
        self.cli("integration", "set", "gupshup", "webhookToken=" + TOKEN, "apiKey=bench-key", "appName=BenchApp",
                 "source=5215500000000")
        # The limits meant for strangers on the internet, raised for the load generator.
        self.cli("settings", "set", "server.rateLimitPerMinute", "100000000")
        self.cli("settings", "set", "server.maxConnectionsPerClient", "1024")
        self.cli("settings", "set", "ai.enabled", "false")

    def start(self, port):
        self.launch([self.binary, "--database", self.db, "--headless", "--listen", f"127.0.0.1:{port}"], port,
                    self.env)

    def pending(self):
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT count(*) FROM inbound_events WHERE state = 'pending'").fetchone()[0]

    def counts(self):
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as db:
            return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    for table in ("inbound_events", "leads", "messages")}

    def per_commit(self):
        with open(os.path.join(self.workdir, "server.log"), errors="replace") as log:
            found = re.findall(r"stored (\d+) webhooks in (\d+) commits \(([\d.]+) per commit\) since start", log.read())
        return float(found[-1][2]) if found else None


class Reference(Server):
    def __init__(self, directory, workdir, empty):
        self.directory = directory
        self.workdir = workdir
        self.empty = empty
        self.name = "empty" if empty else "reference"
        self.db = os.path.join(workdir, "reference.db")

    def prepare(self):
        pass

    def start(self, port):
        args = ["node", os.path.join(self.directory, "server.js"), "--port", str(port)]
        args += ["--empty"] if self.empty else ["--db", self.db]
        self.launch(args, port)


def acknowledged(acks_path, run):
    """The ids wrk saw answered 2xx, and the parsed summary."""
    ids = set()
    summary = {"statuses": {}}
    with open(acks_path) as acks:
        for line in acks:
            fields = line.split()
            if fields[0] == "thread":
                thread, sent = int(fields[1]), int(fields[2])
                lost = {int(n) for n in fields[3:]}
                ids.update(f"wamid.bench-{run}-{thread}-{n}" for n in range(sent) if n not in lost)
            elif fields[0] == "status":
                summary["statuses"][fields[1]] = summary["statuses"].get(fields[1], 0) + int(fields[2])
            elif fields[0] == "errors":
                summary["errors"] = [int(x) for x in fields[1:]]
            else:
                summary[fields[0]] = float(fields[1])
    return ids, summary


def run_one(server, connections, duration, run, kill, rate=None):
    port = free_port()
    server.prepare()
    server.start(port)
    acks = os.path.join(server.workdir, "acks.txt")
    env = dict(os.environ, BENCH_RUN=run, BENCH_OUT=acks)
    if rate:
        env["BENCH_DELAY_MS"] = str(max(1, round(connections * 1000 / rate)))
    wrk = subprocess.Popen(
        ["taskset", "-c", LOAD_CPU, "wrk", "-t", str(connections), "-c", str(connections), "-d", f"{duration}s",
         "--latency", "--timeout", "5s", "-s", os.path.join(HERE, "gupshup.lua"), f"http://127.0.0.1:{port}", "--",
         PATH], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    backlog = []
    sampling = isinstance(server, Prospecta) and not kill
    stop_sampling = threading.Event()

    def sample():
        while not stop_sampling.is_set():
            try:
                backlog.append((time.monotonic(), server.pending()))
            except sqlite3.Error:
                pass
            stop_sampling.wait(0.25)

    sampler = threading.Thread(target=sample)
    if sampling:
        sampler.start()
    if kill:
        time.sleep(duration / 2)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
        server.log.close()
    output, _ = wrk.communicate()
    load_stopped = time.monotonic()
    result = {"server": server.name, "connections": connections, "run": run, "kill": kill, "rate": rate}

    if sampling:
        stop_sampling.set()
        sampler.join()
        result["max_backlog"] = max((count for _, count in backlog), default=0)
        result["backlog_at_stop"] = backlog[-1][1] if backlog else None
        # The drain is timed from the end of the load to the first empty sample.
        deadline = load_stopped + 120
        while time.monotonic() < deadline and server.pending() > 0:
            time.sleep(0.01)
        result["drain_s"] = round(time.monotonic() - load_stopped, 3)
    if not kill:
        server.stop()
    if isinstance(server, Prospecta) and not kill:
        result["per_commit"] = server.per_commit()
        result["rows"] = server.counts()

    if not os.path.exists(acks):
        raise RuntimeError("wrk wrote no acknowledgements:\n" + output)
    acked, summary = acknowledged(acks, run)
    result["requests_s"] = round(summary["requests"] / (summary["duration_us"] / 1e6))
    result["p50_ms"] = round(summary["latency_p50_us"] / 1000, 2)
    result["p99_ms"] = round(summary["latency_p99_us"] / 1000, 2)
    result["max_ms"] = round(summary["latency_max_us"] / 1000, 2)
    result["statuses"] = summary["statuses"]
    result["errors"] = summary.get("errors")
    result["acknowledged"] = len(acked)
    if server.name != "empty":
        missing = acked - server.stored_ids()
        result["missing"] = len(missing)
        if missing:
            result["missing_sample"] = sorted(missing)[:5]
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prospecta", default=os.path.join(REPO, "build", "app", "prospecta"))
    parser.add_argument("--reference", default=os.path.join(REPO, "bench", "reference"))
    parser.add_argument("--servers", default="prospecta,reference,empty")
    parser.add_argument("--connections", default="1,16,64")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kill", action="store_true", help="the SIGKILL variant, at the highest connection count")
    parser.add_argument("--rate", type=int, help="pace the load at this many requests per second in all "
                        "(each connection waits between requests) instead of sending as fast as answers come")
    parser.add_argument("--keep", action="store_true", help="keep the work directories")
    args = parser.parse_args()

    for tool in ("wrk", "taskset", "node"):
        if not shutil.which(tool):
            sys.exit(f"run.py: {tool} is not installed (apt-get install wrk util-linux nodejs)")
    os.sched_setaffinity(0, {int(LOAD_CPU)})

    connections = [int(c) for c in args.connections.split(",")]
    if args.kill:
        connections = [max(connections)]
    results = []
    for repetition in range(args.repeat):
        for count in connections:
            for name in args.servers.split(","):
                if args.kill and name == "empty":
                    continue
                workdir = tempfile.mkdtemp(prefix=f"ingest-{name}-{count}-")
                server = (Prospecta(args.prospecta, workdir) if name == "prospecta"
                          else Reference(args.reference, workdir, name == "empty"))
                run = f"{name}{count}r{repetition}"
                result = run_one(server, count, args.duration, run, args.kill, args.rate)
                results.append(result)
                print(json.dumps(result, ensure_ascii=False), flush=True)
                if not args.keep:
                    shutil.rmtree(workdir, ignore_errors=True)

    print("\nmedians over", args.repeat, "runs")
    print("server      conns  req/s    p50 ms  p99 ms  per commit  drain s  missing")
    for count in connections:
        for name in args.servers.split(","):
            rows = [r for r in results if r["server"] == name and r["connections"] == count]
            if not rows:
                continue
            def median(key):
                values = [r[key] for r in rows if r.get(key) is not None]
                return statistics.median(values) if values else "-"
            print(f"{name:<11} {count:>5}  {median('requests_s'):>7} {median('p50_ms'):>7} {median('p99_ms'):>7} "
                  f"{median('per_commit'):>11} {median('drain_s'):>8}  {sum(r.get('missing', 0) for r in rows)}")


if __name__ == "__main__":
    main()
