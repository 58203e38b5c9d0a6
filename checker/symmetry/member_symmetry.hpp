// How renaming the members of one actor array acts on a whole state of a System, and the
// canonical representative of a state's class (its orbit under every renaming).
//
// A renaming p (member i becomes member p(i)) moves member i's local state to member
// p(i)'s slots, and the channels to and from member i to those of member p(i); it renames
// the members named inside local states and messages through the machines' hooks
// (MachineType::permute_local, MessageCodec::permute); every other slot stays. Building
// one refuses, with one line (InputError), what this cannot rename: stacked layers, a
// channel between two members, members whose channels or machines differ in shape, more
// members than the canonical form enumerates. Whether the machines really behave alike
// under the renaming is checked by checker/symmetry/soundness.
//
// The canonical form (canonical_form.cpp): among the renamings that sort the members by
// their local states and then their signatures (member_signature.cpp: the contents of the
// member's channels with each message as that member sees it, which a renaming carries
// along with the member), the one giving the smallest state; every renaming of a state
// has the same such set, so the form is the same for the whole class.
// Tied members that a swap leaves the state unchanged for are interchangeable, and only
// one order of them is tried. When a member's own hook changes its local state, sorting
// by it is not sound and every order is tried. Both are exact (no hashing); the cost is at
// most members! renamings per state, typically a few.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "checker/machine.hpp"
#include "checker/permutation.hpp"
#include "checker/system.hpp"

namespace synack::checker {

class MemberSymmetry {
 public:
  // Canonical forms enumerate up to members! renamings: more members are refused.
  static constexpr std::size_t kMaxMembers = 8;
  // Which representative canonicalize() picks; a new edition whenever that changes, since
  // a checkpoint of a reduced search holds one edition's representatives (cli/run_check).
  // 2: members' ties broken by their signatures (3 December 2026).
  static constexpr int kCanonicalFormEdition = 2;

  // Throws InputError starting "symmetry over ARRAY: " for what it cannot rename.
  MemberSymmetry(const System& system, std::string array);

  const std::string& array() const { return array_; }
  std::size_t members() const { return members_.size(); }
  // A transposition and an n-cycle: every renaming is a product of these two.
  const std::vector<MemberPermutation>& generators() const { return generators_; }

  // out = p applied to in (out may not alias in).
  void apply(const MemberPermutation& p, const Value* in, Value* out) const;
  // Whether p leaves `state` as it is; `scratch` (a whole state's slots) is overwritten.
  bool fixes(const MemberPermutation& p, const Value* state, Value* scratch) const;
  // Replaces `state` by its class's representative; returns the renaming that took it
  // there. Thread-safe: scratch lives on each calling thread.
  MemberPermutation canonicalize(Value* state) const;

  // What the renaming does to one slot, for checking what properties and monitors read:
  // kFixed stays, kRenamed becomes the same slot of the renamed member, kChanged (a
  // channel of a member, a variable a hook renames) changes in other ways.
  enum class SlotRole { kFixed, kRenamed, kChanged };
  SlotRole slot_role(std::size_t slot) const { return slot_roles_[slot]; }
  // The slot a kRenamed slot becomes under p; other slots map to themselves.
  std::size_t renamed_slot(std::size_t slot, const MemberPermutation& p) const;

  // What the soundness checks read of the system.
  struct ActorInfo {
    std::string name;
    const MachineType* machine;
    std::vector<std::size_t> env_events;
    std::size_t base;
    int member;              // its index in the array, or -1
    bool local_hook;         // permute_local renames something
    std::vector<int> ports;  // per port: the member its channel joins, or -1
  };
  const std::vector<ActorInfo>& actors() const { return actors_; }
  const std::vector<std::size_t>& member_actors() const { return members_; }
  const System& system() const { return system_; }

 private:
  struct Family {  // the channels from one actor to every member, or from every member to it
    std::vector<std::size_t> links;  // by member
    const MessageCodec* codec;       // the senders' (members alike: member 0's)
    bool in_signature = true;        // its channels are part of a member's signature
    // For a codec whose hook renames: message m as member i sees it, at [i * count + m]
    // (member_signature.cpp); empty: messages name no member and are taken as they are.
    std::vector<Value> relative;
  };
  struct FixedChannel {  // a channel between two non-members whose messages name members
    std::size_t link;
    const MessageCodec* codec;
  };
  void classify_links();
  void check_ends_agree(const System::Link& link) const;
  void check_codec_hook(const MessageCodec& codec, const std::string& sender) const;
  void check_hook_composes(const MessageCodec& codec, const std::string& sender) const;
  void check_local_hook_composes(const ActorInfo& actor) const;
  void permute_channel(const Channel& from, const Channel& to, const MessageCodec& codec,
                       const MemberPermutation& p, const Value* in, Value* out) const;
  void assign_slot_roles();
  void build_relative_forms();
  // Writes member i's signature (signature_size_ values) to `out`; `scratch` is a whole
  // state's slots, overwritten.
  void signature(const Value* state, std::size_t member, Value* scratch, Value* out) const;
  void check_monitors() const;

  const System& system_;
  std::string array_;
  std::vector<ActorInfo> actors_;
  std::vector<std::size_t> members_;  // actor indices, by member
  std::size_t local_size_ = 0;
  bool member_hook_ = false;
  std::vector<std::size_t> hooked_non_members_;
  std::vector<Family> families_;
  std::vector<FixedChannel> fixed_channels_;
  std::vector<MemberPermutation> generators_;
  std::vector<SlotRole> slot_roles_;
  std::size_t signature_size_ = 0;
};

}  // namespace synack::checker
