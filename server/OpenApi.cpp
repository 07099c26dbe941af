// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The OpenAPI 3 description of every route the server has, REST API and webhooks, served
// at GET /api/openapi.json. A test compares its paths and methods with the router's
// routes, so a route cannot be added without being described here.

#include "RestApi.h"

#include <QJsonArray>

namespace Prospecta {

namespace {

struct Operation
{
    const char *method;     // lower case, as OpenAPI writes it
    const char *path;       // OpenAPI form: /api/leads/{id}
    const char *summary;
    bool needsToken;
    const char *requestSchema;  // component name, or nullptr
    const char *responseSchema; // component name, or nullptr
    int successStatus;
};

const Operation operations[] = {
    {"get", "/health", "Server status, version and schema version", false, nullptr, "Health", 200},
    {"post", "/api/auth/login", "Log in with email and password; returns a bearer token", false, "Login", "TokenReply", 200},
    {"post", "/api/auth/register", "Create a user (administrators only); returns the new user's token", true, "Register",
     "TokenReply", 201},
    {"get", "/api/auth/me", "The user behind the token", true, nullptr, "UserReply", 200},
    {"get", "/api/leads", "Leads, newest first, filtered by status, source, campaign and search (words of names, emails, notes "
     "and messages, or a run of at least 4 phone digits), paginated", true, nullptr,
     "LeadPage", 200},
    {"post", "/api/leads", "Create a lead; 409 when the phone matches an existing lead", true, "LeadInput", "LeadReply", 201},
    {"get", "/api/leads/{id}", "One lead", true, nullptr, "LeadReply", 200},
    {"put", "/api/leads/{id}", "Change a lead's fields", true, "LeadInput", "LeadReply", 200},
    {"delete", "/api/leads/{id}", "Delete a lead with its conversations and messages (managers and administrators)",
     true, nullptr, "MessageReply", 200},
    {"get", "/api/campaigns", "Campaigns, oldest first, paginated", true, nullptr, "CampaignPage", 200},
    {"get", "/api/campaigns/{id}", "One campaign", true, nullptr, "CampaignReply", 200},
    {"post", "/api/campaigns", "Create a campaign; 409 when a keyword belongs to another campaign (administrators)",
     true, "CampaignInput", "CampaignReply", 201},
    {"put", "/api/campaigns/{id}", "Change the fields a body gives; keywords are replaced as a whole (administrators)",
     true, "CampaignInput", "CampaignReply", 200},
    {"delete", "/api/campaigns/{id}", "Delete a campaign; its leads and conversations stay, without a campaign "
     "(administrators)", true, nullptr, "MessageReply", 200},
    {"get", "/api/calls", "Calls, most recent first, optionally of one lead (?lead=ID), paginated", true, nullptr,
     "CallPage", 200},
    {"get", "/api/calls/{id}", "One call", true, nullptr, "CallReply", 200},
    {"get", "/api/conversations", "Conversations, most recent first, paginated", true, nullptr, "ConversationPage", 200},
    {"get", "/api/conversations/{id}", "One conversation with its latest 50 messages", true, nullptr,
     "ConversationReply", 200},
    {"put", "/api/conversations/{id}", "Take the conversation from the AI (humanTakeover true) or give it back (false)",
     true, "ConversationUpdate", "ConversationUpdated", 200},
    {"post", "/api/conversations/{id}/messages", "Reply to the lead as the logged-in person, through the outbox", true,
     "Reply", "MessageReply", 201},
    {"get", "/api/integrations", "Integrations with their keys; secrets are write-only (administrators)", true, nullptr,
     "IntegrationList", 200},
    {"put", "/api/integrations/{provider}", "Set integration keys (administrators)", true, "IntegrationInput",
     "MessageReply", 200},
    {"get", "/api/openapi.json", "This description", false, nullptr, nullptr, 200},
    // Provider callbacks: authenticated by their token or signature, not by a bearer token.
    {"post", "/api/webhooks/gupshup/{token}", "Gupshup callbacks (v2 and v3); the secret token authenticates them",
     false, nullptr, "Received", 200},
    {"post", "/api/webhooks/twilio/call", "Twilio call status callbacks, checked with X-Twilio-Signature", false,
     nullptr, nullptr, 200},
    {"post", "/api/webhooks/twilio/recording", "Twilio recording callbacks, checked with X-Twilio-Signature", false,
     nullptr, "Received", 200},
    {"get", "/api/webhooks/meta", "Meta's hub.challenge verification handshake", false, nullptr, nullptr, 200},
    {"post", "/api/webhooks/meta", "Meta WhatsApp Cloud API callbacks, checked with X-Hub-Signature-256", false,
     nullptr, "Received", 200},
    // Attachments of WhatsApp messages: the random token authenticates the download.
    {"get", "/media/{token}", "A file attached to a WhatsApp message, downloaded by Gupshup; the random token in the "
     "path authenticates the request", false, nullptr, nullptr, 200},
};

QJsonObject ref(const char *schema)
{
    return {{QStringLiteral("$ref"), QStringLiteral("#/components/schemas/") + QString::fromLatin1(schema)}};
}

QJsonObject jsonContent(const char *schema)
{
    return {{QStringLiteral("application/json"), QJsonObject{{QStringLiteral("schema"), ref(schema)}}}};
}

QJsonObject object(std::initializer_list<std::pair<const char *, const char *>> properties)
{
    QJsonObject props;
    for (const auto &[name, type] : properties)
        props.insert(QString::fromLatin1(name), QJsonObject{{QStringLiteral("type"), QString::fromLatin1(type)}});
    return {{QStringLiteral("type"), QStringLiteral("object")}, {QStringLiteral("properties"), props}};
}

QJsonObject schemas()
{
    QJsonObject all;
    all.insert(QStringLiteral("Error"), object({{"error", "string"}, {"message", "string"}, {"fields", "array"}}));
    all.insert(QStringLiteral("Health"),
               object({{"status", "string"}, {"timestamp", "string"}, {"version", "string"}, {"schemaVersion", "integer"}}));
    all.insert(QStringLiteral("Login"), object({{"email", "string"}, {"password", "string"}}));
    all.insert(QStringLiteral("Register"),
               object({{"name", "string"}, {"email", "string"}, {"password", "string"}, {"role", "string"}}));
    all.insert(QStringLiteral("User"),
               object({{"id", "integer"}, {"_id", "integer"}, {"name", "string"}, {"email", "string"}, {"role", "string"},
                       {"active", "boolean"}}));
    all.insert(QStringLiteral("TokenReply"), object({{"message", "string"}, {"token", "string"}, {"user", "object"}}));
    all.insert(QStringLiteral("UserReply"), object({{"user", "object"}}));
    all.insert(QStringLiteral("Lead"),
               object({{"id", "integer"}, {"_id", "integer"}, {"name", "string"}, {"phone", "string"},
                       {"phoneKey", "string"}, {"country", "string"}, {"email", "string"}, {"source", "string"},
                       {"status", "string"}, {"score", "integer"}, {"assignedTo", "object"}, {"campaign", "object"},
                       {"notes", "string"}, {"metadata", "object"}, {"optedOut", "boolean"}, {"lastContact", "string"},
                       {"createdAt", "string"}, {"updatedAt", "string"}}));
    all.insert(QStringLiteral("LeadInput"),
               object({{"name", "string"}, {"phone", "string"}, {"email", "string"}, {"source", "string"},
                       {"campaign", "integer"}, {"status", "string"}, {"score", "integer"}, {"assignedTo", "integer"},
                       {"notes", "string"}, {"metadata", "object"}}));
    all.insert(QStringLiteral("LeadReply"), object({{"message", "string"}, {"lead", "object"}}));
    all.insert(QStringLiteral("LeadPage"),
               object({{"leads", "array"}, {"totalPages", "integer"}, {"currentPage", "integer"}, {"total", "integer"}}));
    all.insert(QStringLiteral("CampaignPage"),
               object({{"campaigns", "array"}, {"totalPages", "integer"}, {"currentPage", "integer"},
                       {"total", "integer"}}));
    all.insert(QStringLiteral("CampaignReply"), object({{"message", "string"}, {"campaign", "object"}}));
    all.insert(QStringLiteral("CampaignInput"),
               object({{"name", "string"}, {"description", "string"}, {"type", "string"}, {"status", "string"},
                       {"language", "string"}, {"initialAgent", "string"}, {"welcomeMessage", "string"},
                       {"instructions", "object"}, {"keywords", "array"}, {"isDefault", "boolean"}}));
    all.insert(QStringLiteral("CallPage"),
               object({{"calls", "array"}, {"totalPages", "integer"}, {"currentPage", "integer"}, {"total", "integer"}}));
    all.insert(QStringLiteral("CallReply"), object({{"call", "object"}}));
    all.insert(QStringLiteral("ConversationPage"),
               object({{"conversations", "array"}, {"totalPages", "integer"}, {"currentPage", "integer"},
                       {"total", "integer"}}));
    all.insert(QStringLiteral("ConversationReply"), object({{"conversation", "object"}}));
    all.insert(QStringLiteral("Reply"), object({{"content", "string"}}));
    all.insert(QStringLiteral("ConversationUpdate"), object({{"humanTakeover", "boolean"}}));
    all.insert(QStringLiteral("ConversationUpdated"), object({{"message", "string"}, {"data", "object"}}));
    all.insert(QStringLiteral("MessageReply"), object({{"message", "string"}}));
    all.insert(QStringLiteral("IntegrationList"), object({{"integrations", "array"}}));
    all.insert(QStringLiteral("IntegrationInput"), object({}));
    all.insert(QStringLiteral("Received"), object({{"status", "string"}}));
    return all;
}

} // namespace

QJsonObject RestApi::openApi() const
{
    QJsonObject paths;
    for (const Operation &operation : operations) {
        QJsonObject responses;
        QJsonObject success{{QStringLiteral("description"), QStringLiteral("Success")}};
        if (operation.responseSchema)
            success.insert(QStringLiteral("content"), jsonContent(operation.responseSchema));
        responses.insert(QString::number(operation.successStatus), success);
        responses.insert(QStringLiteral("default"),
                         QJsonObject{{QStringLiteral("description"), QStringLiteral("An error")},
                                     {QStringLiteral("content"), jsonContent("Error")}});

        QJsonObject entry{{QStringLiteral("summary"), QString::fromLatin1(operation.summary)},
                          {QStringLiteral("responses"), responses}};
        if (operation.requestSchema)
            entry.insert(QStringLiteral("requestBody"),
                         QJsonObject{{QStringLiteral("required"), true},
                                     {QStringLiteral("content"), jsonContent(operation.requestSchema)}});
        entry.insert(QStringLiteral("security"),
                     operation.needsToken ? QJsonArray{QJsonObject{{QStringLiteral("bearer"), QJsonArray()}}}
                                          : QJsonArray());

        QJsonArray parameters;
        const QString path = QString::fromLatin1(operation.path);
        for (const QString &name : {QStringLiteral("id"), QStringLiteral("provider"), QStringLiteral("token")}) {
            if (!path.contains(QLatin1Char('{') + name + QLatin1Char('}')))
                continue;
            // The routes reject an id outside this range with 400 naming "id".
            const QJsonObject schema = name == QLatin1String("id")
                ? QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                              {QStringLiteral("format"), QStringLiteral("int64")},
                              {QStringLiteral("minimum"), 1}}
                : QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}};
            parameters.append(QJsonObject{{QStringLiteral("name"), name},
                                          {QStringLiteral("in"), QStringLiteral("path")},
                                          {QStringLiteral("required"), true},
                                          {QStringLiteral("schema"), schema}});
        }
        if (!parameters.isEmpty())
            entry.insert(QStringLiteral("parameters"), parameters);

        QJsonObject item = paths.value(path).toObject();
        item.insert(QString::fromLatin1(operation.method), entry);
        paths.insert(path, item);
    }

    return QJsonObject{
        {QStringLiteral("openapi"), QStringLiteral("3.0.3")},
        {QStringLiteral("info"), QJsonObject{{QStringLiteral("title"), QStringLiteral("Prospecta REST API")},
                                             {QStringLiteral("version"), QStringLiteral(PROSPECTA_VERSION)}}},
        {QStringLiteral("paths"), paths},
        {QStringLiteral("components"),
         QJsonObject{{QStringLiteral("schemas"), schemas()},
                     {QStringLiteral("securitySchemes"),
                      QJsonObject{{QStringLiteral("bearer"), QJsonObject{{QStringLiteral("type"), QStringLiteral("http")},
                                                                         {QStringLiteral("scheme"), QStringLiteral("bearer")},
                                                                         {QStringLiteral("bearerFormat"), QStringLiteral("JWT")}}}}}}},
    };
}

} // namespace Prospecta
