// Seed 000's round-trip claims, measured on the models: TCP (with or without Fast Open)
// carrying TLS 1.2 or 1.3, on a loss-free FIFO channel where every message arrives exactly
// half a round trip after it is sent (checker::earliest over one-tick-latency channels).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checker/limits.hpp"

namespace synack::properties {

struct HandshakeConfig {
  enum class FastOpen { kOff, kFirst, kCookie };  // no TFO; TFO without a cookie yet; with one
  std::string name;                               // "tfo+tls1.3+0rtt"
  FastOpen fast_open = FastOpen::kOff;
  int tls = 13;             // 12 or 13
  bool resume = false;      // a TLS session or ticket from an earlier connection
  bool early_data = false;  // TLS 1.3 0-RTT (with resume)
};

// Round trips from the client's first segment; half-round-trip precision.
struct RttRow {
  std::string config;
  std::optional<double> request_rtt;   // the first request byte leaves the client
  std::optional<double> response_rtt;  // the first response byte reaches the client
};

struct OverlapRow {
  std::string fast_open;  // "off", "first connection", "cookie held"
  int tls = 13;
  bool resume = false;
  bool tls_in_syn = false;  // (a) a TLS message travels inside the SYN or the SYN-ACK
  // (b) the client's TLS side is done no later than its TCP side (earliest times, in RTT)
  std::optional<double> tls_done_rtt, tcp_done_rtt;
  bool tls_no_later() const {
    return tls_done_rtt && tcp_done_rtt && *tls_done_rtt <= *tcp_done_rtt;
  }
};

std::vector<HandshakeConfig> rtt_configs();
RttRow measure_rtt(const HandshakeConfig& config, const checker::Limits& limits);
std::vector<OverlapRow> overlap_table(const checker::Limits& limits);

}  // namespace synack::properties
