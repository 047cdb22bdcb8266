#pragma once

// What went wrong talking to a mail server, the same words for IMAP and SMTP, so that
// `deskctl channel test-mailbox` and the window can name the failure for a person and the
// gateway can tell a retry (Timeout, Refused, Protocol) from a setting to fix (Login, Tls…).
enum class TransportFailure {
    None,
    BadAddress,           // the imaps://… or smtp://… setting cannot be read
    NoSuchHost,           // the host name does not resolve
    Refused,              // nothing listens on that port
    Timeout,              // the server stopped answering
    Tls,                  // no TLS could be agreed (or STARTTLS is not offered)
    UntrustedCertificate, // the certificate chain or host name did not verify
    Login,                // the server refused the login or password
    NoSuchFolder,         // IMAP: SELECT of the folder failed
    Protocol,             // the connection dropped or the server answered what we cannot use
};
