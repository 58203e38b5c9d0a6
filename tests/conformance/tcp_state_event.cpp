// The TCP endpoint against FreeBSD's tcp-testsuite (state-event-engine), distilled into
// ../shared/data/tcp-conformance/state-event.csv: put the machine alone into the row's
// state, inject the row's segment, compare the reply and the next state. Where the
// machine deliberately differs (docs/tcp-conformance.md), the row is counted as such;
// every other row must agree.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "conformance/csv.hpp"
#include "machines/tcp/segment.hpp"
#include "machines/tcp/tcp.hpp"

using namespace synack;
using machines::tcp::Segment;
using machines::tcp::SegmentCodec;
using testing::CsvRow;

namespace {

constexpr int kSpace = 64;
constexpr int kWindow = 8;
constexpr int kIss = 3;
constexpr int kIrs = 20;

bool has_word(const std::string& variant, const std::string& word) {
  std::string v = ";" + variant + ";";
  return v.find(";" + word + ";") != std::string::npos;
}

// The connection variables a stack has in each state after the suite's setup:
// ISS 3, IRS 20, no data exchanged.
std::map<std::string, int> vars_for(const std::string& state, bool passive) {
  std::map<std::string, int> v;
  if (state == "CLOSED" || state == "LISTEN") return v;
  v["iss"] = kIss;
  v["conn_tag"] = 1;
  v["incarnation"] = 1;
  v["snd_una"] = kIss;
  v["snd_nxt"] = kIss + 1;
  if (state == "SYN-SENT") return v;
  v["irs"] = kIrs;
  v["rcv_nxt"] = kIrs + 1;
  v["passive"] = passive ? 1 : 0;
  if (state == "SYN-RECEIVED") return v;
  v["snd_una"] = kIss + 1;  // our SYN acknowledged
  bool fin_sent = state == "FIN-WAIT-1" || state == "FIN-WAIT-2" || state == "CLOSING" ||
                  state == "LAST-ACK" || state == "TIME-WAIT";
  bool fin_acked = state == "FIN-WAIT-2" || state == "TIME-WAIT";
  bool fin_received =
      state == "CLOSE-WAIT" || state == "CLOSING" || state == "LAST-ACK" || state == "TIME-WAIT";
  if (fin_sent) v["snd_nxt"] = kIss + 2;
  if (fin_acked) v["snd_una"] = kIss + 2;
  if (fin_received) v["rcv_nxt"] = kIrs + 2;
  return v;
}

int seq_for(const CsvRow& row, int rcv_nxt) {
  const std::string& v = row.at("segment_variant");
  const std::string& rel = row.at("seq_relation");
  if (rel == "n/a") return 17;
  if (has_word(v, "outside-left")) return rcv_nxt - 1;
  if (has_word(v, "outside-right")) return rcv_nxt + kWindow;
  if (has_word(v, "right-edge")) return rcv_nxt + kWindow - 1;
  if (has_word(v, "middle")) return rcv_nxt + kWindow / 2;
  return rcv_nxt;  // left-edge, exact
}

int ack_for(const CsvRow& row, const std::map<std::string, int>& vars) {
  auto get = [&](const char* k) { return vars.count(k) ? vars.at(k) : 0; };
  const std::string& v = row.at("segment_variant");
  const std::string& rel = row.at("ack_relation");
  if (has_word(v, "ack-outside-left")) return get("snd_una") - 1;
  if (has_word(v, "ack-outside-right")) return get("snd_nxt") + 1;
  if (has_word(v, "ack-left-edge"))
    return row.at("initial_state") == "SYN-SENT" ? get("snd_nxt") : get("snd_una");
  if (has_word(v, "ack-right-edge")) return get("snd_nxt");
  if (rel == "acceptable") return get("snd_nxt");
  if (rel == "unacceptable") return get("snd_nxt") + 5;
  return 34;
}

std::uint8_t flags_for(const std::string& text) {
  std::uint8_t f = 0;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, '+')) {
    if (part == "SYN") f |= machines::tcp::kSyn;
    if (part == "ACK") f |= machines::tcp::kAck;
    if (part == "RST") f |= machines::tcp::kRst;
    if (part == "FIN") f |= machines::tcp::kFin;
  }
  return f;
}

// packetdrill's notation for a reply's flags: "S.", "R", "R.", ".", "F.", "P.".
std::string packetdrill(const Segment& s) {
  std::string out;
  if (s.has(machines::tcp::kSyn)) out += "S";
  if (s.has(machines::tcp::kFin)) out += "F";
  if (s.has(machines::tcp::kRst)) out += "R";
  if (s.data != 0) out += "P";
  if (s.has(machines::tcp::kAck)) out += ".";
  return out;
}

struct Outcome {
  std::string reply, state;
};

Outcome drive(const checker::MachineType& m, const CsvRow& row) {
  const std::string& state = row.at("initial_state");
  auto vars = vars_for(state, has_word(row.at("segment_variant"), "via-listen") ||
                                  row.at("setup_path").find("app:listen") != std::string::npos);
  std::vector<checker::Value> local(m.local_size(), 0);
  const auto& names = m.state_names();
  local[0] =
      static_cast<checker::Value>(std::find(names.begin(), names.end(), state) - names.begin());
  REQUIRE(static_cast<std::size_t>(local[0]) < names.size());
  for (std::size_t i = 0; i < m.variables().size(); ++i) {
    auto it = vars.find(m.variables()[i].name);
    if (it != vars.end()) local[i + 1] = ((it->second % kSpace) + kSpace) % kSpace;
  }
  Segment s;
  s.flags = flags_for(row.at("segment_flags"));
  s.data = std::stoi(row.at("segment_len")) > 0 ? 1 : 0;
  s.seq = ((seq_for(row, vars.count("rcv_nxt") ? vars["rcv_nxt"] : 0) % kSpace) + kSpace) % kSpace;
  s.ack = s.has(machines::tcp::kAck) ? ((ack_for(row, vars) % kSpace) + kSpace) % kSpace : 0;
  s.tag = vars.count("conn_tag") ? vars["conn_tag"] : 0;
  SegmentCodec codec(machines::tcp::SegmentSpace{kSpace, 3, false, {}});
  std::vector<checker::Value> next(local);
  checker::Outbox out;
  checker::Firing f = m.fire_message(codec.encode(s), local.data(), next.data(), out);
  Outcome o;
  o.state = names[static_cast<std::size_t>((f.fired ? next : local)[0])];
  o.reply = out.count && f.fired ? packetdrill(codec.decode(out.messages[0])) : "none";
  return o;
}

// Why a row may differ: docs/tcp-conformance.md explains each.
std::string deliberate_difference(const CsvRow& row) {
  const std::string& v = row.at("segment_variant");
  if (has_word(v, "insecure")) return "RFC 5961 mitigation off (insecure sysctl)";
  if (has_word(v, "dropping-enabled") || has_word(v, "drop")) return "FreeBSD drop_synfin";
  if (row.at("initial_state") == "LISTEN" && row.at("segment_flags") == "SYN+ACK")
    return "LISTEN answers an ACK-bearing segment with a RST";
  return "";
}

const std::size_t kAgreeing = 530;
const std::map<std::string, int> kDifferences = {
    {"FreeBSD drop_synfin", 8},
    {"LISTEN answers an ACK-bearing segment with a RST", 4},
    {"RFC 5961 mitigation off (insecure sysctl)", 72},
};

}  // namespace

TEST_CASE("the TCP endpoint agrees with FreeBSD's tcp-testsuite, row by row") {
  std::string path =
      std::string(SYNACK_SOURCE_DIR) + "/../shared/data/tcp-conformance/state-event.csv";
  if (!std::filesystem::exists(path)) {
    WARN("conformance data not found at " << path << ": test skipped (it runs where ../shared is)");
    return;
  }
  machines::tcp::Params params;
  params.seq_space = kSpace;
  params.rcv_wnd = kWindow;
  params.incarnations = 2;
  auto m = machines::tcp::make_endpoint("tcp-endpoint", params);
  auto rows = testing::read_csv(path);
  REQUIRE(rows.size() == 614);
  std::map<std::string, int> differences;
  std::size_t agree = 0;
  std::vector<std::string> unexplained;
  for (const CsvRow& row : rows) {
    Outcome got = drive(*m, row);
    bool same = got.reply == row.at("expected_reply") && got.state == row.at("inferred_state");
    if (same) {
      ++agree;
      continue;
    }
    std::string why = deliberate_difference(row);
    if (!why.empty()) {
      ++differences[why];
      continue;
    }
    unexplained.push_back(row.at("script") + ": expected " + row.at("expected_reply") + " -> " +
                          row.at("inferred_state") + ", machine " + got.reply + " -> " + got.state);
  }
  for (const auto& u : unexplained) UNSCOPED_INFO(u);
  CHECK(unexplained.empty());
  INFO("agree " << agree);
  for (const auto& [why, n] : differences) UNSCOPED_INFO(why << ": " << n);
  // The figures docs/tcp-conformance.md gives.
  CHECK(agree == kAgreeing);
  CHECK(differences == kDifferences);
}
