// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <variant>

namespace Prospecta {

// The category of a failure, which the HTTP layer, the command line and the GUI map to
// their own results (status code, exit status, dialog).
enum class ErrorKind {
    InvalidArgument,   // bad input from a user or a provider: HTTP 400, exit 2 or 1
    MissingField,      // required input absent: HTTP 400
    InvalidJson,       // body is not acceptable JSON: HTTP 400
    NotFound,          // HTTP 404
    Conflict,          // unique value taken, state changed meanwhile: HTTP 409
    Forbidden,         // refused by a rule or a role: HTTP 403
    Unauthorized,      // HTTP 401
    PayloadTooLarge,   // HTTP 413
    TooManyRequests,   // throttled: HTTP 429 with Retry-After (Error::retryAfterMs)
    Unavailable,       // database locked, provider down: HTTP 503
    Database,          // SQL failed
    Network,           // a provider call failed
    SchemaTooNew,      // the database was written by a newer Prospecta
    SecretUnavailable, // the private key is missing or different
    Internal,
};

struct Error
{
    ErrorKind kind = ErrorKind::Internal;
    QString message;      // for people: what failed, on which value, what to do next
    QStringList fields;   // names of the offending input fields, when there are any
    qint64 retryAfterMs = 0; // TooManyRequests, Unavailable: when trying again makes sense
};

inline Error makeError(ErrorKind kind, QString message, QStringList fields = {})
{
    return Error{kind, std::move(message), std::move(fields)};
}

// A value or the reason there is none; the core returns this instead of throwing or
// filling out-parameters.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_state); }
    const T &value() const & { return std::get<0>(m_state); }
    T &&value() && { return std::get<0>(std::move(m_state)); }
    T valueOr(T fallback) const { return ok() ? std::get<0>(m_state) : std::move(fallback); }

    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// The result of an operation that has no value beyond its success.
template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace Prospecta
