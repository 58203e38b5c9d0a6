#include "properties/tcp_history.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::properties {

namespace {

bool has(const std::vector<TcpHistory>& v, TcpHistory h) {
  return std::find(v.begin(), v.end(), h) != v.end();
}

}  // namespace

// Each rule names the rows of machines/tcp/endpoint_machine.hpp it stands for; the
// endpoint's control state before and after tells most of them apart, the segment's
// flags (SYN 1, ACK 2, RST 4, FIN 8) and the event the rest.
checker::MonitorSpec tcp_history(const std::string& actor, std::vector<TcpHistory> wanted,
                                 std::int64_t seq_space, const std::string& peer) {
  if (seq_space < 3)
    throw InputError(fmt::format(
        "the TCP history monitor needs a sequence space of at least 3 (it has {})", seq_space));
  if (has(wanted, TcpHistory::kStaleAccepted) || has(wanted, TcpHistory::kRstForFin))
    if (!has(wanted, TcpHistory::kClosedCleanly)) wanted.push_back(TcpHistory::kClosedCleanly);
  const std::string& a = actor;
  const std::string me = actor + "_history";
  const std::string delivered = fmt::format("step.kind == deliver && step.actor == {}", a);
  const std::string timeout =
      fmt::format("step.kind == env && step.actor == {} && step.event == timeout", a);
  const std::string rst = "step.message.flags / 4 % 2 == 1";
  const std::string synchronized = fmt::format(
      "({0}.state == ESTABLISHED || {0}.state == CLOSE_WAIT || {0}.state == FIN_WAIT_1 || "
      "{0}.state == FIN_WAIT_2 || {0}.state == CLOSING || {0}.state == LAST_ACK)",
      a);
  checker::MonitorSpec spec{me, {}, {}};
  using Rule = checker::MonitorSpec::Rule;
  if (has(wanted, TcpHistory::kClosedCleanly)) {
    spec.vars.push_back({"closed_cleanly"});
    // CloseCleanly (the 2MSL timer) and FinalAck (the ACK of our FIN in LAST-ACK).
    spec.rules.push_back(Rule{fmt::format("{0}.state == TIME_WAIT && {0}.state' == CLOSED", a),
                              {{"closed_cleanly", "1"}}});
    spec.rules.push_back(
        Rule{fmt::format("{1} && {0}.state == LAST_ACK && {0}.state' == CLOSED && !({2})", a,
                         delivered, rst),
             {{"closed_cleanly", "1"}}});
    // ResetOpen and ResetWhileClosing: a RST closes a synchronized connection.
    spec.rules.push_back(Rule{
        fmt::format("{1} && {2} && {3} && {0}.state' == CLOSED", a, delivered, rst, synchronized),
        {{"closed_cleanly", "0"}}});
    // ConnectFails and GiveUp: the retransmission timer ends the connection.
    spec.rules.push_back(Rule{fmt::format("{1} && {0}.state != {0}.state' && ({0}.state' == CLOSED "
                                          "|| {0}.state' == LISTEN)",
                                          a, timeout),
                              {{"closed_cleanly", "0"}}});
  }
  const std::string cleanly = me + ".closed_cleanly == 1";
  if (has(wanted, TcpHistory::kStaleAccepted)) {
    spec.vars.push_back({"stale_accepted"});
    // A segment is accepted when a row takes it into the connection: it moves the state,
    // acknowledges something new or advances RCV.NXT. Not accepted: RSTs, a SYN that opens
    // a connection (LISTEN; the crossing SYN of SYN-SENT), and a SYN-RECEIVED given up.
    std::string accepted = fmt::format(
        "!({1}) && {0}.state != LISTEN && !({0}.state == SYN_SENT && {0}.state' == SYN_RECEIVED) "
        "&& !({0}.state == SYN_RECEIVED && ({0}.state' == LISTEN || {0}.state' == CLOSED)) && "
        "({0}.state' != {0}.state || {0}.snd_una' != {0}.snd_una || {0}.rcv_nxt' != {0}.rcv_nxt)",
        a, rst);
    spec.rules.push_back(Rule{fmt::format("{1} && {2} && step.message.tag != {0}.conn_tag && {3}",
                                          a, delivered, cleanly, accepted),
                              {{"stale_accepted", "1"}}});
  }
  if (has(wanted, TcpHistory::kRstForFin)) {
    spec.vars.push_back({"rst_for_fin"});
    // ResetFin: a FIN (FIN|ACK, 10) in CLOSED or LISTEN, or in SYN-SENT when it does not
    // acknowledge our SYN (SND.UNA < SEG.ACK =< SND.NXT fails).
    std::string ahead_ack =
        fmt::format("(step.message.ack - {0}.snd_una + {1}) % {1}", a, seq_space);
    std::string ahead_nxt = fmt::format("({0}.snd_nxt - {0}.snd_una + {1}) % {1}", a, seq_space);
    spec.rules.push_back(Rule{
        fmt::format("{1} && {2} && step.message.flags == 10 && ({0}.state == CLOSED || "
                    "{0}.state == LISTEN || ({0}.state == SYN_SENT && !({3} >= 1 && {3} <= {4})))",
                    a, delivered, cleanly, ahead_ack, ahead_nxt),
        {{"rst_for_fin", "1"}}});
  }
  if (has(wanted, TcpHistory::kResetClosing)) {
    spec.vars.push_back({"reset_closing"});
    // ResetWhileClosing from LAST-ACK or CLOSING: the endpoint had sent its FIN and was
    // waiting for its ACK, and the peer answered with a RST (it had forgotten the
    // connection): the close the application asked for ends in an error. The peer's
    // closed_cleanly is read before the step (the monitors see the same state).
    const std::string peer_cleanly =
        peer.empty() ? "" : fmt::format(" && {}_history.closed_cleanly == 1", peer);
    spec.rules.push_back(Rule{fmt::format("{1} && {2} && ({0}.state == LAST_ACK || {0}.state == "
                                          "CLOSING) && {0}.state' == CLOSED{3}",
                                          a, delivered, rst, peer_cleanly),
                              {{"reset_closing", "1"}}});
  }
  if (has(wanted, TcpHistory::kResetOpen)) {
    spec.vars.push_back({"reset_open"});
    // ResetOpen: the only delivery that takes ESTABLISHED or CLOSE-WAIT to CLOSED.
    spec.rules.push_back(Rule{fmt::format("{1} && ({0}.state == ESTABLISHED || {0}.state == "
                                          "CLOSE_WAIT) && {0}.state' == CLOSED",
                                          a, delivered),
                              {{"reset_open", "1"}}});
  }
  if (has(wanted, TcpHistory::kResetData)) {
    spec.vars.push_back({"reset_data"});
    // ResetData: a data segment (ACK alone, with data) in CLOSED or LISTEN.
    spec.rules.push_back(Rule{fmt::format("{1} && ({0}.state == CLOSED || {0}.state == LISTEN) && "
                                          "step.message.flags == 2 && step.message.data != 0",
                                          a, delivered),
                              {{"reset_data", "1"}}});
  }
  if (has(wanted, TcpHistory::kConnectFailed)) {
    spec.vars.push_back({"connect_failed"});
    // ConnectFails; an abort leaves SYN-SENT for CLOSED too, on another event.
    spec.rules.push_back(
        Rule{fmt::format("{1} && {0}.state == SYN_SENT && {0}.state' == CLOSED", a, timeout),
             {{"connect_failed", "1"}}});
  }
  // A connection ends when its TCB is deleted (CLOSED or LISTEN after the step).
  const std::string ended = fmt::format("{0}.state' == CLOSED || {0}.state' == LISTEN", a);
  // A segment the endpoint took whole: RCV.NXT now lies just past it (SEG.SEQ + SEG.LEN,
  // with SYN and FIN one each), and the step moved RCV.NXT or the state (a duplicate of a
  // segment taken before leaves both). What the endpoint took, its application got. Not a
  // step that deletes the TCB: no row that takes data or a FIN does, and the deleted TCB's
  // RCV.NXT of 0 may equal SEG.SEQ + SEG.LEN by chance (a SYN with data in SYN-RECEIVED
  // sends a passive connection back to LISTEN, its data dropped).
  const std::string taken = fmt::format(
      "{1} && !({2}) && !({4}) && ({0}.rcv_nxt' != {0}.rcv_nxt || {0}.state' != {0}.state) && "
      "{0}.rcv_nxt' == (step.message.seq + min(step.message.data, 1) + step.message.flags % 2 + "
      "step.message.flags / 8 % 2) % {3}",
      a, delivered, rst, seq_space, ended);
  if (has(wanted, TcpHistory::kAppReceived)) {
    spec.vars.push_back({"app_received", 2});
    spec.rules.push_back(Rule{taken + " && step.message.data != 0",
                              {{"app_received", fmt::format("min({}.app_received + 1, 2)", me)}}});
  }
  // The two per-connection facts; the end of the connection clears them.
  if (has(wanted, TcpHistory::kDataReceived)) {
    spec.vars.push_back({"data_received", 2});
    spec.rules.push_back(
        Rule{taken + " && step.message.data != 0",
             {{"data_received", fmt::format("min({}.data_received + 1, 2)", me)}}});
    spec.rules.push_back(Rule{ended, {{"data_received", "0"}}});
  }
  if (has(wanted, TcpHistory::kFinReceived)) {
    spec.vars.push_back({"fin_received"});
    spec.rules.push_back(
        Rule{taken + " && step.message.flags / 8 % 2 == 1", {{"fin_received", "1"}}});
    spec.rules.push_back(Rule{ended, {{"fin_received", "0"}}});
  }
  return spec;
}

}  // namespace synack::properties
