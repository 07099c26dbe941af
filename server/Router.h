// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpExchange.h"

#include <QByteArrayList>
#include <QList>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <tuple>
#include <utility>

namespace Prospecta {

// A route's path as a template argument, such as "/api/leads/{id}", so the number of
// placeholders is known at compile time and checked against the handler's parameters.
template<std::size_t N>
struct RoutePattern
{
    consteval RoutePattern(const char (&text)[N]) { std::copy_n(text, N, value); }

    consteval int placeholders() const { return int(std::count(value, value + N, '{')); }

    char value[N];
};

enum class HttpMethod { Get, Post, Put, Delete };

// Finds the handler for a request by method and path. A path that matches no route is
// 404; a path that matches with another method is 405 with Allow listing the methods it
// has (HEAD wherever GET is, since a HEAD request runs the GET route). A placeholder
// matches any one non-empty path segment, and the handler validates it, so that
// "/api/leads/abc" gets a 400 naming the id rather than a 404 for a route that exists.
// Handlers take one QString per placeholder, in order, then the request and the responder.
class Router
{
public:
    template<RoutePattern Pattern, typename Handler>
    void add(HttpMethod method, Handler &&handler)
    {
        constexpr int count = Pattern.placeholders();
        static_assert(count <= 2, "routes take at most two path parameters");
        if constexpr (count == 0) {
            static_assert(std::is_invocable_v<Handler, const HttpRequest &, HttpResponder>,
                          "a route without placeholders takes (request, responder)");
        } else if constexpr (count == 1) {
            static_assert(std::is_invocable_v<Handler, const QString &, const HttpRequest &, HttpResponder>,
                          "a route with one placeholder takes (QString, request, responder)");
        } else {
            static_assert(std::is_invocable_v<Handler, const QString &, const QString &, const HttpRequest &, HttpResponder>,
                          "a route with two placeholders takes (QString, QString, request, responder)");
        }
        addRoute(method, QString::fromLatin1(Pattern.value),
                 [handler = std::forward<Handler>(handler)](const QStringList &params, const HttpRequest &request,
                                                            HttpResponder responder) {
                     if constexpr (count == 0)
                         handler(request, std::move(responder));
                     else if constexpr (count == 1)
                         handler(params.at(0), request, std::move(responder));
                     else
                         handler(params.at(0), params.at(1), request, std::move(responder));
                 });
    }

    // The outcome of matching a request.
    struct Match
    {
        QString pattern;                 // the route's pattern, for logs (never the path)
        std::function<void(const QStringList &, const HttpRequest &, HttpResponder)> invoke;
        QStringList params;
        QByteArrayList allowed;          // when the path matched with other methods only
    };

    // `pattern` is empty when no route matched the path.
    Match match(const HttpRequest &request) const;

    // Every route, for the OpenAPI description test: method and pattern.
    QList<QPair<QByteArray, QString>> routes() const;

    static QByteArray methodName(HttpMethod method);

private:
    using Invoker = std::function<void(const QStringList &, const HttpRequest &, HttpResponder)>;
    struct Route
    {
        HttpMethod method;
        QString pattern;
        QStringList segments;
        Invoker invoke;
    };

    void addRoute(HttpMethod method, const QString &pattern, Invoker invoke);
    static bool matches(const Route &route, const QStringList &segments, QStringList &params);

    QList<Route> m_routes;
};

} // namespace Prospecta
