// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpExchange.h"
#include "accounts/Authorizer.h"
#include "domain/Entities.h"
#include "security/SecretBox.h"
#include "storage/SettingsCatalog.h"

#include <QObject>

#include <functional>
#include <optional>

namespace Prospecta {

class Clock;
class Database;
class HashingPool;
class HttpService;
class LoginService;

// The parts of the running service that the REST API uses.
struct RestContext
{
    const Database &database;
    const Clock &clock;
    LoginService &login;
    HashingPool &hashing;
    std::function<SettingsSnapshot()> settings;
    // The installation's key pair; none when the private key is missing here.
    std::function<std::optional<KeyPair>()> keys;
    QString privateKeyPath;
};

// The REST API of the backend Prospecta replaces, off until api.enabled is true. Every
// route but login and the OpenAPI description needs a bearer token. Each request reloads
// the token's user, and the core checks the role of every operation, as for the desktop.
class RestApi : public QObject
{
    Q_OBJECT

public:
    RestApi(HttpService &service, RestContext context, QObject *parent = nullptr);
    ~RestApi() override;

    // The OpenAPI 3 description of every route this API serves.
    QJsonObject openApi() const;

signals:
    void changed(const QString &table, qint64 id);
    void outboxQueued();

private:
    using Authenticated = std::function<void(const Principal &)>;
    using AuthenticatedRecord = std::function<void(const Principal &, qint64 id)>;

    // Sends the response for the API as a whole (off, keys missing, token invalid), or runs `then`.
    void authenticate(const HttpRequest &request, HttpResponder responder, const Authenticated &then) const;
    // Runs authenticate(), then reads `idText`, the {id} segment of the path. An id that is
    // not a whole number from 1 to 2^63 - 1 gets 400 naming "id", and otherwise `then` runs
    // with the number. Every route with an {id} segment goes through here.
    void authenticateRecord(const QString &idText, const HttpRequest &request, HttpResponder responder,
                            const AuthenticatedRecord &then) const;
    // The reply to a request that no route of the API serves: 404 while the API is off,
    // 400 for a query parameter given twice. Runs before every route.
    std::optional<HttpReply> rejected(const HttpRequest &request) const;

    void login(const HttpRequest &request, HttpResponder responder);
    void registerUser(const HttpRequest &request, HttpResponder responder);
    void me(const HttpRequest &request, HttpResponder responder) const;

    void listLeads(const HttpRequest &request, HttpResponder responder) const;
    void getLead(const QString &idText, const HttpRequest &request, HttpResponder responder) const;
    void createLead(const HttpRequest &request, HttpResponder responder);
    void updateLead(const QString &idText, const HttpRequest &request, HttpResponder responder);
    void deleteLead(const QString &idText, const HttpRequest &request, HttpResponder responder);

    void listCampaigns(const HttpRequest &request, HttpResponder responder) const;
    void getCampaign(const QString &idText, const HttpRequest &request, HttpResponder responder) const;
    void createCampaign(const HttpRequest &request, HttpResponder responder);
    void updateCampaign(const QString &idText, const HttpRequest &request, HttpResponder responder);
    void deleteCampaign(const QString &idText, const HttpRequest &request, HttpResponder responder);

    void listCalls(const HttpRequest &request, HttpResponder responder) const;
    void getCall(const QString &idText, const HttpRequest &request, HttpResponder responder) const;

    void listConversations(const HttpRequest &request, HttpResponder responder) const;
    void getConversation(const QString &idText, const HttpRequest &request, HttpResponder responder) const;
    void replyInConversation(const QString &idText, const HttpRequest &request, HttpResponder responder);
    void updateConversation(const QString &idText, const HttpRequest &request, HttpResponder responder);

    void listIntegrations(const HttpRequest &request, HttpResponder responder) const;
    void setIntegration(const QString &provider, const HttpRequest &request, HttpResponder responder);

    QJsonObject leadJson(const Lead &lead) const;
    HttpReply leadReply(const Lead &lead, int status, const QString &message) const;

    HttpService &m_service;
    RestContext m_context;
};

} // namespace Prospecta
