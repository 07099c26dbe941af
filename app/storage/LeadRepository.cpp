// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadRepository.h"

#include "Database.h"
#include "SearchIndex.h"
#include "core/TextFolding.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlRecord>

#include <algorithm>
#include <limits>

namespace Prospecta {

namespace {

const QString leadColumns = QStringLiteral(
    "l.id, l.name, l.phone, l.phone_key, l.country, l.email, l.source, l.campaign_id, l.status, "
    "l.score, l.assigned_user_id, l.last_contact_at, l.notes, l.metadata, l.opted_out, "
    "l.created_at, l.updated_at");

Lead readLead(const QSqlQuery &query, int first = 0)
{
    Lead lead;
    lead.id = query.value(first + 0).toLongLong();
    lead.name = query.value(first + 1).toString();
    lead.phone = query.value(first + 2).toString();
    lead.phoneKey = query.value(first + 3).toString();
    lead.country = query.value(first + 4).toString();
    lead.email = query.value(first + 5).toString();
    lead.source = fromString<LeadSource>(query.value(first + 6).toString()).value_or(LeadSource::Other);
    lead.campaignId = query.value(first + 7).toLongLong();
    lead.status = fromString<LeadStatus>(query.value(first + 8).toString()).value_or(LeadStatus::New);
    lead.score = query.value(first + 9).toInt();
    lead.assignedUserId = query.value(first + 10).toLongLong();
    lead.lastContactMs = query.value(first + 11).toLongLong();
    lead.notes = query.value(first + 12).toString();
    lead.metadata = QJsonDocument::fromJson(query.value(first + 13).toString().toUtf8()).object();
    lead.optedOut = query.value(first + 14).toInt() != 0;
    lead.createdMs = query.value(first + 15).toLongLong();
    lead.updatedMs = query.value(first + 16).toLongLong();
    return lead;
}

// The condition that keeps an agent to their own and the unassigned leads, with its
// values appended to `values`; empty when everything is visible.
QString visibilityCondition(const LeadVisibility &visibility, QVariantList &values)
{
    if (visibility.agentUserId <= 0)
        return {};
    values << visibility.agentUserId;
    return QStringLiteral("(l.assigned_user_id IS NULL OR l.assigned_user_id = ?)");
}

QString whereClause(const QStringList &conditions)
{
    QStringList present = conditions;
    present.removeAll(QString());
    return present.isEmpty() ? QString() : QStringLiteral(" WHERE ") + present.join(QStringLiteral(" AND "));
}

Error leadGone(qint64 id)
{
    return makeError(ErrorKind::NotFound,
                     QCoreApplication::translate("Prospecta::LeadRepository", "Lead %1 no longer exists; reload the list.")
                         .arg(id));
}

} // namespace

LeadRepository::LeadRepository(const Database &database)
    : m_database(database)
{
}

Result<std::optional<Lead>> LeadRepository::findOne(const QString &column, const QVariant &value) const
{
    auto query = m_database.execCached(QStringLiteral("SELECT %1 FROM leads l WHERE l.%2 = ?").arg(leadColumns, column),
                                 {value});
    if (!query)
        return query.error();
    std::optional<Lead> lead;
    if (query->next())
        lead = readLead(*query);
    query->finish();
    return lead;
}

Result<std::optional<Lead>> LeadRepository::findByPhoneKey(const QString &phoneKey) const
{
    return findOne(QStringLiteral("phone_key"), phoneKey);
}

Result<std::optional<Lead>> LeadRepository::findById(qint64 id) const
{
    return findOne(QStringLiteral("id"), id);
}

namespace {

// What search matches for a lead (besides its messages): name, email and notes.
QString leadSearchText(const Lead &lead)
{
    return TextFolding::searchText(lead.name + QLatin1Char(' ') + lead.email + QLatin1Char(' ') + lead.notes);
}

QString phoneDigits(const QString &phone)
{
    QString digits;
    for (const QChar c : phone) {
        if (c.isDigit())
            digits.append(c);
    }
    return digits;
}

} // namespace

Result<qint64> LeadRepository::create(const Lead &lead, qint64 nowMs) const
{
    const QString searchText = leadSearchText(lead);
    const QString digits = phoneDigits(lead.phone);
    auto id = m_database.insert(
        QStringLiteral("INSERT INTO leads (%1name, phone, phone_key, country, email, source, campaign_id, status, "
                       "score, assigned_user_id, last_contact_at, notes, metadata, opted_out, created_at, updated_at, "
                       "search_text, phone_digits) "
                       "VALUES (%2?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
            .arg(m_database.newIdColumn(), m_database.newIdValue(QLatin1String("leads"))),
        {lead.name, Database::nullableText(lead.phone), Database::nullableText(lead.phoneKey), lead.country,
         lead.email, toString(lead.source), Database::nullableId(lead.campaignId), toString(lead.status),
         lead.score, Database::nullableId(lead.assignedUserId), Database::nullableInstant(lead.lastContactMs),
         lead.notes, QString::fromUtf8(QJsonDocument(lead.metadata).toJson(QJsonDocument::Compact)),
         lead.optedOut ? 1 : 0, nowMs, nowMs, searchText, digits});
    if (!id)
        return id;
    if (auto indexed = SearchIndex(m_database, m_searchTerms).updateLead(*id, QString(), QString(), searchText, digits); !indexed)
        return indexed.error();
    return id;
}

Status LeadRepository::save(const Lead &lead, qint64 nowMs) const
{
    const QString searchText = leadSearchText(lead);
    const QString digits = phoneDigits(lead.phone);
    return updateIndexed(lead.id, searchText, digits,
                         QStringLiteral("name = ?, phone = ?, phone_key = ?, country = ?, email = ?, source = ?, "
                                        "campaign_id = ?, status = ?, score = ?, assigned_user_id = ?, "
                                        "last_contact_at = ?, notes = ?, metadata = ?, updated_at = ?, "
                                        "search_text = ?, phone_digits = ?"),
                         {lead.name, Database::nullableText(lead.phone), Database::nullableText(lead.phoneKey),
                          lead.country, lead.email, toString(lead.source), Database::nullableId(lead.campaignId),
                          toString(lead.status), lead.score, Database::nullableId(lead.assignedUserId),
                          Database::nullableInstant(lead.lastContactMs), lead.notes,
                          QString::fromUtf8(QJsonDocument(lead.metadata).toJson(QJsonDocument::Compact)), nowMs,
                          searchText, digits});
}

Status LeadRepository::setName(qint64 id, const QString &name, qint64 nowMs) const
{
    auto found = findById(id);
    if (!found)
        return found.error();
    if (!*found)
        return leadGone(id);
    Lead lead = **found;
    lead.name = name;
    const QString searchText = leadSearchText(lead);
    const QString digits = phoneDigits(lead.phone);
    return updateIndexed(id, searchText, digits, QStringLiteral("name = ?, search_text = ?, updated_at = ?"),
                         {name, searchText, nowMs});
}

Status LeadRepository::updateIndexed(qint64 id, const QString &searchText, const QString &digits,
                                     const QString &assignments, const QVariantList &values) const
{
    // The words indexed now are the ones to replace, so they are read before the update.
    // On PostgreSQL the row is locked first. Otherwise two processes renaming one lead
    // would both replace the first name's words, and the second name's would stay indexed.
    const QString lock = m_database.engine() == SqlEngine::Postgres ? QStringLiteral(" FOR UPDATE") : QString();
    auto previous = m_database.execCached(
        QStringLiteral("SELECT search_text, phone_digits FROM leads WHERE id = ?") + lock, {id});
    if (!previous)
        return previous.error();
    if (!previous->next())
        return leadGone(id);
    const QString oldSearchText = previous->value(0).toString();
    const QString oldDigits = previous->value(1).toString();
    previous->finish();

    if (auto updated = updateOne(id, assignments, values); !updated)
        return updated;
    return SearchIndex(m_database, m_searchTerms).updateLead(id, oldSearchText, oldDigits, searchText, digits);
}

Status LeadRepository::setOptedOut(qint64 id, bool optedOut, qint64 nowMs) const
{
    auto updated = m_database.update(QStringLiteral("UPDATE leads SET opted_out = ?, updated_at = ? WHERE id = ?"),
                                     {optedOut ? 1 : 0, nowMs, id});
    if (!updated)
        return updated.error();
    return {};
}

Status LeadRepository::updateOne(qint64 id, const QString &assignments, const QVariantList &values) const
{
    auto updated = m_database.update(QStringLiteral("UPDATE leads SET %1 WHERE id = ?").arg(assignments),
                                     QVariantList(values) << id);
    if (!updated)
        return updated.error();
    if (*updated == 0)
        return leadGone(id);
    return {};
}

Status LeadRepository::setAssignedUser(qint64 id, qint64 userId, qint64 nowMs) const
{
    return updateOne(id, QStringLiteral("assigned_user_id = ?, updated_at = ?"), {Database::nullableId(userId), nowMs});
}

Status LeadRepository::setStatus(qint64 id, LeadStatus status, qint64 nowMs) const
{
    return updateOne(id, QStringLiteral("status = ?, updated_at = ?"), {toString(status), nowMs});
}

Status LeadRepository::lockForUpdate(qint64 id) const
{
    if (m_database.engine() != SqlEngine::Postgres)
        return {};
    auto locked = m_database.exec(QStringLiteral("SELECT id FROM leads WHERE id = ? FOR UPDATE"), {id});
    if (!locked)
        return locked.error();
    locked->finish();
    return {};
}

Status LeadRepository::remove(qint64 id) const
{
    // On PostgreSQL another transaction may still be writing terms of this lead: a new
    // name or a new message. Locking the lead and its conversations waits for it, so the
    // words read next include its words. A message inserted later fails its foreign key
    // instead of leaving terms of a deleted lead behind, which the search count would find.
    if (auto locked = lockForUpdate(id); !locked)
        return locked;
    if (m_database.engine() == SqlEngine::Postgres) {
        auto conversations =
            m_database.exec(QStringLiteral("SELECT id FROM conversations WHERE lead_id = ? FOR UPDATE"), {id});
        if (!conversations)
            return conversations.error();
        conversations->finish();
    }
    if (auto unindexed = SearchIndex(m_database, m_searchTerms).removeLead(id); !unindexed)
        return unindexed;
    auto removed = m_database.update(QStringLiteral("DELETE FROM leads WHERE id = ?"), {id});
    if (!removed)
        return removed.error();
    if (*removed == 0)
        return leadGone(id);
    return {};
}

Status LeadRepository::touchLastContact(qint64 id, qint64 atMs) const
{
    auto updated = m_database.update(
        QStringLiteral("UPDATE leads SET last_contact_at = ? WHERE id = ?"), {atMs, id});
    if (!updated)
        return updated.error();
    return {};
}

QString LeadRepository::tagKey(const QString &tag)
{
    return tag.trimmed().toCaseFolded();
}

Result<QStringList> LeadRepository::tags(qint64 leadId) const
{
    auto query = m_database.exec(QStringLiteral("SELECT tag FROM lead_tags WHERE lead_id = ? ORDER BY position, tag_key"),
                                 {leadId});
    if (!query)
        return query.error();
    QStringList tags;
    while (query->next())
        tags << query->value(0).toString();
    query->finish();
    return tags;
}

Status LeadRepository::setTags(qint64 leadId, const QStringList &tags) const
{
    auto removed = m_database.update(QStringLiteral("DELETE FROM lead_tags WHERE lead_id = ?"), {leadId});
    if (!removed)
        return removed.error();
    for (qsizetype position = 0; position < tags.size(); ++position) {
        const QString &tag = tags.at(position);
        auto inserted = m_database.update(
            QStringLiteral("INSERT INTO lead_tags (lead_id, tag_key, tag, position) VALUES (?, ?, ?, ?)"),
            {leadId, tagKey(tag), tag, int(position)});
        if (!inserted)
            return inserted.error();
    }
    return {};
}

namespace {

// The conditions of a lead list but its search, with their values appended to `values`.
QStringList fieldConditions(const LeadListFilter &filter, QVariantList &values)
{
    QStringList conditions;
    if (!filter.phoneKey.isEmpty()) {
        conditions << QStringLiteral("l.phone_key = ?");
        values << filter.phoneKey;
    }
    if (filter.status) {
        conditions << QStringLiteral("l.status = ?");
        values << toString(*filter.status);
    }
    if (filter.source) {
        conditions << QStringLiteral("l.source = ?");
        values << toString(*filter.source);
    }
    if (filter.campaignId > 0) {
        conditions << QStringLiteral("l.campaign_id = ?");
        values << filter.campaignId;
    }
    if (filter.assignedUserId > 0) {
        conditions << QStringLiteral("l.assigned_user_id = ?");
        values << filter.assignedUserId;
    } else if (filter.assignedUserId < 0) {
        conditions << QStringLiteral("l.assigned_user_id IS NULL");
    }
    conditions << visibilityCondition(filter.visibility, values);
    conditions.removeAll(QString());
    return conditions;
}

// The WHERE clause of a lead list, with its values appended to `values`.
QString filterClause(const LeadListFilter &filter, QVariantList &values)
{
    QStringList conditions = fieldConditions(filter, values);
    conditions << SearchIndex::leadCondition(filter.search, values);
    return whereClause(conditions);
}

} // namespace

QString LeadRepository::pageWhere(const LeadListFilter &filter, const std::optional<LeadIdSet> &few,
                                  QVariantList &values) const
{
    QString where = filterClause(filter, values);
    // The conditions above stay, so a gathered page lists what a walked one would.
    if (few) {
        where += QStringLiteral(" AND l.id IN (%1)").arg(few->select);
        values << few->values;
    }
    return where;
}

Result<QList<Lead>> LeadRepository::list(const LeadListFilter &filter) const
{
    auto few = fewLeadsOfFilter(filter);
    if (!few)
        return few.error();
    QVariantList values;
    const QString where = pageWhere(filter, *few, values);
    QString sql = QStringLiteral("SELECT %1 FROM leads l%2 ORDER BY l.id DESC").arg(leadColumns, where);
    if (filter.limit > 0) {
        sql += QStringLiteral(" LIMIT ? OFFSET ?");
        values << filter.limit << filter.offset;
    }
    auto query = m_database.exec(sql, values);
    if (!query)
        return query.error();
    QList<Lead> leads;
    while (query->next())
        leads << readLead(*query);
    query->finish();
    return leads;
}

namespace {

// The sort expression of `key`. Each one but the campaign's matches an index of migration
// 7 expression for expression, which is what lets SQLite and PostgreSQL walk the index
// instead of sorting every lead.
QString sortExpression(LeadSortKey key)
{
    switch (key) {
    case LeadSortKey::LastContact:
        return QStringLiteral("COALESCE(l.last_contact_at, l.created_at)");
    case LeadSortKey::Name:
        return QStringLiteral("l.name");
    case LeadSortKey::Phone:
        return QStringLiteral("COALESCE(l.phone, '')");
    case LeadSortKey::Stage:
        return QStringLiteral("CASE l.status WHEN 'new' THEN 0 WHEN 'contacted' THEN 1 WHEN 'qualified' THEN 2 "
                              "WHEN 'converted' THEN 3 WHEN 'lost' THEN 4 ELSE 5 END");
    case LeadSortKey::Source:
        return QStringLiteral("l.source");
    case LeadSortKey::Campaign:
        return QStringLiteral("COALESCE(c.name, '')");
    }
    return QStringLiteral("l.id");
}

QString orderClause(const LeadSort &sort)
{
    const QString direction = sort.descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    return sortExpression(sort.key) + direction + QStringLiteral(", l.id") + direction;
}

const QString CampaignJoin = QStringLiteral(" LEFT JOIN campaigns c ON c.id = l.campaign_id");

// The rank of `status` in the stage's sort expression.
int stageRank(LeadStatus status)
{
    switch (status) {
    case LeadStatus::New:
        return 0;
    case LeadStatus::Contacted:
        return 1;
    case LeadStatus::Qualified:
        return 2;
    case LeadStatus::Converted:
        return 3;
    case LeadStatus::Lost:
        return 4;
    }
    return 5;
}



// Reads the rows of the leads whose ids the query `pageIds` selects, in `sort`'s order, each
// joined to its campaign's name.
Result<QList<LeadRepository::Row>> rowsOfPage(const Database &database, const QString &pageIds,
                                              const QVariantList &values, const LeadSort &sort)
{
    auto query = database.exec(QStringLiteral("SELECT %1, COALESCE(c.name, '') FROM (%2) page "
                                              "JOIN leads l ON l.id = page.id%3 ORDER BY %4")
                                   .arg(leadColumns, pageIds, CampaignJoin, orderClause(sort)),
                               values);
    if (!query)
        return query.error();
    QList<LeadRepository::Row> rows;
    while (query->next())
        rows << LeadRepository::Row{readLead(*query), query->value(17).toString()};
    query->finish();
    return rows;
}

// Returns whether the search is the filter's only condition.
bool searchesOnly(const LeadListFilter &filter)
{
    return !filter.search.trimmed().isEmpty() && filter.phoneKey.isEmpty() && !filter.status && !filter.source
        && filter.campaignId == 0 && filter.assignedUserId == 0 && filter.visibility.agentUserId <= 0;
}

// A word with more completions than this is searched by gathering its matches.
constexpr int MaxWalkedCompletions = 16;

// Returns the conditions of `filter` but its search and visibility as sets of ids, each
// read from an index in id order (leads_stage, leads_source, leads_owner_inbox and
// leads_unassigned). std::nullopt when a condition has no such index: the campaign or the
// phone key.
std::optional<QList<LeadIdSet>> fieldIdSets(const LeadListFilter &filter)
{
    if (!filter.phoneKey.isEmpty() || filter.campaignId > 0)
        return std::nullopt;
    QList<LeadIdSet> sets;
    if (filter.status)
        sets << LeadIdSet{QStringLiteral("SELECT l.id FROM leads l WHERE %1 = ?").arg(sortExpression(LeadSortKey::Stage)),
                          {stageRank(*filter.status)}};
    if (filter.source)
        sets << LeadIdSet{QStringLiteral("SELECT l.id FROM leads l WHERE l.source = ?"), {toString(*filter.source)}};
    if (filter.assignedUserId > 0)
        sets << LeadIdSet::ownedBy(filter.assignedUserId);
    else if (filter.assignedUserId < 0)
        sets << LeadIdSet::unassigned();
    return sets;
}

} // namespace

LeadIdSet LeadIdSet::unassigned()
{
    return {QStringLiteral("SELECT l.id FROM leads l WHERE l.assigned_user_id IS NULL"), {}};
}

LeadIdSet LeadIdSet::ownedBy(qint64 userId)
{
    // leads_owner_inbox's key is the owner alone, so its entries for one owner are in id
    // order.
    return {QStringLiteral("SELECT l.id FROM leads l WHERE l.assigned_user_id + 0 = ? AND l.assigned_user_id IS NOT NULL"),
            {userId}};
}

LeadIdSet LeadIdSet::agentView(qint64 agentUserId)
{
    const LeadIdSet own = ownedBy(agentUserId);
    return {unassigned().select + QStringLiteral(" UNION ALL ") + own.select, own.values};
}

Result<std::optional<QStringList>> LeadRepository::wordSearched(const LeadListFilter &filter) const
{
    if (filter.search.trimmed().isEmpty() || !filter.phoneKey.isEmpty())
        return std::optional<QStringList>();
    return SearchIndex(m_database).completions(filter.search, MaxWalkedCompletions);
}

Result<std::optional<QList<LeadRepository::Row>>> LeadRepository::walkedSearchPage(const LeadListFilter &filter,
                                                                                   const QStringList &terms) const
{
    // The walk is tried only when the word's index rows are at least as dense among all
    // leads as a full page within the window needs. A rarer word skips it, because its
    // window would seldom contain a page.
    auto leads = m_database.scalar(QStringLiteral("SELECT MAX(id) FROM leads"), {}, 0);
    if (!leads)
        return leads.error();
    const qint64 needed = (qint64(filter.offset) + filter.limit) * std::max<qint64>(leads->toLongLong(), 1)
        / m_searchWalkRows;
    if (needed > std::numeric_limits<int>::max())
        return std::optional<QList<Row>>();
    auto termRows = SearchIndex(m_database).countTermRows(terms, int(needed));
    if (!termRows)
        return termRows.error();
    if (*termRows < needed)
        return std::optional<QList<Row>>();

    // The window is the first leads of the order, read from the sort key's index. Its
    // matches, in the same order, are the first matches of the whole list. The filter's
    // other conditions are evaluated for the window's leads without narrowing it, since
    // a window of only the leads that meet them could take the whole table to fill.
    QVariantList values;
    const QStringList conditions = fieldConditions(filter, values);
    const QString admitted = conditions.isEmpty()
        ? QString()
        : QStringLiteral(", (%1) AS admitted").arg(conditions.join(QStringLiteral(" AND ")));
    const QString window = QStringLiteral("SELECT l.id AS id, %1 AS sort_key%2 FROM leads l ORDER BY %3 LIMIT ?")
                               .arg(sortExpression(filter.sort.key), admitted, orderClause(filter.sort));
    values << m_searchWalkRows;
    const QString direction = filter.sort.descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    const QString hasTerm = SearchIndex::leadHasTerm(QStringLiteral("w.id"), terms, values);
    const QString pageIds = QStringLiteral("SELECT w.id FROM (%1) w WHERE %2%3 ORDER BY w.sort_key%4, w.id%4 LIMIT ? OFFSET ?")
                                .arg(window, conditions.isEmpty() ? QString() : QStringLiteral("w.admitted AND "),
                                     hasTerm, direction);
    values << filter.limit << filter.offset;
    auto rows = rowsOfPage(m_database, pageIds, values, filter.sort);
    if (!rows)
        return rows.error();
    if (rows->size() < filter.limit)
        return std::optional<QList<Row>>();
    return std::optional<QList<Row>>(*rows);
}

Result<QList<LeadRepository::Row>> LeadRepository::listRows(const LeadListFilter &filter) const
{
    auto few = fewLeadsOfFilter(filter);
    if (!few)
        return few.error();

    // The campaign's name has no index to walk. A word within an agent's or owner's few
    // leads is not walked either, because the window would seldom hold a page of them.
    if (filter.limit > 0 && filter.sort.key != LeadSortKey::Campaign && !*few) {
        auto terms = wordSearched(filter);
        if (!terms)
            return terms.error();
        if (*terms) {
            auto page = walkedSearchPage(filter, **terms);
            if (!page)
                return page.error();
            if (*page)
                return **page;
        }
    }

    QVariantList values;
    const QString where = pageWhere(filter, *few, values);
    values << (filter.limit > 0 ? filter.limit : std::numeric_limits<int>::max()) << filter.offset;
    const QString order = orderClause(filter.sort);
    // The inner query pages through ids alone, which an index on the sort key covers, so
    // OFFSET skips index entries without reading the rows it skips. Only the page's
    // leads are then read and joined to their campaigns.
    const QString pageIds = QStringLiteral("SELECT l.id FROM leads l%1%2 ORDER BY %3 LIMIT ? OFFSET ?")
                                .arg(filter.sort.key == LeadSortKey::Campaign ? CampaignJoin : QString(), where, order);
    return rowsOfPage(m_database, pageIds, values, filter.sort);
}

Result<std::optional<LeadIdSet>> LeadRepository::fewLeadsOfFilter(const LeadListFilter &filter) const
{
    QList<LeadIdSet> candidates;
    if (filter.visibility.agentUserId > 0) {
        candidates << LeadIdSet::agentView(filter.visibility.agentUserId);
    }
    if (filter.assignedUserId > 0)
        candidates << LeadIdSet::ownedBy(filter.assignedUserId);
    else if (filter.assignedUserId < 0)
        candidates << LeadIdSet::unassigned();

    for (const LeadIdSet &candidate : std::as_const(candidates)) {
        auto gathered = m_gatherRule.gathers(m_database, candidate.select, candidate.values);
        if (!gathered)
            return gathered.error();
        if (*gathered)
            return std::optional<LeadIdSet>(candidate);
    }
    return std::optional<LeadIdSet>();
}

Result<int> LeadRepository::count(const LeadListFilter &filter) const
{
    auto terms = wordSearched(filter);
    if (!terms)
        return terms.error();
    if (*terms && searchesOnly(filter))
        return SearchIndex(m_database).countLeadsWithTerm(**terms);

    // A word within other conditions, or an agent's view, is counted by merging sets of ids
    // where indexes allow it. Looking up every match's lead costs far more.
    // PostgreSQL does not merge the sets: it hashes them and sorts again, which took two to
    // three times as long as its plain count on 200,000 leads.
    const bool searchIndexed = *terms || filter.search.trimmed().isEmpty();
    if (m_database.engine() == SqlEngine::Sqlite && searchIndexed && (*terms || filter.visibility.agentUserId > 0)) {
        if (auto sets = fieldIdSets(filter)) {
            if (*terms) {
                LeadIdSet matches;
                matches.select = SearchIndex::leadsWithTerm(**terms, matches.values);
                sets->prepend(matches);
            }
            return countIntersection(*sets, filter.visibility);
        }
    }

    QVariantList values;
    auto value = m_database.scalar(QStringLiteral("SELECT COUNT(*) FROM leads l") + filterClause(filter, values), values, 0);
    if (!value)
        return value.error();
    return value->toInt();
}

Result<int> LeadRepository::countIntersection(const QList<LeadIdSet> &sets, const LeadVisibility &visibility) const
{
    // An agent's view is two disjoint sets of leads, the unassigned and their own, so the
    // count is the sum of one intersection with each.
    QList<QList<LeadIdSet>> branches;
    if (visibility.agentUserId > 0)
        branches << (QList<LeadIdSet>(sets) << LeadIdSet::unassigned()) << (QList<LeadIdSet>(sets) << LeadIdSet::ownedBy(visibility.agentUserId));
    else
        branches << sets;

    // With ORDER BY on the compound SELECT, SQLite merges the id-ordered sets (MERGE
    // (INTERSECT) in its plan) instead of building a temporary B-tree of one of them.
    QStringList counts;
    QVariantList values;
    for (const QList<LeadIdSet> &branch : std::as_const(branches)) {
        QStringList selects;
        for (const LeadIdSet &set : branch) {
            selects << set.select;
            values << set.values;
        }
        counts << QStringLiteral("(SELECT COUNT(*) FROM (%1 ORDER BY 1) AS matches)")
                      .arg(selects.join(QStringLiteral(" INTERSECT ")));
    }
    auto count = m_database.scalar(QStringLiteral("SELECT ") + counts.join(QStringLiteral(" + ")), values, 0);
    if (!count)
        return count.error();
    return count->toInt();
}

Result<qint64> LeadRepository::idByPhoneKey(const QString &phoneKey) const
{
    auto id = m_database.scalar(QStringLiteral("SELECT id FROM leads WHERE phone_key = ?"), {phoneKey}, 0);
    if (!id)
        return id.error();
    return id->toLongLong();
}

} // namespace Prospecta
