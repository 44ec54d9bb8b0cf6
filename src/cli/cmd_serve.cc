// The `serve` subcommand: the HTTP API (api/) over a writable log, until SIGTERM or SIGINT.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <ostream>
#include <thread>

#include "api/dashboard.h"
#include "api/routes.h"
#include "api/server.h"
#include "cli/commands.h"
#include "base/line_writer.h"
#include "cli/common.h"
#include "kinds/all_kinds.h"
#include "store/store.h"
#include "views/view_set.h"

namespace jirga::cli {
namespace {

// Blocks SIGINT and SIGTERM in this thread and every thread started after it, so that only the
// waiter thread (sigwait) sees them; restores the previous mask when destroyed, dropping any
// signal still pending so it cannot kill the process on the way out.
class BlockedSignals {
 public:
  BlockedSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
  }
  ~BlockedSignals() {
    timespec zero{0, 0};
    while (sigtimedwait(&set_, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;
  const sigset_t& set() const { return set_; }

 private:
  sigset_t set_, old_;
};

}  // namespace

Status CmdServe(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Serve the log over HTTP: submissions (POST /v1/records), the checkpoint and "
               "tlog-tiles, records, proofs and parties (docs/http-api.md). Prints \"listening "
               "on http://HOST:PORT\" (https with --tls-cert) once ready; stops gracefully on SIGTERM or SIGINT.",
               "serve"};
  std::string store_flag, listen = "127.0.0.1:8080";
  size_t max_body = 1 << 20;
  int threads = 32;
  int64_t max_skew_seconds = 600;
  double auth_rate = 5, auth_burst = 20;
  std::string web_root, tls_cert, tls_key;
  AddStoreOption(app, &store_flag);
  app.add_option("--listen", listen, "HOST:PORT to listen on; port 0 picks a free port")
      ->capture_default_str();
  app.add_option("--max-body", max_body, "largest request body accepted, in bytes")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1} << 30));
  app.add_option("--threads", threads, "connections served at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  app.add_option("--max-skew", max_skew_seconds,
                 "refuse records whose time lies more than this many seconds in the future")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{10} * 365 * 24 * 3600));
  app.add_option("--auth-rate", auth_rate,
                 "authentication requests (challenge, token) per second per client address; "
                 "0: unlimited")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  app.add_option("--auth-burst", auth_burst, "authentication requests a client may make at once")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 1e6));
  app.add_option("--web-root", web_root,
                 "serve the web dashboard from this folder instead of the copy built into the "
                 "binary (for developing it: edits show on reload; docs/dashboard.md)");
  app.add_option("--tls-cert", tls_cert, "PEM certificate (chain): serve HTTPS only")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  if (tls_cert.empty() != tls_key.empty()) {
    return Usage("--tls-cert and --tls-key go together");
  }
  api::ServerOptions server_options;
  server_options.tls_cert_file = tls_cert;
  server_options.tls_key_file = tls_key;
  RETURN_IF_ERROR(ParseListen(listen, &server_options.host, &server_options.port));
  server_options.max_body_bytes = max_body;
  server_options.threads = threads;

  // The dashboard answers GET / and its files (docs/dashboard.md).
  std::unique_ptr<api::Dashboard> dashboard;
  if (web_root.empty()) {
    dashboard = api::Dashboard::Embedded();
  } else {
    auto folder = api::Dashboard::FromFolder(web_root);
    if (!folder.ok()) return folder.status().WithContext("--web-root");
    dashboard = std::move(*folder);
  }

  // Before any thread exists (the Log's writer, the server's pool), so all of them inherit it.
  BlockedSignals signals;

  const std::string store_path = ResolveStore(store_flag);
  ASSIGN_OR_RETURN(auto store, OpenStore(store_path, /*create=*/false));
  RETURN_IF_ERROR(AcquireWriterLock(store_path));
  auto key = SigningKey::Load(LogKeyPath(store_path));
  if (!key.ok()) return key.status().WithContext("log key");
  LogOptions log_options;
  log_options.max_future_skew_micros = max_skew_seconds * 1000000;
  ASSIGN_OR_RETURN(std::unique_ptr<Log> log,
                   Log::Open(std::move(store), *key, AllKinds(), log_options));

  // Access log lines are batched (every 100 ms): one write per request, under a lock, cost the
  // server several percent of its append rate (bench/RESULTS.md, HTTP). Messages about the
  // server itself go through the same writer and are flushed at once, so they keep their order.
  BufferedLineWriter access_log(ctx.err, std::chrono::milliseconds(100));
  auto err_line = [&](std::string_view line) {
    access_log.Write(line);
    access_log.Flush();
  };
  server_options.access_log = [&access_log](std::string_view line) { access_log.Write(line); };

  // The views (monitor, exchange) in <store>.views; they catch up before every query.
  ASSIGN_OR_RETURN(std::unique_ptr<ViewSet> views,
                   OpenViews(log->store(), ViewDbPathFor(store_path)));
  // Catch up now rather than on the first monitor request; a failure is reported, not fatal
  // (the log is served either way, and the next query retries).
  if (Status vs = views->CatchUp(); !vs.ok()) {
    ctx.err << "jirga serve: views could not catch up: " << vs.ToString() << "\n";
  }

  const api::Dashboard* dashboard_ptr = dashboard.get();
  api::Api api(*log, api::ApiOptions{.log_key = &*key,
                                     .static_files = [dashboard_ptr](const api::HttpRequest& r) {
                                       return dashboard_ptr->Serve(r);
                                     },
                                     .auth_rate_per_second = auth_rate,
                                     .auth_burst = auth_burst,
                                     .views = views.get()});
  ASSIGN_OR_RETURN(std::unique_ptr<api::HttpServer> server,
                   api::HttpServer::Start(api, server_options));
  err_line("jirga serve: log " + log->origin() + " at tree size " + std::to_string(log->Size()) +
           ", store " + store_path);
  ctx.out << "listening on " << server->url() << "\n" << std::flush;

  // The first SIGTERM/SIGINT stops the server gracefully; a second one exits at once.
  std::atomic<bool> done{false};
  std::thread waiter([&] {
    bool stopping = false;
    for (;;) {
      int sig = 0;
      if (sigwait(&signals.set(), &sig) != 0) continue;
      if (done) return;
      if (stopping) {
        err_line("jirga serve: second signal; exiting without waiting");
        std::_Exit(kExitFailed);
      }
      stopping = true;
      err_line(std::string("jirga serve: ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
               ": no longer accepting; finishing requests in flight");
      server->Stop();
    }
  });
  Status st = server->Run();
  done = true;
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  // Every request has been answered; the Log's destructor drains its writer.
  server.reset();
  views.reset();
  uint64_t size = log->Size();
  log.reset();
  err_line("jirga serve: stopped at tree size " + std::to_string(size));
  return st;
}

}  // namespace jirga::cli
