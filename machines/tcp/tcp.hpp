// The TCP endpoint machine, as the rest of synack sees it (no Boost.MSM here).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "checker/machine.hpp"

namespace synack::machines::tcp {

class SegmentTable;
std::shared_ptr<SegmentTable> new_segment_table();  // machines/tcp/segment_table.cpp

enum class Handshake {
  kThreeWay,  // RFC 9293: SYN, SYN-ACK, ACK
  kTwoWay,    // the ablation: the server is ESTABLISHED on the SYN, the client on the SYN-ACK
};

struct Params {
  Handshake handshake = Handshake::kThreeWay;
  // Sequence numbers live modulo seq_space. A real TCP has 2^32, which the Z3 engines
  // handle; the explicit engine usually shrinks it, and a small space lets initial
  // sequence numbers repeat.
  std::int64_t seq_space = 16;
  // Each new connection takes its ISS from a clock that advances by isn_step (RFC 9293
  // section 3.4.1's ISN generator, abstracted to one tick per connection).
  std::int64_t isn_step = 2;
  std::int64_t isn_start = 0;  // the clock's value before the first connection
  // What the Z3 engines may assume of the ISN clock (the explicit engine needs it pinned):
  // pinned, by isn_start and isn_step; free, any start and any step (0 included, so two
  // connections may take the same ISN); differ, any start and any step coprime with the
  // sequence space, so that no ISN repeats before the clock has gone all the way round.
  enum class Isn { kPinned, kFree, kDiffer };
  Isn isn = Isn::kPinned;
  int max_retries = 1;   // retransmissions of one segment before giving up
  int incarnations = 2;  // how many times an endpoint may actively open
  // Answer unacceptable segments with a RST (RFC 9293 3.10.7). Off: the ablation in
  // which such segments are silently dropped.
  bool send_rst = true;
  // RCV.WND in sequence numbers: a segment is acceptable when it falls inside it; a RST
  // only when it hits RCV.NXT exactly (RFC 5961), otherwise it draws a challenge ACK.
  int rcv_wnd = 1;
  // Units of data this endpoint's application sends once the connection is open, one
  // segment in flight at a time.
  int app_data = 0;
  // The ablation of the four-way close: answer a FIN with FIN-ACK at once, dropping any
  // data still waiting to be sent.
  bool merged_fin = false;
  // The application may close first (an active close). Off: it closes only after the
  // peer's FIN, in CLOSE-WAIT (a server that lets its clients close).
  bool may_close_first = true;
  // Timed: timers are countdowns a clock advances (the channels age messages and drop
  // them after MSL); a timer fires only when due. Untimed: an armed timer may fire at
  // any moment.
  bool timed = false;
  int rto = 2;        // retransmission timeout, in ticks
  int time_wait = 2;  // TIME-WAIT's duration, in ticks (2 * MSL in RFC 9293)

  // An upper layer's messages, in the order they may share a segment (bit i of a payload
  // is message i). Set, the endpoint is a socket: what the layer above writes is buffered
  // and sent as one payload when a segment may carry data; what arrives is handed up.
  std::vector<std::string> upper_messages;
  // TCP Fast Open (RFC 7413), on both sides: a client without a cookie asks for one in
  // its SYN; a client with one sends it, and the data already written, in the SYN; the
  // server accepts SYN data only with a valid cookie and may then send before the
  // handshake completes. Needs an upper layer (a single "data" message will do).
  bool fast_open = false;
  enum class Cookie { kNone, kValid, kStale };
  Cookie initial_cookie = Cookie::kNone;  // what the client holds from earlier connections
  // The server hands SYN data up only with a cookie it accepts: the cookie proves that a
  // handshake with the sender's address completed before. Off: the ablation of a server
  // that takes SYN data whatever the option says (Linux's tcp_fastopen bit 0x200).
  bool verify_cookie = true;
  // The application writes its upper_messages[0] before each connect, as sendto() with
  // MSG_FASTOPEN does (a plain client, without a machine above it).
  bool write_before_connect = false;
  // Where the codecs of one model number segments that do not fit one integer (a 32-bit
  // sequence space, or TLS payloads in a space of 64; SegmentCodec). Every machine of the
  // model must share it: each Params starts with a table of its own, and its copies share
  // it, so build a model's endpoints from copies of one Params.
  std::shared_ptr<SegmentTable> segment_table = new_segment_table();
};

std::shared_ptr<const checker::MachineType> make_endpoint(const std::string& name,
                                                          const Params& params);

// A listening socket under a SYN flood (seed 002 sections 17 and 18): a backlog of
// half-open connections, or SYN cookies that keep no state until the final ACK.
struct ListenerParams {
  Params tcp;       // sequence space and codec shared with the endpoints
  int backlog = 1;  // half-open connections the listener keeps
  bool syn_cookies = false;
};
std::shared_ptr<const checker::MachineType> make_listener(const ListenerParams& params);

// An attacker that sends SYNs from spoofed addresses and never answers.
struct AttackerParams {
  Params tcp;
  int syns = 2;  // how many spoofed SYNs it sends
  // Each SYN carries data and a Fast Open cookie the attacker made up: it never completed
  // a handshake from the spoofed address, so it holds no cookie the server accepts.
  // Needs tcp.fast_open and an upper message ("data").
  bool syn_data = false;
};
std::shared_ptr<const checker::MachineType> make_attacker(const AttackerParams& params);

}  // namespace synack::machines::tcp
