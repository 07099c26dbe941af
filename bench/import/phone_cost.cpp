// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The CPU cost of phone normalization alone: PhoneNumbers::fromTyped(), as the lead import
// calls it, on the five written forms of bench/import/make_csv.py, on 1 and on 2 threads
// at once. An import of N rows needs at least N times the per-number cost divided by the
// threads the machine can give it, before it writes anything. Prints one JSON object per
// line.

#include "channels/PhoneNumbers.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QTextStream>
#include <QThread>

#include <atomic>
#include <memory>
#include <vector>

using namespace Prospecta;

namespace {

// The ten-digit national number `number` written the way make_csv.py writes row `form`.
QString spelled(qint64 number, int form)
{
    const QString digits = QStringLiteral("%1").arg(number, 10, 10, QLatin1Char('0'));
    const QString area = digits.left(2);
    const QString first = digits.mid(2, 4);
    const QString last = digits.mid(6);
    switch (form % 5) {
    case 0:
        return QStringLiteral("+52 %1 %2 %3").arg(area, first, last);
    case 1:
        return QStringLiteral("%1-%2-%3").arg(area, first, last);
    case 2:
        return QStringLiteral("(%1) %2 %3").arg(area, first, last);
    case 3:
        return digits;
    default:
        return QStringLiteral("52 1 %1 %2 %3").arg(area, first, last);
    }
}

// Parses `numbers[begin, end)` and counts the valid ones.
int parseRange(const QStringList &numbers, qsizetype begin, qsizetype end)
{
    int valid = 0;
    for (qsizetype i = begin; i < end; ++i) {
        if (PhoneNumbers::fromTyped(numbers.at(i), u"MX"))
            ++valid;
    }
    return valid;
}

// Parses every number once, split evenly over `threadCount` threads, and returns the
// wall-clock seconds.
double timeParsing(const QStringList &numbers, int threadCount, int *validCount)
{
    std::atomic<int> valid = 0;
    std::vector<std::unique_ptr<QThread>> threads;
    const qsizetype share = numbers.size() / threadCount;

    QElapsedTimer clock;
    clock.start();
    for (int t = 0; t < threadCount; ++t) {
        const qsizetype begin = t * share;
        const qsizetype end = t == threadCount - 1 ? numbers.size() : begin + share;
        threads.emplace_back(QThread::create([&numbers, &valid, begin, end] {
            valid += parseRange(numbers, begin, end);
        }));
        threads.back()->start();
    }
    for (const auto &thread : threads)
        thread->wait();
    const double seconds = clock.nsecsElapsed() / 1e9;

    *validCount = valid;
    return seconds;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures the CPU cost of phone normalization per number."));
    parser.addHelpOption();
    const QCommandLineOption countOption(QStringLiteral("numbers"),
                                         QStringLiteral("How many numbers each run parses (default 200000)."),
                                         QStringLiteral("count"), QStringLiteral("200000"));
    const QCommandLineOption repeatOption(QStringLiteral("repeat"),
                                          QStringLiteral("Runs per thread count (default 3)."),
                                          QStringLiteral("count"), QStringLiteral("3"));
    parser.addOptions({countOption, repeatOption});
    parser.process(app);

    const int count = parser.value(countOption).toInt();
    const int repeat = parser.value(repeatOption).toInt();
    if (count < 2 || repeat < 1) {
        QTextStream(stderr) << "phone_cost: --numbers must be at least 2 and --repeat at least 1\n";
        return 2;
    }

    QStringList numbers;
    numbers.reserve(count);
    for (int i = 0; i < count; ++i)
        numbers.append(spelled(5540000000LL + i, i));

    // The first parse loads libphonenumber's metadata and compiles its regular
    // expressions, which an import pays once.
    PhoneNumbers::fromTyped(numbers.constFirst(), u"MX");

    QTextStream out(stdout);
    for (const int threadCount : {1, 2}) {
        for (int run = 0; run < repeat; ++run) {
            int valid = 0;
            const double seconds = timeParsing(numbers, threadCount, &valid);
            const QJsonObject result{
                {QStringLiteral("threads"), threadCount},
                {QStringLiteral("numbers"), count},
                {QStringLiteral("valid"), valid},
                {QStringLiteral("seconds"), seconds},
                {QStringLiteral("numbersPerSecond"), count / seconds},
                {QStringLiteral("cpuMicrosecondsPerNumber"), seconds * threadCount * 1e6 / count},
            };
            out << QJsonDocument(result).toJson(QJsonDocument::Compact) << '\n';
            out.flush();
        }
    }
    return 0;
}
