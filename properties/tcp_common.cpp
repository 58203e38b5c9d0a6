#include "properties/tcp_common.hpp"

#include <string>
#include <utility>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "properties/channel_params.hpp"

namespace synack::properties {

std::vector<ParamSpec> tcp_param_specs(const TcpDefaults& d) {
  std::vector<ParamSpec> params = channel_params(d.capacity, d.duplicates);
  for (ParamSpec& p : params) {
    if (p.key == "channel.lossy") p.default_value = d.lossy;
    if (p.key == "channel.ordered") p.default_value = d.ordered;
  }
  params.push_back({"tcp.third_segment", d.third_segment, 0, 1, true,
                    "the handshake's third segment (false: the two-way handshake)"});
  params.push_back({"tcp.send_rst", 1, 0, 1, true, "answer unacceptable segments with a RST"});
  params.push_back(
      {"tcp.seq_space", d.seq_space, 2, 64, false, "sequence numbers are modulo this"});
  ParamSpec step{"tcp.isn_step", d.isn_step, 1,
                 2'147'483'647,  false,      "ISN clock advance per new connection"};
  step.only_with = {"tcp.isn", "pinned"};  // free and differ make the step an unknown
  params.push_back(step);
  ParamSpec bits{"tcp.seq_bits",
                 0,
                 0,
                 32,
                 false,
                 "sequence numbers are modulo 2^seq_bits instead (32: a real TCP's); 0: "
                 "tcp.seq_space decides"};
  bits.excludes = "tcp.seq_space";
  params.push_back(bits);
  ParamSpec start{"tcp.isn_start", 0, 0, 2'147'483'647, false, "the ISN clock's first value"};
  start.only_with = {"tcp.isn", "pinned"};
  params.push_back(start);
  ParamSpec isn{"tcp.isn",
                0,
                0,
                2,
                false,
                "initial sequence numbers: pinned (isn_start, isn_step), free or differ "
                "(unknowns for the Z3 engines; differ: the step is coprime with seq_space)"};
  isn.choices = {"pinned", "free", "differ"};
  params.push_back(isn);
  params.push_back(
      {"tcp.max_retries", d.max_retries, 0, 4, false, "retransmissions of one segment"});
  params.push_back(
      {"tcp.incarnations", d.incarnations, 1, 4, false, "active opens the client may make"});
  return params;
}

machines::tcp::Params tcp_params(const ParamValues& v) {
  machines::tcp::Params p;
  p.handshake = v.at("tcp.third_segment") ? machines::tcp::Handshake::kThreeWay
                                          : machines::tcp::Handshake::kTwoWay;
  p.send_rst = v.at("tcp.send_rst") != 0;
  p.seq_space = v.at("tcp.seq_space");
  if (int bits = v.at("tcp.seq_bits"); bits > 0) p.seq_space = std::int64_t{1} << bits;
  p.isn_step = v.at("tcp.isn_step");
  p.isn_start = v.at("tcp.isn_start");
  p.isn = static_cast<machines::tcp::Params::Isn>(v.at("tcp.isn"));
  p.max_retries = v.at("tcp.max_retries");
  p.incarnations = v.at("tcp.incarnations");
  // The step or start may be a default the user never set: the line names both sides.
  const std::string space = v.at("tcp.seq_bits") > 0
                                ? fmt::format("tcp.seq_bits={}", v.at("tcp.seq_bits"))
                                : fmt::format("tcp.seq_space={}", p.seq_space);
  for (const auto& [name, value] :
       {std::pair{"tcp.isn_step", p.isn_step}, std::pair{"tcp.isn_start", p.isn_start}})
    if (value >= p.seq_space)
      throw InputError(fmt::format(
          "{}={} must be below the sequence space {} ({}): --set a smaller {} or a larger space",
          name, value, p.seq_space, space, name));
  return p;
}

}  // namespace synack::properties
