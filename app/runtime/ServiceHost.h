// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Actor.h"
#include "spreadsheets/LeadImportReport.h"
#include "storage/DatabaseLocation.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QThread;

namespace Prospecta {

class ChangeListener;
class Clock;
struct LeadImportRequest;
class ServiceCore;

struct ServiceOptions
{
    DatabaseLocation database;
    QString listenOverride;        // --listen, empty for the server.listen setting
    QString privateKeyPath;        // empty: InstallationKeyFile::defaultPath()
    QString mediaFolder;           // empty: AppLocalDataLocation/media
    // Download inbound media. Unset means yes, except under QStandardPaths test mode:
    // the provider fixtures link to real hosts, and tests must reach no one but
    // 127.0.0.1, so a test that wants downloads turns them on explicitly.
    std::optional<bool> downloadMedia;
    bool runServer = true;
    std::shared_ptr<Clock> clock;  // null: the system clock
};

// The service thread and what runs on it: the only writing database connection, the
// webhook server, the inbox processor, the AI agents and the outbox. Created and used
// from the GUI (or main) thread; every call is forwarded to the service thread and
// every result comes back as a queued signal or callback.
class ServiceHost : public QObject
{
    Q_OBJECT

public:
    explicit ServiceHost(ServiceOptions options, QObject *parent = nullptr);
    ~ServiceHost() override;

    // Starts the thread, opens the database, applies migrations and starts listening.
    // Blocks until started, so start-up errors reach the caller: a locked database, a
    // schema newer than the program, a port in use.
    Status start();
    void stop();

    // The address the server listens on, "127.0.0.1:3001", once started.
    QString listenAddress() const;
    quint16 port() const;

    // The latest host mismatch reported since start, "host" and "expected"; empty when none.
    QPair<QString, QString> lastHostMismatch() const { return m_lastHostMismatch; }

    using Done = std::function<void(const Status &)>;

    // Writes requested by the GUI on behalf of `actor`; `done` runs on `context`'s thread.
    void sendHumanMessage(const Actor &actor, qint64 conversationId, const QString &text, QObject *context, Done done);
    void setHumanHolds(const Actor &actor, qint64 conversationId, bool holds, QObject *context, Done done);
    void setAiEnabled(const Actor &actor, bool enabled, QObject *context, Done done);

    // Starts a lead import on the service thread (ServiceCore::startLeadImport) and
    // returns its id, which leadImportProgressed() carries. `done` gets the report, or
    // the error that kept the import from starting, on `context`'s thread.
    qint64 startLeadImport(const Actor &actor, const LeadImportRequest &request, QObject *context,
                           std::function<void(const Result<LeadImportReport> &)> done);
    // Stops import `importId` before its next batch; `done` of startLeadImport() then
    // gets the report of the rows committed so far.
    void cancelLeadImport(qint64 importId);

    // Runs any ServiceCore operation: `work` runs on the service thread and passes its
    // result to its reply function, at once or later (after the hashing thread, for
    // passwords). `done` gets the result on `context`'s thread, unless `context` is gone.
    template<typename T>
    void request(QObject *context, std::function<void(ServiceCore &, std::function<void(Result<T>)>)> work,
                 std::function<void(const Result<T> &)> done);

    // The same for an operation whose result is ready at once.
    template<typename T>
    void call(QObject *context, std::function<Result<T>(ServiceCore &)> work,
              std::function<void(const Result<T> &)> done)
    {
        request<T>(
            context, [work = std::move(work)](ServiceCore &core, std::function<void(Result<T>)> reply) { reply(work(core)); },
            std::move(done));
    }

    // Runs `work` on the service thread and waits for it (tests and the composition root only).
    void runOnServiceThread(std::function<void(ServiceCore &)> work);

signals:
    // After each commit: the table and row that changed ("leads", "messages",
    // "conversations", "settings"), so views can refresh. On PostgreSQL also what other
    // desktops changed, and ("*", 0) when notices may have been missed: refresh everything.
    void changed(const QString &table, qint64 id);
    // The AI switch, as stored.
    void aiEnabledChanged(bool enabled);
    // Team mode: the connection that hears other desktops' changes was lost (false) or is
    // back (true). Views keep what they show meanwhile.
    void sharedDatabaseOnline(bool online);
    // A webhook arrived for another host than server.publicUrl's (ServiceCore); an empty
    // host means the warning no longer applies.
    void webhookHostMismatch(const QString &host, const QString &expected);
    // How far lead import `importId` got (startLeadImport), after its first batch and
    // then at most every 100 ms.
    void leadImportProgressed(qint64 importId, const Prospecta::LeadImportProgress &progress);

private:
    // Queues `work` on the service thread; false when the service is not running.
    bool post(std::function<void(ServiceCore &)> work);

    ServiceOptions m_options;
    QThread *m_thread = nullptr;
    ServiceCore *m_core = nullptr;
    // Team mode (PostgreSQL): what the other desktops changed; see ChangeListener.
    ChangeListener *m_listener = nullptr;
    QString m_listenAddress;
    quint16 m_port = 0;
    QPair<QString, QString> m_lastHostMismatch;
    qint64 m_lastImportId = 0;
};

template<typename T>
void ServiceHost::request(QObject *context, std::function<void(ServiceCore &, std::function<void(Result<T>)>)> work,
                          std::function<void(const Result<T> &)> done)
{
    QPointer<QObject> guard(context);
    std::function<void(Result<T>)> deliver = [guard, done = std::move(done)](Result<T> result) {
        if (!guard || !done)
            return;
        QMetaObject::invokeMethod(
            guard.data(), [done, result = std::move(result)] { done(result); }, Qt::QueuedConnection);
    };
    if (!post([work = std::move(work), deliver](ServiceCore &core) { work(core, deliver); }))
        deliver(makeError(ErrorKind::Unavailable, tr("The service is not running; restart Prospecta.")));
}

} // namespace Prospecta
