#include "machines/tcp/segment_table.hpp"

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::machines::tcp {

std::shared_ptr<SegmentTable> new_segment_table() {
  return std::make_shared<SegmentTable>();
}

checker::Value SegmentTable::number(const Segment& s) {
  Key key{s.flags, s.seq, s.ack, s.data, s.tag, s.fo, s.socket};
  auto [it, inserted] = numbers_.try_emplace(key, static_cast<checker::Value>(segments_.size()));
  if (!inserted) return it->second;
  if (segments_.size() == static_cast<std::size_t>(capacity_)) {
    numbers_.erase(it);
    throw InputError(fmt::format(
        "more than {} distinct segments in a large sequence space: too many for the explicit "
        "engine to number; use a smaller tcp.seq_space or a Z3 engine (--engine bmc|kind|spacer)",
        capacity_));
  }
  segments_.push_back(s);
  return it->second;
}

const Segment& SegmentTable::segment(checker::Value number) const {
  if (number < 0 || static_cast<std::size_t>(number) >= segments_.size())
    throw InternalError(fmt::format("segment number {} was never given (the table holds {})",
                                    number, segments_.size()));
  return segments_[static_cast<std::size_t>(number)];
}

}  // namespace synack::machines::tcp
