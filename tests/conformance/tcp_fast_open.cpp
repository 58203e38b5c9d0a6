// The TCP Fast Open client (RFC 7413) against FreeBSD's tcp-testsuite fast-open client
// scripts, distilled into ../shared/data/tcp-conformance/fast-open.csv: replay each row's
// connections in turn (connect, check the SYN's option and data, inject the script's
// SYN-ACK, check the client's next segment, end the connection with a RST), then check
// the last connection against the row's summary columns. Rows FreeBSD itself fails
// (`.exfail`) are held to the script's expectation, the RFC behaviour, like every other.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "conformance/csv.hpp"
#include "machines/tcp/segment.hpp"
#include "machines/tcp/tcp.hpp"

using namespace synack;
using machines::tcp::FastOpen;
using machines::tcp::Segment;
using machines::tcp::SegmentCodec;
using testing::CsvRow;

namespace {

constexpr int kTfoSpace = 16;
constexpr int kIncarnations = 3;  // the most connections a script opens
constexpr int kServerIss = 5;     // the script's SYN-ACK may carry any sequence number

// One connection of a row's trace, e.g.
// "c2: tx:S[cookie(len=8)+data(100)] rx:S.[cookie(len=1); SYN data not acked] tx:P.(100)".
struct Connection {
  std::string syn_option;     // the client's SYN: "request", "absent" or "cookie(len=N)"
  bool syn_data = false;      // ... carries the data written before connect
  std::string synack_option;  // the script's SYN-ACK: "absent" or "cookie(len=N)"
  bool data_acked = false;    // ... acknowledges the SYN data
  std::string reply;          // the client's next segment: "." or "P."
};

std::vector<Connection> parse_trace(const std::string& trace) {
  static const std::regex kConnection(
      R"(c\d+: tx:S\[(request|absent|cookie\(len=\d+\))(\+data\(\d+\))?\] )"
      R"(rx:S\.\[(absent|cookie\(len=\d+\)); SYN data (n/a|acked|not acked)\] )"
      R"(tx:(P?\.)(\(\d+\))?)");
  std::vector<Connection> conns;
  std::size_t from = 0;
  while (from <= trace.size()) {
    std::size_t bar = std::min(trace.find(" | ", from), trace.size());
    std::smatch m;
    std::string part = trace.substr(from, bar - from);
    if (!std::regex_match(part, m, kConnection)) throw std::runtime_error("bad trace: " + part);
    conns.push_back({m[1], m[2].matched, m[3], m[4] == "acked", m[5]});
    from = bar + 3;
  }
  return conns;
}

// "cookie(len=N)" -> "cookie": the model abstracts a cookie to whether the server takes it.
std::string option_word(const std::string& option) {
  return option.substr(0, option.find('('));
}

// The README: the scripts treat even lengths from 4 to 16 bytes as valid.
FastOpen synack_option(const std::string& option) {
  if (option == "absent") return FastOpen::kNone;
  int len = std::stoi(option.substr(option.find('=') + 1));
  return len % 2 == 0 && len >= 4 && len <= 16 ? FastOpen::kCookie : FastOpen::kBadCookie;
}

// A SYN in the trace's words: "request", "absent", "cookie+data", ...
std::string syn_text(const Segment& s) {
  static const char* const kOption[] = {"absent", "request", "cookie", "bad-cookie"};
  return std::string(kOption[static_cast<int>(s.fo)]) + (s.data != 0 ? "+data" : "");
}

// packetdrill's notation for the client's reply: "." a pure ACK, "P." an ACK with data.
std::string tfo_packetdrill(const Segment& s) {
  std::string out = machines::tcp::flags_name(s.flags);
  if (s.flags == machines::tcp::kAck) out = ".";
  return s.data != 0 ? "P" + out : out;
}

std::optional<Segment> wire_segment(const SegmentCodec& codec, const checker::Outbox& out) {
  for (std::size_t i = 0; i < out.count; ++i) {
    Segment s = codec.decode(out.messages[i]);
    if (s.wire()) return s;  // socket messages (hand-ups, close notices) are not segments
  }
  return std::nullopt;
}

class Client {
 public:
  explicit Client(const checker::MachineType& m) : m_(m), runner_(m.make_runner()) {
    const auto& events = m.env_events();
    auto it = std::find_if(events.begin(), events.end(),
                           [](const checker::EventSpec& e) { return e.name == "connect"; });
    REQUIRE(it != events.end());
    connect_ = static_cast<std::size_t>(it - events.begin());
  }
  // The wire segment the step emits, if the step fired and emitted one.
  std::optional<Segment> connect() {
    checker::Outbox out;
    return runner_->fire_env(connect_, out).fired ? wire_segment(codec_, out) : std::nullopt;
  }
  std::optional<Segment> receive(const Segment& s) {
    checker::Outbox out;
    return runner_->fire_message(codec_.encode(s), out).fired ? wire_segment(codec_, out)
                                                              : std::nullopt;
  }
  std::string state() const { return m_.state_names()[static_cast<std::size_t>(local()[0])]; }
  int var(const std::string& name) const {
    const auto& vars = m_.variables();
    auto it = std::find_if(vars.begin(), vars.end(),
                           [&](const checker::VariableSpec& v) { return v.name == name; });
    REQUIRE(it != vars.end());
    return static_cast<int>(local()[1 + static_cast<std::size_t>(it - vars.begin())]);
  }

 private:
  std::vector<checker::Value> local() const {
    std::vector<checker::Value> l(m_.local_size());
    runner_->read_local(l.data());
    return l;
  }
  const checker::MachineType& m_;
  std::unique_ptr<checker::MachineRunner> runner_;
  SegmentCodec codec_{machines::tcp::SegmentSpace{kTfoSpace, kIncarnations + 1, true, {"data"}}};
  std::size_t connect_ = 0;
};

// Replays one row; empty when the machine agrees, else where and how it first differs.
std::string replay(const checker::MachineType& m, const CsvRow& row) {
  using namespace machines::tcp;
  Client client(m);
  std::vector<Connection> conns = parse_trace(row.at("trace"));
  if (conns.size() != std::stoul(row.at("connections"))) return "trace/connections mismatch";
  Segment syn, reply;
  for (std::size_t c = 0; c < conns.size(); ++c) {
    const Connection& k = conns[c];
    std::string at = "c" + std::to_string(c + 1) + ": ";
    std::optional<Segment> s = client.connect();
    if (!s || s->flags != kSyn) return at + "connect sent no SYN";
    syn = *s;
    std::string want = option_word(k.syn_option) + (k.syn_data ? "+data" : "");
    if (syn_text(syn) != want) return at + "SYN " + want + " expected, got " + syn_text(syn);
    std::int64_t ack = (syn.seq + 1 + (k.data_acked ? 1 : 0)) % kTfoSpace;
    auto flags = static_cast<std::uint8_t>(kSyn | kAck);
    s = client.receive({flags, kServerIss, ack, 0, syn.tag, synack_option(k.synack_option)});
    std::string got = s ? tfo_packetdrill(*s) : "none";
    if (got != k.reply) return at + "reply " + k.reply + " expected, got " + got;
    reply = *s;
    if (client.state() != row.at("inferred_state"))
      return at + row.at("inferred_state") + " expected, got " + client.state();
    // End the connection: a RST at RCV.NXT takes ESTABLISHED to CLOSED (row ResetOpen).
    client.receive({kRst, client.var("rcv_nxt"), 0, 0, syn.tag, FastOpen::kNone});
    if (client.state() != "CLOSED") return at + "the RST left the client in " + client.state();
  }
  // The summary columns describe the last connection.
  const std::string& cookie = row.at("cookie_state");
  std::string want = cookie == "valid" ? "cookie" : cookie == "requested" ? "request" : "absent";
  if (row.at("syn_has_data") == "yes") want += "+data";
  if (syn_text(syn) != want) return "final SYN " + want + " expected, got " + syn_text(syn);
  if (tfo_packetdrill(reply) != row.at("expected_reply"))
    return "final reply " + row.at("expected_reply") + " expected, got " + tfo_packetdrill(reply);
  return "";
}

// Rows where the machine deliberately differs from the script (script -> reason). Empty:
// the machine agrees with every script, the 32 FreeBSD fails included.
const std::map<std::string, std::string> kTfoDifferences = {};
constexpr std::size_t kRows = 115;
constexpr std::size_t kTfoAgreeing = 115;
constexpr std::size_t kExfailAgreeing = 32;

}  // namespace

TEST_CASE("the TCP Fast Open client agrees with FreeBSD's tcp-testsuite row by row") {
  std::string path =
      std::string(SYNACK_SOURCE_DIR) + "/../shared/data/tcp-conformance/fast-open.csv";
  if (!std::filesystem::exists(path)) {
    WARN("conformance data not found at " << path << ": test skipped (it runs where ../shared is)");
    return;
  }
  machines::tcp::Params params;
  params.seq_space = kTfoSpace;
  params.incarnations = kIncarnations;
  params.fast_open = true;
  params.upper_messages = {"data"};
  params.write_before_connect = true;  // sendto(MSG_FASTOPEN): the data precedes connect
  auto m = machines::tcp::make_endpoint("tcp-endpoint", params);
  auto rows = testing::read_csv(path);
  REQUIRE(rows.size() == kRows);
  std::size_t agree = 0, exfail_agree = 0;
  std::vector<std::string> unexplained;
  for (const CsvRow& row : rows) {
    std::string diff = replay(*m, row);
    if (diff.empty()) {
      ++agree;
      if (row.at("exfail_on_freebsd") != "no") ++exfail_agree;
    } else if (!kTfoDifferences.count(row.at("script"))) {
      unexplained.push_back(row.at("script") + ": " + diff + " (" + row.at("trace") + ")");
    }
  }
  for (const auto& u : unexplained) UNSCOPED_INFO(u);
  CHECK(unexplained.empty());
  CHECK(agree == kTfoAgreeing);
  CHECK(exfail_agree == kExfailAgreeing);
  CHECK(agree + kTfoDifferences.size() == kRows);
}
