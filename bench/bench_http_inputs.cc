// Pre-signed submissions for the HTTP load test (bench/http.sh): one POST /v1/records body per
// line, each a distinct statement signed by the given party key, so the server does the full
// verify-and-append work for every request.
#include <cstdio>
#include <fstream>

#include "base/clock.h"
#include "base/encoding.h"
#include "bench.h"
#include "ledger/record.h"

namespace jirga::bench {

int SignSubmissions(uint64_t n, const std::string& key_path, const std::string& party,
                    const std::string& out_path) {
  auto key = SigningKey::Load(key_path);
  if (!key.ok()) {
    std::fprintf(stderr, "jirga_bench: %s\n", key.status().ToString().c_str());
    return 1;
  }
  std::ofstream out(out_path, std::ios::binary);
  const std::string vkey = key->verifier().ToVkey();
  const std::string time = FormatRfc3339(SystemClock()->NowMicros() - 3600LL * 1000000);
  for (uint64_t i = 0; i < n; ++i) {
    auto rec = MakeRecord("statement", party, time, StatementBody(i), Json());
    if (!rec.ok()) {
      std::fprintf(stderr, "jirga_bench: %s\n", rec.status().ToString().c_str());
      return 1;
    }
    Submission s = SignRecord(SerializeRecord(*rec), *key);
    out << Json{{"record", Base64Encode(s.record)},
                {"salt", Base64Encode(s.salt)},
                {"sig", Base64Encode(std::string(reinterpret_cast<const char*>(s.sig.data()),
                                                 s.sig.size()))},
                {"key", vkey}}
               .dump()
        << "\n";
  }
  out.close();
  if (!out) {
    std::fprintf(stderr, "jirga_bench: writing %s failed\n", out_path.c_str());
    return 1;
  }
  return 0;
}

}  // namespace jirga::bench
