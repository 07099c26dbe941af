// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "SearchIndex.h"

#include "Database.h"
#include "core/JsonText.h"
#include "core/TextFolding.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <tuple>

namespace Prospecta {

namespace {

// The first MaxTermLength code points of `word`, never splitting a surrogate pair.
QString cutTerm(const QString &word)
{
    qsizetype codePoints = 0;
    for (qsizetype i = 0; i < word.size(); ++i) {
        if (word.at(i).isLowSurrogate() && i > 0 && word.at(i - 1).isHighSurrogate())
            continue;
        if (++codePoints > SearchIndex::MaxTermLength)
            return word.left(i);
    }
    return word;
}

// The end of the range of terms that start with `prefix`: no term contains U+10FFFF (it
// is not a letter), and its UTF-8 form sorts after every other character's.
QString prefixEnd(const QString &prefix)
{
    return prefix + QString::fromUcs4(U"\U0010FFFF", 1);
}

// A lead's text gives a few dozen terms at most, and a linear scan of so few beats hashing
// them (hashing was a sixth of an import's time). Longer lists, such as a long message's,
// go through a set.
constexpr qsizetype LinearScanLimit = 32;

QStringList distinct(const QStringList &terms)
{
    QStringList result;
    result.reserve(terms.size());
    QSet<QString> seen;
    const bool hashed = terms.size() > LinearScanLimit;
    for (const QString &term : terms) {
        if (term.isEmpty() || (hashed ? seen.contains(term) : result.contains(term)))
            continue;
        if (hashed)
            seen.insert(term);
        result << term;
    }
    return result;
}

QStringList without(const QStringList &terms, const QStringList &removed)
{
    if (removed.isEmpty())
        return terms;
    const bool hashed = removed.size() > LinearScanLimit;
    const QSet<QString> set = hashed ? QSet<QString>(removed.cbegin(), removed.cend()) : QSet<QString>();
    QStringList result;
    for (const QString &term : terms) {
        if (!(hashed ? set.contains(term) : removed.contains(term)))
            result << term;
    }
    return result;
}

// The terms as one JSON array, the single parameter of termRows().
QString jsonArray(const QStringList &terms)
{
    QString json;
    json += QLatin1Char('[');
    for (qsizetype i = 0; i < terms.size(); ++i) {
        if (i > 0)
            json += QLatin1Char(',');
        JsonText::appendQuoted(json, terms.at(i));
    }
    json += QLatin1Char(']');
    return json;
}

// A subquery of one column, value, with the elements of a JSON array parameter. Passing
// all terms in one parameter keeps the statement's text the same for any number of terms,
// so Database reuses its prepared statement.
QString termRows(SqlEngine engine)
{
    return engine == SqlEngine::Sqlite ? QStringLiteral("SELECT value FROM json_each(?)")
                                       : QStringLiteral("SELECT json_array_elements_text(CAST(? AS json)) AS value");
}

// The statements that index leads with an id of at least ?, one per origin. SQLite splits
// search texts with a recursive query, PostgreSQL with regexp_split_to_table; both cut words
// as cutTerm() does and skip terms already present.
const char *const sqlitePopulate[] = {
    R"(WITH RECURSIVE split(lead_id, word, rest) AS (
        SELECT id, '', trim(search_text) || ' ' FROM leads WHERE id >= ?
        UNION ALL
        SELECT lead_id, substr(rest, 1, instr(rest, ' ') - 1), ltrim(substr(rest, instr(rest, ' ') + 1))
        FROM split WHERE rest <> '')
    INSERT INTO search_terms (term, lead_id, origin)
    SELECT substr(word, 1, 64), lead_id, 0 FROM split WHERE word <> '' ON CONFLICT DO NOTHING)",
    R"(WITH RECURSIVE suffix(lead_id, digits) AS (
        SELECT id, phone_digits FROM leads WHERE id >= ? AND length(phone_digits) >= 4
        UNION ALL
        SELECT lead_id, substr(digits, 2) FROM suffix WHERE length(digits) > 4)
    INSERT INTO search_terms (term, lead_id, origin)
    SELECT digits, lead_id, 1 FROM suffix WHERE true ON CONFLICT DO NOTHING)",
    R"(WITH RECURSIVE split(lead_id, word, rest) AS (
        SELECT c.lead_id, '', trim(m.search_text) || ' '
        FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.lead_id >= ?
        UNION ALL
        SELECT lead_id, substr(rest, 1, instr(rest, ' ') - 1), ltrim(substr(rest, instr(rest, ' ') + 1))
        FROM split WHERE rest <> '')
    INSERT INTO search_terms (term, lead_id, origin)
    SELECT substr(word, 1, 64), lead_id, 2 FROM split WHERE word <> '' ON CONFLICT DO NOTHING)",
};

const char *const postgresPopulate[] = {
    R"(INSERT INTO search_terms (term, lead_id, origin)
    SELECT left(w, 64), l.id, 0 FROM leads l, regexp_split_to_table(btrim(l.search_text), ' +') AS w
    WHERE l.id >= ? AND w <> '' ON CONFLICT DO NOTHING)",
    R"(INSERT INTO search_terms (term, lead_id, origin)
    SELECT substr(l.phone_digits, g), l.id, 1 FROM leads l, generate_series(1, length(l.phone_digits) - 3) AS g
    WHERE l.id >= ? ON CONFLICT DO NOTHING)",
    R"(INSERT INTO search_terms (term, lead_id, origin)
    SELECT left(w, 64), c.lead_id, 2
    FROM messages m JOIN conversations c ON c.id = m.conversation_id,
         regexp_split_to_table(btrim(m.search_text), ' +') AS w
    WHERE c.lead_id >= ? AND w <> '' ON CONFLICT DO NOTHING)",
};

} // namespace

SearchIndex::SearchIndex(const Database &database, SearchTermBatch *batch)
    : m_database(database)
    , m_batch(batch)
{
}

QStringList SearchIndex::termsOfSearchText(const QString &searchText)
{
    QStringList terms;
    const QStringList words = searchText.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &word : words)
        terms << cutTerm(word);
    return distinct(terms);
}

QStringList SearchIndex::termsOfPhoneDigits(const QString &digits)
{
    QStringList terms;
    for (qsizetype start = 0; start + MinPhoneDigits <= digits.size(); ++start)
        terms << digits.mid(start);
    return terms;
}

Status SearchIndex::insertTerms(qint64 leadId, Origin origin, const QStringList &terms) const
{
    if (terms.isEmpty())
        return {};
    if (m_batch) {
        for (const QString &term : terms)
            m_batch->m_rows.push_back({term, leadId, int(origin)});
        return {};
    }
    // Rows go in sorted order, so on PostgreSQL two processes that insert overlapping
    // terms of one lead wait for each other in the same order instead of deadlocking.
    QStringList sorted = terms;
    sorted.sort();

    // The casts give PostgreSQL the parameters' types, which a select list does not.
    // "WHERE true" marks for SQLite's parser that ON CONFLICT belongs to the INSERT.
    const QString sql = QStringLiteral("INSERT INTO search_terms (term, lead_id, origin) "
                                       "SELECT terms.value, CAST(? AS BIGINT), CAST(? AS INTEGER) FROM (%1) AS terms "
                                       "WHERE true ON CONFLICT DO NOTHING")
                            .arg(termRows(m_database.engine()));
    auto inserted = m_database.update(sql, {leadId, int(origin), jsonArray(sorted)});
    if (!inserted)
        return inserted.error();
    return {};
}

Status SearchIndex::deleteTerms(qint64 leadId, Origin origin, const QStringList &terms) const
{
    if (terms.isEmpty())
        return {};
    if (m_batch) {
        const QSet<QString> removed(terms.cbegin(), terms.cend());
        std::erase_if(m_batch->m_rows, [&](const SearchTermBatch::Row &row) {
            return row.leadId == leadId && row.origin == int(origin) && removed.contains(row.term);
        });
    }
    auto deleted = m_database.update(
        QStringLiteral("DELETE FROM search_terms WHERE lead_id = ? AND origin = ? AND term IN (%1)")
            .arg(termRows(m_database.engine())),
        {leadId, int(origin), jsonArray(terms)});
    if (!deleted)
        return deleted.error();
    return {};
}

Status SearchIndex::updateLead(qint64 leadId, const QString &oldSearchText, const QString &oldPhoneDigits,
                               const QString &newSearchText, const QString &newPhoneDigits) const
{
    const QStringList oldWords = termsOfSearchText(oldSearchText);
    const QStringList newWords = termsOfSearchText(newSearchText);
    if (auto deleted = deleteTerms(leadId, Origin::LeadFields, without(oldWords, newWords)); !deleted)
        return deleted;
    if (auto inserted = insertTerms(leadId, Origin::LeadFields, without(newWords, oldWords)); !inserted)
        return inserted;

    if (oldPhoneDigits == newPhoneDigits)
        return {};
    const QStringList oldRuns = termsOfPhoneDigits(oldPhoneDigits);
    const QStringList newRuns = termsOfPhoneDigits(newPhoneDigits);
    if (auto deleted = deleteTerms(leadId, Origin::PhoneDigits, without(oldRuns, newRuns)); !deleted)
        return deleted;
    return insertTerms(leadId, Origin::PhoneDigits, without(newRuns, oldRuns));
}

Status SearchIndex::addMessage(qint64 conversationId, const QString &searchText) const
{
    const QStringList terms = termsOfSearchText(searchText);
    if (terms.isEmpty())
        return {};
    auto leadId = m_database.scalar(QStringLiteral("SELECT lead_id FROM conversations WHERE id = ?"), {conversationId});
    if (!leadId)
        return leadId.error();
    if (leadId->isNull())
        return {};
    return insertTerms(leadId->toLongLong(), Origin::Messages, terms);
}

Status SearchIndex::removeLead(qint64 leadId) const
{
    auto lead = m_database.exec(QStringLiteral("SELECT search_text, phone_digits FROM leads WHERE id = ?"), {leadId});
    if (!lead)
        return lead.error();
    QString searchText;
    QString phoneDigits;
    if (lead->next()) {
        searchText = lead->value(0).toString();
        phoneDigits = lead->value(1).toString();
    }
    lead->finish();
    if (auto deleted = updateLead(leadId, searchText, phoneDigits, QString(), QString()); !deleted)
        return deleted;

    auto messages = m_database.exec(QStringLiteral("SELECT m.search_text FROM messages m "
                                                   "JOIN conversations c ON c.id = m.conversation_id WHERE c.lead_id = ?"),
                                    {leadId});
    if (!messages)
        return messages.error();
    QStringList terms;
    while (messages->next())
        terms << termsOfSearchText(messages->value(0).toString());
    messages->finish();
    return deleteTerms(leadId, Origin::Messages, distinct(terms));
}

Status SearchIndex::populate(qint64 fromLeadId) const
{
    const bool sqlite = m_database.engine() == SqlEngine::Sqlite;
    for (std::size_t i = 0; i < std::size(sqlitePopulate); ++i) {
        const char *statement = sqlite ? sqlitePopulate[i] : postgresPopulate[i];
        if (auto inserted = m_database.exec(QString::fromUtf8(statement), {fromLeadId}); !inserted)
            return inserted.error();
    }
    return {};
}

Status SearchIndex::insertBatch(SearchTermBatch &batch) const
{
    std::vector<SearchTermBatch::Row> rows;
    rows.swap(batch.m_rows);
    const auto keyOrder = [](const SearchTermBatch::Row &a, const SearchTermBatch::Row &b) {
        return std::tie(a.term, a.leadId, a.origin) < std::tie(b.term, b.leadId, b.origin);
    };
    const auto sameKey = [](const SearchTermBatch::Row &a, const SearchTermBatch::Row &b) {
        return a.term == b.term && a.leadId == b.leadId && a.origin == b.origin;
    };
    std::sort(rows.begin(), rows.end(), keyOrder);
    rows.erase(std::unique(rows.begin(), rows.end(), sameKey), rows.end());

    // Each statement takes its rows as one JSON array of [term, lead id, origin] triples.
    // Binding three parameters per row cost more than the inserts themselves, because Qt
    // names and hashes every positional parameter it binds. With one parameter the text
    // stays fixed, so its prepared form is reused. Rows go in array order, which is key order.
    const QString sql = m_database.engine() == SqlEngine::Sqlite
        ? QStringLiteral("INSERT OR IGNORE INTO search_terms (term, lead_id, origin) "
                         "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') "
                         "FROM json_each(?)")
        : QStringLiteral("INSERT INTO search_terms (term, lead_id, origin) "
                         "SELECT element ->> 0, CAST(element ->> 1 AS BIGINT), CAST(element ->> 2 AS INTEGER) "
                         "FROM json_array_elements(CAST(? AS json)) WITH ORDINALITY AS elements(element, position) "
                         "ORDER BY position ON CONFLICT DO NOTHING");
    constexpr size_t RowsPerStatement = 2000;
    for (size_t first = 0; first < rows.size(); first += RowsPerStatement) {
        const size_t end = std::min(rows.size(), first + RowsPerStatement);
        QString json;
        json.reserve(qsizetype(end - first) * 32);
        json += QLatin1Char('[');
        for (size_t i = first; i < end; ++i) {
            if (i > first)
                json += QLatin1Char(',');
            json += QLatin1Char('[');
            JsonText::appendQuoted(json, rows[i].term);
            json += QLatin1Char(',');
            json += QString::number(rows[i].leadId);
            json += QLatin1Char(',');
            json += QString::number(rows[i].origin);
            json += QLatin1Char(']');
        }
        json += QLatin1Char(']');
        if (auto inserted = m_database.update(sql, {json}); !inserted)
            return inserted.error();
    }
    return {};
}

namespace {

// The digits of a query typed as a phone number ("55 1234-5678", "+52 55…"), or an empty
// string when the query is not one.
QString phoneDigitsOf(const QString &query)
{
    QString digits = query;
    static const QRegularExpression separators(QStringLiteral("[\\s().+-]"));
    digits.remove(separators);
    static const QRegularExpression onlyDigits(QStringLiteral("^[0-9]{%1,}$").arg(SearchIndex::MinPhoneDigits));
    return onlyDigits.match(digits).hasMatch() ? digits : QString();
}

// "term IN (?, ?)" for `terms`, with the terms appended to `values`.
QString termIn(const QString &column, const QStringList &terms, QVariantList &values)
{
    QStringList placeholders;
    for (const QString &term : terms) {
        placeholders << QStringLiteral("?");
        values << term;
    }
    return QStringLiteral("%1 IN (%2)").arg(column, placeholders.join(QStringLiteral(", ")));
}

} // namespace

QString SearchIndex::leadCondition(const QString &query, QVariantList &values)
{
    QStringList selects;

    // Repeated words change nothing, and SQLite allows at most 500 terms in a compound
    // SELECT (its default SQLITE_MAX_COMPOUND_SELECT), so only the first MaxSearchWords
    // distinct words count.
    QStringList words = TextFolding::words(query);
    if (words.size() > 1) {
        const QString last = words.takeLast();
        words.removeDuplicates();
        words.removeAll(last);
        words = words.mid(0, MaxSearchWords - 1);
        words << last;
    }

    // Every word, the last one as a prefix, among the lead's fields and messages. A word cut
    // to MaxTermLength is a prefix too, because the indexed word may go on.
    QStringList wordSelects;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString term = cutTerm(words.at(i));
        const bool prefix = i + 1 == words.size() || term.size() < words.at(i).size();
        if (prefix) {
            wordSelects << QStringLiteral("SELECT lead_id FROM search_terms WHERE term >= ? AND term < ? AND origin <> 1");
            values << term << prefixEnd(term);
        } else {
            wordSelects << QStringLiteral("SELECT lead_id FROM search_terms WHERE term = ? AND origin <> 1");
            values << term;
        }
    }
    if (wordSelects.size() == 1)
        selects << wordSelects.first();
    else if (!wordSelects.isEmpty())
        selects << QStringLiteral("SELECT lead_id FROM (%1) AS words").arg(wordSelects.join(QStringLiteral(" INTERSECT ")));

    // A run of digits typed in any format: a prefix of one of the phone's suffixes.
    if (const QString digits = phoneDigitsOf(query); !digits.isEmpty()) {
        selects << QStringLiteral("SELECT lead_id FROM search_terms WHERE term >= ? AND term < ? AND origin = 1");
        values << digits << prefixEnd(digits);
    }

    // A query of only punctuation or emoji has nothing to look for, so it finds nothing
    // rather than every lead.
    if (selects.isEmpty())
        return query.trimmed().isEmpty() ? QString() : QStringLiteral("1 = 0");
    return QStringLiteral("l.id IN (%1)").arg(selects.join(QStringLiteral(" UNION ")));
}

Result<std::optional<QStringList>> SearchIndex::completions(const QString &query, int maxTerms) const
{
    const QStringList words = TextFolding::words(query);
    if (words.size() != 1 || !phoneDigitsOf(query).isEmpty())
        return std::optional<QStringList>();

    // Each step finds the next distinct term in the prefix's range with one lookup in the
    // primary key, so a term shared by 300,000 leads costs no more than a rare one.
    const QString prefix = cutTerm(words.first());
    const QString end = prefixEnd(prefix);
    QStringList terms;
    auto next = m_database.scalar(
        QStringLiteral("SELECT MIN(term) FROM search_terms WHERE term >= ? AND term < ?"), {prefix, end});
    while (next && !next->isNull()) {
        if (terms.size() == maxTerms)
            return std::optional<QStringList>();
        terms << next->toString();
        next = m_database.scalar(QStringLiteral("SELECT MIN(term) FROM search_terms WHERE term > ? AND term < ?"),
                                 {terms.last(), end});
    }
    if (!next)
        return next.error();
    return std::optional<QStringList>(terms);
}

QString SearchIndex::leadHasTerm(const QString &leadId, const QStringList &terms, QVariantList &values)
{
    if (terms.isEmpty())
        return QStringLiteral("1 = 0");
    return QStringLiteral("EXISTS (SELECT 1 FROM search_terms t WHERE %1 AND t.lead_id = %2 AND t.origin <> 1)")
        .arg(termIn(QStringLiteral("t.term"), terms, values), leadId);
}

QString SearchIndex::leadsWithTerm(const QStringList &terms, QVariantList &values)
{
    if (terms.isEmpty())
        return QStringLiteral("SELECT lead_id FROM search_terms WHERE 1 = 0");
    // The primary key gives each term's leads in order, so with one term DISTINCT needs
    // no sort.
    return QStringLiteral("SELECT DISTINCT lead_id FROM search_terms WHERE %1 AND origin <> 1")
        .arg(termIn(QStringLiteral("term"), terms, values));
}

Result<int> SearchIndex::countLeadsWithTerm(const QStringList &terms) const
{
    if (terms.isEmpty())
        return 0;
    // Every term row belongs to a lead that exists, because LeadRepository::remove() locks
    // the lead and deletes its rows before the lead.
    QVariantList values;
    const QString sql = QStringLiteral("SELECT COUNT(*) FROM (%1) AS matches").arg(leadsWithTerm(terms, values));
    auto count = m_database.scalar(sql, values, 0);
    if (!count)
        return count.error();
    return count->toInt();
}

Result<int> SearchIndex::countTermRows(const QStringList &terms, int limit) const
{
    if (terms.isEmpty() || limit <= 0)
        return 0;
    QVariantList values;
    QString sql = QStringLiteral("SELECT COUNT(*) FROM (SELECT 1 FROM search_terms WHERE %1 AND origin <> 1 LIMIT ?) "
                                 "AS term_rows")
                      .arg(termIn(QStringLiteral("term"), terms, values));
    values << limit;
    auto count = m_database.scalar(sql, values, 0);
    if (!count)
        return count.error();
    return count->toInt();
}

} // namespace Prospecta
