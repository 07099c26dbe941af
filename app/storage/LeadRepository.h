// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "GatherRule.h"
#include "core/Result.h"
#include "domain/Entities.h"

#include <QList>
#include <QVariant>

#include <optional>

namespace Prospecta {

class Database;
class SearchTermBatch;

// The leads an agent may see: their own and the unassigned ones. 0 means every lead.
struct LeadVisibility
{
    qint64 agentUserId = 0;
};

// The column a list of leads is sorted by (LeadRepository::listRows). Every order ends
// with the lead's id in the same direction, so equal keys keep one order and pages never
// overlap or skip a lead.
enum class LeadSortKey {
    LastContact, // the last contact, else the creation time
    Name,
    Phone,       // leads without a phone sort as an empty phone
    Stage,       // in funnel order: new, contacted, qualified, converted, lost
    Source,      // by the stored name of the source
    Campaign     // by the campaign's name, leads without one as an empty name
};

// A SELECT of lead ids, one column, that an index reads in id order, with its values.
struct LeadIdSet
{
    QString select;
    QVariantList values;

    // The unassigned leads, through leads_unassigned.
    static LeadIdSet unassigned();
    // The leads of `userId`, through leads_owner_inbox.
    static LeadIdSet ownedBy(qint64 userId);
    // The leads an agent may see: the unassigned ones and their own.
    static LeadIdSet agentView(qint64 agentUserId);
};

struct LeadSort
{
    LeadSortKey key = LeadSortKey::LastContact;
    bool descending = true;
};

struct LeadListFilter
{
    QString phoneKey;   // exact identity, empty for all
    std::optional<LeadStatus> status;
    std::optional<LeadSource> source;
    qint64 campaignId = 0; // 0 for any campaign
    qint64 assignedUserId = 0; // the owner: 0 for any owner, -1 for unassigned leads only
    // Words to find among the lead's name, email, notes and messages, without case or
    // accents, the last word as a prefix (SearchIndex::leadCondition). A query of at least
    // 4 digits (spaces, dashes, dots, parentheses and "+" ignored) also finds phones
    // containing them.
    QString search;
    LeadVisibility visibility;
    LeadSort sort;      // for listRows() only
    int limit = 0;      // 0: no limit
    int offset = 0;
};

class LeadRepository
{
public:
    explicit LeadRepository(const Database &database);

    // Makes create() and save() hold new search terms in `batch` (see SearchTermBatch).
    void deferSearchTerms(SearchTermBatch *batch) { m_searchTerms = batch; }

    Result<std::optional<Lead>> findByPhoneKey(const QString &phoneKey) const;
    Result<std::optional<Lead>> findById(qint64 id) const;
    Result<qint64> create(const Lead &lead, qint64 nowMs) const;
    // Writes every field a person may edit (name, phone, phone key, country, email, source,
    // campaign, status, score, owner, last contact, notes, metadata).
    Status save(const Lead &lead, qint64 nowMs) const;
    Status setName(qint64 id, const QString &name, qint64 nowMs) const;
    Status setOptedOut(qint64 id, bool optedOut, qint64 nowMs) const;
    // Leaves updated_at alone: a message is not an edit, so it must not make a lead file
    // opened before it look stale (LeadInput::expectedUpdatedMs).
    Status touchLastContact(qint64 id, qint64 atMs) const;
    // userId 0 leaves the lead unassigned.
    Status setAssignedUser(qint64 id, qint64 userId, qint64 nowMs) const;
    Status setStatus(qint64 id, LeadStatus status, qint64 nowMs) const;
    // Deletes the lead; its conversations, messages, calls and outbox rows go with it
    // (ON DELETE CASCADE).
    Status remove(qint64 id) const;
    // Locks the lead's row until the caller's transaction ends, so concurrent changes of
    // one lead from several processes run one after the other (PostgreSQL SELECT ... FOR
    // UPDATE). No effect on SQLite, whose BEGIN IMMEDIATE already admits one writer.
    Status lockForUpdate(qint64 id) const;

    // The lead's tags in the order they were given.
    Result<QStringList> tags(qint64 leadId) const;
    // Replaces the lead's tags. The caller passes them trimmed and without duplicates
    // compared without case (LeadService does); a case duplicate here fails the insert.
    Status setTags(qint64 leadId, const QStringList &tags) const;
    // The key that tags are compared by: the tag case-folded.
    static QString tagKey(const QString &tag);

    // Newest first.
    Result<QList<Lead>> list(const LeadListFilter &filter = {}) const;
    // The number of leads `filter` matches, without its limit and offset. A search for one
    // word within other conditions or an agent's view is counted by intersecting index
    // scans in id order, where every condition has one (all but the campaign and the phone
    // key). For "hola" within one stage of the 1M data set that took 46 ms, against 140 ms
    // for a lookup of each match's lead.
    Result<int> count(const LeadListFilter &filter = {}) const;

    // Rows for the leads view: the lead and its campaign's name.
    struct Row
    {
        Lead lead;
        QString campaignName;
    };
    // The rows in the filter's sort order (most recent contact first by default); the
    // filter's limit and offset page the rows. The query reads the page's ids from an
    // index first and joins the rest for those ids only. A page deep into a million leads
    // then costs tens of milliseconds instead of seconds, except when sorting by
    // campaign, which no index covers.
    Result<QList<Row>> listRows(const LeadListFilter &filter) const;

    // A search for one common word ("hola" in a third of a million leads) gathered and
    // sorted every match for each page. Now a page may first walk this many leads of the
    // sort order and keep those with the word's terms that meet the filter's other
    // conditions. That happens when the search is one word and its index rows are dense
    // enough to fill the page from that many leads. The walk is a prefix of the order, so
    // a full page from it is exact. Otherwise, and for rarer words, the matches are
    // gathered as before.
    static constexpr int SearchWalkRows = 10000;
    // Tests shrink the walk to reach both ways with a few leads.
    void setSearchWalkRows(int rows) { m_searchWalkRows = rows; }

    // A page walks its sort order's index and checks each lead's owner. For an agent whose
    // view has none of 1,000,000 leads, that read them all (278 ms). When the leads of an
    // agent's view, the owner filter or the unassigned filter are few and sparse
    // (GatherRule), the page reads those leads first and sorts them.
    void setGatherRule(const GatherRule &rule) { m_gatherRule = rule; }

    // The id of the lead whose phone key is `phoneKey`, or 0 when there is none. The
    // spreadsheet import looks up every row's phone with it, because its statement is
    // reused (Database::scalar), unlike findByPhoneKey()'s.
    Result<qint64> idByPhoneKey(const QString &phoneKey) const;

private:
    // The lead whose `column` (a fixed column name, never user input) equals `value`.
    Result<std::optional<Lead>> findOne(const QString &column, const QVariant &value) const;
    Status updateOne(qint64 id, const QString &assignments, const QVariantList &values) const;
    // updateOne() for an update that sets the lead's search text and phone digits, which
    // also replaces the lead's terms in the search index.
    Status updateIndexed(qint64 id, const QString &searchText, const QString &digits, const QString &assignments,
                         const QVariantList &values) const;
    // Returns the terms of a filter that searches for one word with few completions
    // (SearchIndex::completions), or std::nullopt.
    Result<std::optional<QStringList>> wordSearched(const LeadListFilter &filter) const;
    // Returns the WHERE clause of a page of `filter`, which starts from `few` when the
    // filter has few leads (fewLeadsOfFilter). Its values are appended to `values`.
    QString pageWhere(const LeadListFilter &filter, const std::optional<LeadIdSet> &few, QVariantList &values) const;
    // Returns the leads of the agent's view, the owner filter or the unassigned filter
    // when m_gatherRule reads them first, or std::nullopt.
    Result<std::optional<LeadIdSet>> fewLeadsOfFilter(const LeadListFilter &filter) const;
    // Counts the leads in every one of `sets` that `visibility` shows.
    Result<int> countIntersection(const QList<LeadIdSet> &sets, const LeadVisibility &visibility) const;
    // Returns the page of listRows() from a walk of the first m_searchWalkRows leads of the sort
    // order, or std::nullopt when the walk found fewer leads than a full page.
    Result<std::optional<QList<Row>>> walkedSearchPage(const LeadListFilter &filter, const QStringList &terms) const;

    const Database &m_database;
    SearchTermBatch *m_searchTerms = nullptr;
    int m_searchWalkRows = SearchWalkRows;
    GatherRule m_gatherRule;
};

} // namespace Prospecta
