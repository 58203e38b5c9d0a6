// A checkpoint's stored states: copied out of a store, and inserted back into one.
#pragma once
#include <string>
#include <vector>

#include "checker/checkpoint.hpp"
#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/state_store.hpp"

namespace synack::checker {

// Every stored state (data.words words each, in index order) and its parent, into `data`.
void save_store(const StateStore& store, CheckpointData& data);

// A slot's bits can hold more than its range: a state read from a checkpoint with such a
// value is no state of the model, and expanding it would be blamed on the user's machine
// or counted as reachable; and a word's bits past its last slot would make the same state
// a second one. The check keeps its scratch, so that resuming hundreds of millions of
// states allocates nothing per state.
class PackedStateCheck {
 public:
  explicit PackedStateCheck(const Layout& layout);
  // The line naming `where`, the state's `index` and the slot or word at fault, else "".
  std::string fault(const std::uint64_t* packed, std::size_t index, const std::string& where);

 private:
  const Layout& layout_;
  std::vector<Value> values_;
  std::vector<std::uint64_t> repacked_;
};

// data's states inserted again in index order, so indices, table growth and traces are
// those of the run that wrote them. InputError naming `where` when a slot of a state is
// outside its range in `layout`, a parent comes after its child or a state is there twice,
// or the search's position is none a breadth-first search stands at (search_position_fault).
void restore_store(const CheckpointData& data, const Layout& layout, StateStore& store,
                   const std::string& where);

// The model a checkpoint was written by must be this one: its identity names the scenario,
// its parameters and the files read, not the machines' code (a user's machine edited and
// built again). So the successors of a sample of the parents it counts as expanded (the
// first and the last `sample` before `next_parent`) must all be in `store`; InputError
// naming `where`, the parent and the step otherwise.
void check_restored_successors(const Model& model, const StateStore& store,
                               std::uint32_t next_parent, const std::string& where,
                               std::uint32_t sample = 512);

// The question a checkpoint answers: the caller's identity (scenario, parameters) and
// what the engine sees of the model and the properties.
std::string checkpoint_identity(const std::string& caller, const Model& model,
                                const std::vector<const PropertySpec*>& specs);

}  // namespace synack::checker
