// One machine step for the engines' executors (system.cpp), through this thread's cache of
// machine steps (checker/firing_cache.hpp).
#include "checker/firing_cache.hpp"
#include "checker/system.hpp"

namespace synack::checker {

Firing System::fire(std::size_t a, bool env, Value input, const Value* local, Value* next,
                    SentMessages& sent) const {
  const Actor& actor = actors_[a];
  if (!cache_steps_) {
    Outbox out;
    const Firing firing =
        env ? actor.machine->fire_env(static_cast<std::size_t>(input), local, next, out)
            : actor.machine->fire_message(input, local, next, out);
    sent.count = out.count;
    std::copy(out.messages.begin(), out.messages.begin() + out.count, sent.messages.begin());
    return firing;
  }
  FiringCache& cache = FiringCache::of(cache_owner_, max_local_);
  const FiringCache::Key key{static_cast<std::uint32_t>(a), env, input, local, actor.local_size};
  Firing firing;
  if (cache.recall(key, firing, next, sent)) return firing;
  return cache.compute(key, *actor.machine, next, sent);
}

}  // namespace synack::checker
