// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "AlertsBanner.h"

#include "MessageBoxes.h"
#include "ReaderRequest.h"
#include "Session.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace Prospecta {

AlertsBanner::AlertsBanner(ServiceHost *host, SnapshotReader *reader, Session *session, QWidget *parent)
    : QFrame(parent)
    , m_host(host)
    , m_reader(reader)
    , m_session(session)
{
    setObjectName(QStringLiteral("alertsBanner"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("#alertsBanner { background: #fff4e5; border: 1px solid #e0a040; }"));

    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("alertText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dismiss = new QPushButton(tr("Mark as resolved"), this);
    m_dismiss->setObjectName(QStringLiteral("dismissAlert"));
    connect(m_dismiss, &QPushButton::clicked, this, &AlertsBanner::dismiss);

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_dismiss, 0, Qt::AlignTop);
    hide();

    connect(m_reader, &SnapshotReader::alertsReady, this, &AlertsBanner::applyAlerts);
    // Other failures leave the banner as it was: the next change to alerts asks again.
    m_request = new ReaderRequest(m_reader, m_session, this);
    connect(m_host, &ServiceHost::changed, this, [this](const QString &table, qint64) {
        if (table == QLatin1String("alerts"))
            refresh();
    });
    refresh();
}

QString AlertsBanner::headline(const QString &kind)
{
    if (kind == QLatin1String("openai.keyOrQuota"))
        return tr("The AI provider rejected the API key or the account has no quota left, so the AI agents are not "
                  "answering. Check the openai integration's apiKey and the account's billing, then mark this as "
                  "resolved.");
    if (kind == QLatin1String("openai.rejected"))
        return tr("The AI provider refuses every request, so the AI agents are not answering. Check the openai "
                  "integration's model and baseUrl against the details below, then mark this as resolved.");
    return tr("Something needs an administrator's attention.");
}

QString AlertsBanner::text() const
{
    return m_text->text();
}

void AlertsBanner::refresh()
{
    m_reader->requestAlerts(m_request->next(), m_session->actor());
}

void AlertsBanner::applyAlerts(int requestId, const QList<AdminAlert> &alerts)
{
    if (!m_request->finish(requestId))
        return;
    m_alerts = alerts;
    if (alerts.isEmpty()) {
        m_text->clear();
        hide();
        emit refreshed();
        return;
    }
    const AdminAlert &oldest = alerts.first();
    QString text = headline(oldest.kind);
    if (!oldest.message.isEmpty())
        text += QLatin1Char('\n') + tr("Details: %1").arg(oldest.message);
    if (alerts.size() > 1)
        text += QLatin1Char('\n') + tr("%n more alert(s) after this one.", nullptr, int(alerts.size() - 1));
    m_text->setText(text);
    show();
    emit refreshed();
}

void AlertsBanner::dismiss()
{
    if (m_alerts.isEmpty())
        return;
    const qint64 id = m_alerts.first().id;
    const Actor actor = m_session->actor();
    m_dismiss->setEnabled(false);
    m_host->call<void>(
        this, [actor, id](ServiceCore &core) { return core.resolveAlert(actor, id); },
        [this](const Status &status) {
            m_dismiss->setEnabled(true);
            if (!status && !m_session->check(status.error()))
                MessageBoxes::warning(this, tr("The alert was not resolved"), status.error().message);
            refresh();
        });
}

} // namespace Prospecta
