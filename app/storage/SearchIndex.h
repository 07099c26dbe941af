// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QStringList>
#include <QVariantList>

#include <optional>

#include <vector>

namespace Prospecta {

class Database;

// Term rows held back by an import and inserted once per batch, in key order. Inserted
// lead by lead, the terms land all over search_terms' primary key. A batch of thousands of
// leads then dirtied more pages than SQLite's cache holds, and SQLite wrote many of them
// to the WAL more than once before the commit.
class SearchTermBatch
{
public:
    bool isEmpty() const { return m_rows.empty(); }
    void clear() { m_rows.clear(); }

private:
    friend class SearchIndex;
    struct Row
    {
        QString term;
        qint64 leadId = 0;
        int origin = 0;
    };
    std::vector<Row> m_rows;
};

// The word index behind lead search: one row of search_terms per distinct term, lead and
// origin. Terms are the folded words of a lead's name, email and notes and of its messages
// (TextFolding::searchText), cut to MaxTermLength characters, and every run of at least
// MinPhoneDigits digits that ends a lead's phone. A word is found with an equality or a
// prefix range on the primary key, so a search reads a few index pages instead of every
// lead and message. Both engines compare terms as UTF-8 bytes (SQLite's BINARY, the "C"
// collation on PostgreSQL), so a query returns the same leads on both.
//
// The repositories keep the index in step with every write of a lead's fields, a lead's
// removal and every new message, inside the caller's transaction.
class SearchIndex
{
public:
    // The source of a term. Words search the lead's fields and messages, and a run of
    // digits also searches the phone.
    enum class Origin {
        LeadFields = 0, // name, email and notes
        PhoneDigits = 1,
        Messages = 2
    };

    // Longer words are indexed and searched by their first 64 characters (Unicode code
    // points, as SQLite's substr and PostgreSQL's left count them), which keeps every key
    // far below PostgreSQL's B-tree row limit. A search word of more characters matches
    // any word that starts with those 64.
    static constexpr int MaxTermLength = 64;
    static constexpr int MinPhoneDigits = 4;
    // Words of a query beyond this many distinct ones are ignored.
    static constexpr int MaxSearchWords = 32;

    // With a `batch`, new terms of leads and messages wait in it for insertBatch().
    // Removed terms leave both the batch and the table at once.
    explicit SearchIndex(const Database &database, SearchTermBatch *batch = nullptr);

    // The distinct terms of a stored search text (" ana lopez ").
    static QStringList termsOfSearchText(const QString &searchText);
    // The phone's digits from each position that leaves at least MinPhoneDigits of them:
    // "5215512" gives "5215512", "215512", "15512", "5512". A run typed by the user is a
    // prefix of one of them exactly when the phone contains it.
    static QStringList termsOfPhoneDigits(const QString &digits);

    // Replaces the terms of a lead's fields and phone after its search text or phone
    // digits changed; empty old values for a new lead.
    Status updateLead(qint64 leadId, const QString &oldSearchText, const QString &oldPhoneDigits,
                      const QString &newSearchText, const QString &newPhoneDigits) const;
    // Adds the words of a new message of `conversationId` to its lead's terms.
    Status addMessage(qint64 conversationId, const QString &searchText) const;
    // Removes every term of a lead. Call it before the lead and its messages are deleted,
    // because the terms to delete are computed from their stored text.
    Status removeLead(qint64 leadId) const;
    // Indexes every lead with an id of at least `fromLeadId`, and their messages, with SQL
    // alone. Used by the migration that creates the index and by data generators.
    Status populate(qint64 fromLeadId = 0) const;
    // Inserts the rows of `batch` in key order and empties it.
    Status insertBatch(SearchTermBatch &batch) const;

    // The condition on leads `l` for a search query, with its values appended to `values`,
    // or an empty string when the query has no word. Every word must appear among the
    // lead's terms, the last one as a prefix. A query of at least MinPhoneDigits digits
    // (spaces, dashes, dots, parentheses and "+" ignored) also finds the phones that
    // contain those digits. A query with neither words nor digits, such as "😀", finds no
    // lead; an empty or blank one sets no condition.
    static QString leadCondition(const QString &query, QVariantList &values);

    // Returns the indexed terms a query of one word finds, at most `maxTerms` of them: the terms
    // that begin with the word, as the last word of a query is a prefix. std::nullopt
    // when the query is not one word, also searches phones (it is digits), or begins more
    // terms, runs of phone digits counted. A few index lookups, however many leads the
    // terms have.
    Result<std::optional<QStringList>> completions(const QString &query, int maxTerms) const;
    // Returns the condition that one of `terms` is among the words (fields or messages) of
    // the lead whose id is the SQL expression `leadId`. The terms are appended to `values`.
    // It costs one index lookup per term and lead, which suits a walk along another index.
    static QString leadHasTerm(const QString &leadId, const QStringList &terms, QVariantList &values);
    // Returns a SELECT of the distinct ids of the leads with one of `terms` among their
    // words, in id order when there is one term. The terms are appended to `values`.
    static QString leadsWithTerm(const QStringList &terms, QVariantList &values);
    // Counts the leads with one of `terms` among their words, from the index alone.
    Result<int> countLeadsWithTerm(const QStringList &terms) const;
    // Counts the index rows of `terms` for words, up to `limit`. The count is an upper
    // bound of the leads that have them, and `limit` bounds the time it takes.
    Result<int> countTermRows(const QStringList &terms, int limit) const;

private:
    Status insertTerms(qint64 leadId, Origin origin, const QStringList &terms) const;
    Status deleteTerms(qint64 leadId, Origin origin, const QStringList &terms) const;

    const Database &m_database;
    SearchTermBatch *m_batch = nullptr;
};

} // namespace Prospecta
