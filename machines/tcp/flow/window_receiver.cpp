// The one translation unit that instantiates Boost.MSM for the zero-window receiver.
#include "machines/msm_machine.hpp"
#include "machines/tcp/flow/window_machines.hpp"

namespace synack::machines::tcp::flow {

std::shared_ptr<const checker::MachineType> make_window_receiver(const WindowParams& params) {
  return std::make_shared<MsmMachine<window::Receiver_>>("tcp-window-receiver", params);
}

}  // namespace synack::machines::tcp::flow
