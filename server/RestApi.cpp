// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "RestApi.h"

#include "HttpService.h"
#include "RestJson.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "operations/AccountService.h"
#include "operations/ApiTokens.h"
#include "operations/ConfigurationService.h"
#include "operations/LeadDesk.h"
#include "operations/LeadService.h"
#include "operations/LoginService.h"
#include "operations/PasswordJobs.h"
#include "storage/CallRepository.h"
#include "storage/CampaignRepository.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/IntegrationRepository.h"
#include "storage/UserRepository.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>
#include <QPointer>
#include <QRegularExpression>

#include <algorithm>
#include <limits>

namespace Prospecta {

namespace {

constexpr int conversationMessageLimit = 50;

// Success texts. Like every other text of a response, they come out in the request's
// language (HttpService::dispatch() sets it for the thread).
const char *const loggedIn = QT_TRANSLATE_NOOP("Prospecta::RestApi", "Logged in.");
const char *const userRegistered = QT_TRANSLATE_NOOP("Prospecta::RestApi", "User registered.");
const char *const leadCreated = QT_TRANSLATE_NOOP("Prospecta::RestApi", "Lead created.");
const char *const leadUpdated = QT_TRANSLATE_NOOP("Prospecta::RestApi", "Lead updated.");
const char *const leadDeleted = QT_TRANSLATE_NOOP("Prospecta::RestApi", "Lead deleted.");
const char *const campaignCreated = QT_TRANSLATE_NOOP("Prospecta::RestApi", "Campaign created.");
const char *const campaignUpdated = QT_TRANSLATE_NOOP("Prospecta::RestApi", "Campaign updated.");
const char *const campaignDeleted = QT_TRANSLATE_NOOP("Prospecta::RestApi", "Campaign deleted.");
const char *const messageQueued = QT_TRANSLATE_NOOP("Prospecta::RestApi", "Message queued for sending.");
const char *const integrationSaved = QT_TRANSLATE_NOOP("Prospecta::RestApi", "Integration saved.");
const char *const conversationUpdated = QT_TRANSLATE_NOOP("Prospecta::RestApi", "Conversation updated.");

// Reads a record id from a URL's path segment or query value. An id is decimal digits
// from 1 to the largest 64-bit integer, the range of both databases' integer keys. A sign
// or a leading zero is rejected ("+5", "007"), so that one record has one URL.
std::optional<qint64> idOf(const QString &text)
{
    if (text.isEmpty() || text.size() > 19 || text.front() == QLatin1Char('0'))
        return std::nullopt;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    }
    // Nineteen digits may still exceed the maximum; toLongLong() then fails.
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    return ok ? std::optional<qint64>(id) : std::nullopt;
}

// Returns the 400 error for an {id} path segment that idOf() rejects, naming the field
// "id". A long segment is shortened in the message, which quotes it.
Error invalidId(const QString &text)
{
    constexpr qsizetype quotedLength = 32;
    const QString quoted = text.size() > quotedLength ? text.left(quotedLength) + QStringLiteral("…") : text;
    return makeError(ErrorKind::InvalidArgument,
                     RestApi::tr("The id \"%1\" in the URL is not valid; an id is a whole number from 1 to %2.")
                         .arg(quoted, QString::number(std::numeric_limits<qint64>::max())),
                     {QStringLiteral("id")});
}

// Translates one of the success texts above.
QString trRest(const char *sourceText)
{
    return QCoreApplication::translate("Prospecta::RestApi", sourceText);
}

// The kinds of record a route may not find.
enum class Missing { User, Campaign, Call, Conversation, Integration };

// Returns the 404 error for a missing record of the kind `kind`. Each kind has a whole
// sentence of its own, so that translations can inflect it.
Error notFound(Missing kind)
{
    QString message;
    switch (kind) {
    case Missing::User: message = RestApi::tr("User not found."); break;
    case Missing::Campaign: message = RestApi::tr("Campaign not found."); break;
    case Missing::Call: message = RestApi::tr("Call not found."); break;
    case Missing::Conversation: message = RestApi::tr("Conversation not found."); break;
    case Missing::Integration: message = RestApi::tr("Integration not found."); break;
    }
    return makeError(ErrorKind::NotFound, message);
}

Error missingFields(const QStringList &missing)
{
    return makeError(ErrorKind::MissingField,
                     RestApi::tr("Missing fields: %1.").arg(missing.join(QStringLiteral(", "))), missing);
}

Error notText(const QString &field)
{
    return makeError(ErrorKind::InvalidArgument, RestApi::tr("The field \"%1\" must be text.").arg(field), {field});
}

// Page number and page size of a list request.
struct Paging
{
    int page = 1;
    int limit = 10;

    int offset() const { return (page - 1) * limit; }
};

// Reads page and limit, the paging parameters of every list route. The page counts from 1
// and the limit is 1 to 100 (10 by default), so anything else is 400 naming the parameter.
// RestApi::rejected() has already rejected a parameter given twice.
Result<Paging> paging(const HttpRequest &request)
{
    Paging paging;
    for (const auto &[name, target, maximum] : {std::tuple{QStringLiteral("page"), &paging.page, 1000000},
                                                std::tuple{QStringLiteral("limit"), &paging.limit, 100}}) {
        if (!request.hasQuery(name))
            continue;
        // Plain decimal digits without a sign or a leading zero: "+1" and "01" are
        // rejected rather than read one way or another.
        const QString text = request.queryValue(name);
        static const QRegularExpression digits(QStringLiteral("^[1-9][0-9]{0,8}$"));
        const bool ok = digits.match(text).hasMatch();
        const int value = ok ? text.toInt() : 0;
        if (!ok || value < 1 || value > maximum)
            return makeError(ErrorKind::InvalidArgument,
                             RestApi::tr("The query parameter \"%1\" must be a whole number from 1 to %2.")
                                 .arg(name)
                                 .arg(maximum),
                             {name});
        *target = value;
    }
    return paging;
}

// Builds the body of every list route, which has the page's items under `key`, the page
// count, the page number and the total, as the original backend returned its lists.
HttpReply pageReply(const QString &key, const QJsonArray &items, qint64 total, const Paging &paging)
{
    return HttpReply::json({{key, items},
                            {QStringLiteral("totalPages"), double((total + paging.limit - 1) / paging.limit)},
                            {QStringLiteral("currentPage"), paging.page},
                            {QStringLiteral("total"), double(total)}});
}

// Requires each of `fields` to be non-empty text. A value of another type is 400
// invalid_field naming the field, and absent, null or empty fields are 400 missing_field
// listing them all.
Status requireTexts(const QJsonObject &body, const QStringList &fields)
{
    QStringList missing;
    for (const QString &field : fields) {
        const QJsonValue value = body.value(field);
        if (!value.isUndefined() && !value.isNull() && !value.isString())
            return notText(field);
        if (value.toString().isEmpty())
            missing << field;
    }
    if (!missing.isEmpty())
        return missingFields(missing);
    return {};
}

} // namespace

RestApi::RestApi(HttpService &service, RestContext context, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_context(std::move(context))
{
    Router &router = service.router();
    router.add<"/api/auth/login">(HttpMethod::Post, [this](const HttpRequest &request, HttpResponder responder) {
        login(request, std::move(responder));
    });
    router.add<"/api/auth/register">(HttpMethod::Post, [this](const HttpRequest &request, HttpResponder responder) {
        registerUser(request, std::move(responder));
    });
    router.add<"/api/auth/me">(HttpMethod::Get, [this](const HttpRequest &request, HttpResponder responder) {
        me(request, std::move(responder));
    });
    router.add<"/api/leads">(HttpMethod::Get, [this](const HttpRequest &request, HttpResponder responder) {
        listLeads(request, std::move(responder));
    });
    router.add<"/api/leads">(HttpMethod::Post, [this](const HttpRequest &request, HttpResponder responder) {
        createLead(request, std::move(responder));
    });
    router.add<"/api/leads/{id}">(HttpMethod::Get,
                                  [this](const QString &id, const HttpRequest &request, HttpResponder responder) {
                                      getLead(id, request, std::move(responder));
                                  });
    router.add<"/api/leads/{id}">(HttpMethod::Put,
                                  [this](const QString &id, const HttpRequest &request, HttpResponder responder) {
                                      updateLead(id, request, std::move(responder));
                                  });
    router.add<"/api/leads/{id}">(HttpMethod::Delete,
                                  [this](const QString &id, const HttpRequest &request, HttpResponder responder) {
                                      deleteLead(id, request, std::move(responder));
                                  });
    router.add<"/api/campaigns">(HttpMethod::Get, [this](const HttpRequest &request, HttpResponder responder) {
        listCampaigns(request, std::move(responder));
    });
    router.add<"/api/campaigns/{id}">(HttpMethod::Get,
                                      [this](const QString &id, const HttpRequest &request, HttpResponder responder) {
                                          getCampaign(id, request, std::move(responder));
                                      });
    router.add<"/api/campaigns">(HttpMethod::Post, [this](const HttpRequest &request, HttpResponder responder) {
        createCampaign(request, std::move(responder));
    });
    router.add<"/api/campaigns/{id}">(HttpMethod::Put,
                                      [this](const QString &id, const HttpRequest &request, HttpResponder responder) {
                                          updateCampaign(id, request, std::move(responder));
                                      });
    router.add<"/api/campaigns/{id}">(HttpMethod::Delete,
                                      [this](const QString &id, const HttpRequest &request, HttpResponder responder) {
                                          deleteCampaign(id, request, std::move(responder));
                                      });
    router.add<"/api/calls">(HttpMethod::Get, [this](const HttpRequest &request, HttpResponder responder) {
        listCalls(request, std::move(responder));
    });
    router.add<"/api/calls/{id}">(HttpMethod::Get,
                                  [this](const QString &id, const HttpRequest &request, HttpResponder responder) {
                                      getCall(id, request, std::move(responder));
                                  });
    router.add<"/api/conversations">(HttpMethod::Get, [this](const HttpRequest &request, HttpResponder responder) {
        listConversations(request, std::move(responder));
    });
    router.add<"/api/conversations/{id}">(HttpMethod::Get,
                                          [this](const QString &id, const HttpRequest &request, HttpResponder responder) {
                                              getConversation(id, request, std::move(responder));
                                          });
    router.add<"/api/conversations/{id}">(HttpMethod::Put,
                                          [this](const QString &id, const HttpRequest &request, HttpResponder responder) {
                                              updateConversation(id, request, std::move(responder));
                                          });
    router.add<"/api/conversations/{id}/messages">(
        HttpMethod::Post, [this](const QString &id, const HttpRequest &request, HttpResponder responder) {
            replyInConversation(id, request, std::move(responder));
        });
    router.add<"/api/integrations">(HttpMethod::Get, [this](const HttpRequest &request, HttpResponder responder) {
        listIntegrations(request, std::move(responder));
    });
    router.add<"/api/integrations/{provider}">(
        HttpMethod::Put, [this](const QString &provider, const HttpRequest &request, HttpResponder responder) {
            setIntegration(provider, request, std::move(responder));
        });
    router.add<"/api/openapi.json">(HttpMethod::Get, [this](const HttpRequest &request, HttpResponder responder) {
        if (auto refused = rejected(request))
            return responder.send(*refused);
        responder.send(HttpReply::json(openApi()));
    });
}

RestApi::~RestApi() = default;

std::optional<HttpReply> RestApi::rejected(const HttpRequest &request) const
{
    if (!m_context.settings().flag(QStringLiteral("api.enabled")))
        return HttpReply::error(404, "not_found",
                                tr("The REST API is off. An administrator can turn it on with "
                                   "`prospecta settings set api.enabled true`."));
    if (auto once = checkQuery(request); !once)
        return HttpReply::error(once.error());
    return std::nullopt;
}

void RestApi::authenticate(const HttpRequest &request, HttpResponder responder, const Authenticated &then) const
{
    if (auto refused = rejected(request))
        return responder.send(*refused);
    const auto keys = m_context.keys();
    if (!keys) {
        Error error = makeError(ErrorKind::Unavailable,
                                tr("This installation's private key is missing here, so API tokens cannot be "
                                   "checked. Run the server where the key is."));
        return responder.send(HttpReply::error(error));
    }
    auto principal = ApiTokens(m_context.database, m_context.clock, *keys)
                         .authenticate(request.header("Authorization"), request.client);
    if (!principal)
        return responder.send(HttpReply::error(principal.error()));
    then(*principal);
}

void RestApi::authenticateRecord(const QString &idText, const HttpRequest &request, HttpResponder responder,
                                 const AuthenticatedRecord &then) const
{
    authenticate(request, responder, [idText, responder, then](const Principal &principal) {
        const auto id = idOf(idText);
        if (!id)
            return responder.send(HttpReply::error(invalidId(idText)));
        then(principal, *id);
    });
}

void RestApi::login(const HttpRequest &request, HttpResponder responder)
{
    if (auto refused = rejected(request))
        return responder.send(*refused);
    const QStringList fields = {QStringLiteral("email"), QStringLiteral("password")};
    auto body = RestJson::objectBody(request, fields);
    if (!body)
        return responder.send(HttpReply::error(body.error()));
    if (auto given = requireTexts(*body, fields); !given)
        return responder.send(HttpReply::error(given.error()));

    const QString email = body->value(QStringLiteral("email")).toString();
    const QString password = body->value(QStringLiteral("password")).toString();
    m_context.login.login(email, password, request.client, [this, request, responder](const Result<Principal> &result) {
        if (!result)
            return responder.send(HttpReply::error(result.error()));
        const auto keys = m_context.keys();
        if (!keys)
            return responder.send(HttpReply::error(makeError(ErrorKind::Unavailable, tr("API tokens cannot be issued "
                                                                                        "without the private key."))));
        const int lifetime = m_context.settings().integer(QStringLiteral("api.tokenLifetimeMinutes"));
        auto token = ApiTokens(m_context.database, m_context.clock, *keys).issue(result->actor.userId, lifetime);
        if (!token)
            return responder.send(HttpReply::error(token.error()));
        auto record = UserRepository(m_context.database).findById(result->actor.userId);
        const User user = record && *record ? (*record)->user : User{};
        responder.send(HttpReply::json({{QStringLiteral("message"), trRest(loggedIn)},
                                        {QStringLiteral("token"), QString::fromLatin1(*token)},
                                        {QStringLiteral("user"), RestJson::user(user)}}));
    });
}

void RestApi::registerUser(const HttpRequest &request, HttpResponder responder)
{
    authenticate(request, responder, [this, request, responder](const Principal &principal) {
        const QStringList fields = {QStringLiteral("name"), QStringLiteral("email"), QStringLiteral("password"),
                                    QStringLiteral("role")};
        auto body = RestJson::objectBody(request, fields);
        if (!body)
            return responder.send(HttpReply::error(body.error()));
        if (auto given = requireTexts(*body, fields); !given)
            return responder.send(HttpReply::error(given.error()));
        const auto role = fromString<UserRole>(body->value(QStringLiteral("role")).toString());
        if (!role)
            return responder.send(HttpReply::error(makeError(
                ErrorKind::InvalidArgument,
                tr("The role must be one of %1.").arg(allNames<UserRole>().join(QStringLiteral(", "))),
                {QStringLiteral("role")})));
        User user;
        user.name = body->value(QStringLiteral("name")).toString();
        user.email = body->value(QStringLiteral("email")).toString();
        user.role = *role;
        if (auto valid = AccountService::validateNewUser(user); !valid)
            return responder.send(HttpReply::error(valid.error()));
        // The role check comes before hashing, so a refused request costs no Argon2id work.
        if (!principal.allows(Permission::ManageUsers))
            return responder.send(HttpReply::error(Authorizer::forbidden(principal, Permission::ManageUsers)));

        hashPasswordThen(m_context.hashing, this, body->value(QStringLiteral("password")).toString(),
                         [this, request, responder, principal, user](Result<QString> hash) {
            if (!hash)
                return responder.send(HttpReply::error(hash.error()));
            auto id = AccountService(m_context.database, m_context.clock).addUser(principal.actor, user, *hash);
            if (!id)
                return responder.send(HttpReply::error(id.error()));
            emit changed(QStringLiteral("users"), *id);
            // The new user's token, as the original backend returned it.
            const int lifetime = m_context.settings().integer(QStringLiteral("api.tokenLifetimeMinutes"));
            auto token = ApiTokens(m_context.database, m_context.clock, *m_context.keys()).issue(*id, lifetime);
            auto record = UserRepository(m_context.database).findById(*id);
            const User created = record && *record ? (*record)->user : user;
            responder.send(HttpReply::json({{QStringLiteral("message"), trRest(userRegistered)},
                                            {QStringLiteral("token"), token ? QString::fromLatin1(*token) : QString()},
                                            {QStringLiteral("user"), RestJson::user(created)}},
                                           201));
        });
    });
}

void RestApi::me(const HttpRequest &request, HttpResponder responder) const
{
    authenticate(request, responder, [this, responder](const Principal &principal) {
        auto record = UserRepository(m_context.database).findById(principal.actor.userId);
        if (!record)
            return responder.send(HttpReply::error(record.error()));
        if (!*record)
            return responder.send(HttpReply::error(notFound(Missing::User)));
        responder.send(HttpReply::json({{QStringLiteral("user"), RestJson::user((*record)->user)}}));
    });
}

QJsonObject RestApi::leadJson(const Lead &lead) const
{
    std::optional<User> owner;
    if (lead.assignedUserId > 0) {
        if (auto record = UserRepository(m_context.database).findById(lead.assignedUserId); record && *record)
            owner = (*record)->user;
    }
    std::optional<Campaign> campaign;
    if (lead.campaignId > 0) {
        if (auto found = CampaignRepository(m_context.database).findById(lead.campaignId); found && *found)
            campaign = **found;
    }
    return RestJson::lead(lead, owner, campaign);
}

HttpReply RestApi::leadReply(const Lead &lead, int status, const QString &message) const
{
    QJsonObject body{{QStringLiteral("lead"), leadJson(lead)}};
    if (!message.isEmpty())
        body.insert(QStringLiteral("message"), message);
    return HttpReply::json(body, status);
}

void RestApi::listLeads(const HttpRequest &request, HttpResponder responder) const
{
    authenticate(request, responder, [this, request, responder](const Principal &principal) {
        auto pages = paging(request);
        if (!pages)
            return responder.send(HttpReply::error(pages.error()));
        LeadQuery query;
        query.page = pages->page;
        query.limit = pages->limit;
        if (request.hasQuery(QStringLiteral("status"))) {
            query.status = fromString<LeadStatus>(request.queryValue(QStringLiteral("status")));
            if (!query.status)
                return responder.send(HttpReply::error(makeError(
                    ErrorKind::InvalidArgument,
                    tr("The query parameter \"status\" must be one of %1.").arg(allNames<LeadStatus>().join(QStringLiteral(", "))),
                    {QStringLiteral("status")})));
        }
        if (request.hasQuery(QStringLiteral("source"))) {
            query.source = fromString<LeadSource>(request.queryValue(QStringLiteral("source")));
            if (!query.source)
                return responder.send(HttpReply::error(makeError(
                    ErrorKind::InvalidArgument,
                    tr("The query parameter \"source\" must be one of %1.").arg(allNames<LeadSource>().join(QStringLiteral(", "))),
                    {QStringLiteral("source")})));
        }
        query.search = request.queryValue(QStringLiteral("search"));
        if (request.hasQuery(QStringLiteral("campaign"))) {
            const auto campaign = idOf(request.queryValue(QStringLiteral("campaign")));
            if (!campaign)
                return responder.send(HttpReply::error(makeError(ErrorKind::InvalidArgument,
                                                                 tr("The query parameter \"campaign\" must be a campaign id."),
                                                                 {QStringLiteral("campaign")})));
            query.campaignId = *campaign;
        }
        const LeadService leads(m_context.database, m_context.clock,
                                m_context.settings().text(QStringLiteral("phone.defaultRegion")));
        auto page = leads.list(principal.actor, query);
        if (!page)
            return responder.send(HttpReply::error(page.error()));
        QJsonArray array;
        for (const Lead &lead : std::as_const(page->leads))
            array.append(leadJson(lead));
        responder.send(pageReply(QStringLiteral("leads"), array, page->total, *pages));
    });
}

void RestApi::getLead(const QString &idText, const HttpRequest &request, HttpResponder responder) const
{
    authenticateRecord(idText, request, responder, [this, responder](const Principal &principal, qint64 id) {
        const LeadService leads(m_context.database, m_context.clock,
                                m_context.settings().text(QStringLiteral("phone.defaultRegion")));
        auto lead = leads.find(principal.actor, id);
        if (!lead)
            return responder.send(HttpReply::error(lead.error()));
        responder.send(leadReply(*lead, 200, {}));
    });
}

void RestApi::createLead(const HttpRequest &request, HttpResponder responder)
{
    authenticate(request, responder, [this, request, responder](const Principal &principal) {
        auto body = RestJson::objectBody(request, RestJson::leadFields());
        if (!body)
            return responder.send(HttpReply::error(body.error()));
        auto input = RestJson::leadInput(*body, true);
        if (!input)
            return responder.send(HttpReply::error(input.error()));
        const LeadService leads(m_context.database, m_context.clock,
                                m_context.settings().text(QStringLiteral("phone.defaultRegion")));
        auto lead = leads.create(principal.actor, *input);
        if (!lead)
            return responder.send(HttpReply::error(lead.error()));
        emit changed(QStringLiteral("leads"), lead->id);
        responder.send(leadReply(*lead, 201, trRest(leadCreated)));
    });
}

void RestApi::updateLead(const QString &idText, const HttpRequest &request, HttpResponder responder)
{
    authenticateRecord(idText, request, responder, [this, request, responder](const Principal &principal, qint64 id) {
        auto body = RestJson::objectBody(request, RestJson::leadFields());
        if (!body)
            return responder.send(HttpReply::error(body.error()));
        auto input = RestJson::leadInput(*body, false);
        if (!input)
            return responder.send(HttpReply::error(input.error()));
        const LeadService leads(m_context.database, m_context.clock,
                                m_context.settings().text(QStringLiteral("phone.defaultRegion")));
        auto lead = leads.update(principal.actor, id, *input);
        if (!lead)
            return responder.send(HttpReply::error(lead.error()));
        emit changed(QStringLiteral("leads"), lead->id);
        responder.send(leadReply(*lead, 200, trRest(leadUpdated)));
    });
}

void RestApi::deleteLead(const QString &idText, const HttpRequest &request, HttpResponder responder)
{
    authenticateRecord(idText, request, responder, [this, request, responder](const Principal &principal, qint64 id) {
        if (auto deleted = LeadDesk(m_context.database, m_context.clock).deleteLead(principal.actor, id);
            !deleted)
            return responder.send(HttpReply::error(deleted.error()));
        emit changed(QStringLiteral("leads"), id);
        responder.send(HttpReply::json({{QStringLiteral("message"), trRest(leadDeleted)}}));
    });
}

void RestApi::listCampaigns(const HttpRequest &request, HttpResponder responder) const
{
    authenticate(request, responder, [this, request, responder](const Principal &) {
        auto pages = paging(request);
        if (!pages)
            return responder.send(HttpReply::error(pages.error()));
        const CampaignRepository campaigns(m_context.database);
        auto total = campaigns.count();
        auto rows = campaigns.list(pages->limit, pages->offset());
        if (!total || !rows)
            return responder.send(HttpReply::error(!total ? total.error() : rows.error()));
        QJsonArray array;
        for (const Campaign &campaign : std::as_const(*rows))
            array.append(RestJson::campaign(campaign));
        responder.send(pageReply(QStringLiteral("campaigns"), array, *total, *pages));
    });
}

void RestApi::getCampaign(const QString &idText, const HttpRequest &request, HttpResponder responder) const
{
    authenticateRecord(idText, request, responder, [this, responder](const Principal &, qint64 id) {
        auto campaign = CampaignRepository(m_context.database).findById(id);
        if (!campaign)
            return responder.send(HttpReply::error(campaign.error()));
        if (!*campaign)
            return responder.send(HttpReply::error(notFound(Missing::Campaign)));
        responder.send(HttpReply::json({{QStringLiteral("campaign"), RestJson::campaign(**campaign)}}));
    });
}

void RestApi::createCampaign(const HttpRequest &request, HttpResponder responder)
{
    authenticate(request, responder, [this, request, responder](const Principal &principal) {
        // The role is checked before the body so a refused caller learns nothing about it.
        if (!principal.allows(Permission::ManageCampaigns))
            return responder.send(HttpReply::error(Authorizer::forbidden(principal, Permission::ManageCampaigns)));
        auto body = RestJson::objectBody(request, RestJson::campaignFields());
        if (!body)
            return responder.send(HttpReply::error(body.error()));
        auto input = RestJson::campaignInput(*body, Campaign{}, true);
        if (!input)
            return responder.send(HttpReply::error(input.error()));
        auto id = ConfigurationService(m_context.database, m_context.clock, m_context.privateKeyPath)
                      .createCampaign(principal.actor, *input);
        if (!id)
            return responder.send(HttpReply::error(id.error()));
        emit changed(QStringLiteral("campaigns"), *id);
        auto stored = CampaignRepository(m_context.database).findById(*id);
        if (!stored)
            return responder.send(HttpReply::error(stored.error()));
        if (!*stored)
            return responder.send(HttpReply::error(notFound(Missing::Campaign)));
        responder.send(HttpReply::json({{QStringLiteral("message"), trRest(campaignCreated)},
                                        {QStringLiteral("campaign"), RestJson::campaign(**stored)}},
                                       201));
    });
}

void RestApi::updateCampaign(const QString &idText, const HttpRequest &request, HttpResponder responder)
{
    authenticateRecord(idText, request, responder, [this, request, responder](const Principal &principal, qint64 id) {
        if (!principal.allows(Permission::ManageCampaigns))
            return responder.send(HttpReply::error(Authorizer::forbidden(principal, Permission::ManageCampaigns)));
        const CampaignRepository campaigns(m_context.database);
        auto existing = campaigns.findById(id);
        if (!existing)
            return responder.send(HttpReply::error(existing.error()));
        if (!*existing)
            return responder.send(HttpReply::error(notFound(Missing::Campaign)));
        auto body = RestJson::objectBody(request, RestJson::campaignFields());
        if (!body)
            return responder.send(HttpReply::error(body.error()));
        auto input = RestJson::campaignInput(*body, **existing, false);
        if (!input)
            return responder.send(HttpReply::error(input.error()));
        if (auto updated = ConfigurationService(m_context.database, m_context.clock, m_context.privateKeyPath)
                               .updateCampaign(principal.actor, *input);
            !updated)
            return responder.send(HttpReply::error(updated.error()));
        emit changed(QStringLiteral("campaigns"), input->id);
        auto stored = campaigns.findById(input->id);
        if (!stored)
            return responder.send(HttpReply::error(stored.error()));
        if (!*stored)
            return responder.send(HttpReply::error(notFound(Missing::Campaign)));
        responder.send(HttpReply::json({{QStringLiteral("message"), trRest(campaignUpdated)},
                                        {QStringLiteral("campaign"), RestJson::campaign(**stored)}}));
    });
}

void RestApi::deleteCampaign(const QString &idText, const HttpRequest &request, HttpResponder responder)
{
    authenticateRecord(idText, request, responder, [this, request, responder](const Principal &principal, qint64 id) {
        if (auto deleted = ConfigurationService(m_context.database, m_context.clock, m_context.privateKeyPath)
                               .deleteCampaign(principal.actor, id);
            !deleted)
            return responder.send(HttpReply::error(deleted.error()));
        emit changed(QStringLiteral("campaigns"), id);
        responder.send(HttpReply::json({{QStringLiteral("message"), trRest(campaignDeleted)}}));
    });
}

void RestApi::listCalls(const HttpRequest &request, HttpResponder responder) const
{
    authenticate(request, responder, [this, request, responder](const Principal &principal) {
        auto pages = paging(request);
        if (!pages)
            return responder.send(HttpReply::error(pages.error()));
        qint64 leadId = 0;
        if (request.hasQuery(QStringLiteral("lead"))) {
            const auto lead = idOf(request.queryValue(QStringLiteral("lead")));
            if (!lead)
                return responder.send(HttpReply::error(makeError(ErrorKind::InvalidArgument,
                                                                 tr("The query parameter \"lead\" must be a lead id."),
                                                                 {QStringLiteral("lead")})));
            leadId = *lead;
        }
        const qint64 agent = principal.allows(Permission::SeeAllLeads) ? 0 : principal.actor.userId;
        CallRepository calls(m_context.database);
        auto total = calls.count(agent, leadId);
        auto rows = calls.list(agent, leadId, pages->limit, pages->offset());
        if (!total || !rows)
            return responder.send(HttpReply::error(!total ? total.error() : rows.error()));
        QJsonArray array;
        for (const Call &call : std::as_const(*rows))
            array.append(RestJson::call(call));
        responder.send(pageReply(QStringLiteral("calls"), array, *total, *pages));
    });
}

void RestApi::getCall(const QString &idText, const HttpRequest &request, HttpResponder responder) const
{
    authenticateRecord(idText, request, responder, [this, responder](const Principal &principal, qint64 id) {
        auto call = CallRepository(m_context.database).findById(id);
        if (!call)
            return responder.send(HttpReply::error(call.error()));
        if (!*call)
            return responder.send(HttpReply::error(notFound(Missing::Call)));
        // A call is readable by the users who may work its lead.
        if (auto allowed = Authorizer(m_context.database).requireLead(principal, (*call)->leadId); !allowed)
            return responder.send(HttpReply::error(allowed.error()));
        responder.send(HttpReply::json({{QStringLiteral("call"), RestJson::call(**call)}}));
    });
}

void RestApi::listConversations(const HttpRequest &request, HttpResponder responder) const
{
    authenticate(request, responder, [this, request, responder](const Principal &principal) {
        auto pages = paging(request);
        if (!pages)
            return responder.send(HttpReply::error(pages.error()));
        const qint64 agent = principal.allows(Permission::SeeAllLeads) ? 0 : principal.actor.userId;
        ConversationRepository conversations(m_context.database);
        auto total = conversations.count(agent);
        auto rows = conversations.list(agent, pages->limit, pages->offset());
        if (!total || !rows)
            return responder.send(HttpReply::error(!total ? total.error() : rows.error()));
        QJsonArray array;
        for (const Conversation &conversation : std::as_const(*rows))
            array.append(RestJson::conversation(conversation));
        responder.send(pageReply(QStringLiteral("conversations"), array, *total, *pages));
    });
}

void RestApi::getConversation(const QString &idText, const HttpRequest &request, HttpResponder responder) const
{
    authenticateRecord(idText, request, responder, [this, responder](const Principal &principal, qint64 id) {
        if (auto allowed = Authorizer(m_context.database).requireConversation(principal, id); !allowed)
            return responder.send(HttpReply::error(allowed.error()));
        auto conversation = ConversationRepository(m_context.database).findById(id);
        if (!conversation)
            return responder.send(HttpReply::error(conversation.error()));
        if (!*conversation)
            return responder.send(HttpReply::error(notFound(Missing::Conversation)));
        auto messages = MessageRepository(m_context.database).latest(id, conversationMessageLimit);
        if (!messages)
            return responder.send(HttpReply::error(messages.error()));
        QJsonArray array;
        for (const Message &message : std::as_const(*messages))
            array.append(RestJson::message(message));
        QJsonObject object = RestJson::conversation(**conversation);
        object.insert(QStringLiteral("messages"), array);
        responder.send(HttpReply::json({{QStringLiteral("conversation"), object}}));
    });
}

void RestApi::replyInConversation(const QString &idText, const HttpRequest &request, HttpResponder responder)
{
    authenticateRecord(idText, request, responder, [this, request, responder](const Principal &principal, qint64 id) {
        auto body = RestJson::objectBody(request, {QStringLiteral("content")});
        if (!body)
            return responder.send(HttpReply::error(body.error()));
        const QJsonValue content = body->value(QStringLiteral("content"));
        if (!content.isUndefined() && !content.isNull() && !content.isString())
            return responder.send(HttpReply::error(makeError(ErrorKind::InvalidArgument,
                                                             tr("The field \"content\" must be text."),
                                                             {QStringLiteral("content")})));
        if (content.toString().trimmed().isEmpty())
            return responder.send(HttpReply::error(makeError(ErrorKind::MissingField,
                                                             tr("The field \"content\" is required."),
                                                             {QStringLiteral("content")})));
        auto messageId = LeadDesk(m_context.database, m_context.clock)
                             .sendHumanMessage(principal.actor, id, content.toString());
        if (!messageId) {
            // LeadDesk names its parameter "text", but the request's field is "content".
            Error error = messageId.error();
            for (QString &field : error.fields) {
                if (field == QLatin1String("text"))
                    field = QStringLiteral("content");
            }
            return responder.send(HttpReply::error(error));
        }
        emit changed(QStringLiteral("messages"), *messageId);
        emit changed(QStringLiteral("conversations"), id);
        emit outboxQueued();
        auto stored = MessageRepository(m_context.database).findById(*messageId);
        QJsonObject reply{{QStringLiteral("message"), trRest(messageQueued)}};
        if (stored && *stored)
            reply.insert(QStringLiteral("data"), RestJson::message(**stored));
        responder.send(HttpReply::json(reply, 201));
    });
}

// Takes the conversation from the AI or gives it back, as the desktop's chat does, so a
// takeover through the API is not for good.
void RestApi::updateConversation(const QString &idText, const HttpRequest &request, HttpResponder responder)
{
    authenticateRecord(idText, request, responder, [this, request, responder](const Principal &principal, qint64 id) {
        auto body = RestJson::objectBody(request, {QStringLiteral("humanTakeover")});
        if (!body)
            return responder.send(HttpReply::error(body.error()));
        auto takeOver = RestJson::humanTakeoverInput(*body);
        if (!takeOver)
            return responder.send(HttpReply::error(takeOver.error()));
        const qint64 conversationId = id;
        if (auto changed = LeadDesk(m_context.database, m_context.clock)
                               .setHumanHolds(principal.actor, conversationId, *takeOver);
            !changed)
            return responder.send(HttpReply::error(changed.error()));
        emit changed(QStringLiteral("conversations"), conversationId);

        auto conversation = ConversationRepository(m_context.database).findById(conversationId);
        if (!conversation)
            return responder.send(HttpReply::error(conversation.error()));
        if (!*conversation)
            return responder.send(HttpReply::error(notFound(Missing::Conversation)));
        responder.send(HttpReply::json({{QStringLiteral("message"), trRest(conversationUpdated)},
                                        {QStringLiteral("data"), RestJson::conversation(**conversation)}}));
    });
}

void RestApi::listIntegrations(const HttpRequest &request, HttpResponder responder) const
{
    authenticate(request, responder, [this, responder](const Principal &principal) {
        if (!principal.allows(Permission::ManageIntegrations))
            return responder.send(HttpReply::error(Authorizer::forbidden(principal, Permission::ManageIntegrations)));
        IntegrationRepository repository(m_context.database);
        QJsonArray array;
        for (Provider provider : {Provider::Gupshup, Provider::OpenAi, Provider::Twilio, Provider::Meta}) {
            auto record = repository.load(provider);
            if (!record)
                return responder.send(HttpReply::error(record.error()));
            // Secrets are write-only: the API reports whether each is set, never its value.
            QJsonObject keys;
            for (const IntegrationKeySpec &spec : IntegrationCatalog::keysFor(provider)) {
                if (spec.secret)
                    keys.insert(spec.key, QJsonObject{{QStringLiteral("set"), record->sealed.contains(spec.key)}});
                else
                    keys.insert(spec.key, record->config.value(spec.key, spec.defaultValue));
            }
            array.append(QJsonObject{{QStringLiteral("provider"), toString(provider)},
                                     {QStringLiteral("configured"), record->exists},
                                     {QStringLiteral("lastWebhookAt"), RestJson::instant(record->lastWebhookMs)},
                                     {QStringLiteral("keys"), keys}});
        }
        responder.send(HttpReply::json({{QStringLiteral("integrations"), array}}));
    });
}

void RestApi::setIntegration(const QString &provider, const HttpRequest &request, HttpResponder responder)
{
    authenticate(request, responder, [this, provider, request, responder](const Principal &principal) {
        const auto which = IntegrationCatalog::providerFor(provider);
        if (!which)
            return responder.send(HttpReply::error(notFound(Missing::Integration)));
        QStringList keyNames;
        for (const IntegrationKeySpec &spec : IntegrationCatalog::keysFor(*which))
            keyNames << spec.key;
        auto body = RestJson::objectBody(request, keyNames);
        if (!body)
            return responder.send(HttpReply::error(body.error()));
        QMap<QString, QString> values;
        for (auto it = body->constBegin(); it != body->constEnd(); ++it) {
            if (!it.value().isString())
                return responder.send(HttpReply::error(notText(it.key())));
            values.insert(it.key(), it.value().toString());
        }
        if (auto saved = ConfigurationService(m_context.database, m_context.clock, m_context.privateKeyPath)
                             .setIntegration(principal.actor, *which, values);
            !saved)
            return responder.send(HttpReply::error(saved.error()));
        emit changed(QStringLiteral("integrations"), 0);
        responder.send(HttpReply::json({{QStringLiteral("message"), trRest(integrationSaved)}}));
    });
}

} // namespace Prospecta
