// Small file-system helpers with Status errors.
#pragma once

#include <memory>
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

// fsync of the file, or of the directory holding `path` (best effort: errors are ignored, as
// some file systems refuse fsync on directories).
Status SyncFile(const std::string& path);
void SyncParentDir(const std::string& path);

// Moves `from` to `to` (same file system) unless `to` exists (AlreadyExists-like IOError naming
// it), then syncs the directory, so the move survives a crash.
Status RenameNoReplace(const std::string& from, const std::string& to);

// An exclusive advisory lock (flock) on a lock file, held until the object is destroyed. Used to
// keep one writer per store across processes.
class FileLock {
 public:
  // Creates `path` if needed and locks it without waiting. FailedPrecondition if another open
  // file description (another process, or another FileLock in this one) holds it.
  static Result<std::unique_ptr<FileLock>> TryAcquire(const std::string& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};
Status MakeDirs(const std::string& path);

}  // namespace jirga
