// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Desktop benchmark: the real main window over a database made by
// bench/dataset/generate.py, driven offscreen as a user would drive it. Every step ends at
// a finished paint of the widget that shows its result, with the expected rows loaded
// (PaintProbe). Waits run the event loop and never sleep. Prints one JSON object on one
// line per run; bench/desktop/run.py starts the runs and takes the medians.
//
// --mode scale logs in through the core, without timing the password hashing, and builds
// the main window with the leads tab in front. It then times show() to the first painted
// rows, a stage filter, four searches typed into the search box, opening lead 0's chat and
// an inbox refresh for a user who has read every conversation.
// --mode startup: the desktop's login flow through DesktopController, from main() to the
// login dialog and from the accepted login to the main window.

#include "ChatView.h"
#include "DesktopController.h"
#include "InboxModel.h"
#include "InboxView.h"
#include "LeadFilterBar.h"
#include "LeadsModel.h"
#include "LoginDialog.h"
#include "MainWindow.h"
#include "PaintProbe.h"
#include "Session.h"
#include "core/TextFolding.h"
#include "operations/LoginService.h"
#include "runtime/InterfaceLanguage.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"
#include "storage/Database.h"
#include "storage/InboxRepository.h"

#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTextStream>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <string>

using namespace Prospecta;
using Prospecta::Bench::PaintProbe;

namespace {

// The chat pane shows this many of the newest messages when a conversation opens
// (ChatView's first page).
constexpr int ChatPageSize = 50;
// Lead 0 of generate.py: the first row of the default order and the owner of the long
// conversation.
const QString DefaultChatPhone = QStringLiteral("+525500000000");

struct Options
{
    QString mode;
    DatabaseLocation database;
    QString email;
    QString password;
    QString listen;
    QString chatPhone;
    int timeoutMs = 60'000;
    QString screenshotFolder; // empty for no screenshots
};

// Facts about the data set, read with SQL written here before the service starts, so
// each step can check that it painted the rows it should.
struct DatasetFacts
{
    qint64 leads = 0;
    qint64 qualified = 0;
    qint64 rareName = 0;  // leads named Íñigo Núñez, the searched name
    qint64 phoneMatches = 0;
    qint64 chatLeadId = 0;
    qint64 chatMessages = 0;
};

// One search typed into the leads search box.
struct SearchCase
{
    QString name;
    QString text;
    qint64 expectedMatches = -1; // -1 when not checked, because counting message words would scan every message
    std::function<bool(const LeadRow &)> rowMatches;
    std::optional<LeadStatus> stage; // the stage filter chosen before typing, untimed
};

QTextStream &errorStream()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const QString &step, const QString &message)
{
    errorStream() << "desktop_bench: " << step << ": " << message << Qt::endl;
    return 1;
}

double milliseconds(qint64 nanoseconds)
{
    return double(qRound64(double(nanoseconds) / 100'000.0)) / 10.0;
}

// Milliseconds from `fromNs` to `toNs`, or null when either moment was not seen.
QJsonValue span(qint64 fromNs, qint64 toNs)
{
    if (fromNs < 0 || toNs < 0)
        return QJsonValue();
    return milliseconds(toNs - fromNs);
}

// The value of a "VmHWM:"-style line of /proc/self/status (kibibytes there) in megabytes
// of 10^6 bytes, as the memory target is stated, or -1 when missing.
double procStatusMegabytes(const QByteArray &key)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (!line.startsWith(key))
            continue;
        const QByteArray kibibytes = line.mid(key.size()).trimmed().split(' ').value(0);
        return double(qRound64(kibibytes.toDouble() * 1024.0 / 100'000.0)) / 10.0;
    }
    return -1;
}

// Runs the event loop until finish() is called or the time runs out. Never sleeps.
class EventWait
{
public:
    void finish()
    {
        m_finished = true;
        m_loop.exit(0);
    }

    bool exec(int timeoutMs)
    {
        if (m_finished)
            return true;
        QTimer::singleShot(timeoutMs, &m_loop, [this] { m_loop.exit(1); });
        m_loop.exec();
        return m_finished;
    }

private:
    QEventLoop m_loop;
    bool m_finished = false;
};

std::optional<Options> parseOptions(const QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Times the Prospecta desktop offscreen over a database made by bench/dataset/generate.py. "
        "Reads the password of --email from standard input. Writes to the database (the chat marks "
        "messages read), so run it on a copy."));
    parser.addHelpOption();
    const QCommandLineOption database(QStringLiteral("database"), QStringLiteral("SQLite file to open."),
                                      QStringLiteral("path"));
    const QCommandLineOption email(QStringLiteral("email"), QStringLiteral("User to log in as."),
                                   QStringLiteral("email"));
    const QCommandLineOption mode(QStringLiteral("mode"),
                                  QStringLiteral("scale: the leads view, searches and a long chat; startup: the "
                                                 "login dialog and the main window after login. Default: scale."),
                                  QStringLiteral("mode"), QStringLiteral("scale"));
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address for the webhook server, as prospecta --listen takes it; "
                                                   "without it the service runs no server."),
                                    QStringLiteral("host:port"));
    const QCommandLineOption chatPhone(QStringLiteral("chat-phone"),
                                       QStringLiteral("Phone of the lead whose chat is opened; it must be the first "
                                                      "row of the leads table. Default: %1.")
                                           .arg(DefaultChatPhone),
                                       QStringLiteral("phone"), DefaultChatPhone);
    const QCommandLineOption timeout(QStringLiteral("timeout-ms"),
                                     QStringLiteral("Maximum wait of each step, in milliseconds. Default: 60000."),
                                     QStringLiteral("ms"), QStringLiteral("60000"));
    const QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                         QStringLiteral("Folder to save a PNG of the main window in after each "
                                                        "scale step, to check what was painted."),
                                         QStringLiteral("folder"));
    parser.addOptions({database, email, mode, listen, chatPhone, timeout, screenshots});
    parser.process(app);

    Options options;
    options.mode = parser.value(mode);
    options.email = parser.value(email);
    options.listen = parser.value(listen);
    options.chatPhone = parser.value(chatPhone);
    options.screenshotFolder = parser.value(screenshots);
    bool timeoutValid = false;
    options.timeoutMs = parser.value(timeout).toInt(&timeoutValid);
    if (options.mode != QLatin1String("scale") && options.mode != QLatin1String("startup")) {
        fail(QStringLiteral("options"), QStringLiteral("invalid --mode %1; use scale or startup").arg(options.mode));
        return std::nullopt;
    }
    if (!parser.isSet(database) || options.email.isEmpty()) {
        fail(QStringLiteral("options"), QStringLiteral("--database and --email are required"));
        return std::nullopt;
    }
    if (!timeoutValid || options.timeoutMs <= 0) {
        fail(QStringLiteral("options"), QStringLiteral("invalid --timeout-ms %1").arg(parser.value(timeout)));
        return std::nullopt;
    }
    options.database.engine = SqlEngine::Sqlite;
    options.database.filePath = parser.value(database);
    if (!QFile::exists(options.database.filePath)) {
        fail(QStringLiteral("options"), QStringLiteral("database %1 not found").arg(options.database.filePath));
        return std::nullopt;
    }

    std::string password;
    std::getline(std::cin, password);
    options.password = QString::fromStdString(password);
    if (options.password.isEmpty()) {
        fail(QStringLiteral("options"), QStringLiteral("no password on standard input"));
        return std::nullopt;
    }
    return options;
}

Result<DatasetFacts> readFacts(const Options &options)
{
    Database database;
    if (const Status opened = database.open(options.database, QStringLiteral("desktop-bench-facts")); !opened)
        return opened.error();
    DatasetFacts facts;
    const auto count = [&database](const QString &sql, const QVariantList &values, qint64 &target) -> Status {
        auto value = database.scalar(sql, values);
        if (!value)
            return value.error();
        target = value->toLongLong();
        return {};
    };
    // The search text of a lead starts with its folded name, so these count what the
    // search box must find without going through the search index.
    const QList<std::pair<QString, qint64 *>> counts = {
        {QStringLiteral("SELECT COUNT(*) FROM leads"), &facts.leads},
        {QStringLiteral("SELECT COUNT(*) FROM leads WHERE status = 'qualified'"), &facts.qualified},
        {QStringLiteral("SELECT COUNT(*) FROM leads WHERE search_text LIKE '% inigo %' "
                        "AND search_text LIKE '% nunez%'"),
         &facts.rareName},
        {QStringLiteral("SELECT COUNT(*) FROM leads WHERE phone_digits LIKE '%5678%'"), &facts.phoneMatches},
    };
    for (const auto &[sql, target] : counts) {
        if (const Status counted = count(sql, {}, *target); !counted)
            return counted.error();
    }
    if (const Status found = count(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM leads WHERE phone = ?"),
                                   {options.chatPhone}, facts.chatLeadId);
        !found)
        return found.error();
    if (const Status counted = count(QStringLiteral("SELECT COUNT(*) FROM messages WHERE conversation_id = "
                                                    "(SELECT MAX(id) FROM conversations WHERE lead_id = ?)"),
                                     {facts.chatLeadId}, facts.chatMessages);
        !counted)
        return counted.error();
    database.close();
    return facts;
}

Result<Principal> logIn(ServiceHost &host, const Options &options, int timeoutMs)
{
    std::optional<Result<Principal>> outcome;
    EventWait wait;
    QObject context;
    host.request<Principal>(
        &context,
        [email = options.email, password = options.password](ServiceCore &core,
                                                             std::function<void(Result<Principal>)> reply) {
            core.login(email, password, LoginService::desktopClient(), std::move(reply));
        },
        [&outcome, &wait](const Result<Principal> &result) {
            outcome = result;
            wait.finish();
        });
    if (!wait.exec(timeoutMs))
        return makeError(ErrorKind::Unavailable, QStringLiteral("no login reply within %1 ms").arg(timeoutMs));
    return *outcome;
}

bool readAiEnabled(ServiceHost &host)
{
    bool enabled = true;
    host.runOnServiceThread([&enabled](ServiceCore &core) { enabled = core.settings().flag(QStringLiteral("ai.enabled")); });
    return enabled;
}

// The scale steps over one main window.
class ScaleBenchmark
{
public:
    ScaleBenchmark(const Options &options, const QElapsedTimer &clock, const DatasetFacts &facts, ServiceHost *host,
                   SnapshotReader *reader, Session *session)
        : m_options(options)
        , m_clock(clock)
        , m_facts(facts)
        , m_host(host)
        , m_session(session)
    {
        m_window = std::make_unique<MainWindow>(host, reader, session);
        m_window->showAiEnabled(readAiEnabled(*host));
        m_model = m_window->leadsModel();
        m_view = m_window->leadsView();
        // The inbox tab is in front by default, and the leads view paints only when visible.
        m_window->leftTabs()->setCurrentWidget(m_view->parentWidget());
        m_transcript = m_window->chatView()->findChild<QTextBrowser *>();

        m_leadsProbe = new PaintProbe(m_view->viewport(), m_clock, m_window.get());
        m_chatProbe = new PaintProbe(m_transcript->viewport(), m_clock, m_window.get());

        // The moments when the rows of a new query arrive and when the debounced search
        // reaches the model. They split a step into the reader's reply, the paint and the debounce.
        QObject::connect(m_model, &QAbstractItemModel::modelReset, m_window.get(),
                         [this] { m_rowsArrivedAtNs = m_clock.nsecsElapsed(); });
        QObject::connect(m_window->chatView(), &ChatView::conversationShown, m_window.get(),
                         [this] {
                             // The first snapshot after the click; later ones are refreshes.
                             if (m_conversationShownAtNs < 0)
                                 m_conversationShownAtNs = m_clock.nsecsElapsed();
                         });
        QObject::connect(m_window->inboxView()->model(), &InboxModel::refreshed, m_window.get(), [this] {
            if (m_inboxSnapshotAtNs < 0)
                m_inboxSnapshotAtNs = m_clock.nsecsElapsed();
        });
        const auto timers = m_window->leadFilterBar()->findChildren<QTimer *>(Qt::FindDirectChildrenOnly);
        if (timers.size() == 1) {
            // Connected after the bar's own slot, so this runs once LeadsModel::setSearch() returned.
            QObject::connect(timers.first(), &QTimer::timeout, m_window.get(),
                             [this] { m_searchAppliedAtNs = m_clock.nsecsElapsed(); });
            m_searchTimer = timers.first();
        }
    }

    // Runs every step and returns 0, or 1 after printing which step failed.
    int run(QJsonObject &result)
    {
        if (!m_transcript || !m_searchTimer)
            return fail(QStringLiteral("setup"), QStringLiteral("the chat transcript or the search box's debounce "
                                                                "timer was not found; update the benchmark to the "
                                                                "main window's layout"));
        if (int failed = measureFirstRows(result))
            return failed;
        saveScreenshot(QStringLiteral("first-rows"));
        if (int failed = waitForInbox(result))
            return failed;
        if (int failed = measureStageFilter(result))
            return failed;
        QJsonArray searches;
        for (const SearchCase &search : searchCases()) {
            QJsonObject measured;
            if (int failed = measureSearch(search, measured))
                return failed;
            saveScreenshot(QStringLiteral("search-") + search.name);
            searches << measured;
        }
        result.insert(QStringLiteral("searches"), searches);
        if (int failed = measureOpenChat(result))
            return failed;
        saveScreenshot(QStringLiteral("open-chat"));
        if (int failed = measureUnreadAllRead(result))
            return failed;
        return 0;
    }

private:
    // Saves what the window shows now, read back from the offscreen platform's backing
    // store rather than painted again, so it is what the steps painted.
    void saveScreenshot(const QString &name) const
    {
        if (m_options.screenshotFolder.isEmpty())
            return;
        const QString path = QDir(m_options.screenshotFolder).filePath(name + QStringLiteral(".png"));
        const QPixmap pixmap = m_window->screen()->grabWindow(m_window->winId());
        if (!pixmap.save(path))
            errorStream() << "desktop_bench: could not save the screenshot " << path << Qt::endl;
    }

    QList<SearchCase> searchCases() const
    {
        const auto nameHas = [](const QStringList &words) {
            return [words](const LeadRow &row) {
                const QString folded = TextFolding::searchText(row.lead.name);
                return std::all_of(words.cbegin(), words.cend(),
                                   [&folded](const QString &word) { return folded.contains(word); });
            };
        };
        return {
            {QStringLiteral("rare_name"), QStringLiteral("inigo nunez"), m_facts.rareName,
             nameHas({QStringLiteral("inigo"), QStringLiteral("nunez")})},
            {QStringLiteral("rare_word"), QStringLiteral("zafiro"), -1, [](const LeadRow &) { return true; }},
            {QStringLiteral("common_word"), QStringLiteral("hola"), -1, [](const LeadRow &) { return true; }},
            {QStringLiteral("partial_phone"), QStringLiteral("5678"), m_facts.phoneMatches,
             [](const LeadRow &row) { return row.lead.phone.contains(QLatin1String("5678")); }},
            {QStringLiteral("common_word_in_stage"), QStringLiteral("hola"), -1,
             [](const LeadRow &row) { return row.lead.status == LeadStatus::Qualified; }, LeadStatus::Qualified},
        };
    }

    // Whether the rows at the top and the bottom of the leads view are loaded, so the
    // view painted leads and not "Loading…" placeholders.
    bool visibleRowsLoaded() const
    {
        const int top = m_view->rowAt(0);
        if (top < 0 || !m_model->isRowLoaded(top))
            return false;
        int bottom = m_view->rowAt(m_view->viewport()->height() - 1);
        if (bottom < 0)
            bottom = m_model->rowCount() - 1;
        return m_model->isRowLoaded(bottom);
    }

    LeadRow topRow() const { return m_model->leadRow(m_view->rowAt(0)); }

    QString leadsState() const
    {
        return QStringLiteral("%1 paints; the model lists %2 leads (search \"%3\"), top row %4 %5")
            .arg(m_leadsProbe->paintCount())
            .arg(m_model->rowCount())
            .arg(m_model->search())
            .arg(m_view->rowAt(0))
            .arg(visibleRowsLoaded() ? QStringLiteral("loaded") : QStringLiteral("not loaded"));
    }

    bool unfilteredListShown() const
    {
        return m_model->search().isEmpty() && !m_model->statusFilter() && m_model->rowCount() == m_facts.leads
            && visibleRowsLoaded();
    }

    int measureFirstRows(QJsonObject &result)
    {
        m_leadsProbe->expect([this] { return unfilteredListShown(); });
        const qint64 startNs = m_clock.nsecsElapsed();
        m_showStartNs = startNs;
        m_window->show();
        const qint64 shownNs = m_clock.nsecsElapsed();
        if (!m_leadsProbe->wait(m_options.timeoutMs))
            return fail(QStringLiteral("first rows"), QStringLiteral("no painted rows within %1 ms: %2")
                                                          .arg(m_options.timeoutMs)
                                                          .arg(leadsState()));
        result.insert(QStringLiteral("show_returned_ms"), milliseconds(shownNs - startNs));
        result.insert(QStringLiteral("first_rows_ms"), milliseconds(m_leadsProbe->satisfiedAtNs() - startNs));
        return 0;
    }

    // Waits for the inbox's first snapshot, which the window requests at construction.
    // Its query shares the reader thread with the leads view's, so the later steps start
    // once it is done, as they would when a user acts a moment after the window opened.
    int waitForInbox(QJsonObject &result)
    {
        const InboxModel *inbox = m_window->inboxView()->model();
        if (!inbox->hasSnapshot()) {
            EventWait wait;
            // Disconnects both when the wait ends: a later refresh would call a dead EventWait.
            QObject waiting;
            QObject::connect(inbox, &InboxModel::refreshed, &waiting, [&wait] { wait.finish(); });
            QObject::connect(inbox, &InboxModel::refreshFailed, &waiting, [&wait] { wait.finish(); });
            if (!wait.exec(m_options.timeoutMs) || !inbox->hasSnapshot())
                return fail(QStringLiteral("inbox"), QStringLiteral("no first snapshot within %1 ms")
                                                         .arg(m_options.timeoutMs));
        }
        result.insert(QStringLiteral("inbox_snapshot_ms"), span(m_showStartNs, m_inboxSnapshotAtNs));
        return 0;
    }

    int measureStageFilter(QJsonObject &result)
    {
        QComboBox *stage = m_window->leadFilterBar()->stageFilter();
        const int qualified = stage->findData(toString(LeadStatus::Qualified));
        if (qualified < 0)
            return fail(QStringLiteral("stage filter"), QStringLiteral("the stage filter offers no qualified stage"));

        m_leadsProbe->expect([this] {
            return m_model->statusFilter() == LeadStatus::Qualified && m_model->rowCount() == m_facts.qualified
                && visibleRowsLoaded() && topRow().lead.status == LeadStatus::Qualified;
        });
        m_rowsArrivedAtNs = -1;
        const qint64 startNs = m_clock.nsecsElapsed();
        stage->setCurrentIndex(qualified);
        if (!m_leadsProbe->wait(m_options.timeoutMs))
            return fail(QStringLiteral("stage filter"), QStringLiteral("%1 qualified leads not painted within %2 ms: %3")
                                                            .arg(m_facts.qualified)
                                                            .arg(m_options.timeoutMs)
                                                            .arg(leadsState()));
        QJsonObject filter;
        filter.insert(QStringLiteral("total_ms"), milliseconds(m_leadsProbe->satisfiedAtNs() - startNs));
        filter.insert(QStringLiteral("reply_ms"), span(startNs, m_rowsArrivedAtNs));
        filter.insert(QStringLiteral("paint_ms"), span(m_rowsArrivedAtNs, m_leadsProbe->satisfiedAtNs()));
        filter.insert(QStringLiteral("matches"), m_model->rowCount());
        result.insert(QStringLiteral("stage_filter"), filter);
        saveScreenshot(QStringLiteral("stage-filter"));

        // Back to every stage, untimed.
        m_leadsProbe->expect([this] { return unfilteredListShown(); });
        stage->setCurrentIndex(0);
        if (!m_leadsProbe->wait(m_options.timeoutMs))
            return fail(QStringLiteral("stage filter"), QStringLiteral("every lead not shown again: %1").arg(leadsState()));
        return 0;
    }

    // Empties the search box and waits for every lead to be painted again.
    int clearSearch()
    {
        QLineEdit *edit = m_window->searchEdit();
        if (edit->text().isEmpty() && unfilteredListShown())
            return 0;
        m_leadsProbe->expect([this] { return unfilteredListShown(); });
        edit->clear();
        if (!m_leadsProbe->wait(m_options.timeoutMs))
            return fail(QStringLiteral("clear search"), QStringLiteral("every lead not shown again within %1 ms: %2")
                                                            .arg(m_options.timeoutMs)
                                                            .arg(leadsState()));
        return 0;
    }

    // Chooses `status` in the stage filter (all stages for none) and waits for its leads to
    // be painted.
    int chooseStage(std::optional<LeadStatus> status)
    {
        QComboBox *stage = m_window->leadFilterBar()->stageFilter();
        const int index = status ? stage->findData(toString(*status)) : 0;
        if (index < 0)
            return fail(QStringLiteral("stage filter"), QStringLiteral("the stage filter offers no stage %1")
                                                            .arg(toString(*status)));
        if (stage->currentIndex() == index)
            return 0;
        m_leadsProbe->expect([this, status] {
            return m_model->statusFilter() == status && m_model->rowCount() > 0 && visibleRowsLoaded()
                && (!status || topRow().lead.status == *status);
        });
        stage->setCurrentIndex(index);
        if (!m_leadsProbe->wait(m_options.timeoutMs))
            return fail(QStringLiteral("stage filter"), QStringLiteral("the chosen stage not painted: %1").arg(leadsState()));
        return 0;
    }

    int measureSearch(const SearchCase &search, QJsonObject &measured)
    {
        if (int failed = chooseStage(std::nullopt))
            return failed;
        if (int failed = clearSearch())
            return failed;
        if (int failed = chooseStage(search.stage))
            return failed;
        const QString step = QStringLiteral("search %1").arg(search.name);
        QLineEdit *edit = m_window->searchEdit();
        edit->setFocus();
        m_leadsProbe->expect([this, search] {
            if (m_model->search() != search.text || m_model->rowCount() == 0 || !visibleRowsLoaded())
                return false;
            if (search.expectedMatches >= 0 && m_model->rowCount() != search.expectedMatches)
                return false;
            return search.rowMatches(topRow());
        });
        m_searchAppliedAtNs = -1;
        m_rowsArrivedAtNs = -1;
        const qint64 startNs = m_clock.nsecsElapsed();
        QTest::keyClicks(edit, search.text);
        const qint64 typedNs = m_clock.nsecsElapsed();
        if (!m_leadsProbe->wait(m_options.timeoutMs)) {
            const QString expected = search.expectedMatches >= 0
                ? QStringLiteral("%1 matches").arg(search.expectedMatches)
                : QStringLiteral("matches");
            return fail(step, QStringLiteral("%1 not painted within %2 ms: %3")
                                  .arg(expected)
                                  .arg(m_options.timeoutMs)
                                  .arg(leadsState()));
        }
        if (m_searchAppliedAtNs < typedNs)
            return fail(step, QStringLiteral("the search box's debounce timer did not fire after typing"));
        const qint64 paintedNs = m_leadsProbe->satisfiedAtNs();

        measured.insert(QStringLiteral("name"), search.name);
        measured.insert(QStringLiteral("text"), search.text);
        measured.insert(QStringLiteral("typing_ms"), milliseconds(typedNs - startNs));
        measured.insert(QStringLiteral("debounce_ms"), milliseconds(m_searchAppliedAtNs - typedNs));
        measured.insert(QStringLiteral("query_paint_ms"), milliseconds(paintedNs - m_searchAppliedAtNs));
        measured.insert(QStringLiteral("reply_ms"), span(m_searchAppliedAtNs, m_rowsArrivedAtNs));
        measured.insert(QStringLiteral("paint_ms"), span(m_rowsArrivedAtNs, paintedNs));
        measured.insert(QStringLiteral("matches"), m_model->rowCount());
        return 0;
    }

    int measureOpenChat(QJsonObject &result)
    {
        const QString step = QStringLiteral("open chat");
        if (int failed = chooseStage(std::nullopt))
            return failed;
        if (int failed = clearSearch())
            return failed;
        if (m_facts.chatLeadId == 0)
            return fail(step, QStringLiteral("no lead has the phone %1").arg(m_options.chatPhone));
        if (topRow().lead.id != m_facts.chatLeadId)
            return fail(step, QStringLiteral("lead %1 (%2) is not the first row of the leads table; the benchmark "
                                             "expects a database made by bench/dataset/generate.py")
                                  .arg(m_facts.chatLeadId)
                                  .arg(m_options.chatPhone));

        ChatView *chat = m_window->chatView();
        const int expectedShown = int(std::min<qint64>(ChatPageSize, m_facts.chatMessages));
        m_chatProbe->expect([this, chat, expectedShown] {
            const QScrollBar *scrollBar = m_transcript->verticalScrollBar();
            return chat->leadId() == m_facts.chatLeadId && chat->loadedMessageCount() == expectedShown
                && scrollBar->value() == scrollBar->maximum();
        });
        m_conversationShownAtNs = -1;
        const QRect rowRect = m_view->visualRect(m_model->index(m_view->rowAt(0), LeadsModel::NameColumn));
        const qint64 startNs = m_clock.nsecsElapsed();
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, rowRect.center());
        if (!m_chatProbe->wait(m_options.timeoutMs))
            return fail(step, QStringLiteral("the newest %1 of %2 messages not painted within %3 ms; the chat shows "
                                             "lead %4 with %5 messages after %6 paints")
                                  .arg(expectedShown)
                                  .arg(m_facts.chatMessages)
                                  .arg(m_options.timeoutMs)
                                  .arg(chat->leadId())
                                  .arg(chat->loadedMessageCount())
                                  .arg(m_chatProbe->paintCount()));
        const qint64 paintedNs = m_chatProbe->satisfiedAtNs();
        QJsonObject opened;
        opened.insert(QStringLiteral("total_ms"), milliseconds(paintedNs - startNs));
        opened.insert(QStringLiteral("reply_render_ms"), span(startNs, m_conversationShownAtNs));
        opened.insert(QStringLiteral("paint_ms"), span(m_conversationShownAtNs, paintedNs));
        opened.insert(QStringLiteral("messages_shown"), chat->loadedMessageCount());
        opened.insert(QStringLiteral("messages_in_conversation"), m_facts.chatMessages);
        result.insert(QStringLiteral("open_chat"), opened);
        return 0;
    }

    // Requests an inbox refresh and waits for it. Returns the time from the request to the
    // model's refreshed(), in ms, or -1 when it failed or timed out.
    double refreshInbox()
    {
        InboxModel *inbox = m_window->inboxView()->model();
        EventWait wait;
        bool failed = false;
        QObject waiting; // disconnects both when the wait ends, as in waitForInbox()
        QObject::connect(inbox, &InboxModel::refreshed, &waiting, [&wait] { wait.finish(); });
        QObject::connect(inbox, &InboxModel::refreshFailed, &waiting, [&wait, &failed] {
            failed = true;
            wait.finish();
        });
        const qint64 startNs = m_clock.nsecsElapsed();
        inbox->refresh();
        const bool finished = wait.exec(m_options.timeoutMs);
        const qint64 endNs = m_clock.nsecsElapsed();
        return finished && !failed ? milliseconds(endNs - startNs) : -1;
    }

    // Runs `sql` with `values` on the service thread, the database's one writer.
    Status writeOnServiceThread(const QString &sql, const QVariantList &values)
    {
        Status written;
        m_host->runOnServiceThread([&](ServiceCore &core) {
            auto done = core.database().exec(sql, values);
            if (!done)
                written = done.error();
        });
        return written;
    }

    // The inbox of a user who has read every conversation up to its newest lead message.
    // The unread list and total then find nothing, and walked every conversation to be
    // sure of it. The markers are written with one SQL statement, as if the user had
    // opened each conversation, and removed again at the end with the user's watermark,
    // so every run starts alike. Neither is timed. One refresh is not timed either: it takes any refresh that the
    // chat's read marker scheduled. The next one is the step.
    int measureUnreadAllRead(QJsonObject &result)
    {
        const QString step = QStringLiteral("unread all read");
        const qint64 userId = m_session->userId();
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        Status marked = writeOnServiceThread(
            QStringLiteral("INSERT INTO conversation_reads (user_id, conversation_id, last_read_message_id, read_at) "
                           "SELECT ?, id, last_lead_message_id, ? FROM conversations WHERE last_lead_message_id > 0 "
                           "ON CONFLICT (user_id, conversation_id) DO UPDATE SET "
                           "last_read_message_id = excluded.last_read_message_id"),
            {userId, nowMs});
        if (!marked)
            return fail(step, QStringLiteral("marking every conversation read failed: %1").arg(marked.error().message));
        // Each read moves the user's read-through watermark a bounded step. A user who
        // opened every conversation one after the other would have it at the newest, so
        // it catches up here in one step. The inbox's view is the one the reader uses.
        const qint64 agentUserId = m_session->allows(Permission::SeeAllLeads) ? 0 : userId;
        Result<qint64> advanced = qint64(0);
        m_host->runOnServiceThread([&](ServiceCore &core) {
            advanced = InboxRepository(core.database())
                           .advanceReadThrough(userId, agentUserId, nowMs, std::numeric_limits<int>::max());
        });
        if (!advanced)
            return fail(step, QStringLiteral("the read-through watermark did not advance: %1")
                                  .arg(advanced.error().message));

        QJsonObject measured;
        const double warmUpMs = refreshInbox();
        const double refreshMs = warmUpMs < 0 ? -1 : refreshInbox();
        const int totalUnread = m_window->inboxView()->model()->totalUnread();

        Status cleared = writeOnServiceThread(QStringLiteral("DELETE FROM conversation_reads WHERE user_id = ?"), {userId});
        if (cleared)
            cleared = writeOnServiceThread(QStringLiteral("DELETE FROM inbox_read_through WHERE user_id = ?"), {userId});
        if (!cleared)
            return fail(step, QStringLiteral("removing the read markers failed: %1").arg(cleared.error().message));
        if (refreshMs < 0)
            return fail(step, QStringLiteral("no inbox refresh within %1 ms").arg(m_options.timeoutMs));
        if (totalUnread != 0)
            return fail(step, QStringLiteral("%1 unread lead messages after reading everything").arg(totalUnread));
        measured.insert(QStringLiteral("total_ms"), refreshMs);
        measured.insert(QStringLiteral("warm_up_ms"), warmUpMs);
        result.insert(QStringLiteral("unread_all_read"), measured);
        return 0;
    }

    const Options &m_options;
    const QElapsedTimer &m_clock;
    const DatasetFacts &m_facts;
    ServiceHost *m_host = nullptr;
    Session *m_session = nullptr;
    std::unique_ptr<MainWindow> m_window;
    LeadsModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QTextBrowser *m_transcript = nullptr;
    QTimer *m_searchTimer = nullptr;
    PaintProbe *m_leadsProbe = nullptr;
    PaintProbe *m_chatProbe = nullptr;
    qint64 m_rowsArrivedAtNs = -1;
    qint64 m_searchAppliedAtNs = -1;
    qint64 m_conversationShownAtNs = -1;
    qint64 m_showStartNs = -1;
    qint64 m_inboxSnapshotAtNs = -1;
};

int runScale(const Options &options, const QElapsedTimer &clock, ServiceHost &host, SnapshotReader &reader,
             QJsonObject &result)
{
    auto facts = readFacts(options);
    if (!facts)
        return fail(QStringLiteral("dataset"), facts.error().message);
    result.insert(QStringLiteral("leads"), facts->leads);

    const qint64 loginStartNs = clock.nsecsElapsed();
    const Result<Principal> principal = logIn(host, options, options.timeoutMs);
    if (!principal)
        return fail(QStringLiteral("login"), principal.error().message);
    result.insert(QStringLiteral("login_ms"), milliseconds(clock.nsecsElapsed() - loginStartNs));

    Session session(*principal);
    ScaleBenchmark benchmark(options, clock, *facts, &host, &reader, &session);
    return benchmark.run(result);
}

// Installs paint probes on the login dialog and the main window as soon as they are
// shown, because their first paint may follow show() before control returns to the
// caller of DesktopController::start() or of the login.
class StartupWatcher : public QObject
{
public:
    explicit StartupWatcher(const QElapsedTimer &clock)
        : m_clock(clock)
    {
    }

    PaintProbe *loginProbe() const { return m_loginProbe; }
    PaintProbe *firstFrameProbe() const { return m_firstFrameProbe; }
    PaintProbe *inboxProbe() const { return m_inboxProbe; }
    LoginDialog *loginDialog() const { return m_login; }
    // When the login dialog closed after a successful login, or -1 before.
    qint64 acceptedAtNs() const { return m_acceptedAtNs; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show) {
            if (auto *login = qobject_cast<LoginDialog *>(watched); login && !m_loginProbe) {
                m_login = login;
                m_loginProbe = new PaintProbe(login, m_clock, login);
                m_loginProbe->expect([] { return true; });
            } else if (auto *window = qobject_cast<MainWindow *>(watched); window && !m_inboxProbe) {
                // The inbox tab is in front after login, so its list is the first view with data.
                QTreeView *list = window->inboxView()->view();
                m_firstFrameProbe = new PaintProbe(list->viewport(), m_clock, window);
                m_firstFrameProbe->expect([] { return true; });
                m_inboxProbe = new PaintProbe(list->viewport(), m_clock, window);
                const InboxModel *inbox = window->inboxView()->model();
                m_inboxProbe->expect([inbox] { return inbox->hasSnapshot(); });
            }
        } else if (event->type() == QEvent::Hide && watched == m_login && m_acceptedAtNs < 0) {
            // QDialog::accept() hides the dialog before it emits accepted(), whose slot in
            // DesktopController builds and shows the main window.
            m_acceptedAtNs = m_clock.nsecsElapsed();
        }
        return false;
    }

private:
    const QElapsedTimer &m_clock;
    LoginDialog *m_login = nullptr;
    PaintProbe *m_loginProbe = nullptr;
    PaintProbe *m_firstFrameProbe = nullptr;
    PaintProbe *m_inboxProbe = nullptr;
    qint64 m_acceptedAtNs = -1;
};

int runStartup(const Options &options, const QElapsedTimer &clock, ServiceHost &host, SnapshotReader &reader,
               QJsonObject &result)
{
    StartupWatcher watcher(clock);
    qApp->installEventFilter(&watcher);

    DesktopController controller(&host, &reader);
    EventWait loginShown;
    QObject::connect(&controller, &DesktopController::loginShown, &controller, [&loginShown] { loginShown.finish(); });
    controller.start();
    if (!loginShown.exec(options.timeoutMs))
        return fail(QStringLiteral("login dialog"), QStringLiteral("not shown within %1 ms; does the database have "
                                                                   "a user?")
                                                        .arg(options.timeoutMs));
    const qint64 loginShownNs = clock.nsecsElapsed();
    if (!watcher.loginProbe() || !watcher.loginProbe()->wait(options.timeoutMs))
        return fail(QStringLiteral("login dialog"), QStringLiteral("not painted within %1 ms").arg(options.timeoutMs));
    result.insert(QStringLiteral("login_shown_ms"), milliseconds(loginShownNs));
    result.insert(QStringLiteral("login_painted_ms"), milliseconds(watcher.loginProbe()->satisfiedAtNs()));

    LoginDialog *login = watcher.loginDialog();
    auto *email = login->findChild<QLineEdit *>(QStringLiteral("emailEdit"));
    auto *password = login->findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    auto *button = login->findChild<QPushButton *>(QStringLiteral("loginButton"));
    if (!email || !password || !button)
        return fail(QStringLiteral("login"), QStringLiteral("the login dialog's email, password or login button was "
                                                            "not found by object name"));
    email->setText(options.email);
    password->setText(options.password);

    EventWait windowShown;
    qint64 windowShownNs = -1;
    QObject::connect(&controller, &DesktopController::mainWindowShown, &controller, [&] {
        windowShownNs = clock.nsecsElapsed();
        windowShown.finish();
    });
    const qint64 clickedNs = clock.nsecsElapsed();
    button->click();
    if (!windowShown.exec(options.timeoutMs))
        return fail(QStringLiteral("login"), QStringLiteral("no main window within %1 ms; the dialog says \"%2\"")
                                                 .arg(options.timeoutMs)
                                                 .arg(login->errorText()));
    const qint64 acceptedNs = watcher.acceptedAtNs();
    if (!watcher.inboxProbe() || !watcher.inboxProbe()->wait(options.timeoutMs))
        return fail(QStringLiteral("main window"), QStringLiteral("the inbox was not painted within %1 ms")
                                                       .arg(options.timeoutMs));
    result.insert(QStringLiteral("login_ms"), milliseconds(acceptedNs - clickedNs));
    result.insert(QStringLiteral("accepted_to_shown_ms"), milliseconds(windowShownNs - acceptedNs));
    result.insert(QStringLiteral("accepted_to_first_frame_ms"),
                  milliseconds(watcher.firstFrameProbe()->satisfiedAtNs() - acceptedNs));
    result.insert(QStringLiteral("accepted_to_inbox_ms"), milliseconds(watcher.inboxProbe()->satisfiedAtNs() - acceptedNs));
    result.insert(QStringLiteral("inbox_rows"), controller.mainWindow()->inboxView()->model()->rowCount());
    qApp->removeEventFilter(&watcher);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QElapsedTimer clock;
    clock.start();

    QApplication app(argc, argv);
    // The names decide where the desktop preferences and the log live, as in the product.
    QApplication::setOrganizationName(QStringLiteral("Prospecta"));
    QApplication::setApplicationName(QStringLiteral("Prospecta"));
    QApplication::setQuitOnLastWindowClosed(false);
    installProspectaTranslator(app, interfaceLocale());

    const std::optional<Options> options = parseOptions(app);
    if (!options)
        return 2;

    QJsonObject result;
    result.insert(QStringLiteral("mode"), options->mode);
    result.insert(QStringLiteral("database"), options->database.filePath);

    ServiceOptions serviceOptions;
    serviceOptions.database = options->database;
    serviceOptions.listenOverride = options->listen;
    serviceOptions.runServer = !options->listen.isEmpty();
    ServiceHost host(serviceOptions);
    if (const Status started = host.start(); !started)
        return fail(QStringLiteral("service"), started.error().message);
    SnapshotReader reader(options->database);
    reader.start();
    result.insert(QStringLiteral("service_started_ms"), milliseconds(clock.nsecsElapsed()));

    const int exitCode = options->mode == QLatin1String("startup") ? runStartup(*options, clock, host, reader, result)
                                                                    : runScale(*options, clock, host, reader, result);
    result.insert(QStringLiteral("peak_rss_mb"), procStatusMegabytes("VmHWM:"));
    result.insert(QStringLiteral("rss_mb"), procStatusMegabytes("VmRSS:"));
    if (exitCode == 0)
        std::fputs(QJsonDocument(result).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
    host.stop();
    return exitCode;
}
