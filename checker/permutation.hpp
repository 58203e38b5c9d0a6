// A renaming of the members of an actor array: member i becomes member image[i]. Symmetry
// reduction (checker/symmetry/) applies one to a whole state; a machine whose variables
// or messages name members (a participant's index, a set of participants) says through
// its hooks how such a renaming changes them (MachineType::permute_local,
// MessageCodec::permute; in a Boost.MSM front, `static Msg permute(const Msg&, const
// synack::Permutation&)` and `static Vars permute(const Vars&, const synack::Permutation&)`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace synack::checker {

class MemberPermutation {
 public:
  MemberPermutation() = default;
  explicit MemberPermutation(std::vector<int> image) : image_(std::move(image)) {}
  static MemberPermutation identity(std::size_t members) {
    std::vector<int> image(members);
    for (std::size_t i = 0; i < members; ++i) image[i] = static_cast<int>(i);
    return MemberPermutation(std::move(image));
  }

  // Becomes `image`, reusing this one's storage (a search that tries many renamings).
  void assign(const std::vector<int>& image) { image_.assign(image.begin(), image.end()); }

  std::size_t size() const { return image_.size(); }
  // The new index of member `i`; an index outside the array is not a member and stays.
  int operator()(int i) const {
    return i >= 0 && static_cast<std::size_t>(i) < image_.size() ? image_[i] : i;
  }
  // A set of members as a bit set (bit i: member i), renamed; bits past the array stay.
  std::int64_t bits(std::int64_t set) const {
    std::int64_t out = set;
    for (std::size_t i = 0; i < image_.size() && i < 63; ++i) out &= ~(std::int64_t{1} << i);
    for (std::size_t i = 0; i < image_.size() && i < 63; ++i)
      if ((set >> i) & 1) out |= std::int64_t{1} << image_[i];
    return out;
  }
  MemberPermutation inverse() const {
    std::vector<int> inv(image_.size());
    for (std::size_t i = 0; i < image_.size(); ++i) inv[image_[i]] = static_cast<int>(i);
    return MemberPermutation(std::move(inv));
  }
  const std::vector<int>& image() const { return image_; }

 private:
  std::vector<int> image_;
};

}  // namespace synack::checker
