-- SPDX-FileCopyrightText: 2026 Prospecta developers
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- wrk script: posts Gupshup v2 text-message webhooks (the shape of
-- shared/fixtures/gupshup/v2-webhook/message-text.json), each with its own message id and
-- sender, and records which ones were answered 2xx.
--
-- Run wrk with as many threads as connections (-t N -c N): each thread then owns one
-- connection, sends its next request only after the previous answer (wrk does not
-- pipeline), and so knows which id each answer belongs to. Thread t sends the ids
-- wamid.bench-RUN-t-0, -1, -2, … and senders 5255 followed by t * 1,500,000 + n on 8 digits.
--
-- Environment: BENCH_RUN names the run (ids stay distinct across runs on one database),
-- BENCH_OUT is the file that receives, per thread, "thread sent lost-ids…" (lost: sent but
-- not answered 2xx), followed by the latency percentiles in microseconds. BENCH_DELAY_MS,
-- when set, makes each connection wait that long before each request, which paces the
-- load at connections * 1000 / BENCH_DELAY_MS requests per second while the server keeps up.
-- Argument: the webhook path, e.g. wrk … -s gupshup.lua http://127.0.0.1:3001 -- /api/webhooks/gupshup/TOKEN

local threads = {}
local next_thread = 0

function setup(thread)
    thread:set("thread_id", next_thread)
    thread:set("run", os.getenv("BENCH_RUN") or "run")
    next_thread = next_thread + 1
    table.insert(threads, thread)
end

local template = '{"app":"BenchApp","timestamp":%d,"version":2,"type":"message","payload":{'
    .. '"id":"%s","source":"%s","type":"text","payload":{"text":"Hola, quisiera información del plan %d"},'
    .. '"sender":{"phone":"%s","name":"Prospecto %d","country_code":"52","dial_code":"%s"}}}'

local pacing = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if pacing then
    -- A wait drawn between half and one and a half times the mean, so the connections,
    -- which all start at once, do not keep sending in step.
    function delay()
        return math.floor(pacing * (0.5 + math.random()))
    end
end

function init(args)
    math.randomseed(thread_id * 7919 + os.time())
    path = args[1] or "/api/webhooks/gupshup/bench"
    sent = 0
    lost = {}
    awaiting = false
    statuses = {}
end

function request()
    -- A request still awaiting its answer when the next one is made was cut off by a
    -- connection error: it was not acknowledged.
    if awaiting then
        lost[#lost + 1] = sent - 1
    end
    local n = sent
    sent = sent + 1
    awaiting = true
    local serial = thread_id * 1500000 + n
    local phone = string.format("5255%08d", serial)
    local id = string.format("wamid.bench-%s-%d-%d", run, thread_id, n)
    local body = string.format(template, 1735740000000 + n, id, phone, n, phone, serial, string.sub(phone, 3))
    return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
    awaiting = false
    statuses[status] = (statuses[status] or 0) + 1
    if status < 200 or status > 299 then
        lost[#lost + 1] = sent - 1
    end
end

function done(summary, latency, requests)
    local out = assert(io.open(os.getenv("BENCH_OUT") or "wrk-acks.txt", "w"))
    for _, thread in ipairs(threads) do
        local line = { "thread", thread:get("thread_id"), thread:get("sent") }
        local ids = thread:get("lost") or {}
        for _, n in ipairs(ids) do
            line[#line + 1] = n
        end
        -- The request in flight when the run ended has no answer either.
        if thread:get("awaiting") then
            line[#line + 1] = thread:get("sent") - 1
        end
        out:write(table.concat(line, " "), "\n")
        for status, count in pairs(thread:get("statuses") or {}) do
            out:write("status ", status, " ", count, "\n")
        end
    end
    out:write("requests ", summary.requests, "\n")
    out:write("duration_us ", summary.duration, "\n")
    out:write("errors ", summary.errors.connect, " ", summary.errors.read, " ", summary.errors.write, " ",
        summary.errors.status, " ", summary.errors.timeout, "\n")
    for _, p in ipairs({ 50, 90, 99, 99.9 }) do
        out:write("latency_p", p, "_us ", latency:percentile(p), "\n")
    end
    out:write("latency_max_us ", latency.max, "\n")
    out:close()
end
