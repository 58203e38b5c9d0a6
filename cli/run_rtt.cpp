// `synack rtt`: seed 000's round-trip counts and its overlap claim, measured on the models.
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "properties/handshake_timing.hpp"
#include "reports/json_text.hpp"

namespace synack::cli {

namespace {

std::string rtt_text(const std::optional<double>& rtt) {
  return rtt ? fmt::format("{:g}", *rtt) : "never";
}

nlohmann::json rtt_json(const std::optional<double>& rtt) {
  if (!rtt) return nullptr;
  if (*rtt == static_cast<int>(*rtt)) return static_cast<int>(*rtt);
  return *rtt;
}

}  // namespace

int run_rtt(const RttOptions& options, std::ostream& out) {
  std::vector<properties::RttRow> rows;
  for (const auto& config : properties::rtt_configs())
    rows.push_back(properties::measure_rtt(config, options.limits));
  std::vector<properties::OverlapRow> overlap = properties::overlap_table(options.limits);

  if (options.json) {
    nlohmann::json doc{{"rows", nlohmann::json::array()}, {"overlap", nlohmann::json::array()}};
    for (const auto& r : rows)
      doc["rows"].push_back({{"config", r.config},
                             {"request_rtt", rtt_json(r.request_rtt)},
                             {"response_rtt", rtt_json(r.response_rtt)}});
    for (const auto& o : overlap)
      doc["overlap"].push_back({{"fast_open", o.fast_open},
                                {"tls", o.tls == 12 ? "1.2" : "1.3"},
                                {"resumption", o.resume},
                                {"tls_in_syn_or_synack", o.tls_in_syn},
                                {"tls_done_rtt", rtt_json(o.tls_done_rtt)},
                                {"tcp_done_rtt", rtt_json(o.tcp_done_rtt)},
                                {"tls_done_no_later_than_tcp", o.tls_no_later()}});
    out << reports::json_text(doc) << "\n";
    return 0;
  }
  out << "Round trips from the client's first segment (loss-free, half an RTT per message)\n";
  out << fmt::format("{:<20} {:>12} {:>13}\n", "config", "request_rtt", "response_rtt");
  for (const auto& r : rows)
    out << fmt::format("{:<20} {:>12} {:>13}\n", r.config, rtt_text(r.request_rtt),
                       rtt_text(r.response_rtt));
  out << "\nOverlap: (a) a TLS message inside the SYN or SYN-ACK; (b) the client's TLS side "
         "done no later than its TCP side\n";
  out << fmt::format("{:<17} {:<4} {:<10} {:<5} {:>8} {:>8} {:<5}\n", "fast open", "tls",
                     "resumption", "(a)", "tls done", "tcp done", "(b)");
  for (const auto& o : overlap)
    out << fmt::format("{:<17} {:<4} {:<10} {:<5} {:>8} {:>8} {:<5}\n", o.fast_open,
                       o.tls == 12 ? "1.2" : "1.3", o.resume ? "yes" : "no",
                       o.tls_in_syn ? "yes" : "no", rtt_text(o.tls_done_rtt),
                       rtt_text(o.tcp_done_rtt), o.tls_no_later() ? "yes" : "no");
  return 0;
}

}  // namespace synack::cli
