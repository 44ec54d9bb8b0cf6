// File helpers: whole-file reads, atomic durable writes, and permission-checked secret reads.
#include "base/file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace jirga {
namespace {

Status ErrnoStatus(const std::string& what, int err) {
  std::string m = what + ": " + std::strerror(err);
  if (err == ENOENT) return NotFound(m);
  if (err == EACCES || err == EPERM) return PermissionDenied(m);
  if (err == EEXIST) return AlreadyExists(m);
  return IOError(m);
}

Status WriteAll(int fd, const std::string& data, const std::string& path) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("write " + path, errno);
    }
    off += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open " + path, errno);
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return ErrnoStatus("read " + path, e);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Status WriteFileAtomic(const std::string& path, const std::string& data, unsigned mode,
                       bool exclusive) {
  if (exclusive && FileExists(path)) return AlreadyExists(path + " already exists");
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return ErrnoStatus("create " + tmp, errno);
  ::fchmod(fd, mode);  // umask must not widen or narrow what the caller asked for
  Status st = WriteAll(fd, data, tmp);
  if (st.ok() && ::fsync(fd) != 0) st = ErrnoStatus("fsync " + tmp, errno);
  ::close(fd);
  if (st.ok() && exclusive) {
    // link() fails if the target exists, so two racing creators cannot both win.
    if (::link(tmp.c_str(), path.c_str()) != 0) st = ErrnoStatus("create " + path, errno);
    ::unlink(tmp.c_str());
  } else if (st.ok()) {
    if (::rename(tmp.c_str(), path.c_str()) != 0) st = ErrnoStatus("rename to " + path, errno);
  }
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  SyncParentDir(path);
  return Status::Ok();
}

void SyncParentDir(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

Status SyncFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open " + path, errno);
  Status st = ::fsync(fd) == 0 ? Status::Ok() : ErrnoStatus("fsync " + path, errno);
  ::close(fd);
  return st;
}

Status RenameNoReplace(const std::string& from, const std::string& to) {
  // link() fails if `to` exists, so the rename cannot clobber a file created meanwhile.
  if (::link(from.c_str(), to.c_str()) != 0) return ErrnoStatus("create " + to, errno);
  ::unlink(from.c_str());
  SyncParentDir(to);
  return Status::Ok();
}

Result<std::string> ReadSecretFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus("stat " + path, errno);
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return PermissionDenied("key file " + path + " has mode " + mode +
                            " and is readable by others; chmod 600 it");
  }
  return ReadFile(path);
}

Result<std::unique_ptr<FileLock>> FileLock::TryAcquire(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus("open lock file " + path, errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int e = errno;
    ::close(fd);
    if (e == EWOULDBLOCK) {
      return FailedPrecondition("another process is writing to this store (" + path +
                                " is locked); stop it or submit through its server");
    }
    return ErrnoStatus("lock " + path, e);
  }
  return std::unique_ptr<FileLock>(new FileLock(fd));
}

FileLock::~FileLock() { ::close(fd_); }

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

Status MakeDirs(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return IOError("mkdir " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace jirga
