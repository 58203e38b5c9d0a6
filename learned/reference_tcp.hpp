// Replay's second path for a learned TCP model facing tcp-endpoint (learned/tcp_mapper.hpp):
// the .dot file and the map read again (learned/reference_mealy.hpp), and the reverse
// mapper's rules written again from its header's description, on printed segments
// ("SYN-ACK seq=0 ack=6") rather than the codec's fields, and on the answer symbols'
// text ("ACK+SYN(FRESH,NEXT,0)") rather than the mapper's precomputed plans. Replay
// compares what this runner reaches (learned state, last input and answer, unaccepted,
// refused, snd_nxt, rcv_nxt, synced, last_ack, connections) and sends with the trace at every step.
#pragma once

#include <memory>
#include <string>

#include "checker/machine.hpp"
#include "learned/reference_mealy.hpp"

namespace synack::learned {

// `type` is the mapped actor (make_tcp_mapped); its initial snd_nxt is the ISN.
std::unique_ptr<checker::MachineRunner> make_reference_tcp_runner(
    const checker::MachineType& type, std::shared_ptr<const ReferenceModel> model,
    std::shared_ptr<const ReferenceMap> map, const std::string& side);

}  // namespace synack::learned
