// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/SecretBox.h"

#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Prospecta;

class SecretBoxTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void keyPairHasLibsodiumSizes();
    void publicKeyIsDerivedFromPrivateKey();
    void publicKeyForRejectsWrongSize();
    void sealOpenRoundTrip_data();
    void sealOpenRoundTrip();
    void sealIsRandomized();
    void openWithOtherKeyPairFails();
    void openTamperedCiphertextFails();
    void openInvalidInputFails_data();
    void openInvalidInputFails();

    void constantTimeEquals_data();
    void constantTimeEquals();

    void randomTokenLengthAndAlphabet_data();
    void randomTokenLengthAndAlphabet();
    void randomTokensDiffer();

    void keyFileDefaultPath();
    void keyFileRoundTrip();
    void keyFileIsOwnerOnly();
    void keyFileOverwriteStaysOwnerOnly();
    void keyFileCreatesFolder();
    void keyFileMissingIsNotFound();
    void keyFileGarbageIsUnavailable_data();
    void keyFileGarbageIsUnavailable();
    void keyFileRejectsWrongKeySize();

    void maskSecret_data();
    void maskSecret();

private:
    QString writeFile(const QString &name, const QByteArray &content);

    QTemporaryDir m_dir;
};

void SecretBoxTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(SecretBox::initialize());
    QVERIFY(m_dir.isValid());
}

void SecretBoxTest::keyPairHasLibsodiumSizes()
{
    const KeyPair keys = SecretBox::generateKeyPair();
    QCOMPARE(keys.publicKey.size(), 32);
    QCOMPARE(keys.privateKey.size(), 32);
    QVERIFY(keys.publicKey != keys.privateKey);
    QVERIFY(SecretBox::generateKeyPair().privateKey != keys.privateKey);
}

void SecretBoxTest::publicKeyIsDerivedFromPrivateKey()
{
    const KeyPair keys = SecretBox::generateKeyPair();
    QCOMPARE(SecretBox::publicKeyFor(keys.privateKey), keys.publicKey);

    // RFC 7748, section 6.1: Alice's X25519 private key and the public key it gives.
    const QByteArray alicePrivate = QByteArray::fromHex(
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    const QByteArray alicePublic = QByteArray::fromHex(
        "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    QCOMPARE(SecretBox::publicKeyFor(alicePrivate), alicePublic);
}

void SecretBoxTest::publicKeyForRejectsWrongSize()
{
    QVERIFY(SecretBox::publicKeyFor(QByteArray(31, 'k')).isEmpty());
    QVERIFY(SecretBox::publicKeyFor(QByteArray()).isEmpty());
}

void SecretBoxTest::sealOpenRoundTrip_data()
{
    QTest::addColumn<QByteArray>("plaintext");

    QTest::newRow("api key") << QByteArray("sk-test-0123456789abcdef");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("binary with NUL") << QByteArray("\x00\x01\xff\x00", 4);
    QTest::newRow("utf-8") << QStringLiteral("contraseña ünïcode 🔑").toUtf8();
    QTest::newRow("64 KB") << QByteArray(64 * 1024, 'x');
}

void SecretBoxTest::sealOpenRoundTrip()
{
    QFETCH(QByteArray, plaintext);
    const KeyPair keys = SecretBox::generateKeyPair();

    const QByteArray sealed = SecretBox::seal(plaintext, keys.publicKey);
    QVERIFY(!sealed.isEmpty());
    QVERIFY(QByteArray::fromBase64Encoding(sealed, QByteArray::AbortOnBase64DecodingErrors));
    if (!plaintext.isEmpty())
        QVERIFY(!sealed.contains(plaintext.toBase64()));

    const Result<QByteArray> opened = SecretBox::open(sealed, keys);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    QCOMPARE(*opened, plaintext);
}

void SecretBoxTest::sealIsRandomized()
{
    // crypto_box_seal uses a fresh ephemeral key pair each time.
    const KeyPair keys = SecretBox::generateKeyPair();
    QVERIFY(SecretBox::seal("same", keys.publicKey) != SecretBox::seal("same", keys.publicKey));
}

void SecretBoxTest::openWithOtherKeyPairFails()
{
    const KeyPair keys = SecretBox::generateKeyPair();
    const KeyPair otherKeys = SecretBox::generateKeyPair();
    const QByteArray sealed = SecretBox::seal("sk-live-secret", keys.publicKey);

    const Result<QByteArray> opened = SecretBox::open(sealed, otherKeys);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, ErrorKind::SecretUnavailable);
}

void SecretBoxTest::openTamperedCiphertextFails()
{
    const KeyPair keys = SecretBox::generateKeyPair();
    const QByteArray raw = QByteArray::fromBase64(SecretBox::seal("sk-live-secret", keys.publicKey));

    // Flip one bit in the ephemeral public key, in the MAC and in the ciphertext.
    for (const qsizetype index : {qsizetype(0), qsizetype(40), raw.size() - 1}) {
        QByteArray tampered = raw;
        tampered[index] = char(tampered.at(index) ^ 0x01);
        const Result<QByteArray> opened = SecretBox::open(tampered.toBase64(), keys);
        QVERIFY2(!opened.ok(), qPrintable(QStringLiteral("byte %1").arg(index)));
        QCOMPARE(opened.error().kind, ErrorKind::SecretUnavailable);
    }
}

void SecretBoxTest::openInvalidInputFails_data()
{
    QTest::addColumn<QByteArray>("sealedBase64");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not base64") << QByteArray("not base64 at all!");
    QTest::newRow("shorter than the seal overhead") << QByteArray(47, 'A').toBase64();
}

void SecretBoxTest::openInvalidInputFails()
{
    QFETCH(QByteArray, sealedBase64);
    const Result<QByteArray> opened = SecretBox::open(sealedBase64, SecretBox::generateKeyPair());
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, ErrorKind::SecretUnavailable);
}

void SecretBoxTest::constantTimeEquals_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("equal");

    QTest::newRow("same token") << QByteArray("w3bh00k-t0ken") << QByteArray("w3bh00k-t0ken") << true;
    QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
    QTest::newRow("last byte differs") << QByteArray("w3bh00k-t0ken") << QByteArray("w3bh00k-t0kem") << false;
    QTest::newRow("first byte differs") << QByteArray("w3bh00k-t0ken") << QByteArray("x3bh00k-t0ken") << false;
    QTest::newRow("prefix") << QByteArray("w3bh00k") << QByteArray("w3bh00k-t0ken") << false;
    QTest::newRow("empty against text") << QByteArray() << QByteArray("a") << false;
    QTest::newRow("case differs") << QByteArray("Token") << QByteArray("token") << false;
    QTest::newRow("embedded NUL") << QByteArray("a\0b", 3) << QByteArray("a\0c", 3) << false;
}

void SecretBoxTest::constantTimeEquals()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, equal);
    QCOMPARE(SecretBox::constantTimeEquals(a, b), equal);
    QCOMPARE(SecretBox::constantTimeEquals(b, a), equal);
}

void SecretBoxTest::randomTokenLengthAndAlphabet_data()
{
    QTest::addColumn<int>("bytes");
    QTest::addColumn<int>("length");

    // Unpadded base64 takes ceil(4 * bytes / 3) characters.
    QTest::newRow("default 24 bytes") << 24 << 32;
    QTest::newRow("1 byte") << 1 << 2;
    QTest::newRow("2 bytes") << 2 << 3;
    QTest::newRow("32 bytes") << 32 << 43;
    QTest::newRow("zero") << 0 << 0;
    QTest::newRow("negative") << -5 << 0;
}

void SecretBoxTest::randomTokenLengthAndAlphabet()
{
    QFETCH(int, bytes);
    QFETCH(int, length);

    const QString token = bytes == 24 ? SecretBox::randomToken() : SecretBox::randomToken(bytes);
    QCOMPARE(token.size(), length);
    // Base64url without padding: safe in a URL path segment as is.
    static const QRegularExpression alphabet(QStringLiteral("^[A-Za-z0-9_-]*$"));
    QVERIFY2(alphabet.match(token).hasMatch(), qPrintable(token));
}

void SecretBoxTest::randomTokensDiffer()
{
    QVERIFY(SecretBox::randomToken() != SecretBox::randomToken());
}

void SecretBoxTest::keyFileDefaultPath()
{
    const QString expected = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
        + QStringLiteral("/installation.key");
    QCOMPARE(InstallationKeyFile::defaultPath(), expected);
    // Test mode keeps the suite away from the user's real configuration.
    QVERIFY(expected.contains(QStringLiteral("qttest")));
}

void SecretBoxTest::keyFileRoundTrip()
{
    const KeyPair keys = SecretBox::generateKeyPair();
    const QString path = m_dir.filePath(QStringLiteral("roundtrip/installation.key"));

    const Status written = InstallationKeyFile::writePrivateKey(path, keys.privateKey);
    QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));

    const Result<QByteArray> read = InstallationKeyFile::readPrivateKey(path);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message));
    QCOMPARE(*read, keys.privateKey);

#ifndef Q_OS_WIN
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readLine(), QByteArray("prospecta-installation-key 1\n"));
    QCOMPARE(file.readLine().trimmed(), keys.privateKey.toBase64());
    QVERIFY(file.atEnd());
#endif
}

void SecretBoxTest::keyFileIsOwnerOnly()
{
#ifdef Q_OS_WIN
    QSKIP("Windows protects the key with DPAPI, not with file permissions");
#endif
    const QString path = m_dir.filePath(QStringLiteral("permissions/installation.key"));
    QVERIFY(InstallationKeyFile::writePrivateKey(path, SecretBox::generateKeyPair().privateKey).ok());

    const QFile::Permissions permissions = QFile::permissions(path);
    QVERIFY(permissions.testFlag(QFileDevice::ReadOwner));
    QVERIFY(permissions.testFlag(QFileDevice::WriteOwner));
    const QFile::Permissions groupAndOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
        | QFileDevice::ExeOther;
    QCOMPARE(permissions & groupAndOther, QFile::Permissions());
}

void SecretBoxTest::keyFileOverwriteStaysOwnerOnly()
{
#ifdef Q_OS_WIN
    QSKIP("Windows protects the key with DPAPI, not with file permissions");
#endif
    // QSaveFile copies an existing file's permissions to its new file: a world-readable
    // leftover must not make the new key world-readable.
    const QString path = writeFile(QStringLiteral("overwrite.key"), "old");
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                            | QFileDevice::ReadGroup | QFileDevice::ReadOther));

    const QByteArray privateKey = SecretBox::generateKeyPair().privateKey;
    QVERIFY(InstallationKeyFile::writePrivateKey(path, privateKey).ok());

    QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFile::Permissions());
    QCOMPARE(InstallationKeyFile::readPrivateKey(path).valueOr({}), privateKey);
}

void SecretBoxTest::keyFileCreatesFolder()
{
    const QString path = m_dir.filePath(QStringLiteral("a/b/c/installation.key"));
    QVERIFY(InstallationKeyFile::writePrivateKey(path, SecretBox::generateKeyPair().privateKey).ok());
    QVERIFY(QFile::exists(path));
}

void SecretBoxTest::keyFileMissingIsNotFound()
{
    const Result<QByteArray> read = InstallationKeyFile::readPrivateKey(
        m_dir.filePath(QStringLiteral("missing/installation.key")));
    QVERIFY(!read.ok());
    QCOMPARE(read.error().kind, ErrorKind::NotFound);
}

void SecretBoxTest::keyFileGarbageIsUnavailable_data()
{
    QTest::addColumn<QByteArray>("content");

    const QByteArray validKey = SecretBox::generateKeyPair().privateKey.toBase64();
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("random text") << QByteArray("this is not a key file\n");
    QTest::newRow("key without header") << validKey + '\n';
    QTest::newRow("header without key") << QByteArray("prospecta-installation-key 1\n");
    QTest::newRow("unknown version") << "prospecta-installation-key 2\n" + validKey + '\n';
    QTest::newRow("invalid base64") << QByteArray("prospecta-installation-key 1\n%%%%\n");
    QTest::newRow("short key") << "prospecta-installation-key 1\n" + QByteArray(16, 'k').toBase64() + '\n';
    QTest::newRow("extra line") << "prospecta-installation-key 1\n" + validKey + "\nmore\n";
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe\x01", 4);
    QTest::newRow("huge") << QByteArray(100 * 1024, 'A');
#ifndef Q_OS_WIN
    QTest::newRow("DPAPI file from Windows") << "prospecta-installation-key 1 dpapi\n" + validKey + '\n';
#endif
}

void SecretBoxTest::keyFileGarbageIsUnavailable()
{
    QFETCH(QByteArray, content);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');
    const QString path = writeFile(QStringLiteral("garbage-%1.key").arg(tag), content);

    const Result<QByteArray> read = InstallationKeyFile::readPrivateKey(path);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().kind, ErrorKind::SecretUnavailable);
}

void SecretBoxTest::keyFileRejectsWrongKeySize()
{
    const QString path = m_dir.filePath(QStringLiteral("wrong-size/installation.key"));
    const Status written = InstallationKeyFile::writePrivateKey(path, QByteArray(16, 'k'));
    QVERIFY(!written.ok());
    QCOMPARE(written.error().kind, ErrorKind::InvalidArgument);
    QVERIFY(!QFile::exists(path));
}

void SecretBoxTest::maskSecret_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("masked");

    const QString mask = QStringLiteral("••••");
    QTest::newRow("empty") << QString() << mask;
    QTest::newRow("short") << QStringLiteral("abc") << mask;
    QTest::newRow("11 characters") << QStringLiteral("abcdefghijk") << mask;
    QTest::newRow("12 characters") << QStringLiteral("abcdefghijkl") << mask + QStringLiteral("ijkl");
    QTest::newRow("api key") << QStringLiteral("sk-proj-1234567890WXYZ") << mask + QStringLiteral("WXYZ");
    QTest::newRow("non-ASCII counted as characters")
        << QStringLiteral("ññññññññññña") << mask + QStringLiteral("ññña");
}

void SecretBoxTest::maskSecret()
{
    QFETCH(QString, secret);
    QFETCH(QString, masked);
    QCOMPARE(Prospecta::maskSecret(secret), masked);
}

QString SecretBoxTest::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        qFatal("cannot write the test file %s", qPrintable(path));
    return path;
}

QTEST_GUILESS_MAIN(SecretBoxTest)
#include "tst_secretbox.moc"
