// Loads the shared test data (../shared/data, beside the checkout rather than in it), so tests
// that use it skip when it is absent and fail when it is present but unreadable or malformed.
//
//   TEST(Foo, MatchesVectors) {
//     LOAD_SHARED_JSON_OR_SKIP(vectors, "vectors/foo.json");
//     for (const Json& v : vectors->at("cases")) ...
//   }
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "base/json.h"
#include "testing/process.h"  // SharedDataDir()

namespace jirga::testing {

// Where `relative_path` would be under the shared data directory, for messages: a full path when
// SharedDataDir() exists, else "../shared/data/<relative_path>".
std::string SharedDataPath(const std::string& relative_path);

// The strictly parsed JSON file at `relative_path` under SharedDataDir(); nullopt when the
// directory or the file is absent. A file that is present but unreadable or not strict JSON is a
// test failure (ADD_FAILURE naming the path), and also gives nullopt.
std::optional<Json> LoadSharedJson(const std::string& relative_path);

}  // namespace jirga::testing

// Declares `std::optional<Json> var` loaded from `relative_path` by LoadSharedJson, for use in a
// test body: returns from the test if loading failed, GTEST_SKIPs naming the path if the file is
// absent, and otherwise leaves `var` set.
#define LOAD_SHARED_JSON_OR_SKIP(var, relative_path)                                         \
  std::optional<::jirga::Json> var = ::jirga::testing::LoadSharedJson(relative_path);        \
  if (!var) {                                                                                \
    if (::testing::Test::HasFailure()) return;                                               \
    GTEST_SKIP() << "shared test data " << ::jirga::testing::SharedDataPath(relative_path)   \
                 << " is absent (it lives beside the checkout in ../shared/data); skipping"; \
  }
