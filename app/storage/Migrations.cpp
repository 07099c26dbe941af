// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "Migrations.h"

#include "Database.h"
#include "SearchIndex.h"
#include "core/Logging.h"

#include <QCoreApplication>
#include <QStringList>

namespace Prospecta {

namespace {

// Version 1: the tables of the main job. Instants are BIGINT milliseconds (UTC),
// booleans INTEGER 0/1, JSON documents TEXT, on both engines.
const char *const schemaVersion1[] = {
    R"(CREATE TABLE users (
        id {id},
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        email_key TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        password_hash TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL))",
    R"(CREATE TABLE campaigns (
        id {id},
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        type TEXT NOT NULL,
        status TEXT NOT NULL,
        language TEXT NOT NULL,
        start_at BIGINT,
        end_at BIGINT,
        welcome_message TEXT NOT NULL DEFAULT '',
        initial_agent TEXT NOT NULL,
        instructions TEXT NOT NULL DEFAULT '{}',
        is_default INTEGER NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL))",
    // Keywords are unique across campaigns; keyword_key is the folded form.
    R"(CREATE TABLE campaign_keywords (
        keyword_key TEXT PRIMARY KEY,
        keyword TEXT NOT NULL,
        campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE))",
    R"(CREATE TABLE leads (
        id {id},
        name TEXT NOT NULL DEFAULT '',
        phone TEXT,
        phone_key TEXT UNIQUE,
        country TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        campaign_id BIGINT REFERENCES campaigns(id) ON DELETE SET NULL,
        status TEXT NOT NULL DEFAULT 'new',
        score INTEGER NOT NULL DEFAULT 0,
        assigned_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
        last_contact_at BIGINT,
        notes TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}',
        opted_out INTEGER NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL))",
    "CREATE INDEX leads_updated ON leads(updated_at)",
    R"(CREATE TABLE conversations (
        id {id},
        lead_id BIGINT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
        campaign_id BIGINT REFERENCES campaigns(id) ON DELETE SET NULL,
        channel TEXT NOT NULL,
        status TEXT NOT NULL,
        provider_address TEXT NOT NULL,
        current_agent TEXT,
        human_holds INTEGER NOT NULL DEFAULT 0,
        human_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
        needs_human INTEGER NOT NULL DEFAULT 0,
        needs_human_reason TEXT NOT NULL DEFAULT '',
        ai_cursor BIGINT NOT NULL DEFAULT 0,
        last_message_at BIGINT,
        last_inbound_at BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL))",
    "CREATE INDEX conversations_lead ON conversations(lead_id, status)",
    R"(CREATE TABLE messages (
        id {id},
        conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        sender TEXT NOT NULL,
        agent_type TEXT,
        user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
        content_type TEXT NOT NULL,
        content TEXT NOT NULL DEFAULT '',
        media_url TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}',
        provider_message_id TEXT,
        provider_timestamp BIGINT,
        created_at BIGINT NOT NULL))",
    "CREATE INDEX messages_conversation ON messages(conversation_id, id)",
    R"(CREATE TABLE calls (
        id {id},
        lead_id BIGINT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
        direction TEXT NOT NULL,
        status TEXT NOT NULL,
        start_at BIGINT,
        end_at BIGINT,
        duration_seconds INTEGER NOT NULL DEFAULT 0,
        recording_url TEXT NOT NULL DEFAULT '',
        call_sid TEXT UNIQUE,
        notes TEXT NOT NULL DEFAULT '',
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL))",
    // Credentials hold sealed values only (base64 of crypto_box_seal).
    R"(CREATE TABLE integration_settings (
        provider TEXT PRIMARY KEY,
        active INTEGER NOT NULL DEFAULT 1,
        credentials TEXT NOT NULL DEFAULT '{}',
        config TEXT NOT NULL DEFAULT '{}',
        last_webhook_at BIGINT,
        updated_at BIGINT NOT NULL))",
    R"(CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at BIGINT NOT NULL))",
    // Values that describe the installation itself, such as its public key.
    R"(CREATE TABLE installation (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL))",
    // Raw webhook events, committed before the provider gets its 2xx.
    R"(CREATE TABLE inbound_events (
        id {id},
        provider TEXT NOT NULL,
        kind TEXT NOT NULL,
        dedup_key TEXT NOT NULL,
        item_index INTEGER NOT NULL DEFAULT 0,
        body TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        processed_at BIGINT,
        error TEXT NOT NULL DEFAULT '',
        UNIQUE (provider, dedup_key)))",
    "CREATE INDEX inbound_events_state ON inbound_events(state, id)",
    // The outbox: every message Prospecta sends, until the provider has it.
    R"(CREATE TABLE outbound_messages (
        id {id},
        message_id BIGINT REFERENCES messages(id) ON DELETE CASCADE,
        conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        destination TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        sending_since BIGINT,
        provider_message_id TEXT,
        whatsapp_message_id TEXT,
        last_error TEXT NOT NULL DEFAULT '',
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL))",
    "CREATE INDEX outbound_messages_due ON outbound_messages(status, next_attempt_at)",
    "CREATE INDEX outbound_messages_provider_id ON outbound_messages(provider_message_id)",
    R"(CREATE TABLE outbound_attempts (
        id {id},
        outbound_id BIGINT NOT NULL REFERENCES outbound_messages(id) ON DELETE CASCADE,
        attempt INTEGER NOT NULL,
        provider_message_id TEXT,
        whatsapp_message_id TEXT,
        status TEXT NOT NULL,
        error TEXT NOT NULL DEFAULT '',
        started_at BIGINT NOT NULL))",
    "CREATE INDEX outbound_attempts_provider_id ON outbound_attempts(provider_message_id)",
    "CREATE INDEX outbound_attempts_whatsapp_id ON outbound_attempts(whatsapp_message_id)",
    // Every delivery status received, kept even before its message is known.
    R"(CREATE TABLE delivery_events (
        id {id},
        outbound_id BIGINT REFERENCES outbound_messages(id) ON DELETE CASCADE,
        provider_message_id TEXT,
        whatsapp_message_id TEXT,
        status TEXT NOT NULL,
        occurred_at BIGINT,
        error_code TEXT NOT NULL DEFAULT '',
        error_reason TEXT NOT NULL DEFAULT '',
        received_at BIGINT NOT NULL))",
    "CREATE INDEX delivery_events_provider_id ON delivery_events(provider_message_id)",
    "CREATE INDEX delivery_events_outbound ON delivery_events(outbound_id)",
    // Problems an admin must act on (an invalid API key, an exhausted quota).
    R"(CREATE TABLE alerts (
        id {id},
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        resolved_at BIGINT))",
};

// Accounts and the audit trail. Statements that start with an engine's comment run on
// that engine only: the triggers that keep the audit log append-only differ in syntax.
const char *const schemaVersion2[] = {
    "ALTER TABLE users ADD COLUMN last_login_at BIGINT",
    // Raised whenever a user's access changes (role, deactivation, password), which
    // revokes every REST API token issued before.
    "ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0",
    // Inbound media is downloaded before the provider's link expires: media_state is
    // '' (no media), 'pending', 'downloaded' or 'failed'; media_path is relative to the
    // media folder.
    "ALTER TABLE messages ADD COLUMN media_state TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE messages ADD COLUMN media_path TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE messages ADD COLUMN media_error TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE messages ADD COLUMN media_attempts INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE messages ADD COLUMN media_next_attempt_at BIGINT",
    "CREATE INDEX messages_media_state ON messages(media_state, media_next_attempt_at)",
    // Folded words for search (TextFolding::searchText): the lead's name, email and notes,
    // and each message's text; phone_digits is the phone without "+" for digit runs.
    "ALTER TABLE leads ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE leads ADD COLUMN phone_digits TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE messages ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
    // Who did what and when. actor_name is the user's email, or the operating-system
    // user for the command line, kept as text so the row still says who it was after
    // the user changes. detail never holds a secret or a setting's value.
    R"(CREATE TABLE audit_log (
        id {id},
        occurred_at BIGINT NOT NULL,
        actor_kind TEXT NOT NULL,
        actor_user_id BIGINT,
        actor_name TEXT NOT NULL,
        client TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL,
        target_kind TEXT NOT NULL DEFAULT '',
        target_id TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT ''))",
    "CREATE INDEX audit_log_occurred ON audit_log(occurred_at)",
    "CREATE INDEX audit_log_actor ON audit_log(actor_user_id, occurred_at)",
    "CREATE INDEX audit_log_action ON audit_log(action, occurred_at)",
    R"(-- sqlite
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END)",
    R"(-- sqlite
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END)",
    R"(-- postgresql
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$)",
    R"(-- postgresql
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only())",
};

// Team mode: every process looks every few seconds for lead messages of the last 24
// hours that no AI turn replied to, so recent messages by sender are found without
// reading the whole messages table. The hourly AI reply count uses it too.
const char *const schemaVersion3[] = {
    "CREATE INDEX messages_sender_created ON messages(sender, created_at)",
};

// Read markers: the id of the last message each user has seen in each conversation.
// A conversation's unread count for a user is its lead messages after that id. The
// index lets the inbox count a conversation's lead messages after a marker.
const char *const schemaVersion4[] = {
    R"(CREATE TABLE conversation_reads (
        user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        last_read_message_id BIGINT NOT NULL,
        read_at BIGINT NOT NULL,
        PRIMARY KEY (user_id, conversation_id)))",
    "CREATE INDEX conversation_reads_conversation ON conversation_reads(conversation_id)",
    "CREATE INDEX messages_conversation_sender ON messages(conversation_id, sender, id)",
    "CREATE INDEX conversations_activity ON conversations(last_message_at, id)",
};

// The lead file. A lead's tags are one row each. tag_key is the trimmed tag case-folded,
// so "VIP" and "vip" are one tag. tag keeps the spelling first given, and position the
// order. The two other indexes find a lead's audit rows and calls for its timeline.
const char *const schemaVersion5[] = {
    R"(CREATE TABLE lead_tags (
        lead_id BIGINT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
        tag_key TEXT NOT NULL,
        tag TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (lead_id, tag_key)))",
    "CREATE INDEX lead_tags_key ON lead_tags(tag_key)",
    "CREATE INDEX audit_log_target ON audit_log(target_kind, target_id, id)",
    "CREATE INDEX calls_lead ON calls(lead_id, start_at)",
};

// The composer's tools. Canned replies belong to one user, or to everyone when
// owner_user_id is NULL (shared ones are written by managers and administrators).
// message_templates are the WhatsApp templates an administrator entered: name is
// Gupshup's template id, body has numbered parameters {{1}}, {{2}}. An outbound message
// of kind 'template' is sent through Gupshup's template API with template_params, a
// JSON array of the parameter values. Its body keeps the filled text that people read.
const char *const schemaVersion6[] = {
    R"(CREATE TABLE canned_replies (
        id {id},
        owner_user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL))",
    "CREATE INDEX canned_replies_owner ON canned_replies(owner_user_id)",
    R"(CREATE TABLE message_templates (
        id {id},
        name TEXT NOT NULL,
        language TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        UNIQUE (name, language)))",
    "ALTER TABLE outbound_messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'text'",
    "ALTER TABLE outbound_messages ADD COLUMN template_id TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE outbound_messages ADD COLUMN template_params TEXT NOT NULL DEFAULT '[]'",
};

// The leads table's sort orders. Each index is on the exact expression that
// LeadRepository::listRows orders by, then the id, so a page of ids deep into a million
// leads is read from the index alone. With the sqlite3 shell on a 2-core Debian 12 VM,
// the page at offset 500,000 took about 40 ms this way and more than 3 s without the
// index. Sorting by campaign name has no index.
const char *const schemaVersion7[] = {
    "CREATE INDEX leads_last_contact ON leads ((COALESCE(last_contact_at, created_at)), id)",
    "CREATE INDEX leads_name ON leads (name, id)",
    "CREATE INDEX leads_phone ON leads ((COALESCE(phone, '')), id)",
    R"(CREATE INDEX leads_stage ON leads ((CASE status WHEN 'new' THEN 0 WHEN 'contacted' THEN 1
        WHEN 'qualified' THEN 2 WHEN 'converted' THEN 3 WHEN 'lost' THEN 4 ELSE 5 END), id))",
    "CREATE INDEX leads_source ON leads (source, id)",
};

// Lead search (SearchIndex): one row per distinct term, lead and origin (0 the lead's
// name, email and notes, 1 a run of the phone's digits, 2 its messages). Every search
// reads the primary key. Terms compare as UTF-8 bytes on both engines, so PostgreSQL uses
// the "C" collation whatever the database's locale. The table has no foreign key, because
// deleting a lead would then scan it for the lead's rows. LeadRepository deletes them by
// their terms instead. The migration fills the table from the stored search texts.
const char *const schemaVersion8[] = {
    R"(-- sqlite
    CREATE TABLE search_terms (
        term TEXT NOT NULL,
        lead_id INTEGER NOT NULL,
        origin INTEGER NOT NULL,
        PRIMARY KEY (term, lead_id, origin)) WITHOUT ROWID)",
    R"(-- postgresql
    CREATE TABLE search_terms (
        term TEXT COLLATE "C" NOT NULL,
        lead_id BIGINT NOT NULL,
        origin SMALLINT NOT NULL,
        PRIMARY KEY (term, lead_id, origin)))",
};

// Attachments sent over WhatsApp. Gupshup sends media by URL, so its servers fetch each
// file from GET /media/{token}. The bytes are stored here, so whichever process runs the
// HTTP server can serve them. Rows go only with their conversation, because WhatsApp may
// fetch a link again days later. The index serves that cascade. An outbound message of kind
// 'image' or 'file' sends media_url with its body as the caption and, for a file,
// media_file_name as the name WhatsApp shows.
const char *const schemaVersion9[] = {
    R"(CREATE TABLE outbound_media (
        id {id},
        token TEXT NOT NULL UNIQUE,
        conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size_bytes BIGINT NOT NULL,
        bytes {blob} NOT NULL,
        created_at BIGINT NOT NULL,
        created_by BIGINT REFERENCES users(id) ON DELETE SET NULL))",
    "CREATE INDEX outbound_media_conversation ON outbound_media(conversation_id)",
    "ALTER TABLE outbound_messages ADD COLUMN media_url TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE outbound_messages ADD COLUMN media_file_name TEXT NOT NULL DEFAULT ''",
};

// Version 10: every message read joins its outbox entry by message_id (for its delivery
// status), and deleting a message cascades to it, so without an index both scan the
// outbox. The leads list filtered by stage counts its rows by status, and leads_stage
// indexes the stage's sort expression, which that count cannot use.
const char *const schemaVersion10[] = {
    "CREATE INDEX outbound_messages_message ON outbound_messages(message_id)",
    "CREATE INDEX leads_status ON leads(status, id)",
};

// Version 11: the outbox sends a conversation's messages in order, so for each queued
// message it looks for an earlier queued one of the same conversation. Through
// outbound_messages_due that read every queued message, once per candidate: with 5,000
// queued after a provider outage each dispatch took 460 ms, with this index 8 ms.
// The leads list filtered by stage pages in the default order (last contact). Through
// leads_status it sorted every lead of the stage (127 ms for 200,000). An index with the
// sort key after the status serves both that page (3 ms) and the count.
const char *const schemaVersion11[] = {
    "CREATE INDEX outbound_messages_conversation ON outbound_messages(conversation_id, status, id)",
    "DROP INDEX leads_status",
    "CREATE INDEX leads_status_last_contact ON leads (status, (COALESCE(last_contact_at, created_at)), id)",
};

// Version 12: the inbox reads a page without visiting every conversation.
// Each conversation remembers its newest lead message. The unread list and total walked
// every unread lead message of every conversation, 5,000,000 for a user without read
// markers on the 1M data set (5.7 s per inbox refresh). Walking conversations newest lead
// message first through conversations_last_lead stops after the first page.
// The inbox orders by the last activity, an expression that conversations_activity did not
// match, so each page sorted all 1,000,000 conversations (0.77 s). An index on the
// expression itself serves the page, and a partial one the rare "needs a human" filter.
const char *const schemaVersion12[] = {
    "ALTER TABLE conversations ADD COLUMN last_lead_message_id BIGINT NOT NULL DEFAULT 0",
    R"(UPDATE conversations SET last_lead_message_id = (SELECT MAX(m.id) FROM messages m
        WHERE m.conversation_id = conversations.id AND m.sender = 'lead')
        WHERE EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = conversations.id AND m.sender = 'lead'))",
    "CREATE INDEX conversations_last_lead ON conversations(last_lead_message_id)",
    "DROP INDEX conversations_activity",
    "CREATE INDEX conversations_inbox_order ON conversations ((COALESCE(last_message_at, created_at)), id)",
    R"(CREATE INDEX conversations_needs_human ON conversations ((COALESCE(last_message_at, created_at)), id)
        WHERE needs_human = 1)",
};

// The inbox's "Mine" filter walked the activity order and checked each conversation's
// owner, so a viewer who owns few of 1,000,000 leads waited 1.5 s. Its own conversations
// are now gathered first when they are few. The owner index is on an expression only that
// query uses, because SQLite would otherwise read every owner filter of the leads view
// through it and sort the matches, where walking the view's order finds a page sooner.
const char *const schemaVersion13[] = {
    "CREATE INDEX leads_owner_inbox ON leads ((assigned_user_id + 0)) WHERE assigned_user_id IS NOT NULL",
    "CREATE INDEX conversations_held ON conversations (human_user_id) WHERE human_holds = 1",
};

// Version 14: the unassigned leads in id order. An agent's view is them and the agent's
// own leads, and the leads view counts both by merging sets of ids in id order
// (LeadRepository::count), the own ones through leads_owner_inbox. Without it, an agent's count read every lead (110 ms
// on the 1M data set). The planner keeps walking the sort indexes for pages: this index
// has no sort key.
const char *const schemaVersion14[] = {
    "CREATE INDEX leads_unassigned ON leads (id) WHERE assigned_user_id IS NULL",
};

// Version 15: a read-through watermark per viewer, so the unread list and total stop
// walking at it. A user who had read all 1,000,000 conversations of the 1M data set
// waited 2,858 ms for the unread list, because the walk newest lead message first found
// nothing unread and visited every conversation. The invariant, kept by
// InboxRepository::advanceReadThrough(): every conversation whose last_lead_message_id is
// at most message_id has been read by user_id up to that id, or, for an agent's view
// (agent_user_id > 0), belongs to a lead assigned to another user. 0 is always true.
// A new lead message gets a larger id and lands above the watermark, so inserts need no
// upkeep. A lead that changes owner can enter an agent's view with unread messages below
// the watermark, so the triggers lower the watermarks of the agents who now see it. They
// fire on the owner's foreign key action too, when a deleted user's leads become
// unassigned.
const char *const schemaVersion15[] = {
    R"(CREATE TABLE inbox_read_through (
        user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        agent_user_id BIGINT NOT NULL,
        message_id BIGINT NOT NULL,
        PRIMARY KEY (user_id, agent_user_id)))",
    R"(-- sqlite
    CREATE TRIGGER leads_owner_lowers_read_through AFTER UPDATE OF assigned_user_id ON leads
    WHEN NEW.assigned_user_id IS NOT OLD.assigned_user_id
    BEGIN
        UPDATE inbox_read_through SET message_id = (SELECT MIN(c.last_lead_message_id) - 1 FROM conversations c
            WHERE c.lead_id = NEW.id AND c.last_lead_message_id > 0)
        WHERE agent_user_id > 0 AND (NEW.assigned_user_id IS NULL OR agent_user_id = NEW.assigned_user_id)
            AND message_id >= (SELECT MIN(c.last_lead_message_id) FROM conversations c
                WHERE c.lead_id = NEW.id AND c.last_lead_message_id > 0);
    END)",
    R"(-- postgresql
    CREATE FUNCTION leads_owner_lowers_read_through() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        oldest BIGINT;
    BEGIN
        SELECT MIN(c.last_lead_message_id) INTO oldest FROM conversations c
            WHERE c.lead_id = NEW.id AND c.last_lead_message_id > 0;
        IF oldest IS NOT NULL THEN
            UPDATE inbox_read_through SET message_id = oldest - 1
            WHERE agent_user_id > 0 AND (NEW.assigned_user_id IS NULL OR agent_user_id = NEW.assigned_user_id)
                AND message_id >= oldest;
        END IF;
        RETURN NULL;
    END $$)",
    R"(-- postgresql
    CREATE TRIGGER leads_owner_lowers_read_through AFTER UPDATE OF assigned_user_id ON leads
    FOR EACH ROW WHEN (OLD.assigned_user_id IS DISTINCT FROM NEW.assigned_user_id)
    EXECUTE FUNCTION leads_owner_lowers_read_through())",
};

// SQLite gives a new row the highest rowid plus one, so deleting the newest lead,
// conversation or campaign freed its id for the next one, and a client that still held
// the old id read another record. The highest id ever deleted is kept here, and
// Database::newIdValue() starts new ids above it. PostgreSQL's identity sequences never go back, so
// there the table stays empty; it exists in both schemas so that a copy covers every table.
const char *const schemaVersion16[] = {
    R"(CREATE TABLE deleted_id_marks (
        table_name TEXT PRIMARY KEY,
        last_id BIGINT NOT NULL))",
    R"(-- sqlite
    CREATE TRIGGER leads_mark_deleted_id AFTER DELETE ON leads
    WHEN OLD.id > COALESCE((SELECT MAX(id) FROM leads), 0)
    BEGIN
        INSERT INTO deleted_id_marks (table_name, last_id) VALUES ('leads', OLD.id)
            ON CONFLICT (table_name) DO UPDATE SET last_id = MAX(last_id, excluded.last_id);
    END)",
    R"(-- sqlite
    CREATE TRIGGER conversations_mark_deleted_id AFTER DELETE ON conversations
    WHEN OLD.id > COALESCE((SELECT MAX(id) FROM conversations), 0)
    BEGIN
        INSERT INTO deleted_id_marks (table_name, last_id) VALUES ('conversations', OLD.id)
            ON CONFLICT (table_name) DO UPDATE SET last_id = MAX(last_id, excluded.last_id);
    END)",
    R"(-- sqlite
    CREATE TRIGGER campaigns_mark_deleted_id AFTER DELETE ON campaigns
    WHEN OLD.id > COALESCE((SELECT MAX(id) FROM campaigns), 0)
    BEGIN
        INSERT INTO deleted_id_marks (table_name, last_id) VALUES ('campaigns', OLD.id)
            ON CONFLICT (table_name) DO UPDATE SET last_id = MAX(last_id, excluded.last_id);
    END)",
};

Status populateSearchIndex(const Database &database)
{
    return SearchIndex(database).populate();
}

struct Migration
{
    int version;
    const char *const *statements;
    std::size_t count;
    Status (*populate)(const Database &database) = nullptr; // runs after the statements, in their transaction
};

const Migration migrations[] = {
    {1, schemaVersion1, std::size(schemaVersion1)},
    {2, schemaVersion2, std::size(schemaVersion2)},
    {3, schemaVersion3, std::size(schemaVersion3)},
    {4, schemaVersion4, std::size(schemaVersion4)},
    {5, schemaVersion5, std::size(schemaVersion5)},
    {6, schemaVersion6, std::size(schemaVersion6)},
    {7, schemaVersion7, std::size(schemaVersion7)},
    {8, schemaVersion8, std::size(schemaVersion8), populateSearchIndex},
    {9, schemaVersion9, std::size(schemaVersion9)},
    {10, schemaVersion10, std::size(schemaVersion10)},
    {11, schemaVersion11, std::size(schemaVersion11)},
    {12, schemaVersion12, std::size(schemaVersion12)},
    {13, schemaVersion13, std::size(schemaVersion13)},
    {14, schemaVersion14, std::size(schemaVersion14)},
    {15, schemaVersion15, std::size(schemaVersion15)},
    {16, schemaVersion16, std::size(schemaVersion16)},
};

// The statement for `engine`, or an empty string when it belongs to the other engine.
QString forEngine(const char *statement, SqlEngine engine)
{
    QString sql = QString::fromUtf8(statement);
    const QLatin1String sqliteOnly("-- sqlite\n");
    const QLatin1String postgresOnly("-- postgresql\n");
    if (sql.startsWith(sqliteOnly))
        return engine == SqlEngine::Sqlite ? sql.mid(sqliteOnly.size()) : QString();
    if (sql.startsWith(postgresOnly))
        return engine == SqlEngine::Postgres ? sql.mid(postgresOnly.size()) : QString();
    if (engine == SqlEngine::Sqlite) {
        sql.replace(QLatin1String("{id}"), QLatin1String("INTEGER PRIMARY KEY"));
        sql.replace(QLatin1String("{blob}"), QLatin1String("BLOB"));
    } else {
        sql.replace(QLatin1String("{id}"), QLatin1String("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"));
        sql.replace(QLatin1String("{blob}"), QLatin1String("BYTEA"));
    }
    return sql;
}

} // namespace

int Migrations::latestVersion()
{
    return std::end(migrations)[-1].version;
}

Result<int> Migrations::currentVersion(const Database &database)
{
    const QStringList tables = database.connection().tables();
    if (!tables.contains(QLatin1String("schema_migrations")))
        return 0;
    auto version = database.scalar(QStringLiteral("SELECT MAX(version) FROM schema_migrations"), {}, 0);
    if (!version)
        return version.error();
    return version->toInt();
}

Status Migrations::apply(const Database &database, qint64 nowMs)
{
    auto current = currentVersion(database);
    if (!current)
        return current.error();

    if (*current > latestVersion())
        return makeError(ErrorKind::SchemaTooNew,
                         QCoreApplication::translate("Prospecta::Migrations", "The database %1 has schema version %2, newer than the %3 "
                                        "this Prospecta understands: update Prospecta before "
                                        "opening it. The database was not changed.")
                             .arg(database.location().displayName())
                             .arg(*current)
                             .arg(latestVersion()));

    if (*current == 0) {
        auto created = database.exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)"));
        if (!created)
            return created.error();
    }

    for (const Migration &migration : migrations) {
        if (migration.version <= *current)
            continue;

        Transaction transaction(database);
        if (!transaction.started())
            return transaction.started();
        for (std::size_t i = 0; i < migration.count; ++i) {
            const QString sql = forEngine(migration.statements[i], database.engine());
            if (sql.isEmpty())
                continue;
            auto result = database.exec(sql);
            if (!result)
                return result.error();
        }
        if (migration.populate) {
            if (auto populated = migration.populate(database); !populated)
                return populated;
        }
        auto recorded = database.exec(
            QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"),
            {migration.version, nowMs});
        if (!recorded)
            return recorded.error();
        if (auto status = transaction.commit(); !status)
            return status;
        qCInfo(lcStorage) << "applied schema migration" << migration.version << "to"
                          << database.location().displayName();
    }
    return {};
}

} // namespace Prospecta
