#!/usr/bin/env node
// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Prints how many events the reference server stored, and checks that given Gupshup message
// ids are among them. Exits 1 when an id is missing, so a driver script can test the result.
//
// Usage: node check.js DB_PATH [MESSAGE_ID ...]
//        node check.js DB_PATH --ids-from FILE   (one message id per line)

'use strict';

const fs = require('fs');
const Database = require('better-sqlite3');

function readIds(argv) {
    if (argv[0] === '--ids-from') {
        if (argv.length !== 2) {
            console.error('check.js: --ids-from needs exactly one FILE');
            process.exit(2);
        }
        return fs.readFileSync(argv[1], 'utf8').split('\n').map((line) => line.trim()).filter(Boolean);
    }
    return argv;
}

function main() {
    const argv = process.argv.slice(2);
    if (argv.length < 1 || argv[0] === '--help' || argv[0] === '-h') {
        console.error('usage: node check.js DB_PATH [MESSAGE_ID ... | --ids-from FILE]');
        process.exit(2);
    }
    if (!fs.existsSync(argv[0])) {
        console.error(`check.js: database ${argv[0]} not found`);
        process.exit(2);
    }

    // Read-only, so running the check next to a live server changes nothing.
    const db = new Database(argv[0], { readonly: true, fileMustExist: true });
    const count = db.prepare('SELECT COUNT(*) AS n FROM inbound_events').get().n;
    console.log(`events: ${count}`);

    const ids = readIds(argv.slice(1));
    const exists = db.prepare(
        "SELECT 1 FROM inbound_events WHERE provider = 'gupshup' AND dedup_key = 'message:' || ?").pluck();
    const missing = ids.filter((id) => exists.get(id) === undefined);
    db.close();

    if (ids.length > 0)
        console.log(`ids checked: ${ids.length}, missing: ${missing.length}`);
    for (const id of missing.slice(0, 20))
        console.log(`missing: ${id}`);
    process.exit(missing.length > 0 ? 1 : 0);
}

main();
