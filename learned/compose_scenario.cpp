#include "learned/compose_scenario.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/system.hpp"
#include "learned/analysis.hpp"
#include "learned/compose_map.hpp"
#include "learned/dot_reader.hpp"
#include "learned/networked_mealy.hpp"
#include "learned/tcp_mapper.hpp"
#include "properties/channel_params.hpp"

namespace synack::learned {

namespace {

using checker::PropertyKind;
using checker::Verdict;

bool names(const ComposeMap::SideSpec& side, const std::string& state) {
  return std::any_of(side.states.begin(), side.states.end(),
                     [&](const ComposeMap::StateName& s) { return s.name == state; });
}

std::vector<checker::PropertySpec> compose_properties(const ComposeMap& map,
                                                      std::vector<std::string>& left_out) {
  std::vector<checker::PropertySpec> out;
  out.push_back({"outputs-accepted", PropertyKind::kAlways,
                 "client.unaccepted == 0 && server.unaccepted == 0",
                 "every output either side sends is an input the other side has (or one the map "
                 "says its stack drops)",
                 Verdict::kHolds});
  bool client_est = names(map.client, "ESTABLISHED"), server_est = names(map.server, "ESTABLISHED");
  bool syn_sent = names(map.client, "SYN_SENT"), syn_rcvd = names(map.server, "SYN_RECEIVED");
  const std::vector<std::string> fair{"fair-loss"};
  if (client_est && server_est)
    out.push_back({"connects", PropertyKind::kSometimes,
                   "client.state == ESTABLISHED && server.state == ESTABLISHED",
                   "client and server can both reach ESTABLISHED", Verdict::kHolds});
  else
    left_out.push_back("connects (needs client and server ESTABLISHED)");
  if (syn_sent)
    out.push_back(
        checker::leads_to("leaves-syn-sent", "client.state == SYN_SENT", "client.state != SYN_SENT",
                          fair, "the client does not stay half-open in SYN_SENT", Verdict::kHolds));
  else
    left_out.push_back("leaves-syn-sent (needs client SYN_SENT)");
  if (syn_rcvd)
    out.push_back(checker::leads_to(
        "leaves-syn-received", "server.state == SYN_RECEIVED", "server.state != SYN_RECEIVED", fair,
        "the server does not stay half-open in SYN_RECEIVED", Verdict::kHolds));
  else
    left_out.push_back("leaves-syn-received (needs server SYN_RECEIVED)");
  if (syn_sent && names(map.server, "LISTEN") && client_est && server_est)
    out.push_back(checker::leads_to(
        "establishes", "client.state == SYN_SENT && server.state == LISTEN",
        "client.state == ESTABLISHED && server.state == ESTABLISHED", fair,
        "once the client has sent its SYN to a listening server, the connection is "
        "established on both sides",
        Verdict::kHolds));
  else
    left_out.push_back("establishes (needs client SYN_SENT, server LISTEN and both ESTABLISHED)");
  return out;
}

// The parameter that offers a call: "client.CLOSE".
std::string call_key(Side side, const std::string& input) {
  return std::string(side_name(side)) + "." + input;
}

std::string stem(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

// A learned side's gaps (learned/analysis.hpp), told beside the composition's verdicts as
// beside a single model's: what the learner did not record is in no run of the
// composition either. Named by side and file, since a composition has two.
void add_scope_note(properties::Scenario& s, Side side, const std::string& dot_path,
                    const MealyMachine& model) {
  if (std::string note = verdict_scope_note(model); !note.empty())
    s.notes.push_back(fmt::format("{} {}: {}", side_name(side), dot_path, note));
}

}  // namespace

std::string compose_scenario_name(const ComposeSource& source) {
  return "compose/" + stem(source.client_dot) + "+" + stem(source.server_dot);
}

properties::Scenario compose_scenario(const ComposeSource& source) {
  auto map = std::make_shared<const ComposeMap>(read_compose_map(source.map));
  auto client = std::make_shared<const MealyMachine>(read_dot_file(source.client_dot));
  auto server = std::make_shared<const MealyMachine>(read_dot_file(source.server_dot));
  // Built once here, so that a map that does not fit a model is refused before any run.
  auto client_type = make_networked_mealy(client, *map, Side::kClient);
  auto server_type = make_networked_mealy(server, *map, Side::kServer);

  properties::Scenario s;
  s.name = compose_scenario_name(source);
  std::vector<std::string> left_out;
  s.properties = compose_properties(*map, left_out);
  s.description = fmt::format("learned client {} and learned server {} over channels, through {}",
                              source.client_dot, source.server_dot, source.map);
  if (!left_out.empty())
    s.description +=
        fmt::format("; left out, the map names no such state: {}", fmt::join(left_out, ", "));
  add_scope_note(s, Side::kClient, source.client_dot, *client);
  add_scope_note(s, Side::kServer, source.server_dot, *server);
  s.params = properties::channel_params(2, 1);
  for (Side side : {Side::kClient, Side::kServer}) {
    const checker::MachineType& type = side == Side::kClient ? *client_type : *server_type;
    const ComposeMap::SideSpec& spec = map->side(side);
    for (const checker::EventSpec& e : type.env_events()) {
      bool offered = spec.calls_line == 0 ||
                     std::find(spec.calls.begin(), spec.calls.end(), e.name) != spec.calls.end();
      s.params.push_back(
          {call_key(side, e.name), offered ? 1 : 0, 0, 1, true,
           fmt::format("the {}'s application may call {}", side_name(side), e.name)});
    }
  }
  s.build = [client_type, server_type](const properties::ParamValues& v) {
    auto offered = [&](Side side, const checker::MachineType& m) {
      std::vector<std::string> names;
      for (const auto& e : m.env_events())
        if (v.at(call_key(side, e.name)) != 0) names.push_back(e.name);
      return names;
    };
    auto system = std::make_unique<checker::System>();
    system->set_replayed_through("the learned models");
    std::size_t c = system->add_actor("client", client_type, offered(Side::kClient, *client_type));
    std::size_t sv = system->add_actor("server", server_type, offered(Side::kServer, *server_type));
    system->add_channel("c2s", c, sv, properties::channel_policy(v));
    system->add_channel("s2c", sv, c, properties::channel_policy(v));
    system->finalize();
    return std::unique_ptr<checker::Model>(std::move(system));
  };
  return s;
}

properties::Scenario compose_spec_scenario(const std::string& learned_dot,
                                           const std::string& map_path, Side learned_side,
                                           const std::string& spec_name,
                                           std::shared_ptr<const checker::MachineType> spec) {
  auto map = std::make_shared<const ComposeMap>(read_compose_map(map_path));
  auto model = std::make_shared<const MealyMachine>(read_dot_file(learned_dot));
  constexpr checker::Value kIss = 5;
  auto learned_type = make_tcp_mapped(model, *map, learned_side, spec, kIss);
  const bool learned_client = learned_side == Side::kClient;
  const std::string me = side_name(learned_side);
  const ComposeMap::SideSpec& mine = map->side(learned_side);

  properties::Scenario s;
  s.name = learned_client ? "compose/" + stem(learned_dot) + "+" + spec_name
                          : "compose/" + spec_name + "+" + stem(learned_dot);
  s.description = fmt::format(
      "learned {} {} against spec {} over channels, numbers kept by a reverse mapper "
      "({} ISN {}), through {}",
      me, learned_dot, spec_name, me, kIss, map_path);
  add_scope_note(s, learned_side, learned_dot, *model);
  s.properties.push_back(
      {"outputs-accepted", PropertyKind::kAlways, me + ".unaccepted == 0",
       "every answer of the " + me + " is a segment with numbers the spec can check",
       Verdict::kHolds});
  s.properties.push_back({"inputs-valid", PropertyKind::kAlways, me + ".refused == 0",
                          "every segment the spec sends is one of the " + me + "'s (valid) inputs",
                          Verdict::kHolds});
  s.properties.push_back({"one-connection", PropertyKind::kAlways, me + ".connections <= 1",
                          "the " + me +
                              " opens one connection: the reverse mapper has one ISN, and a second "
                              "connection would reuse it",
                          Verdict::kHolds});
  // Loss is fair, and the spec's retransmission timer, once armed, fires: without it a
  // run where the learned side's application calls (LISTEN, again and again) forever
  // would count as fair and keep the spec from ever retransmitting.
  const std::string spec_side = learned_client ? "server" : "client";
  const std::vector<std::string> fair{"fair-loss", "wf(" + spec_side + ".timeout)"};
  // The spec's states in expressions: strings, since its names have dashes (SYN-SENT).
  const std::string syn_sent = learned_client ? "SYN_SENT" : "\"SYN-SENT\"";
  if (names(mine, "ESTABLISHED"))
    s.properties.push_back({"connects", PropertyKind::kSometimes,
                            "client.state == ESTABLISHED && server.state == ESTABLISHED",
                            "client and server can both reach ESTABLISHED", Verdict::kHolds});
  if (!learned_client || names(mine, "SYN_SENT"))
    s.properties.push_back(checker::leads_to(
        "leaves-syn-sent", "client.state == " + syn_sent, "client.state != " + syn_sent, fair,
        "the client does not stay half-open in SYN-SENT", Verdict::kHolds));
  if (!learned_client && names(mine, "SYN_RECEIVED"))
    s.properties.push_back(checker::leads_to(
        "leaves-syn-received", "server.state == SYN_RECEIVED", "server.state != SYN_RECEIVED", fair,
        "the server does not stay half-open in SYN_RECEIVED", Verdict::kHolds));
  bool can_establish = learned_client ? names(mine, "SYN_SENT") && names(mine, "ESTABLISHED")
                                      : names(mine, "LISTEN") && names(mine, "ESTABLISHED");
  if (can_establish)
    s.properties.push_back(checker::leads_to(
        "establishes", "client.state == " + syn_sent + " && server.state == LISTEN",
        "client.state == ESTABLISHED && server.state == ESTABLISHED", fair,
        "once the client has sent its SYN to a listening server, the connection is "
        "established on both sides",
        Verdict::kHolds));
  s.params = properties::channel_params(2, 1);
  for (const checker::EventSpec& e : learned_type->env_events()) {
    bool offered = mine.calls_line == 0 ||
                   std::find(mine.calls.begin(), mine.calls.end(), e.name) != mine.calls.end();
    s.params.push_back({call_key(learned_side, e.name), offered ? 1 : 0, 0, 1, true,
                        fmt::format("the {}'s application may call {}", me, e.name)});
  }
  // The spec side opens as its role has it, and retransmits (timeout).
  std::vector<std::string> spec_events;
  for (const checker::EventSpec& e : spec->env_events())
    if (e.name == (learned_client ? "listen" : "connect") || e.name == "timeout")
      spec_events.push_back(e.name);
  s.build = [learned_type, spec, spec_events, learned_side,
             learned_client](const properties::ParamValues& v) {
    std::vector<std::string> calls;
    for (const auto& e : learned_type->env_events())
      if (v.at(call_key(learned_side, e.name)) != 0) calls.push_back(e.name);
    auto system = std::make_unique<checker::System>();
    system->set_replayed_through("the learned model, its mapper and the spec's machine");
    std::size_t c = learned_client ? system->add_actor("client", learned_type, calls)
                                   : system->add_actor("client", spec, spec_events);
    std::size_t sv = learned_client ? system->add_actor("server", spec, spec_events)
                                    : system->add_actor("server", learned_type, calls);
    system->add_channel("c2s", c, sv, properties::channel_policy(v));
    system->add_channel("s2c", sv, c, properties::channel_policy(v));
    system->finalize();
    return std::unique_ptr<checker::Model>(std::move(system));
  };
  return s;
}

std::vector<std::string> composition_assumptions(const properties::Scenario& scenario) {
  std::vector<std::string> out;
  for (const char* name : {"outputs-accepted", "inputs-valid", "one-connection"})
    if (scenario.property(name)) out.push_back(name);
  return out;
}

}  // namespace synack::learned
