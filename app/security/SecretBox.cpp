// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "SecretBox.h"

#include "core/Logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <sodium.h>

#ifdef Q_OS_WIN
#include <windows.h>
#include <dpapi.h>
#endif

namespace Prospecta {

namespace {

// The key file is two lines: this header (plus " dpapi" on Windows), then the key as
// standard base64. The version number identifies the format for later releases.
constexpr char KeyFileHeader[] = "prospecta-installation-key 1";
#ifdef Q_OS_WIN
constexpr char KeyFileProtection[] = " dpapi";
#else
constexpr char KeyFileProtection[] = "";
#endif

// A valid key file is under 1 KB; anything far larger is not one of ours.
constexpr qint64 MaxKeyFileBytes = 64 * 1024;

const unsigned char *unsignedData(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

unsigned char *unsignedData(QByteArray &data)
{
    return reinterpret_cast<unsigned char *>(data.data());
}

#ifdef Q_OS_WIN
// Encrypts with DPAPI for the current Windows user: only that user can decrypt it.
Result<QByteArray> protectForCurrentUser(const QByteArray &plain)
{
    DATA_BLOB input{static_cast<DWORD>(plain.size()),
                    reinterpret_cast<BYTE *>(const_cast<char *>(plain.constData()))};
    DATA_BLOB output{};
    if (!CryptProtectData(&input, L"Prospecta installation key", nullptr, nullptr, nullptr,
                          CRYPTPROTECT_UI_FORBIDDEN, &output)) {
        return makeError(ErrorKind::Internal,
                         QCoreApplication::translate("Prospecta::InstallationKeyFile",
                                                     "Windows could not encrypt the installation key "
                                                     "(CryptProtectData, Windows error %1).")
                             .arg(GetLastError()));
    }
    QByteArray blob(reinterpret_cast<const char *>(output.pbData), static_cast<qsizetype>(output.cbData));
    LocalFree(output.pbData);
    return blob;
}

Result<QByteArray> unprotectForCurrentUser(const QByteArray &blob)
{
    DATA_BLOB input{static_cast<DWORD>(blob.size()),
                    reinterpret_cast<BYTE *>(const_cast<char *>(blob.constData()))};
    DATA_BLOB output{};
    if (!CryptUnprotectData(&input, nullptr, nullptr, nullptr, nullptr,
                            CRYPTPROTECT_UI_FORBIDDEN, &output)) {
        return makeError(ErrorKind::SecretUnavailable,
                         QCoreApplication::translate("Prospecta::InstallationKeyFile",
                                                     "the key file belongs to another Windows user or computer "
                                                     "(CryptUnprotectData, Windows error %1)")
                             .arg(GetLastError()));
    }
    QByteArray plain(reinterpret_cast<const char *>(output.pbData), static_cast<qsizetype>(output.cbData));
    SecureZeroMemory(output.pbData, output.cbData);
    LocalFree(output.pbData);
    return plain;
}
#endif

} // namespace

bool SecretBox::initialize()
{
    // sodium_init() is thread-safe and returns 1 when already initialised.
    static const bool initialized = sodium_init() >= 0;
    if (!initialized)
        qCCritical(lcSecurity) << "libsodium failed to initialise";
    return initialized;
}

KeyPair SecretBox::generateKeyPair()
{
    initialize();
    KeyPair keys;
    keys.publicKey.resize(crypto_box_PUBLICKEYBYTES);
    keys.privateKey.resize(crypto_box_SECRETKEYBYTES);
    crypto_box_keypair(unsignedData(keys.publicKey), unsignedData(keys.privateKey));
    return keys;
}

QByteArray SecretBox::publicKeyFor(const QByteArray &privateKey)
{
    initialize();
    if (privateKey.size() != crypto_box_SECRETKEYBYTES) {
        qCWarning(lcSecurity) << "publicKeyFor: private key has" << privateKey.size()
                              << "bytes, expected" << crypto_box_SECRETKEYBYTES;
        return {};
    }
    QByteArray publicKey(crypto_box_PUBLICKEYBYTES, Qt::Uninitialized);
    // A crypto_box key pair is an X25519 pair, so the public key is the base-point multiple.
    if (crypto_scalarmult_base(unsignedData(publicKey), unsignedData(privateKey)) != 0)
        return {};
    return publicKey;
}

QByteArray SecretBox::seal(const QByteArray &plaintext, const QByteArray &publicKey)
{
    initialize();
    if (publicKey.size() != crypto_box_PUBLICKEYBYTES) {
        qCWarning(lcSecurity) << "seal: public key has" << publicKey.size() << "bytes, expected"
                              << crypto_box_PUBLICKEYBYTES;
        return {};
    }
    QByteArray sealed(plaintext.size() + crypto_box_SEALBYTES, Qt::Uninitialized);
    if (crypto_box_seal(unsignedData(sealed), unsignedData(plaintext),
                        static_cast<unsigned long long>(plaintext.size()), unsignedData(publicKey))
        != 0) {
        qCWarning(lcSecurity) << "crypto_box_seal failed";
        return {};
    }
    return sealed.toBase64();
}

Result<QByteArray> SecretBox::open(const QByteArray &sealedBase64, const KeyPair &keys)
{
    initialize();
    if (keys.publicKey.size() != crypto_box_PUBLICKEYBYTES
        || keys.privateKey.size() != crypto_box_SECRETKEYBYTES) {
        return makeError(ErrorKind::SecretUnavailable,
                         QStringLiteral("The installation key pair is missing or malformed"));
    }

    const auto decoded = QByteArray::fromBase64Encoding(sealedBase64,
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() < qsizetype(crypto_box_SEALBYTES)) {
        return makeError(ErrorKind::SecretUnavailable,
                         QStringLiteral("The sealed secret is not valid base64 or is too short"));
    }

    const QByteArray &sealed = decoded.decoded;
    QByteArray plaintext(sealed.size() - crypto_box_SEALBYTES, Qt::Uninitialized);
    if (crypto_box_seal_open(unsignedData(plaintext), unsignedData(sealed),
                             static_cast<unsigned long long>(sealed.size()), unsignedData(keys.publicKey),
                             unsignedData(keys.privateKey))
        != 0) {
        return makeError(ErrorKind::SecretUnavailable,
                         QStringLiteral("The secret cannot be opened with this installation's "
                                        "key; enter it again"));
    }
    return plaintext;
}

bool SecretBox::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    initialize();
    // Hashing first gives both sides the same length, so neither the length nor the
    // position of the first difference shows in the comparison time.
    unsigned char digestA[crypto_hash_sha256_BYTES];
    unsigned char digestB[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digestA, reinterpret_cast<const unsigned char *>(a.data()),
                       static_cast<unsigned long long>(a.size()));
    crypto_hash_sha256(digestB, reinterpret_cast<const unsigned char *>(b.data()),
                       static_cast<unsigned long long>(b.size()));
    return sodium_memcmp(digestA, digestB, crypto_hash_sha256_BYTES) == 0;
}

QString SecretBox::randomToken(int bytes)
{
    initialize();
    if (bytes <= 0)
        return {};
    QByteArray random(bytes, Qt::Uninitialized);
    randombytes_buf(random.data(), static_cast<size_t>(random.size()));

    constexpr int Variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    // sodium_base64_ENCODED_LEN counts the terminating NUL.
    QByteArray encoded(static_cast<qsizetype>(sodium_base64_ENCODED_LEN(random.size(), Variant)),
                       Qt::Uninitialized);
    sodium_bin2base64(encoded.data(), static_cast<size_t>(encoded.size()),
                      reinterpret_cast<const unsigned char *>(random.constData()),
                      static_cast<size_t>(random.size()), Variant);
    sodium_memzero(random.data(), static_cast<size_t>(random.size()));
    return QString::fromLatin1(encoded.constData());
}

QString InstallationKeyFile::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
        + QStringLiteral("/installation.key");
}

Result<QByteArray> InstallationKeyFile::readPrivateKey(const QString &path)
{
    if (!QFileInfo::exists(path)) {
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("The installation key file %1 does not exist").arg(path));
    }

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcSecurity) << "Cannot open the installation key file" << path << file.errorString();
        return makeError(ErrorKind::SecretUnavailable,
                         QCoreApplication::translate("Prospecta::InstallationKeyFile",
                                                     "Cannot read the installation key file %1 (%2). Check that it "
                                                     "belongs to your user account and that you may read it.")
                             .arg(path, file.errorString()));
    }
    const QByteArray content = file.read(MaxKeyFileBytes + 1);

    const auto invalid = [&path](const QString &reason) {
        qCWarning(lcSecurity) << "Invalid installation key file" << path << reason;
        return makeError(ErrorKind::SecretUnavailable,
                         QCoreApplication::translate("Prospecta::InstallationKeyFile",
                                                     "The installation key file %1 is invalid (%2). Put back the "
                                                     "copy you kept of it, or enter the integration secrets again.")
                             .arg(path, reason));
    };

    if (content.size() > MaxKeyFileBytes)
        return invalid(QCoreApplication::translate("Prospecta::InstallationKeyFile", "it is larger than %1 bytes")
                           .arg(MaxKeyFileBytes));

    const QList<QByteArray> lines = content.trimmed().split('\n');
    const QByteArray expectedHeader = QByteArray(KeyFileHeader) + KeyFileProtection;
    if (lines.size() != 2 || lines.at(0).trimmed() != expectedHeader) {
        return invalid(QCoreApplication::translate("Prospecta::InstallationKeyFile",
                                                   "expected the line \"%1\" followed by the key")
                           .arg(QString::fromLatin1(expectedHeader)));
    }

    const auto decoded = QByteArray::fromBase64Encoding(lines.at(1).trimmed(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return invalid(QCoreApplication::translate("Prospecta::InstallationKeyFile", "the key is not valid base64"));

#ifdef Q_OS_WIN
    Result<QByteArray> privateKey = unprotectForCurrentUser(decoded.decoded);
    if (!privateKey)
        return invalid(privateKey.error().message);
#else
    Result<QByteArray> privateKey = decoded.decoded;
#endif

    if (privateKey->size() != crypto_box_SECRETKEYBYTES) {
        return invalid(QCoreApplication::translate("Prospecta::InstallationKeyFile", "the key has %1 bytes instead of %2")
                           .arg(privateKey->size())
                           .arg(crypto_box_SECRETKEYBYTES));
    }
    return privateKey;
}

Status InstallationKeyFile::writePrivateKey(const QString &path, const QByteArray &privateKey)
{
    if (privateKey.size() != crypto_box_SECRETKEYBYTES) {
        return makeError(ErrorKind::InvalidArgument,
                         QStringLiteral("The private key has %1 bytes instead of %2")
                             .arg(privateKey.size())
                             .arg(crypto_box_SECRETKEYBYTES));
    }

    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder)) {
        return makeError(ErrorKind::Internal,
                         QCoreApplication::translate("Prospecta::InstallationKeyFile",
                                                     "Cannot create the folder %1 for the installation key file. "
                                                     "Check that no part of that path is a file and that you may "
                                                     "write there.")
                             .arg(QDir::toNativeSeparators(folder)));
    }

#ifdef Q_OS_WIN
    const Result<QByteArray> stored = protectForCurrentUser(privateKey);
    if (!stored)
        return stored.error();
    const QByteArray &keyBytes = *stored;
#else
    const QByteArray &keyBytes = privateKey;
#endif

    // The error for a key file that cannot be written, whichever step failed.
    const auto writeFailed = [&path](const QString &reason) {
        return makeError(ErrorKind::Internal,
                         QCoreApplication::translate("Prospecta::InstallationKeyFile",
                                                     "Cannot write the installation key file %1 (%2). Check that you "
                                                     "may write to its folder and that the disk has free space.")
                             .arg(path, reason));
    };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return writeFailed(file.errorString());
#ifndef Q_OS_WIN
    // QSaveFile writes to a temporary file that it renames on commit. The temporary file
    // is created with the umask's permissions (or the old file's), so restrict it while it
    // is still empty: the key bytes never sit in a file others can read. On Windows
    // QFile permissions only map to the read-only attribute; DPAPI protects the key there.
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        file.cancelWriting();
        return makeError(ErrorKind::Internal,
                         QCoreApplication::translate("Prospecta::InstallationKeyFile",
                                                     "Cannot make the installation key file %1 readable by you only "
                                                     "(%2). Keep it on a disk whose file system has permissions.")
                             .arg(path, file.errorString()));
    }
#endif

    QByteArray content = QByteArray(KeyFileHeader) + KeyFileProtection + '\n' + keyBytes.toBase64() + '\n';
    const bool written = file.write(content) == content.size();
    sodium_memzero(content.data(), static_cast<size_t>(content.size()));
    if (!written || !file.commit()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return writeFailed(reason);
    }
    qCInfo(lcSecurity) << "Wrote the installation key file" << path;
    return {};
}

QString maskSecret(const QString &secret)
{
    // Enough characters to tell two secrets apart, too few to help guess one.
    const QString mask = QStringLiteral("\u2022\u2022\u2022\u2022");
    if (secret.size() < 12)
        return mask;
    return mask + secret.right(4);
}

} // namespace Prospecta
