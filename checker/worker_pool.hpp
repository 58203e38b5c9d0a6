// A fixed set of threads that run one batch of independent tasks at a time.
//
// The engines expand a range of states in parallel and then commit the results on one
// thread in a fixed order, so what they report never depends on how tasks were shared
// out. The pool only has to hand out task numbers and wait for the batch to finish. The
// calling thread works too: a pool of one thread runs everything inline.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace synack::checker {

// The one line a run gets when the system will not start a thread it asked for (a limit
// on processes or memory): an InputError (exit 2) naming how many it asked for and how
// many started, never a hang or std::terminate.
[[noreturn]] void refuse_threads(unsigned asked, unsigned started, const std::system_error& e);

class WorkerPool {
 public:
  // `threads` counts the caller; 0 means 1. Throws refuse_threads' InputError, with the
  // helpers already started stopped and joined, when the system refuses one.
  explicit WorkerPool(unsigned threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned size() const { return static_cast<unsigned>(helpers_.size()) + 1; }

  // Calls task(t, worker) for every t in [0, tasks), each exactly once, worker in
  // [0, size()); returns when all have returned. `task` must not throw: a task's failure
  // belongs in its own output, where the caller can report it in order.
  void run(std::size_t tasks, const std::function<void(std::size_t, unsigned)>& task);

  // The same batch, while the caller first does `own` work of its own (the engines'
  // commit of the previous round) and then joins in. `own` returning false means the
  // tasks are no longer wanted: those not yet started are skipped. What `own` throws is
  // rethrown once every task started has returned. A pool of one thread runs `own`
  // first, then the tasks.
  void run_alongside(std::size_t tasks, const std::function<void(std::size_t, unsigned)>& task,
                     const std::function<bool()>& own);

  // Calls task(t) for every t in [0, tasks), each exactly once, on the caller and on every
  // helper free to take part, and returns when all have returned: the store's table
  // rebuilt on every core while the commit waits for it. Only from the thread that owns
  // the pool, outside run() or inside run_alongside's `own`: helpers busy with that batch
  // join between two of its tasks, idle ones at once. If a task throws, the tasks not yet
  // handed out are skipped and help() rethrows the first exception once the others return.
  void help(std::size_t tasks, const std::function<void(std::size_t)>& task);

 private:
  void start(std::size_t tasks, const std::function<void(std::size_t, unsigned)>& task);
  void stop_helpers();
  void wait_for_helpers();
  void helper_loop(unsigned worker);
  void work(unsigned worker);
  // A helper takes part in the batch help() posted, if it still has tasks to hand out.
  void join_side_batch();
  void work_side();

  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::uint64_t generation_ = 0;  // one per batch; helpers wait for it to change
  unsigned busy_ = 0;             // helpers still inside the current batch
  bool stopping_ = false;
  const std::function<void(std::size_t, unsigned)>* task_ = nullptr;
  std::size_t tasks_ = 0;
  std::atomic<std::size_t> next_{0};
  // The batch help() posted, beside the one above.
  std::atomic<bool> side_posted_{false};
  const std::function<void(std::size_t)>* side_task_ = nullptr;
  std::size_t side_tasks_ = 0;
  std::atomic<std::size_t> side_next_{0};
  unsigned side_busy_ = 0;         // helpers inside it
  std::exception_ptr side_error_;  // the first exception one of its tasks threw
};

}  // namespace synack::checker
