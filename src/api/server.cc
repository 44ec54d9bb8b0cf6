// HttpServer: the Api on cpp-httplib — body limits, error bodies, access log, start and stop.
#include "api/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <chrono>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

#include "api/errors.h"
#include "base/clock.h"
#include "base/json.h"

namespace jirga::api {

struct HttpServer::Impl {
  Impl(const Api& a, ServerOptions o, std::unique_ptr<httplib::Server> s)
      : api(a), options(std::move(o)), server_ptr(std::move(s)), server(*server_ptr) {}

  const Api& api;
  const ServerOptions options;
  const std::unique_ptr<httplib::Server> server_ptr;  // an httplib::SSLServer with TLS
  httplib::Server& server;
  std::mutex stop_mu;
  bool server_stopped = false;  // guarded by stop_mu
};

namespace {

// When the request being handled on this thread started (set before routing, read by the
// logger). httplib handles a connection's requests one after another on one thread.
thread_local int64_t t_request_start_micros = 0;

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void WriteResponse(const HttpResponse& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& [name, value] : from.headers) to.set_header(name, value);
  to.set_content(from.body, from.content_type);
}

HttpRequest ToRequest(const httplib::Request& req, std::string body) {
  HttpRequest r;
  r.method = req.method;
  r.path = req.path;
  for (const auto& [name, value] : req.params) r.query.emplace_back(name, value);
  r.body = std::move(body);
  r.authorization = req.get_header_value("Authorization");
  return r;
}

// A Content-Length value; anything that is not a plain decimal counts as too large (httplib
// refuses it as malformed before this is asked).
uint64_t DeclaredLength(const std::string& value) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  return ec == std::errc() && end == value.data() + value.size() ? n : UINT64_MAX;
}

std::string ProtocolMessage(const httplib::Request& req, int status) {
  switch (status) {
    case 400: return "malformed HTTP request";
    case 404: return "no such resource: " + req.path;
    case 413: return "request too large";
    case 414: return "request URI too long";
    default: return "HTTP error " + std::to_string(status);
  }
}

// One access-log line: {"time","remote","method","path","status","bytes","micros"}. Written
// by hand rather than through a Json object, which cost a dozen allocations on every request;
// the two strings a client chooses are escaped by the JSON library (invalid UTF-8 replaced).
std::string AccessLogLine(const httplib::Request& req, const httplib::Response& res,
                          int64_t micros) {
  auto quoted = [](const std::string& s) {
    return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
  };
  std::string line;
  line.reserve(160 + req.path.size());
  line += "{\"time\":\"";
  line += FormatRfc3339(SystemClock()->NowMicros());
  line += "\",\"remote\":";
  line += quoted(req.remote_addr);
  line += ",\"method\":";
  line += quoted(req.method);
  line += ",\"path\":";
  line += quoted(req.path);
  line += ",\"status\":";
  line += std::to_string(res.status);
  line += ",\"bytes\":";
  line += std::to_string(res.body.size());
  line += ",\"micros\":";
  line += std::to_string(micros);
  line += '}';
  return line;
}

}  // namespace

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() = default;

std::string HttpServer::url() const {
  bool v6 = host_.find(':') != std::string::npos;
  return std::string(tls_ ? "https://" : "http://") + (v6 ? "[" + host_ + "]" : host_) + ":" +
         std::to_string(port_);
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const Api& api, ServerOptions options) {
  if (options.host.empty()) return InvalidArgument("the host to listen on is empty");
  if (options.port < 0 || options.port > 65535) {
    return InvalidArgument("port " + std::to_string(options.port) + " is not 0..65535");
  }
  if (options.threads < 1 || options.threads > 4096) {
    return InvalidArgument("threads must be 1..4096");
  }
  if (options.max_body_bytes == 0) return InvalidArgument("the body limit must be positive");
  const bool tls = !options.tls_cert_file.empty() || !options.tls_key_file.empty();
  std::unique_ptr<httplib::Server> http;
  if (tls) {
    if (options.tls_cert_file.empty() || options.tls_key_file.empty()) {
      return InvalidArgument("TLS needs both a certificate and a private key file");
    }
    // Both files are read now, so a bad path or a key that does not match the certificate is
    // reported at start, not at the first connection.
    auto ssl = std::make_unique<httplib::SSLServer>(options.tls_cert_file.c_str(),
                                                    options.tls_key_file.c_str());
    if (!ssl->is_valid()) {
      return InvalidArgument("cannot use the TLS certificate " + options.tls_cert_file +
                             " with the key " + options.tls_key_file +
                             " (unreadable, not PEM, or they do not match)");
    }
    http = std::move(ssl);
  } else {
    http = std::make_unique<httplib::Server>();
  }
  auto impl = std::make_unique<Impl>(api, std::move(options), std::move(http));
  Impl* self = impl.get();
  const ServerOptions& opt = self->options;
  httplib::Server& svr = self->server;

  const size_t threads = static_cast<size_t>(opt.threads);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // httplib's default also sets SO_REUSEPORT, which would let a second server bind the same port
  // and silently share its connections; SO_REUSEADDR alone allows quick restarts only.
  svr.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  svr.set_tcp_nodelay(true);
  svr.set_payload_max_length(opt.max_body_bytes);
  svr.set_read_timeout(opt.read_timeout_seconds, 0);
  svr.set_write_timeout(opt.write_timeout_seconds, 0);
  svr.set_keep_alive_max_count(1000);
  svr.set_keep_alive_timeout(5);

  svr.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_request_start_micros = NowMicros();
    return httplib::Server::HandlerResponse::Unhandled;
  });

  auto serve = [self](const httplib::Request& req, httplib::Response& res, std::string body) {
    WriteResponse(self->api.Handle(ToRequest(req, std::move(body))), res);
  };
  svr.Get(".*", [serve](const httplib::Request& req, httplib::Response& res) {
    serve(req, res, std::string());
  });
  svr.Options(".*", [serve](const httplib::Request& req, httplib::Response& res) {
    serve(req, res, std::string());
  });
  // Methods with a body read it here, up to the limit, instead of letting httplib buffer it.
  httplib::Server::HandlerWithContentReader with_body =
      [self, serve](const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader& reader) {
        const size_t limit = self->options.max_body_bytes;
        std::string body;
        // Without Content-Length or Transfer-Encoding a request has no body (RFC 9112 §6.3);
        // httplib 0.11 would instead wait for the client to close the connection.
        if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
          serve(req, res, std::move(body));
          return;
        }
        // A declared length far over the limit is answered before any of the body is read
        // (httplib would read and discard all of it first). A body only somewhat over the limit
        // is still read and discarded by httplib, so that a simple client that writes its whole
        // request before reading gets its 413 instead of a broken pipe. After an early answer,
        // httplib 0.11 keeps reading the connection as if a next request followed; the body's
        // first bytes then fail as a request line (400) and the connection is closed.
        if (req.has_header("Content-Length") &&
            DeclaredLength(req.get_header_value("Content-Length")) / 4 > limit) {
          HttpResponse err = ErrorResponse(ResourceExhausted(
              "the request body (" + req.get_header_value("Content-Length") +
              " bytes) exceeds the limit of " + std::to_string(limit) + " bytes"));
          err.headers.emplace_back("Connection", "close");
          WriteResponse(err, res);
          return;
        }
        bool over = false;
        bool ok = reader([&](const char* data, size_t n) {
          if (n > limit - body.size()) {
            over = true;
            return false;  // read no further
          }
          body.append(data, n);
          return true;
        });
        if (!ok || over) {
          // httplib sets 413 itself when Content-Length exceeds the limit (and skips the body).
          bool too_large = over || res.status == 413;
          HttpResponse err =
              too_large ? ErrorResponse(ResourceExhausted(
                              "the request body exceeds the limit of " + std::to_string(limit) +
                              " bytes"))
                        : ProtocolErrorResponse(res.status >= 400 ? res.status : 400,
                                                "the request body could not be read");
          // Whatever is left of the body was not read: the connection cannot be reused.
          err.headers.emplace_back("Connection", "close");
          WriteResponse(err, res);
          return;
        }
        serve(req, res, std::move(body));
      };
  svr.Post(".*", with_body);
  svr.Put(".*", with_body);
  svr.Patch(".*", with_body);
  svr.Delete(".*", with_body);

  // Errors httplib answers itself (malformed requests, unknown methods) get the JSON body too.
  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        WriteResponse(ProtocolErrorResponse(res.status, ProtocolMessage(req, res.status)), res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  svr.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        WriteResponse(ErrorResponse(Internal("unexpected exception")), res);
      });
  {
    svr.set_logger([self](const httplib::Request& req, const httplib::Response& res) {
      self->api.CountResponse(req.method, req.path, res.status);
      if (!self->options.access_log) return;
      int64_t micros = t_request_start_micros == 0 ? 0 : NowMicros() - t_request_start_micros;
      t_request_start_micros = 0;
      try {
        self->options.access_log(AccessLogLine(req, res, micros));
      } catch (...) {
        // An access log line is not worth failing a response for.
      }
    });
  }

  errno = 0;
  int port = -1;
  if (opt.port == 0) {
    port = svr.bind_to_any_port(opt.host);
  } else if (svr.bind_to_port(opt.host, opt.port)) {
    port = opt.port;
  }
  if (port < 0) {
    std::string why = errno != 0 ? std::string(": ") + std::strerror(errno) : std::string();
    return IOError("cannot listen on " + opt.host + ":" + std::to_string(opt.port) + why);
  }
  std::unique_ptr<HttpServer> server(new HttpServer(std::move(impl)));
  server->port_ = port;
  server->host_ = server->impl_->options.host;
  server->tls_ = tls;
  return server;
}

Status HttpServer::Run() {
  started_ = true;
  if (stop_requested_) {
    finished_ = true;
    return Status::Ok();
  }
  bool ok = impl_->server.listen_after_bind();
  finished_ = true;
  if (!ok && !stop_requested_) return IOError("accepting connections failed");
  return Status::Ok();
}

void HttpServer::Stop() {
  stop_requested_ = true;
  if (!started_) return;  // Run() will see the request and not start
  std::lock_guard<std::mutex> lock(impl_->stop_mu);
  if (impl_->server_stopped) return;
  // Run() may not have entered its accept loop yet; httplib's stop() only acts on a running
  // server, so wait for that (or for Run() to have returned).
  while (!finished_) {
    if (impl_->server.is_running()) {
      impl_->server.stop();
      impl_->server_stopped = true;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace jirga::api
