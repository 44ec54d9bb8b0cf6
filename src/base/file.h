// Small file-system helpers with Status errors.
#pragma once

#include <string>

#include "base/status.h"

namespace jirga {

// Reads the whole file. NotFound if missing; IOError otherwise.
Result<std::string> ReadFile(const std::string& path);

// Writes `data` to `path` atomically and durably: a temporary file in the same directory, fsync,
// rename over `path`, fsync of the directory. `mode` is applied to the new file at creation.
// With `exclusive`, fails with AlreadyExists if `path` exists.
Status WriteFileAtomic(const std::string& path, const std::string& data, unsigned mode = 0644,
                       bool exclusive = false);

// Reads a secret (private key) file, refusing one that others can read (any group/other bit set)
// with PermissionDenied naming the mode, as ssh does.
Result<std::string> ReadSecretFile(const std::string& path);

bool FileExists(const std::string& path);
Status MakeDirs(const std::string& path);

}  // namespace jirga
