// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "Router.h"

namespace Prospecta {

namespace {

QStringList segmentsOf(const QString &path)
{
    return path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

} // namespace

QByteArray Router::methodName(HttpMethod method)
{
    switch (method) {
    case HttpMethod::Get: return QByteArrayLiteral("GET");
    case HttpMethod::Post: return QByteArrayLiteral("POST");
    case HttpMethod::Put: return QByteArrayLiteral("PUT");
    case HttpMethod::Delete: return QByteArrayLiteral("DELETE");
    }
    return {};
}

void Router::addRoute(HttpMethod method, const QString &pattern, Invoker invoke)
{
    m_routes.append(Route{method, pattern, segmentsOf(pattern), std::move(invoke)});
}

bool Router::matches(const Route &route, const QStringList &segments, QStringList &params)
{
    if (route.segments.size() != segments.size())
        return false;
    params.clear();
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &expected = route.segments.at(i);
        const QString &actual = segments.at(i);
        if (!expected.startsWith(QLatin1Char('{'))) {
            if (expected != actual)
                return false;
            continue;
        }
        params << actual;
    }
    return true;
}

Router::Match Router::match(const HttpRequest &request) const
{
    const QStringList segments = segmentsOf(request.path);
    Match result;
    QStringList params;
    for (const Route &route : m_routes) {
        if (!matches(route, segments, params))
            continue;
        const QByteArray name = methodName(route.method);
        // HEAD is GET without the body (RFC 9110, 9.3.2); the responder leaves it out.
        const bool headOfGet = route.method == HttpMethod::Get && request.method == "HEAD";
        if (name == request.method || headOfGet) {
            result.pattern = route.pattern;
            result.invoke = route.invoke;
            result.params = params;
            result.allowed.clear();
            return result;
        }
        if (!result.allowed.contains(name))
            result.allowed << name;
        if (route.method == HttpMethod::Get && !result.allowed.contains("HEAD"))
            result.allowed << QByteArrayLiteral("HEAD");
        result.pattern = route.pattern;
    }
    return result;
}

QList<QPair<QByteArray, QString>> Router::routes() const
{
    QList<QPair<QByteArray, QString>> list;
    for (const Route &route : m_routes)
        list.append({methodName(route.method), route.pattern});
    return list;
}

} // namespace Prospecta
