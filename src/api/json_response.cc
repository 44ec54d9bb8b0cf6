// JSON answers of the API (api/json_response.h).
#include "api/json_response.h"

#include <string>

namespace jirga::api {

HttpResponse JsonResponse(int status, const Json& body, std::string_view cache_control) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (!cache_control.empty()) r.headers.emplace_back("Cache-Control", std::string(cache_control));
  return r;
}

}  // namespace jirga::api
