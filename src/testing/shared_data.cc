// Loading the shared test data that lives beside the checkout.
#include "testing/shared_data.h"

#include "base/file.h"
#include "base/status.h"

namespace jirga::testing {

std::string SharedDataPath(const std::string& relative_path) {
  std::string dir = SharedDataDir();
  return (dir.empty() ? std::string("../shared/data") : dir) + "/" + relative_path;
}

std::optional<Json> LoadSharedJson(const std::string& relative_path) {
  std::string dir = SharedDataDir();
  if (dir.empty()) return std::nullopt;
  std::string path = dir + "/" + relative_path;
  if (!FileExists(path)) return std::nullopt;
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) {
    ADD_FAILURE() << path << ": " << text.status().ToString();
    return std::nullopt;
  }
  Result<Json> json = ParseJsonStrict(*text);
  if (!json.ok()) {
    ADD_FAILURE() << path << ": " << json.status().ToString();
    return std::nullopt;
  }
  return std::move(json).value();
}

}  // namespace jirga::testing
