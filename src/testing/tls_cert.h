// A throwaway self-signed TLS certificate for tests, made with OpenSSL at run time (nothing
// checked in, nothing fetched).
#pragma once

#include <string>

namespace jirga::testing {

// Writes `cert_path` and `key_path` (PEM): an EC P-256 key and a certificate for CN and
// subjectAltName "127.0.0.1" (IP) and "localhost" (DNS), valid for a day. False on failure.
bool WriteSelfSignedCert(const std::string& cert_path, const std::string& key_path);

}  // namespace jirga::testing
