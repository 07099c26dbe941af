#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Agent turn overhead benchmark: the time Prospecta itself adds to one AI turn.

A turn is one lead message answered by the AI agent. This script plays every outside
party on 127.0.0.1, in one asyncio loop on CPU 1:
  load generator  posts Gupshup v2 text-message webhooks to Prospecta, open loop at
                  --rate turns per second, each from one of --conversations senders
  fake OpenAI     answers POST {baseUrl}/chat/completions at once with the body of
                  OpenAI's documented 200 response, its content replaced by a short text
  fake Gupshup    answers POST {baseUrl}/msg (form-encoded) at once with the documented
                  success body ({"status": "submitted", "messageId": ...})
Prospecta runs as `prospecta --headless` on CPU 0 (taskset), with a fresh HOME and
database, ai.burstWindowMs 0 and the server's per-client limits raised for the load.

Measured per turn, with time.monotonic_ns() in this process:
  webhook -> chat   from the webhook request fully written to Prospecta's socket, to the
                    chat-completions request fully received by the fake OpenAI
  answer -> send    from the fake OpenAI's response fully written, to the Gupshup send
                    request fully received by the fake Gupshup
A turn is matched to its chat-completions request by the token "(consulta N)" in the
lead's text, and to its send request by the destination phone (one turn at a time per
conversation); the fake's reply carries "(respuesta N)", which the send must contain.

Time queued for a connection: each request to a fake is marked as arriving on a new TCP
connection or on a reused keep-alive one, and both latencies are reported for all turns,
for new connections and for reused ones. For a new connection the time from the TCP
accept to the request's arrival is reported too. Prospecta also logs, per turn, how long
the request waited for one of ai.maxConcurrentRequests slots ("queued N ms"); those log
values are summarised as well.

A conversation gets its next turn only after the send of its previous turn arrived, so
turns of one conversation never overlap. A due turn takes the conversation that has been
idle longest; when every conversation is busy it waits, and the wait is reported as
schedule lag (the latencies are still measured from the actual write).

Also reported: the first turn of each conversation (it creates the lead) against later
turns, p50 and p99 per tenth of the run (the database grows during the run), the
webhook's HTTP answer time, the CPU time and run-queue wait of Prospecta and of this
script (from /proc/PID/task/*/schedstat), and how late this script's event loop woke up
for a 10 ms timer, which bounds the error of every timestamp.

The database lives in the work directory, so its disk's flush latency is part of every
commit; --workdir on a tmpfs (/dev/shm) leaves the flushes out.

Prints one JSON summary line, then a readable table. Exit status 0 when every turn was
answered, 1 otherwise (the work directory with the server log is then kept).
"""

import argparse
import asyncio
import collections
import copy
import email.utils
import http
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_BINARY = os.path.join(REPO, "build", "app", "prospecta")
DEFAULT_FIXTURES = os.path.join(REPO, "tests", "fixtures")

SERVER_CPU = 0
LOAD_CPU = 1

WEBHOOK_TOKEN = "bench-agent-webhook-token-0123456789"
GUPSHUP_API_KEY = "gs_bench_apikey_0000000000000000"
GUPSHUP_APP = "BenchApp"
GUPSHUP_SOURCE = "5215500000000"
GUPSHUP_BASE_PATH = "/wa/api/v1"
OPENAI_API_KEY = "sk-bench-0000000000000000000000000000"
OPENAI_BASE_PATH = "/v1"
OPENAI_MODEL = "gpt-4o-mini"

# Tokens that tie a request to its turn. The words avoid the opt-out keywords (BAJA, STOP,
# ALTO, SALIR, UNSUBSCRIBE), which would make Prospecta skip the turn.
LEAD_TOKEN = re.compile(r"\(consulta (\d+)\)")
REPLY_TOKEN = "(respuesta {})"

MAX_HEAD_BYTES = 64 * 1024
MAX_BODY_BYTES = 16 * 1024 * 1024

# "conversation 12 answered in 1 message(s), queued 0 ms, on the wire 1 ms"
ANSWERED_LOG = re.compile(r"answered in (\d+) message\(s\), queued (-?\d+) ms, on the wire (-?\d+) ms")


def now_ns():
    return time.monotonic_ns()


def load_fixture(root, relative):
    path = os.path.join(root, relative)
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except (OSError, ValueError) as error:
        sys.exit(f"run.py: cannot read the fixture {path}: {error}; pass --fixtures DIR")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scheduler_times(pid):
    """Return (ns on a CPU, ns runnable but waiting for a CPU) summed over the threads of
    `pid` that are alive now, from /proc/PID/task/*/schedstat; None when unavailable."""
    on_cpu = waiting = 0
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    for thread in threads:
        try:
            with open(f"/proc/{pid}/task/{thread}/schedstat") as stat:
                fields = stat.read().split()
        except OSError:
            continue  # the thread ended meanwhile
        on_cpu += int(fields[0])
        waiting += int(fields[1])
    return on_cpu, waiting


def percentile(sorted_values, percent):
    """Return the nearest-rank percentile of an ascending list, `percent` an integer."""
    if not sorted_values:
        return None
    rank = max(1, (len(sorted_values) * percent + 99) // 100)
    return sorted_values[rank - 1]


def distribution_ms(values_ns):
    """Return count, p50, p90, p99 and max in milliseconds, rounded to microseconds."""
    values = sorted(values_ns)
    result = {"count": len(values)}
    for name, percent in (("p50", 50), ("p90", 90), ("p99", 99)):
        value = percentile(values, percent)
        result[name] = None if value is None else round(value / 1e6, 3)
    result["max"] = round(values[-1] / 1e6, 3) if values else None
    return result


# ---------------------------------------------------------------------------------------
# HTTP/1.1 on the fakes' side


class ParseError(Exception):
    pass


class HttpRequest:
    __slots__ = ("method", "target", "path", "version", "headers", "body", "arrived_ns", "connection",
                 "index_on_connection")

    def header(self, name, default=""):
        return self.headers.get(name.lower(), default)


def split_head(head_bytes):
    """Split a message head into its first line and a dict of lower-cased headers."""
    lines = head_bytes.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip():
            raise ParseError(f"invalid header line {line!r}")
        key = name.lower()
        value = value.strip()
        # Repeated headers are joined as RFC 9110 allows for list-valued fields.
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return lines[0], headers


def take_chunked_body(buffer):
    """Return (body, consumed bytes) of a complete chunked body at the buffer's start,
    or None while it is incomplete. Trailers are read and dropped."""
    body = bytearray()
    position = 0
    while True:
        line_end = buffer.find(b"\r\n", position)
        if line_end < 0:
            return None
        size_text = bytes(buffer[position:line_end]).split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise ParseError(f"invalid chunk size {size_text!r}") from None
        position = line_end + 2
        if size == 0:
            while True:
                trailer_end = buffer.find(b"\r\n", position)
                if trailer_end < 0:
                    return None
                empty = trailer_end == position
                position = trailer_end + 2
                if empty:
                    return bytes(body), position
        if len(buffer) < position + size + 2:
            return None
        body += buffer[position:position + size]
        if buffer[position + size:position + size + 2] != b"\r\n":
            raise ParseError("chunk not followed by CRLF")
        position += size + 2
        if len(body) > MAX_BODY_BYTES:
            raise ParseError("chunked body too large")


class ServerConnection(asyncio.Protocol):
    """One accepted connection of a fake. It parses requests as bytes arrive and responds
    to each one at once, pipelined requests in order."""

    def __init__(self, fake):
        self.fake = fake
        self.buffer = bytearray()
        self.head = None  # (method, target, version, headers) while the body is awaited
        self.transport = None
        self.requests = 0
        self.closing = False

    def connection_made(self, transport):
        self.accepted_ns = now_ns()
        self.transport = transport
        self.id = self.fake.register_connection(self)
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def connection_lost(self, exc):
        self.fake.connections_closed += 1
        self.closing = True

    def data_received(self, data):
        # Taken before any parsing: the moment the loop handed over the bytes that
        # completed the request.
        arrived = now_ns()
        self.buffer += data
        while not self.closing:
            try:
                request = self.take_request(arrived)
            except ParseError as error:
                self.fake.protocol_errors.append(str(error))
                self.write_response(400, [("Content-Type", "text/plain")], b"bad request\n", close=True)
                return
            if request is None:
                return
            self.fake.dispatch(request, self)

    def take_request(self, arrived):
        if self.head is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEAD_BYTES:
                    raise ParseError("request head too large")
                return None
            first, headers = split_head(bytes(self.buffer[:end]))
            del self.buffer[:end + 4]
            parts = first.split(" ")
            if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
                raise ParseError(f"invalid request line {first!r}")
            self.head = (parts[0], parts[1], parts[2], headers)

        method, target, version, headers = self.head
        if "chunked" in headers.get("transfer-encoding", "").lower():
            chunked = take_chunked_body(self.buffer)
            if chunked is None:
                return None
            body, consumed = chunked
            del self.buffer[:consumed]
        else:
            try:
                length = int(headers.get("content-length", "0"))
            except ValueError:
                raise ParseError(f"invalid Content-Length {headers.get('content-length')!r}") from None
            if length < 0 or length > MAX_BODY_BYTES:
                raise ParseError(f"Content-Length {length} out of range")
            if len(self.buffer) < length:
                return None
            body = bytes(self.buffer[:length])
            del self.buffer[:length]
        self.head = None

        request = HttpRequest()
        request.method = method
        request.target = target
        request.path = urllib.parse.urlsplit(target).path
        request.version = version
        request.headers = headers
        request.body = body
        request.arrived_ns = arrived
        request.connection = self
        request.index_on_connection = self.requests
        self.requests += 1
        return request

    def write_response(self, status, headers, body, close=False):
        """Write one response and return the time it was handed to the kernel."""
        reason = http.HTTPStatus(status).phrase
        lines = [f"HTTP/1.1 {status} {reason}", f"Date: {email.utils.formatdate(usegmt=True)}"]
        lines += [f"{name}: {value}" for name, value in headers]
        lines.append(f"Content-Length: {len(body)}")
        lines.append("Connection: close" if close else "Connection: keep-alive")
        self.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        written = now_ns()
        if self.transport.get_write_buffer_size() > 0:
            # The kernel did not take the whole response at once, so the timestamp is early.
            self.fake.partial_writes += 1
        if close:
            self.closing = True
            self.transport.close()
        return written


class FakeServer:
    """Base of the fakes, which counts connections and requests. Subclasses build each
    response in handle()."""

    name = "fake"

    def __init__(self, bench):
        self.bench = bench
        self.connections = []
        self.connections_closed = 0
        self.requests = 0
        self.protocol_errors = []
        self.partial_writes = 0
        self.rejected = collections.Counter()  # reason -> count of requests answered 4xx

    async def start(self):
        loop = asyncio.get_running_loop()
        self.server = await loop.create_server(lambda: ServerConnection(self), "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self):
        self.server.close()
        for connection in self.connections:
            if connection.transport is not None:
                connection.transport.close()
        await self.server.wait_closed()

    def register_connection(self, connection):
        self.connections.append(connection)
        return len(self.connections) - 1

    def dispatch(self, request, connection):
        self.requests += 1
        status, headers, body, on_written = self.handle(request)
        close = request.header("connection").lower() == "close"
        written = connection.write_response(status, headers, body, close=close)
        if on_written is not None:
            on_written(written)

    def reject(self, reason, status, headers, body):
        self.rejected[reason] += 1
        return status, headers, body, None

    def summary(self):
        reused = sum(max(0, c.requests - 1) for c in self.connections)
        return {
            "connections": len(self.connections),
            "connections_closed": self.connections_closed,
            "requests": self.requests,
            "requests_on_new_connections": sum(1 for c in self.connections if c.requests > 0),
            "requests_on_reused_connections": reused,
            "max_requests_per_connection": max((c.requests for c in self.connections), default=0),
            "rejected": dict(self.rejected),
            "protocol_errors": self.protocol_errors[:5],
            "partial_writes": self.partial_writes,
        }


def fixture_response(fixture):
    """Status and headers of a stored response, with Content-Length left to the writer."""
    headers = [(name, value) for name, value in fixture.get("headers", {}).items()
               if name.lower() not in ("content-length", "connection", "date")]
    return fixture["status"], headers


class FakeOpenAI(FakeServer):
    name = "openai"

    def __init__(self, bench, fixtures):
        super().__init__(bench)
        self.success = load_fixture(fixtures, "openai/chat-completions.response-200.json")
        self.unauthorized = load_fixture(fixtures, "openai/errors/401-invalid-api-key.json")
        self.unmatched = 0
        self.repeated = 0          # a second chat request for a turn that already had one
        self.wrong_shape = collections.Counter()

    def error(self, status, message, code):
        body = {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": code}}
        return [("Content-Type", "application/json")], json.dumps(body).encode()

    def handle(self, request):
        if request.path != OPENAI_BASE_PATH + "/chat/completions":
            headers, body = self.error(404, f"Invalid URL ({request.method} {request.path})", None)
            return self.reject("unknown path", 404, headers, body)
        if request.method != "POST":
            headers, body = self.error(405, f"Method {request.method} not allowed", None)
            return self.reject("method", 405, headers, body)
        if request.header("authorization") != "Bearer " + OPENAI_API_KEY:
            status, headers = fixture_response(self.unauthorized)
            return self.reject("api key", status, headers, json.dumps(self.unauthorized["body"]).encode())
        try:
            document = json.loads(request.body)
            messages = document["messages"]
            user_texts = [m.get("content") for m in messages if m.get("role") == "user"]
        except (ValueError, KeyError, TypeError, AttributeError):
            headers, body = self.error(400, "We could not parse the JSON body of your request.", None)
            return self.reject("invalid JSON", 400, headers, body)

        self.check_shape(document, messages)
        turn = self.bench.turn_for_chat(user_texts)
        reply_text = "Gracias, con gusto le ayudo."
        if turn is None:
            self.unmatched += 1
        elif turn.chat_ns is not None:
            self.repeated += 1
            reply_text += " " + REPLY_TOKEN.format(turn.id)
            turn = None  # the first request's timestamps stay
        else:
            reply_text += " " + REPLY_TOKEN.format(turn.id)
            turn.chat_ns = request.arrived_ns
            turn.chat_new = request.index_on_connection == 0
            turn.chat_connection = request.connection.id
            if turn.chat_new:
                turn.chat_connect_ns = request.arrived_ns - request.connection.accepted_ns

        body = copy.deepcopy(self.success["body"])
        body["id"] = "chatcmpl-bench" + uuid.uuid4().hex[:24]
        body["created"] = int(time.time())
        body["choices"][0]["message"]["content"] = reply_text
        status, headers = fixture_response(self.success)
        encoded = json.dumps(body, ensure_ascii=False).encode("utf-8")

        def on_written(written_ns):
            if turn is not None:
                turn.answer_ns = written_ns

        return status, headers, encoded, on_written

    def check_shape(self, document, messages):
        """Count requests that break Prospecta's documented request shape: the configured
        model, `stream: false`, the system message first and a user message last."""
        if document.get("model") != OPENAI_MODEL:
            self.wrong_shape["model"] += 1
        if document.get("stream") is not False:
            self.wrong_shape["stream not false"] += 1
        if not messages or messages[0].get("role") != "system":
            self.wrong_shape["no leading system message"] += 1
        if not messages or messages[-1].get("role") != "user":
            self.wrong_shape["last message not from the user"] += 1

    def summary(self):
        result = super().summary()
        result["unmatched_requests"] = self.unmatched
        result["repeated_requests"] = self.repeated
        result["wrong_shape"] = dict(self.wrong_shape)
        return result


class FakeGupshup(FakeServer):
    name = "gupshup"

    def __init__(self, bench, fixtures):
        super().__init__(bench)
        self.success = load_fixture(fixtures, "gupshup/api/send-message.response-success.json")
        self.unauthorized = load_fixture(fixtures, "gupshup/api/send-message.error-401-authentication-failed.json")
        self.invalid_app = load_fixture(fixtures, "gupshup/api/send-message.error-400-invalid-app-details.json")
        self.unexpected = 0        # a send for a conversation with no turn waiting for one
        self.wrong_text = 0        # a send whose text lacks the turn's reply token

    def fixture_reject(self, reason, fixture):
        status, headers = fixture_response(fixture)
        return self.reject(reason, status, headers, json.dumps(fixture["body"]).encode())

    def handle(self, request):
        if request.method != "POST" or request.path != GUPSHUP_BASE_PATH + "/msg":
            return self.reject(f"{request.method} {request.path}", 404, [("Content-Type", "text/plain")],
                               b"Not Found")
        if request.header("apikey") != GUPSHUP_API_KEY:
            return self.fixture_reject("api key", self.unauthorized)
        if not request.header("content-type").startswith("application/x-www-form-urlencoded"):
            return self.fixture_reject("content type", self.invalid_app)
        try:
            form = urllib.parse.parse_qs(request.body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
            fields = {name: values[0] for name, values in form.items()}
            message = json.loads(fields["message"])
            text = message["text"] if message.get("type") == "text" else None
            destination = fields["destination"]
        except (ValueError, KeyError, TypeError, AttributeError):
            return self.fixture_reject("invalid form", self.invalid_app)
        if (fields.get("channel") != "whatsapp" or fields.get("source") != GUPSHUP_SOURCE
                or fields.get("src.name") != GUPSHUP_APP or not isinstance(text, str)):
            return self.fixture_reject("invalid fields", self.invalid_app)

        turn = self.bench.turn_for_send(destination)
        if turn is None:
            self.unexpected += 1
        else:
            if REPLY_TOKEN.format(turn.id) not in text:
                self.wrong_text += 1
            turn.send_ns = request.arrived_ns
            turn.send_new = request.index_on_connection == 0
            turn.send_connection = request.connection.id
            if turn.send_new:
                turn.send_connect_ns = request.arrived_ns - request.connection.accepted_ns
            self.bench.finish_turn(turn)

        body = dict(self.success["body"], messageId=str(uuid.uuid4()))
        status, headers = fixture_response(self.success)
        return status, headers, json.dumps(body).encode(), None

    def summary(self):
        result = super().summary()
        result["unexpected_sends"] = self.unexpected
        result["sends_with_wrong_text"] = self.wrong_text
        return result


# ---------------------------------------------------------------------------------------
# The load generator


class Conversation:
    __slots__ = ("index", "phone", "turns", "current")

    def __init__(self, index, phone):
        self.index = index
        self.phone = phone
        self.turns = 0
        self.current = None  # the turn in flight


class Turn:
    __slots__ = ("id", "conversation", "first", "due_ns", "webhook_ns", "ack_ns", "ack_status", "chat_ns",
                 "chat_new", "chat_connection", "chat_connect_ns", "answer_ns", "send_ns", "send_new",
                 "send_connection", "send_connect_ns", "failed")

    def __init__(self, turn_id, conversation, due_ns):
        self.id = turn_id
        self.conversation = conversation
        self.first = conversation.turns == 0
        self.due_ns = due_ns
        self.webhook_ns = self.ack_ns = self.ack_status = None
        self.chat_ns = self.chat_new = self.chat_connection = self.chat_connect_ns = None
        self.answer_ns = None
        self.send_ns = self.send_new = self.send_connection = self.send_connect_ns = None
        self.failed = None  # why the turn cannot complete, e.g. the webhook was rejected

    def stage(self):
        if self.failed:
            return "failed: " + self.failed
        if self.send_ns is not None:
            return "sent"
        if self.answer_ns is not None:
            return "answered by the model, no send"
        if self.chat_ns is not None:
            return "chat request arrived, no answer written"
        if self.ack_ns is not None:
            return "webhook acknowledged, no chat request"
        return "webhook written, no acknowledgement"


class WebhookConnection(asyncio.Protocol):
    """A keep-alive client connection to Prospecta carrying one webhook at a time."""

    def __init__(self, bench):
        self.bench = bench
        self.transport = None
        self.buffer = bytearray()
        self.turn = None
        self.closed = False
        self.retired = False
        self.idle_since_ns = now_ns()

    def connection_made(self, transport):
        self.transport = transport
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def connection_lost(self, exc):
        self.closed = True
        self.bench.webhook_connection_lost(self)
        if self.turn is not None:
            turn, self.turn = self.turn, None
            self.bench.webhook_connections_lost_in_request += 1
            self.bench.fail_turn(turn, f"webhook connection closed before the answer ({exc or 'EOF'})")

    def send(self, turn, request_bytes):
        self.turn = turn
        self.transport.write(request_bytes)
        turn.webhook_ns = now_ns()
        if self.transport.get_write_buffer_size() > 0:
            self.bench.partial_webhook_writes += 1

    def data_received(self, data):
        received = now_ns()
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        try:
            first, headers = split_head(bytes(self.buffer[:end]))
            status = int(first.split(" ")[1])
            length = int(headers.get("content-length", "0"))
        except (ParseError, IndexError, ValueError):
            self.transport.close()
            return
        if len(self.buffer) < end + 4 + length:
            return
        body = bytes(self.buffer[end + 4:end + 4 + length])
        del self.buffer[:end + 4 + length]
        turn, self.turn = self.turn, None
        if turn is None:
            self.bench.stray_webhook_responses += 1
            return
        turn.ack_ns = received
        turn.ack_status = status
        keep = headers.get("connection", "").lower() != "close"
        if not 200 <= status < 300:
            self.bench.fail_turn(turn, f"webhook answered HTTP {status}: {body[:200].decode('utf-8', 'replace')}")
        if keep:
            self.bench.release_webhook_connection(self)
        else:
            self.transport.close()


class Bench:
    def __init__(self, args, port, run_id):
        self.args = args
        self.port = port
        self.run_id = run_id
        self.conversations = [Conversation(i, f"5255{10_000_000 + i:08d}") for i in range(args.conversations)]
        self.by_phone = {c.phone: c for c in self.conversations}
        self.idle = collections.deque(self.conversations)
        self.idle_available = asyncio.Event()
        self.idle_available.set()
        self.turns = []
        self.pending = 0
        self.all_done = asyncio.Event()
        self.sending_done = False
        self.free_connections = []
        self.webhook_connections_opened = 0
        self.webhook_connections_closed_idle = 0
        self.webhook_connections_lost_in_request = 0
        self.connecting = set()
        self.webhook_connections_retired = 0
        self.partial_webhook_writes = 0
        self.stray_webhook_responses = 0
        self.waited_for_idle = 0
        self.loop_lateness = []
        self.finished_ns = None

    # Matching, called by the fakes.

    def turn_for_chat(self, user_texts):
        for text in reversed(user_texts):
            if not isinstance(text, str):
                continue
            found = LEAD_TOKEN.findall(text)
            if found:
                turn_id = int(found[-1])
                return self.turns[turn_id] if turn_id < len(self.turns) else None
        return None

    def turn_for_send(self, destination):
        conversation = self.by_phone.get(destination)
        if conversation is None or conversation.current is None or conversation.current.answer_ns is None:
            return None
        return conversation.current

    def finish_turn(self, turn):
        conversation = turn.conversation
        if conversation.current is turn:
            conversation.current = None
            self.idle.append(conversation)
            self.idle_available.set()
        self.pending -= 1
        if self.sending_done and self.pending == 0:
            self.all_done.set()

    def fail_turn(self, turn, reason):
        if turn.failed or turn.send_ns is not None:
            return
        turn.failed = reason
        self.finish_turn(turn)

    # Webhook connections.

    async def open_webhook_connection(self):
        loop = asyncio.get_running_loop()
        _, connection = await loop.create_connection(lambda: WebhookConnection(self), "127.0.0.1", self.port)
        self.webhook_connections_opened += 1
        return connection

    def take_free_webhook_connection(self):
        # The most recently used connection goes first. Prospecta closes a connection that
        # never carried a request after server.requestTimeoutMs and a used one after
        # server.keepAliveSeconds of idleness. A request written into that close is reset,
        # so connections idle for longer than --webhook-max-idle are closed here instead.
        while self.free_connections:
            connection = self.free_connections.pop()
            if connection.closed:
                continue
            if now_ns() - connection.idle_since_ns > self.args.webhook_max_idle * 1e9:
                self.webhook_connections_retired += 1
                connection.retired = True
                connection.transport.close()
                continue
            return connection
        return None

    async def send_on_new_connection(self, turn, request_bytes):
        try:
            connection = await self.open_webhook_connection()
        except OSError as error:
            self.fail_turn(turn, f"cannot connect to Prospecta: {error}")
            return
        connection.send(turn, request_bytes)

    def release_webhook_connection(self, connection):
        if not connection.closed:
            connection.idle_since_ns = now_ns()
            self.free_connections.append(connection)

    def webhook_connection_lost(self, connection):
        # Prospecta closes idle connections after a while and when it stops, which is no
        # failure, and connections retired by this script are not counted either.
        if self.finished_ns is None and not connection.retired and connection.turn is None:
            self.webhook_connections_closed_idle += 1
        if connection in self.free_connections:
            self.free_connections.remove(connection)

    def webhook_request(self, turn):
        conversation = turn.conversation
        text = f"Hola, quisiera información sobre el plan empresarial para mi equipo (consulta {turn.id})"
        payload = {
            "app": GUPSHUP_APP,
            "timestamp": int(time.time() * 1000),
            "version": 2,
            "type": "message",
            "payload": {
                "id": f"wamid.bench-{self.run_id}-{turn.id}",
                "source": conversation.phone,
                "type": "text",
                "payload": {"text": text},
                "sender": {"phone": conversation.phone, "name": f"Prospecto {conversation.index}",
                           "country_code": "52", "dial_code": conversation.phone[2:]},
            },
        }
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        head = (f"POST /api/webhooks/gupshup/{WEBHOOK_TOKEN} HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{self.port}\r\n"
                "User-Agent: prospecta-bench-agent\r\n"
                "Content-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n")
        return head.encode("latin-1") + body

    async def monitor_loop(self):
        """Record how late the event loop wakes up for a timer, every 10 ms. Every
        timestamp taken in this process can be late by as much."""
        period_ns = 10_000_000
        expected = now_ns() + period_ns
        while True:
            await asyncio.sleep(period_ns / 1e9)
            woke = now_ns()
            self.loop_lateness.append(woke - expected)
            expected = woke + period_ns

    async def run(self):
        for _ in range(self.args.webhook_connections):
            self.free_connections.append(await self.open_webhook_connection())

        interval_ns = 1e9 / self.args.rate
        start_ns = now_ns() + 50_000_000
        self.started_ns = start_ns
        for turn_id in range(self.args.turns):
            due_ns = start_ns + int(turn_id * interval_ns)
            delay_ns = due_ns - now_ns()
            if delay_ns > 0:
                await asyncio.sleep(delay_ns / 1e9)
            if not self.idle:
                self.waited_for_idle += 1
                while not self.idle:
                    self.idle_available.clear()
                    await self.idle_available.wait()
            conversation = self.idle.popleft()
            turn = Turn(turn_id, conversation, due_ns)
            conversation.turns += 1
            conversation.current = turn
            self.turns.append(turn)
            self.pending += 1
            request_bytes = self.webhook_request(turn)
            connection = self.take_free_webhook_connection()
            if connection is not None:
                connection.send(turn, request_bytes)
            else:
                # Connecting waits while Prospecta's accept queue is full (the kernel then
                # drops the SYN and retries after 1 s), so it runs beside the schedule. The
                # wait shows as this turn's schedule lag, not in its latencies.
                task = asyncio.ensure_future(self.send_on_new_connection(turn, request_bytes))
                self.connecting.add(task)
                task.add_done_callback(self.connecting.discard)
        self.sending_done = True
        self.last_sent_ns = now_ns()
        if self.pending == 0:
            self.all_done.set()
        try:
            await asyncio.wait_for(self.all_done.wait(), self.args.drain_timeout)
        except asyncio.TimeoutError:
            pass
        # A webhook's HTTP answer can come after its turn's send, so the last few are
        # awaited briefly before the connections close.
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and any(t.ack_ns is None and not t.failed for t in self.turns[-100:]):
            await asyncio.sleep(0.01)
        self.finished_ns = now_ns()


# ---------------------------------------------------------------------------------------
# Prospecta


class Prospecta:
    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir
        self.database = os.path.join(workdir, "prospecta.db")
        self.log_path = os.path.join(workdir, "server.log")
        home = os.path.join(workdir, "home")
        os.makedirs(home, exist_ok=True)
        # XDG variables would move QStandardPaths (logs, the installation key) out of HOME.
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
        self.env.update(HOME=home, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
        self.process = None

    def cli(self, *args):
        command = [self.binary, "--database", self.database, *args]
        result = subprocess.run(command, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            # Secrets stay out of the message even though they are fake.
            printable_args = " ".join(arg.split("=", 1)[0] + "=…" if arg.startswith(("apiKey=", "webhookToken="))
                                      else arg for arg in args)
            raise RuntimeError(f"prospecta {printable_args} failed with status {result.returncode}: {result.stderr.strip()}")
        return result.stdout

    def configure(self, args, openai_port, gupshup_port):
        self.cli("user", "list")  # creates and migrates the database
        self.cli("integration", "set", "gupshup", f"apiKey={GUPSHUP_API_KEY}", f"appName={GUPSHUP_APP}",
                 f"source={GUPSHUP_SOURCE}", f"baseUrl=http://127.0.0.1:{gupshup_port}{GUPSHUP_BASE_PATH}",
                 f"webhookToken={WEBHOOK_TOKEN}")
        self.cli("integration", "set", "openai", f"apiKey={OPENAI_API_KEY}",
                 f"baseUrl=http://127.0.0.1:{openai_port}{OPENAI_BASE_PATH}", f"model={OPENAI_MODEL}")
        settings = {
            "ai.burstWindowMs": "0",
            # Every turn of a conversation may fall within one hour.
            "ai.maxRepliesPerLeadPerHour": str(max(1, args.turns)),
            "ai.maxConcurrentRequests": str(args.max_concurrent),
            # The limits meant for strangers on the internet, raised for the load generator.
            "server.rateLimitPerMinute": "100000000",
            "server.maxConnectionsPerClient": "4096",
        }
        for key, value in settings.items():
            self.cli("settings", "set", key, value)

    def start(self, port):
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            ["taskset", "-c", str(SERVER_CPU), self.binary, "--database", self.database, "--headless", "--listen",
             f"127.0.0.1:{port}"], env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prospecta exited with status {self.process.returncode} before listening; "
                                   f"see {self.log_path}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                connection.request("GET", "/health")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
                connection.close()
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"prospecta did not answer GET /health on port {port} within 30 s")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def logged_queue_times(self):
        """Return the slot-queue and wire times, in ms, that Prospecta logs per answered turn."""
        queued, wire = [], []
        try:
            with open(self.log_path, errors="replace") as log:
                for line in log:
                    match = ANSWERED_LOG.search(line)
                    if match:
                        queued.append(int(match.group(2)))
                        wire.append(int(match.group(3)))
        except OSError:
            pass
        return queued, wire

    def log_problems(self, limit=10):
        """Return the count of log lines that report a warning or a failure, and the first
        `limit` of them."""
        marker = re.compile(r"warning|critical|fatal|failed|cannot|needs a human", re.IGNORECASE)
        found = []
        total = 0
        try:
            with open(self.log_path, errors="replace") as log:
                for line in log:
                    if marker.search(line):
                        total += 1
                        if len(found) < limit:
                            found.append(line.rstrip()[:300])
        except OSError:
            pass
        return total, found

    def database_state(self):
        """Return row counts that explain unanswered turns, read after the server stopped."""
        queries = {
            "inbound_events": "SELECT state, count(*) FROM inbound_events GROUP BY state",
            "outbound_messages": "SELECT status, count(*) FROM outbound_messages GROUP BY status",
            "needs_human": "SELECT needs_human_reason, count(*) FROM conversations WHERE needs_human = 1 "
                           "GROUP BY needs_human_reason",
        }
        state = {}
        try:
            with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=5) as db:
                for name, query in queries.items():
                    state[name] = {str(key): count for key, count in db.execute(query)}
                state["messages_by_sender"] = {
                    str(key): count for key, count in db.execute("SELECT sender, count(*) FROM messages GROUP BY sender")}
        except sqlite3.Error as error:
            state["error"] = str(error)
        return state


# ---------------------------------------------------------------------------------------
# Results


def split_stats(turns, interval, new_flag):
    """Summarize `interval(turn)` over all turns, then split by new or reused connection."""
    values = {"all": [], "new_connection": [], "reused_connection": []}
    for turn in turns:
        value = interval(turn)
        if value is None:
            continue
        values["all"].append(value)
        values["new_connection" if new_flag(turn) else "reused_connection"].append(value)
    return {name: distribution_ms(found) for name, found in values.items()}


def by_tenth(turns, interval):
    """Return p50 and p99 of `interval(turn)` for each tenth of the run in turn order, which
    shows whether the cost of a turn grows as the database fills."""
    tenths = []
    for part in range(10):
        chunk = turns[len(turns) * part // 10:len(turns) * (part + 1) // 10]
        stats = distribution_ms([interval(t) for t in chunk])
        tenths.append({"p50": stats["p50"], "p99": stats["p99"]})
    return tenths


def summarize(args, bench, openai, gupshup, prospecta, cpu):
    turns = bench.turns
    complete = [t for t in turns if t.send_ns is not None and t.chat_ns is not None and t.answer_ns is not None]
    unfinished = [t for t in turns if t.send_ns is None]
    duration_s = (bench.last_sent_ns - bench.started_ns) / 1e9 if turns else 0

    def chat_latency(t):
        return t.chat_ns - t.webhook_ns if t.chat_ns is not None and t.webhook_ns is not None else None

    def send_latency(t):
        return t.send_ns - t.answer_ns if t.send_ns is not None and t.answer_ns is not None else None

    queued_ms, wire_ms = prospecta.logged_queue_times()
    problem_count, problem_lines = prospecta.log_problems()
    stages = collections.Counter(t.stage() for t in unfinished)

    summary = {
        "config": {
            "rate_per_s": args.rate, "turns": args.turns, "conversations": args.conversations,
            "max_concurrent_requests": args.max_concurrent, "webhook_connections": args.webhook_connections,
            "server_cpu": SERVER_CPU, "load_cpu": LOAD_CPU,
        },
        "turns_sent": len(turns),
        "turns_completed": len(complete),
        "achieved_rate_per_s": round(len(turns) / duration_s, 2) if duration_s > 0 else None,
        "webhook_to_chat_ms": split_stats(complete, chat_latency, lambda t: t.chat_new),
        "answer_to_send_ms": split_stats(complete, send_latency, lambda t: t.send_new),
        "webhook_to_chat_first_turn_ms": distribution_ms([chat_latency(t) for t in complete if t.first]),
        "webhook_to_chat_later_turns_ms": distribution_ms([chat_latency(t) for t in complete if not t.first]),
        "webhook_to_chat_by_tenth_ms": by_tenth(complete, chat_latency),
        "answer_to_send_by_tenth_ms": by_tenth(complete, send_latency),
        "webhook_to_ack_ms": distribution_ms([t.ack_ns - t.webhook_ns for t in turns if t.ack_ns is not None]),
        "webhook_to_send_ms": distribution_ms([t.send_ns - t.webhook_ns for t in complete]),
        "accept_to_chat_request_ms": distribution_ms([t.chat_connect_ns for t in complete
                                                      if t.chat_connect_ns is not None]),
        "accept_to_send_request_ms": distribution_ms([t.send_connect_ns for t in complete
                                                      if t.send_connect_ns is not None]),
        "prospecta_logged_slot_queue_ms": distribution_ms([q * 1_000_000 for q in queued_ms]),
        "prospecta_logged_wire_ms": distribution_ms([w * 1_000_000 for w in wire_ms]),
        "schedule_lag_ms": distribution_ms([t.webhook_ns - t.due_ns for t in turns if t.webhook_ns is not None]),
        "event_loop_timer_lateness_ms": distribution_ms(bench.loop_lateness),
        "turns_that_waited_for_an_idle_conversation": bench.waited_for_idle,
        "openai": openai.summary(),
        "gupshup": gupshup.summary(),
        "webhook_client": {
            "connections_opened": bench.webhook_connections_opened,
            "connections_closed_by_prospecta_while_idle": bench.webhook_connections_closed_idle,
            "connections_lost_with_a_request_in_flight": bench.webhook_connections_lost_in_request,
            "connections_closed_after_idle": bench.webhook_connections_retired,
            "partial_writes": bench.partial_webhook_writes,
            "non_2xx": sum(1 for t in turns if t.ack_status is not None and not 200 <= t.ack_status < 300),
        },
        "cpu_utilization": cpu,
        "unfinished_turns": dict(stages),
        "unfinished_sample": [{"turn": t.id, "phone": t.conversation.phone, "stage": t.stage()}
                              for t in unfinished[:5]],
        "server_log_problem_lines": problem_count,
        "server_log_problem_sample": problem_lines,
    }
    if unfinished:
        summary["database"] = prospecta.database_state()
    return summary


def format_distribution(label, stats):
    def cell(value):
        return f"{value:9.3f}" if value is not None else f"{'-':>9}"
    return (f"{label:<48} {stats['count']:>7} {cell(stats['p50'])} {cell(stats['p90'])} {cell(stats['p99'])} "
            f"{cell(stats['max'])}")


def print_table(summary):
    config = summary["config"]
    print(f"\nagent turn overhead: {summary['turns_completed']} of {summary['turns_sent']} turns completed, "
          f"{config['conversations']} conversations, target {config['rate_per_s']}/s, "
          f"achieved {summary['achieved_rate_per_s']}/s")
    print(f"{'interval (ms)':<48} {'count':>7} {'p50':>9} {'p90':>9} {'p99':>9} {'max':>9}")
    for key, title in (("webhook_to_chat_ms", "webhook -> chat request"),
                       ("answer_to_send_ms", "model answer -> send request")):
        for split in ("all", "new_connection", "reused_connection"):
            print(format_distribution(f"{title}, {split.replace('_', ' ')}", summary[key][split]))
    rows = (("webhook_to_chat_first_turn_ms", "webhook -> chat, first turn (new lead)"),
            ("webhook_to_chat_later_turns_ms", "webhook -> chat, later turns"),
            ("webhook_to_ack_ms", "webhook -> HTTP answer"),
            ("webhook_to_send_ms", "webhook -> send (whole turn)"),
            ("accept_to_chat_request_ms", "TCP accept -> chat request (new)"),
            ("accept_to_send_request_ms", "TCP accept -> send request (new)"),
            ("prospecta_logged_slot_queue_ms", "slot queue, Prospecta's log (1 ms)"),
            ("schedule_lag_ms", "schedule lag of the load generator"),
            ("event_loop_timer_lateness_ms", "timer lateness of this script's event loop"))
    for key, title in rows:
        print(format_distribution(title, summary[key]))
    for key, title in (("webhook_to_chat_by_tenth_ms", "webhook -> chat"),
                       ("answer_to_send_by_tenth_ms", "answer -> send")):
        cells = " ".join(f"{t['p50']}/{t['p99']}" if t["p50"] is not None else "-" for t in summary[key])
        print(f"{title}, p50/p99 per tenth of the run: {cells}")
    for name in ("openai", "gupshup"):
        fake = summary[name]
        print(f"{name}: {fake['connections']} connections, {fake['requests']} requests, "
              f"{fake['requests_on_reused_connections']} on reused connections, "
              f"{fake['connections_closed']} closed; rejected {fake['rejected'] or 'none'}")
    for name, times in summary["cpu_utilization"].items():
        if times:
            print(f"{name}: on a CPU {times['on_cpu']:.1%} of the load's wall time, "
                  f"waiting for a CPU {times['runqueue_wait']:.1%} (threads summed)")
    if summary["unfinished_turns"]:
        print(f"unfinished turns: {summary['unfinished_turns']}")
    if summary["server_log_problem_lines"]:
        print(f"server log: {summary['server_log_problem_lines']} warning or failure lines, e.g.")
        for line in summary["server_log_problem_sample"][:3]:
            print("  " + line)


async def run_bench(args, workdir):
    run_id = uuid.uuid4().hex[:8]
    port = free_port()
    bench = Bench(args, port, run_id)
    openai = FakeOpenAI(bench, args.fixtures)
    gupshup = FakeGupshup(bench, args.fixtures)
    await openai.start()
    await gupshup.start()

    prospecta = Prospecta(args.prospecta, workdir)
    try:
        prospecta.configure(args, openai.port, gupshup.port)
        prospecta.start(port)
        before = (scheduler_times(prospecta.process.pid), scheduler_times(os.getpid()), now_ns())
        monitor = asyncio.ensure_future(bench.monitor_loop())
        await bench.run()
        monitor.cancel()
        after = (scheduler_times(prospecta.process.pid), scheduler_times(os.getpid()), now_ns())
        if prospecta.process.poll() is not None:
            print(f"run.py: prospecta exited with status {prospecta.process.returncode} during the run",
                  file=sys.stderr)
    finally:
        prospecta.stop()
        await openai.stop()
        await gupshup.stop()

    # Fractions of the load's wall time. Run-queue wait is time a thread was ready to run
    # but another process (or thread) had its CPU, which delays every timestamp.
    elapsed = after[2] - before[2]
    cpu = {}
    for name, index in (("prospecta", 0), ("load_generator", 1)):
        if before[index] is None or after[index] is None:
            cpu[name] = None
            continue
        cpu[name] = {"on_cpu": round((after[index][0] - before[index][0]) / elapsed, 3),
                     "runqueue_wait": round((after[index][1] - before[index][1]) / elapsed, 3)}
    summary = summarize(args, bench, openai, gupshup, prospecta, cpu)
    return summary, bench


def write_raw(path, bench):
    """Write one CSV line per turn, with nanosecond timestamps on this process's monotonic
    clock."""
    columns = ("id", "phone", "first", "due_ns", "webhook_ns", "ack_ns", "ack_status", "chat_ns", "chat_new",
               "chat_connection", "answer_ns", "send_ns", "send_new", "send_connection", "failed")
    with open(path, "w") as out:
        out.write(",".join(columns) + "\n")
        for turn in bench.turns:
            values = [turn.id, turn.conversation.phone, int(turn.first)]
            values += [getattr(turn, name) for name in columns[3:-1]]
            values.append(json.dumps(turn.failed) if turn.failed else "")
            cells = []
            for value in values:
                if value is None:
                    cells.append("")
                elif isinstance(value, bool):
                    cells.append(str(int(value)))
                else:
                    cells.append(str(value))
            out.write(",".join(cells) + "\n")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prospecta", default=DEFAULT_BINARY,
                        help=f"the prospecta executable (default {DEFAULT_BINARY})")
    parser.add_argument("--fixtures", default=DEFAULT_FIXTURES,
                        help="folder of provider fixtures with openai/ and gupshup/api/ (default %(default)s)")
    parser.add_argument("--rate", type=float, default=100.0, help="turns started per second (default 100)")
    parser.add_argument("--turns", type=int, default=10000, help="turns in total (default 10000)")
    parser.add_argument("--conversations", type=int, default=500,
                        help="distinct senders, one conversation each (default 500)")
    parser.add_argument("--max-concurrent", type=int, default=16,
                        help="ai.maxConcurrentRequests for Prospecta (default 16, the product default)")
    parser.add_argument("--webhook-connections", type=int, default=8,
                        help="keep-alive connections the load generator opens before the run; it opens more "
                             "when all are waiting for an answer (default 8)")
    parser.add_argument("--webhook-max-idle", type=float, default=5.0,
                        help="seconds a webhook connection may stay idle before the script closes it instead "
                             "of reusing it; keep it below server.requestTimeoutMs and server.keepAliveSeconds "
                             "(default 5)")
    parser.add_argument("--drain-timeout", type=float, default=30.0,
                        help="seconds to wait for unfinished turns after the last webhook (default 30)")
    parser.add_argument("--workdir", help="work directory (default: a new temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (HOME, database, server log)")
    parser.add_argument("--raw", metavar="FILE", help="also write one CSV line per turn with its timestamps")
    args = parser.parse_args()
    if args.rate <= 0 or args.turns < 1 or args.conversations < 1 or args.max_concurrent < 1:
        parser.error("--rate, --turns, --conversations and --max-concurrent must be positive")
    if args.webhook_connections < 1:
        parser.error("--webhook-connections must be at least 1")
    return args


def main():
    args = parse_args()
    if not shutil.which("taskset"):
        sys.exit("run.py: taskset is not installed (apt-get install util-linux)")
    if not os.access(args.prospecta, os.X_OK):
        sys.exit(f"run.py: {args.prospecta} is not an executable; pass --prospecta PATH")
    if os.cpu_count() < 2:
        sys.exit("run.py: needs 2 CPUs, one for Prospecta and one for this script")
    os.sched_setaffinity(0, {LOAD_CPU})

    workdir = args.workdir or tempfile.mkdtemp(prefix="bench-agent-")
    os.makedirs(workdir, exist_ok=True)
    summary, bench = asyncio.run(run_bench(args, workdir))
    if args.raw:
        write_raw(args.raw, bench)

    print(json.dumps(summary, ensure_ascii=False), flush=True)
    print_table(summary)
    ok = summary["turns_completed"] == args.turns
    if args.keep or not ok:
        print(f"work directory kept: {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
