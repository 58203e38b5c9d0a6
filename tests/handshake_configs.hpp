// The three-way handshake's 32-bit configurations the Z3 tests pin proofs and samples on
// (README, "What is proved today"): differing 32-bit ISNs over an ordered channel.
#pragma once

#include <string>
#include <vector>

namespace synack::testing {

// Capacity 1, no duplication, no retransmission: the smallest configuration.
inline std::vector<std::string> smallest_32bit_handshake() {
  return {"tcp.seq_bits=32",      "tcp.isn=differ",    "channel.ordered=true", "channel.capacity=1",
          "channel.duplicates=0", "tcp.max_retries=0", "tcp.incarnations=1"};
}

// Capacity 2, one duplicate and one retransmission together: "grown together".
inline std::vector<std::string> grown_together_32bit_handshake() {
  return {"tcp.seq_bits=32",      "tcp.isn=differ",    "channel.ordered=true", "channel.capacity=2",
          "channel.duplicates=1", "tcp.max_retries=1", "tcp.incarnations=1"};
}

// Capacity 2 and the defaults' two incarnations, no duplication, no retransmission.
inline std::vector<std::string> two_incarnations_32bit_handshake() {
  return {"tcp.seq_bits=32",      "tcp.isn=differ",    "channel.ordered=true", "channel.capacity=2",
          "channel.duplicates=0", "tcp.max_retries=0", "tcp.incarnations=2"};
}

}  // namespace synack::testing
