// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

namespace Prospecta {

// The installation's worker key pair (X25519, libsodium crypto_box). Secrets are sealed
// to the public key, which lives in the database. Only a process with the private key,
// kept in a file outside the database, can open them.
struct KeyPair
{
    QByteArray publicKey;   // crypto_box_PUBLICKEYBYTES raw bytes
    QByteArray privateKey;  // crypto_box_SECRETKEYBYTES raw bytes
};

class SecretBox
{
public:
    // Initialises libsodium once; safe to call from any thread, any number of times.
    static bool initialize();

    static KeyPair generateKeyPair();
    static QByteArray publicKeyFor(const QByteArray &privateKey);

    // crypto_box_seal, returned as standard base64 text.
    static QByteArray seal(const QByteArray &plaintext, const QByteArray &publicKey);

    // Opens a sealed base64 value. ErrorKind::SecretUnavailable when the keys do not
    // match or the value was altered.
    static Result<QByteArray> open(const QByteArray &sealedBase64, const KeyPair &keys);

    // Compares in time independent of where the inputs differ (sodium_memcmp over
    // SHA-256 digests, so inputs of different lengths are handled too).
    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

    // `bytes` random bytes as unpadded base64url text, for webhook tokens.
    static QString randomToken(int bytes = 24);
};

// The private key file: AppConfigLocation/installation.key, owner-only on POSIX,
// DPAPI-protected (CryptProtectData, current user) on Windows. Written with QSaveFile.
class InstallationKeyFile
{
public:
    static QString defaultPath();

    // ErrorKind::NotFound when the file does not exist; SecretUnavailable when it cannot
    // be read or decoded.
    static Result<QByteArray> readPrivateKey(const QString &path);
    static Status writePrivateKey(const QString &path, const QByteArray &privateKey);
};

// "••••" and the last 4 characters; "••••" alone for secrets shorter than 12 characters.
QString maskSecret(const QString &secret);

} // namespace Prospecta
