// Numbers for segments that do not fit one integer. In a 32-bit sequence space a segment
// carries two 32-bit numbers besides its flags, payload, option and tag, so a codec cannot
// compute a segment's number from its fields as it does in a small space. It numbers them
// in the order it first meets them instead.
//
// The numbering belongs to the model: every codec of it shares one table (tcp::Params),
// so the number one machine puts on a channel means the same segment to the machine that
// takes it off. The engines never look inside: a number is a channel slot's value.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "checker/layout.hpp"
#include "machines/tcp/segment.hpp"

namespace synack::machines::tcp {

class SegmentTable {
 public:
  // Numbers run 0..capacity - 1; a channel slot reserves the bits for all of them.
  static constexpr checker::Value kDefaultCapacity = checker::Value{1} << 24;
  explicit SegmentTable(checker::Value capacity = kDefaultCapacity) : capacity_(capacity) {}

  checker::Value capacity() const { return capacity_; }
  // The segment's number, given it the first time. Past `capacity` distinct segments:
  // InputError (the explicit engine cannot hold that many; the Z3 engines never do).
  checker::Value number(const Segment& s);
  // The segment a number stands for; a number never given is a bug upstream.
  const Segment& segment(checker::Value number) const;
  std::size_t size() const { return segments_.size(); }

 private:
  using Key = std::tuple<std::uint8_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t,
                         FastOpen, Socket>;
  checker::Value capacity_;
  std::vector<Segment> segments_;
  std::map<Key, checker::Value> numbers_;
};

}  // namespace synack::machines::tcp
