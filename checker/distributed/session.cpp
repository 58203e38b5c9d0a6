#include "checker/distributed/session.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>

#include <fmt/format.h>

#include "checker/distributed/comm.hpp"
#include "checker/distributed/distributed_bfs.hpp"
#include "checker/distributed/swarm_peers.hpp"
#include "checker/errors.hpp"
#include "checker/program_name.hpp"

namespace synack::checker::distributed {

using Clock = std::chrono::steady_clock;

struct Session::Impl {
  Clock::time_point start = Clock::now();
  MPI_Comm comm = MPI_COMM_NULL;
  std::unique_ptr<Comm> c;
};

Session::Session() : impl_(std::make_unique<Impl>()) {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (initialized || finalized)
    throw InputError(
        "--distributed: one distributed check per process, and MPI was started already");
  // The workers of other engines may run threads; only this thread calls MPI.
  int provided = 0;
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
    throw InputError("--distributed: MPI did not start (MPI_Init_thread failed)");
  // A communicator of its own, so that nothing else on MPI_COMM_WORLD meets its messages.
  MPI_Comm_dup(MPI_COMM_WORLD, &impl_->comm);
  impl_->c = std::make_unique<Comm>(impl_->comm);
}

Session::~Session() {
  impl_->c.reset();
  if (impl_->comm != MPI_COMM_NULL) MPI_Comm_free(&impl_->comm);
  MPI_Finalize();
}

int Session::rank() const {
  return impl_->c->rank();
}
int Session::size() const {
  return impl_->c->size();
}

std::optional<std::string> Session::agree(const std::string& failure) {
  agreed_ = true;
  const Comm& c = *impl_->c;
  Words first{static_cast<std::uint64_t>(failure.empty() ? c.size() : c.rank())};
  c.min(first);
  if (first[0] == static_cast<std::uint64_t>(c.size())) return std::nullopt;
  const int root = static_cast<int>(first[0]);
  Words text;
  if (c.rank() == root) text = words_of(failure);
  c.broadcast(text, root);
  return fmt::format("rank {}: {}", root, text_of(text.data(), text.size()));
}

int Session::finish(int code) {
  const Comm& c = *impl_->c;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  // Per rank: bytes sent, peak memory (KB), and the share of its time spent in MPI, in
  // thousandths.
  const double alive = std::chrono::duration<double>(Clock::now() - impl_->start).count();
  const auto in_mpi = static_cast<std::uint64_t>(1000 * c.seconds_in_mpi() / std::max(alive, 1e-9));
  const Words all =
      c.all_gather({c.bytes_sent(), static_cast<std::uint64_t>(usage.ru_maxrss), in_mpi});
  std::uint64_t sent = 0, peak_min = ~std::uint64_t{0}, peak_max = 0;
  std::uint64_t mpi_min = ~std::uint64_t{0}, mpi_max = 0;
  for (std::size_t r = 0; r < all.size(); r += 3) {
    sent += all[r];
    peak_min = std::min(peak_min, all[r + 1]);
    peak_max = std::max(peak_max, all[r + 1]);
    mpi_min = std::min(mpi_min, all[r + 2]);
    mpi_max = std::max(mpi_max, all[r + 2]);
  }
  const auto mb = [](std::uint64_t kb) { return kb >> 10; };
  const std::string peak = mb(peak_min) == mb(peak_max)
                               ? fmt::format("{} MB", mb(peak_max))
                               : fmt::format("{} to {} MB", mb(peak_min), mb(peak_max));
  if (states_ > 0)
    summary_ = fmt::format(
        "distributed: {} rank{}, {} states, {:.1f} MB exchanged ({:.1f} bytes per state, {:.1f} "
        "per transition), peak memory per rank {}, time in MPI per rank {}%",
        c.size(), c.size() == 1 ? "" : "s", states_, static_cast<double>(sent) / 1e6,
        static_cast<double>(sent) / static_cast<double>(states_),
        transitions_ ? static_cast<double>(sent) / static_cast<double>(transitions_) : 0.0, peak,
        mpi_min / 10 == mpi_max / 10 ? fmt::format("{}", mpi_max / 10)
                                     : fmt::format("{} to {}", mpi_min / 10, mpi_max / 10));
  Words words{static_cast<std::uint64_t>(code)};
  c.broadcast(words, 0);
  return static_cast<int>(words[0]);
}

template <class Search>
auto Session::collectively(Search&& search) -> decltype(search()) {
  if (!agreed_)
    if (std::optional<std::string> failure = agree("")) throw InputError(*failure);
  try {
    return search();
  } catch (const InputError&) {
    throw;  // every rank throws it alike: a bad property, a machine leaving its range
  } catch (const InternalError&) {
    throw;  // likewise: a trace that does not replay
  } catch (const std::bad_alloc&) {
    // Only this rank knows; the others wait in a collective. MPI_Abort ends them all, so
    // rank 0 never writes a partial output.
    std::fprintf(stderr, "%s: rank %d: out of memory; lower --max-memory (each rank's)\n",
                 program_name().c_str(), rank());
    MPI_Abort(impl_->comm, 3);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: rank %d: internal error: %s\n", program_name().c_str(), rank(),
                 e.what());
    MPI_Abort(impl_->comm, 4);
  }
  std::abort();  // MPI_Abort does not return
}

std::vector<Result> Session::check(const Model& model, const std::vector<PropertySpec>& properties,
                                   const Limits& limits, ExplorationStats* stats,
                                   const ProgressFn& progress) {
  return collectively([&] {
    std::vector<Result> results =
        check_distributed(*impl_->c, model, properties, limits, stats, progress);
    if (stats) {
      states_ += stats->states;
      transitions_ += stats->transitions;
    }
    return results;
  });
}

SwarmReport Session::swarm(const Model& model, const std::vector<PropertySpec>& properties,
                           SwarmOptions options) {
  return collectively([&] {
    Words seed{options.seed};
    impl_->c->broadcast(seed, 0);
    options.seed = seed[0];
    MpiSwarmPeers peers(*impl_->c);
    options.peers = &peers;
    return run_swarm(model, properties, options);
  });
}

}  // namespace synack::checker::distributed
