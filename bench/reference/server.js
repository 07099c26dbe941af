#!/usr/bin/env node
// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Reference server for the webhook-ingest benchmark: Express 4 and better-sqlite3 doing
// what the Express backend that Prospecta replaces did with a Gupshup callback. It stores
// the event before it sends the 200, as Prospecta does, so both pay for a durable commit.
//
// Usage:
//   node server.js --port PORT --db PATH   parse, store, send 200 {"status":"received"}
//   node server.js --port PORT --empty     send an empty 200 after express.json(), with no
//                                          validation and no database (the HTTP layer's ceiling)
//
// Callbacks of other Gupshup v2 types (message-event, user-event, billing-event) get the same
// 200 but are not stored, because the original backend only acted on messages.
//
// The server listens on 127.0.0.1 in one process and prints "listening on 127.0.0.1:PORT"
// once it accepts connections. With --port 0 the line carries the port that the OS picked.
//
// Table, readable with any SQLite client (python3 -c "import sqlite3; ..."):
//   inbound_events(
//     id           INTEGER PRIMARY KEY,
//     provider     TEXT NOT NULL,     -- always 'gupshup'
//     dedup_key    TEXT NOT NULL,     -- 'message:' + payload.id, as Prospecta keys messages
//     sender_phone TEXT NOT NULL,     -- payload.sender.phone, else payload.source
//     text         TEXT NOT NULL,     -- payload.payload.text, '' when absent (media, buttons)
//     body         TEXT NOT NULL,     -- the request body as received
//     received_at  INTEGER NOT NULL,  -- milliseconds since the Unix epoch
//     UNIQUE (provider, dedup_key))
// Count stored events:  SELECT COUNT(*) FROM inbound_events
// Check one message:    SELECT 1 FROM inbound_events WHERE dedup_key = 'message:' || ?

'use strict';

const express = require('express');

const HOST = '127.0.0.1';
const PROVIDER = 'gupshup';

// Prospecta's default for server.maxBodyBytes is 1048576 bytes. express.json() defaults to 100kb.
const BODY_LIMIT = '1mb';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS inbound_events (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
    dedup_key TEXT NOT NULL,
    sender_phone TEXT NOT NULL,
    text TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    UNIQUE (provider, dedup_key))`;

const USAGE = `usage: node server.js --port PORT (--db PATH | --empty)
  --port PORT  TCP port on 127.0.0.1, 0 lets the OS pick one
  --db PATH    SQLite database file, created if missing
  --empty      send an empty 200 after express.json(), with no validation or database`;

function exitWithUsage(message) {
    console.error(`server.js: ${message}`);
    console.error(USAGE);
    process.exit(2);
}

function parseArguments(argv) {
    const options = { port: null, db: null, empty: false };
    for (let i = 0; i < argv.length; i++) {
        const name = argv[i];
        if (name === '--empty') {
            options.empty = true;
        } else if (name === '--port' || name === '--db') {
            if (i + 1 >= argv.length)
                exitWithUsage(`${name} needs a value`);
            options[name.slice(2)] = argv[++i];
        } else if (name === '--help' || name === '-h') {
            console.log(USAGE);
            process.exit(0);
        } else {
            exitWithUsage(`unknown argument ${JSON.stringify(name)}`);
        }
    }

    if (options.port === null)
        exitWithUsage('--port is missing');
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
        exitWithUsage(`invalid port ${JSON.stringify(options.port)}, expected 0 to 65535`);
    options.port = port;

    if (options.empty === (options.db !== null))
        exitWithUsage('give exactly one of --db PATH and --empty');
    return options;
}

function openDatabase(path) {
    const Database = require('better-sqlite3');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    // FULL fsyncs the WAL on every commit, so a 200 means the event survives a power loss
    // (as far as the disk honours fsync).
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA);
    return db;
}

// Extracts the stored fields from a Gupshup v2 callback, or returns a string that says what is
// invalid. Other v2 types return { ignored: true }, because the original backend only acted on
// `type: "message"`.
function parseGupshupMessage(body) {
    if (body === null || typeof body !== 'object' || Array.isArray(body))
        return 'the body is not a JSON object';
    if (typeof body.type !== 'string')
        return 'the body has no string "type", so it is not a Gupshup v2 callback';
    if (body.type !== 'message')
        return { ignored: true };

    const payload = body.payload;
    if (payload === null || typeof payload !== 'object')
        return 'payload is missing';
    if (typeof payload.id !== 'string' || payload.id === '')
        return 'payload.id is missing';

    const sender = payload.sender;
    let phone = sender && typeof sender === 'object' ? sender.phone : undefined;
    if (typeof phone !== 'string' || phone === '')
        phone = payload.source;
    if (typeof phone !== 'string' || phone === '')
        return 'payload.sender.phone and payload.source are both missing';

    const inner = payload.payload;
    const text = inner && typeof inner === 'object' && typeof inner.text === 'string' ? inner.text : '';
    return { ignored: false, id: payload.id, phone, text };
}

let rejectedCount = 0;

// Sends a JSON error. Client errors are logged for the first 10 and then every 1000th, so a
// load test with bad bodies does not measure console output.
function sendError(res, status, error, message) {
    if (status < 500) {
        rejectedCount++;
        if (rejectedCount <= 10 || rejectedCount % 1000 === 0)
            console.error(`server.js: rejected request ${rejectedCount} with ${status} ${error}: ${message}`);
    }
    res.status(status).json({ error, message });
}

function createApp(options) {
    const app = express();
    app.disable('x-powered-by');
    app.disable('etag');

    // The raw body is kept so the stored event contains the bytes that arrived, as in Prospecta.
    app.use(express.json({
        limit: BODY_LIMIT,
        verify: (req, _res, buffer) => { req.rawBody = buffer; },
    }));

    if (options.empty) {
        app.post('/api/webhooks/gupshup/:token', (_req, res) => {
            res.status(200).end();
        });
    } else {
        const db = openDatabase(options.db);
        const insert = db.prepare(
            'INSERT INTO inbound_events (provider, dedup_key, sender_phone, text, body, received_at) '
            + 'VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (provider, dedup_key) DO NOTHING');
        // db.transaction() wraps the call in BEGIN and COMMIT, so each request is one commit.
        const storeMessage = db.transaction((message, body) => {
            insert.run(PROVIDER, `message:${message.id}`, message.phone, message.text, body, Date.now());
        });
        app.locals.db = db;

        app.post('/api/webhooks/gupshup/:token', (req, res) => {
            if (!req.is('application/json'))
                return sendError(res, 415, 'unsupported_media_type', 'The body must be application/json.');
            const message = parseGupshupMessage(req.body);
            if (typeof message === 'string')
                return sendError(res, 400, 'invalid_body', `Invalid Gupshup callback: ${message}.`);
            if (!message.ignored)
                storeMessage(message, req.rawBody.toString('utf8'));
            res.status(200).json({ status: 'received' });
        });
    }

    app.use((_req, res) => sendError(res, 404, 'not_found', 'No such route.'));

    // Express calls this for body-parser failures (bad JSON, too large) and for thrown errors.
    app.use((err, req, res, _next) => {
        if (err.type === 'entity.parse.failed')
            return sendError(res, 400, 'invalid_json', `The body is not valid JSON: ${err.message}.`);
        if (err.type === 'entity.too.large')
            return sendError(res, 413, 'payload_too_large', `The body exceeds ${BODY_LIMIT}.`);
        if (err.status >= 400 && err.status < 500)
            return sendError(res, err.status, 'bad_request', err.message);
        console.error(`server.js: ${req.method} ${req.originalUrl} failed: ${err.stack || err}`);
        return sendError(res, 500, 'internal_error', 'The event was not stored.');
    });
    return app;
}

function main() {
    const options = parseArguments(process.argv.slice(2));
    const app = createApp(options);
    const server = app.listen(options.port, HOST, () => {
        console.log(`listening on ${HOST}:${server.address().port}`);
    });
    server.on('error', (err) => {
        console.error(`server.js: cannot listen on ${HOST}:${options.port}: ${err.message}`);
        process.exit(1);
    });

    // Close the database on SIGTERM or SIGINT so SQLite checkpoints the WAL into the main file.
    const stop = (signal) => {
        console.log(`stopping on ${signal}`);
        server.close();
        server.closeAllConnections();
        if (app.locals.db)
            app.locals.db.close();
        process.exit(0);
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
}

main();
