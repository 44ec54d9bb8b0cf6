// Formatting and parsing of c2sp.org/tlog-proof@v1 files.
#include "ledger/tlog_proof.h"

#include <cstring>

#include "base/encoding.h"

namespace jirga {
namespace {

constexpr std::string_view kHeader = "c2sp.org/tlog-proof@v1";

Result<uint64_t> ParseDecimal(std::string_view s) {
  if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) {
    return InvalidArgument("\"" + std::string(s) + "\" is not a canonical decimal");
  }
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return InvalidArgument("\"" + std::string(s) + "\" is not a decimal");
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return InvalidArgument("decimal out of range");
    v = v * 10 + d;
  }
  return v;
}

}  // namespace

std::string FormatTlogProof(const TlogProof& p) {
  std::string out(kHeader);
  out += "\n";
  if (!p.extra.empty()) out += "extra " + Base64Encode(p.extra) + "\n";
  out += "index " + std::to_string(p.index) + "\n";
  for (const Hash& h : p.proof) out += Base64Encode(AsBytes(h)) + "\n";
  out += "\n";
  out += p.checkpoint;
  return out;
}

Result<TlogProof> ParseTlogProof(std::string_view text) {
  TlogProof p;
  size_t pos = 0;
  auto next_line = [&](std::string_view* line) -> bool {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return false;
    *line = text.substr(pos, nl - pos);
    pos = nl + 1;
    return true;
  };
  std::string_view line;
  if (!next_line(&line) || line != kHeader) {
    return InvalidArgument("not a c2sp.org/tlog-proof@v1 file (first line must be \"" +
                           std::string(kHeader) + "\")");
  }
  if (!next_line(&line)) return InvalidArgument("tlog-proof: truncated after header");
  if (line.substr(0, 6) == "extra ") {
    ASSIGN_OR_RETURN(p.extra, Base64Decode(line.substr(6)));
    if (p.extra.empty()) return InvalidArgument("tlog-proof: empty extra line");
    if (!next_line(&line)) return InvalidArgument("tlog-proof: truncated after extra");
  }
  if (line.substr(0, 6) != "index ") return InvalidArgument("tlog-proof: expected \"index N\"");
  auto index = ParseDecimal(line.substr(6));
  if (!index.ok()) return index.status().WithContext("tlog-proof index");
  p.index = *index;
  for (;;) {
    if (!next_line(&line)) return InvalidArgument("tlog-proof: missing blank line and checkpoint");
    if (line.empty()) break;
    auto h = Base64Decode(line);
    if (!h.ok() || h->size() != 32) {
      return InvalidArgument("tlog-proof: proof line \"" + std::string(line.substr(0, 60)) +
                             "\" is not a base64 32-byte hash");
    }
    Hash hash;
    std::memcpy(hash.data(), h->data(), 32);
    p.proof.push_back(hash);
    if (p.proof.size() > 64) return InvalidArgument("tlog-proof: more than 64 proof hashes");
  }
  p.checkpoint = std::string(text.substr(pos));
  if (p.checkpoint.empty()) return InvalidArgument("tlog-proof: missing checkpoint");
  return p;
}

}  // namespace jirga
