// The cpp-httplib transport to a jirga server, and the mapping from error answers to Status.
#include "client/http_client.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>

#include "base/file.h"
#include "base/json.h"

namespace jirga::client {
namespace {

struct ParsedUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // without brackets
  int port = 0;
  std::string prefix;  // "" or "/some/path", no trailing '/'
};

Result<ParsedUrl> ParseUrl(std::string_view url) {
  auto bad = [&](const std::string& why) {
    return InvalidArgument("server URL \"" + std::string(url) + "\": " + why +
                           " (expected http://HOST[:PORT] or https://HOST[:PORT], optionally "
                           "followed by a path)");
  };
  ParsedUrl out;
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) return bad("no scheme");
  out.scheme = std::string(url.substr(0, sep));
  std::transform(out.scheme.begin(), out.scheme.end(), out.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (out.scheme != "http" && out.scheme != "https") return bad("only http and https are spoken");
  std::string_view rest = url.substr(sep + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return bad("a query or fragment has no meaning here");
  }
  for (char c : rest) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return bad("spaces or control characters");
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos) return bad("user names are not supported");
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed '[' in the host");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("junk after the IPv6 address");
      port_text = after.substr(1);
      if (port_text.empty()) return bad("empty port");
    }
    if (out.host.empty() || out.host.find_first_not_of("0123456789abcdefABCDEF:.") !=
                                std::string::npos) {
      return bad("malformed IPv6 address");
    }
  } else {
    size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return bad("empty port");
    }
    if (out.host.find_first_of("[]:") != std::string::npos) return bad("malformed host");
  }
  if (out.host.empty()) return bad("no host");
  if (port_text.empty()) {
    out.port = out.scheme == "https" ? 443 : 80;
  } else {
    if (port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos) {
      return bad("the port must be a number 1..65535");
    }
    out.port = std::stoi(std::string(port_text));
    if (out.port < 1 || out.port > 65535) return bad("the port must be a number 1..65535");
  }
  out.prefix = std::string(path);
  while (!out.prefix.empty() && out.prefix.back() == '/') out.prefix.pop_back();
  return out;
}

class HttplibTransport : public HttpTransport {
 public:
  HttplibTransport(ParsedUrl url, std::string display, const HttpClientOptions& options)
      : url_(std::move(url)),
        display_(std::move(display)),
        options_(options) {
    if (url_.scheme == "https") {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
      auto tls = std::make_unique<httplib::SSLClient>(url_.host, url_.port);
      if (!options_.ca_file.empty()) tls->set_ca_cert_path(options_.ca_file);
      tls->enable_server_certificate_verification(true);
      client_ = std::move(tls);
#endif
    } else {
      client_ = std::make_unique<httplib::ClientImpl>(url_.host, url_.port);
    }
    if (client_ == nullptr) return;
    client_->set_keep_alive(true);
    client_->set_follow_location(false);  // a redirect is an answer to report, not to follow
    client_->set_connection_timeout(options_.connect_timeout_seconds, 0);
    client_->set_read_timeout(options_.io_timeout_seconds, 0);
    client_->set_write_timeout(options_.io_timeout_seconds, 0);
  }

  bool valid() const { return client_ != nullptr && client_->is_valid(); }

  Result<HttpReply> Send(std::string_view method, const std::string& target,
                         const std::string& body) override {
    // Every jirga route may be repeated: reads are reads, and a resent submission (same salt
    // and signature) is answered with its index and "duplicate". So a request that failed below
    // HTTP — typically a kept-alive connection the server has just closed — is sent once more.
    Result<HttpReply> reply = SendOnce(method, target, body);
    if (!reply.ok() && retryable_) reply = SendOnce(method, target, body);
    return reply;
  }

  const std::string& server() const override { return display_; }
  void SetBearerToken(std::string token) override { bearer_ = std::move(token); }

 private:
  Result<HttpReply> SendOnce(std::string_view method, const std::string& target,
                             const std::string& body) {
    retryable_ = false;
    httplib::Request req;
    req.method = std::string(method);
    req.path = url_.prefix + target;
    if (!bearer_.empty()) req.set_header("Authorization", "Bearer " + bearer_);
    if (method == "POST") {
      req.body = body;
      req.set_header("Content-Type", "application/json");
    }
    std::string received;
    bool too_big = false;
    const size_t limit = options_.max_reply_bytes;
    req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
      if (received.size() + n > limit) {
        too_big = true;
        return false;
      }
      received.append(data, n);
      return true;
    };
    httplib::Result res = client_->send(req);
    if (too_big) {
      return IOError(display_ + " sent an answer to " + std::string(method) + " " + target +
                     " larger than " + std::to_string(limit) + " bytes; refused");
    }
    if (!res) {
      const httplib::Error err = res.error();
      std::string what = httplib::to_string(err);
      switch (err) {
        case httplib::Error::SSLServerVerification:
          return IOError("the TLS certificate of " + display_ +
                         " does not verify (for a private CA, give its certificate with "
                         "--ca-file)");
        case httplib::Error::SSLLoadingCerts:
          return IOError("cannot load the CA certificates" +
                         (options_.ca_file.empty() ? std::string()
                                                   : " from " + options_.ca_file) +
                         " to check " + display_);
        case httplib::Error::Canceled:
        case httplib::Error::SSLConnection:
          break;
        default:
          retryable_ = true;
      }
      return IOError("cannot get an answer from " + display_ + " to " + std::string(method) +
                     " " + target + ": " + what);
    }
    HttpReply reply;
    reply.status = res->status;
    reply.content_type = res->get_header_value("Content-Type");
    reply.body = std::move(received);
    return reply;
  }

  const ParsedUrl url_;
  const std::string display_;
  const HttpClientOptions options_;
  std::unique_ptr<httplib::ClientImpl> client_;
  bool retryable_ = false;
  std::string bearer_;  // sent as Authorization when not empty
};

// The first bytes of an unexpected body, printable, for a message.
std::string Snippet(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, 200)) {
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (body.size() > 200) out += "...";
  return out;
}

}  // namespace

Result<std::unique_ptr<HttpTransport>> NewHttpClient(std::string_view url,
                                                     const HttpClientOptions& options) {
  ASSIGN_OR_RETURN(ParsedUrl parsed, ParseUrl(url));
  if (!options.ca_file.empty()) {
    if (parsed.scheme != "https") {
      return InvalidArgument("--ca-file is for https:// servers; " + std::string(url) +
                             " is plain http");
    }
    if (!FileExists(options.ca_file)) {
      return NotFound("CA certificate file " + options.ca_file + " does not exist");
    }
  }
  std::string display(url);
  while (display.size() > 1 && display.back() == '/') display.pop_back();
  auto t = std::make_unique<HttplibTransport>(std::move(parsed), std::move(display), options);
  if (!t->valid()) {
    return InvalidArgument("server URL \"" + std::string(url) +
                           "\" cannot be used (https needs a jirga built with OpenSSL)");
  }
  return std::unique_ptr<HttpTransport>(std::move(t));
}

Status StatusForHttpError(int http_status, std::string_view code, std::string_view message,
                          std::string_view server) {
  std::string m = message.empty() ? std::string("no message") : std::string(message);
  m += " (" + std::string(server) + " answered " + std::to_string(http_status);
  if (!code.empty()) m += " " + std::string(code);
  m += ")";
  if (http_status >= 500 || http_status == 408 || http_status == 429) return IOError(m);
  switch (http_status) {
    case 400: return InvalidArgument(m);
    case 401:  // no or an expired read token (http-api.md §5a)
    case 403: return Unauthorized(m);
    case 404: return NotFound(m);
    case 409: return FailedPrecondition(m);
    case 413: return ResourceExhausted(m);
    case 422: return Unauthorized("bad signature: " + m);
    default: break;
  }
  if (http_status >= 400) return InvalidArgument(m);
  // 1xx, 2xx handed in by mistake, 3xx redirects: not an answer jirga's API gives.
  return IOError("unexpected HTTP status: " + m);
}

Status StatusForErrorReply(const HttpReply& reply, std::string_view server) {
  std::string code, message;
  auto parsed = ParseJsonStrict(reply.body);
  bool shaped = false;
  if (parsed.ok() && parsed->is_object()) {
    auto e = parsed->find("error");
    if (e != parsed->end() && e->is_object()) {
      auto c = e->find("code");
      auto m = e->find("message");
      if (c != e->end() && c->is_string() && m != e->end() && m->is_string()) {
        code = c->get<std::string>();
        message = m->get<std::string>();
        shaped = true;
      }
    }
  }
  if (!shaped) {
    message = reply.body.empty() ? "empty answer" : "unexpected answer: " + Snippet(reply.body);
  }
  return StatusForHttpError(reply.status, code, message, server);
}

}  // namespace jirga::client
