// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "WebhooksDialog.h"

#include "DisplayNames.h"
#include "MessageBoxes.h"
#include "ReaderRequest.h"
#include "Session.h"
#include "core/Logging.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Prospecta {

namespace {

const Provider webhookProviders[] = {Provider::Gupshup, Provider::Twilio, Provider::Meta};

QString providerName(Provider provider)
{
    switch (provider) {
    case Provider::Gupshup: return QStringLiteral("Gupshup (WhatsApp)");
    case Provider::Twilio: return QStringLiteral("Twilio");
    case Provider::Meta: return QStringLiteral("Meta (WhatsApp Cloud API)");
    default: return toString(provider);
    }
}

} // namespace

WebhooksDialog::WebhooksDialog(ServiceHost *host, SnapshotReader *reader, Session *session, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_reader(reader)
    , m_session(session)
{
    setObjectName(QStringLiteral("webhooksDialog"));
    setWindowTitle(tr("Webhooks"));

    auto *intro = new QLabel(tr("Paste each URL into the provider's console. Gupshup's URL contains a secret "
                                "token: share it with no one."),
                             this);
    intro->setWordWrap(true);

    m_warning = new QLabel(this);
    m_warning->setObjectName(QStringLiteral("hostWarning"));
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("color: #a15c00;"));
    m_warning->hide();

    m_table = new QTableWidget(int(std::size(webhookProviders)), ColumnCount, this);
    m_table->setObjectName(QStringLiteral("webhooksTable"));
    m_table->setHorizontalHeaderLabels({tr("Provider"), tr("Webhook URL"), tr("Last webhook"), QString()});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->horizontalHeader()->setSectionResizeMode(UrlColumn, QHeaderView::Stretch);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const Provider provider = webhookProviders[row];
        m_table->setItem(row, ProviderColumn, new QTableWidgetItem(providerName(provider)));
        m_table->setItem(row, UrlColumn, new QTableWidgetItem(tr("Press Copy to show it")));
        m_table->setItem(row, LastWebhookColumn, new QTableWidgetItem(tr("Never")));
        auto *copy = new QPushButton(tr("Copy"), m_table);
        copy->setObjectName(QStringLiteral("copy_") + toString(provider));
        connect(copy, &QPushButton::clicked, this, [this, provider] { copyUrl(provider); });
        m_table->setCellWidget(row, CopyColumn, copy);
    }

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("webhooksStatus"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    QPushButton *refreshButton = buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);
    connect(refreshButton, &QPushButton::clicked, this, &WebhooksDialog::refresh);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_warning);
    layout->addWidget(m_table);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(820, 260);

    connect(m_reader, &SnapshotReader::integrationsReady, this, &WebhooksDialog::applyIntegrations);
    m_request = new ReaderRequest(m_reader, m_session, this);
    connect(m_request, &ReaderRequest::failed, m_status, &QLabel::setText);
    connect(m_host, &ServiceHost::webhookHostMismatch, this, &WebhooksDialog::showHostMismatch);
    connect(m_host, &ServiceHost::changed, this, [this](const QString &table, qint64) {
        if (table == QLatin1String("integrations") || table == QLatin1String("messages"))
            refresh();
    });
    const auto mismatch = m_host->lastHostMismatch();
    if (!mismatch.first.isEmpty())
        showHostMismatch(mismatch.first, mismatch.second);
    refresh();
}

QString WebhooksDialog::warningText() const
{
    return m_warning->isVisible() || !m_warning->isHidden() ? m_warning->text() : QString();
}

int WebhooksDialog::rowOf(Provider provider) const
{
    for (int row = 0; row < int(std::size(webhookProviders)); ++row) {
        if (webhookProviders[row] == provider)
            return row;
    }
    return -1;
}

void WebhooksDialog::refresh()
{
    m_reader->requestIntegrations(m_request->next(), m_session->actor());
}

void WebhooksDialog::applyIntegrations(int requestId, const QList<IntegrationStatus> &integrations)
{
    if (!m_request->finish(requestId))
        return;
    for (const IntegrationStatus &status : integrations) {
        const int row = rowOf(status.provider);
        if (row < 0)
            continue;
        QString last = status.lastWebhookMs > 0 ? DisplayNames::dateTime(status.lastWebhookMs) : tr("Never");
        if (!status.configured)
            last = tr("Not configured");
        m_table->item(row, LastWebhookColumn)->setText(last);
    }
    emit refreshed();
}

void WebhooksDialog::copyUrl(Provider provider)
{
    const Actor actor = m_session->actor();
    m_host->call<QString>(
        this, [actor, provider](ServiceCore &core) { return core.webhookUrl(actor, provider); },
        [this, provider](const Result<QString> &url) {
            if (!url) {
                if (m_session->check(url.error()))
                    return;
                MessageBoxes::warning(this, tr("The webhook URL is not available"), url.error().message);
                return;
            }
            const int row = rowOf(provider);
            if (row >= 0)
                m_table->item(row, UrlColumn)->setText(*url);
            if (QClipboard *clipboard = QGuiApplication::clipboard())
                clipboard->setText(*url);
            m_status->setText(tr("Copied the URL of %1.").arg(providerName(provider)));
            emit urlCopied(provider, *url);
        });
}

void WebhooksDialog::showHostMismatch(const QString &host, const QString &expected)
{
    if (host.isEmpty()) {
        m_warning->hide();
        return;
    }
    m_warning->setText(tr("Webhooks are arriving for %1, but the public URL names %2. If your tunnel's address "
                          "changed, set the new one with `prospecta settings set server.publicUrl …` and update "
                          "the URLs in the providers' consoles.")
                           .arg(host, expected));
    m_warning->show();
}

} // namespace Prospecta
