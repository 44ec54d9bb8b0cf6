// A JSON answer of the API: the one way routes serialize a body (invalid UTF-8 in strings is
// replaced rather than failing the answer) and state how caches may keep it.
//
// Pure; thread-safe.
#pragma once

#include <string_view>

#include "api/http.h"
#include "base/json.h"

namespace jirga::api {

// `status` with `body` as application/json; a Cache-Control header when `cache_control` is not
// empty ("no-cache" for answers that change with every append, "no-store" for personal data).
HttpResponse JsonResponse(int status, const Json& body, std::string_view cache_control = {});

}  // namespace jirga::api
