#include "checker/worker_pool.hpp"

#include <exception>
#include <utility>

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::checker {

void refuse_threads(unsigned asked, unsigned started, const std::system_error& e) {
  throw InputError(fmt::format(
      "cannot start {} threads: the system refused thread {} ({}); ask for fewer with --threads",
      asked, started + 1, e.code().message()));
}

WorkerPool::WorkerPool(unsigned threads) {
  try {
    for (unsigned w = 1; w < threads; ++w) helpers_.emplace_back([this, w] { helper_loop(w); });
  } catch (const std::system_error& e) {
    // The destructor does not run for a constructor that throws: the helpers started wait
    // on wake_, which would be destroyed under them, and a joinable thread destroyed
    // ends the process.
    const auto started = static_cast<unsigned>(helpers_.size()) + 1;
    stop_helpers();
    refuse_threads(threads, started, e);
  } catch (...) {  // out of memory adding one: the same clean-up, then exit 3 as such
    stop_helpers();
    throw;
  }
}

WorkerPool::~WorkerPool() {
  stop_helpers();
}

void WorkerPool::stop_helpers() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : helpers_) t.join();
  helpers_.clear();
}

void WorkerPool::work(unsigned worker) {
  for (std::size_t t = next_.fetch_add(1, std::memory_order_relaxed); t < tasks_;
       t = next_.fetch_add(1, std::memory_order_relaxed)) {
    // Only helpers look: the caller posts side batches itself, and works on them then.
    if (worker != 0 && side_posted_.load(std::memory_order_relaxed)) join_side_batch();
    (*task_)(t, worker);
  }
}

// A task that throws (the store's rebuild can run out of memory) stops the handing out;
// the first exception is kept for help() to rethrow once no thread is inside the batch.
void WorkerPool::work_side() {
  for (std::size_t t = side_next_.fetch_add(1, std::memory_order_relaxed); t < side_tasks_;
       t = side_next_.fetch_add(1, std::memory_order_relaxed)) {
    try {
      (*side_task_)(t);
    } catch (...) {
      side_next_.store(side_tasks_, std::memory_order_relaxed);
      std::lock_guard lock(mutex_);
      if (!side_error_) side_error_ = std::current_exception();
    }
  }
}

void WorkerPool::join_side_batch() {
  {
    std::lock_guard lock(mutex_);
    if (!side_posted_.load(std::memory_order_relaxed) ||
        side_next_.load(std::memory_order_relaxed) >= side_tasks_)
      return;
    ++side_busy_;
  }
  work_side();
  std::lock_guard lock(mutex_);
  if (--side_busy_ == 0) done_.notify_all();
}

void WorkerPool::helper_loop(unsigned worker) {
  std::uint64_t seen = 0;
  for (;;) {
    bool side = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] {
        side = side_posted_.load(std::memory_order_relaxed) &&
               side_next_.load(std::memory_order_relaxed) < side_tasks_;
        return stopping_ || generation_ != seen || side;
      });
      if (stopping_) return;
      if (!side) seen = generation_;
    }
    if (side) {
      join_side_batch();
      continue;
    }
    work(worker);
    std::lock_guard lock(mutex_);
    if (--busy_ == 0) done_.notify_all();
  }
}

void WorkerPool::help(std::size_t tasks, const std::function<void(std::size_t)>& task) {
  if (helpers_.empty() || tasks <= 1) {
    for (std::size_t t = 0; t < tasks; ++t) task(t);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    side_task_ = &task;
    side_tasks_ = tasks;
    side_next_.store(0, std::memory_order_relaxed);
    side_posted_.store(true, std::memory_order_relaxed);
  }
  wake_.notify_all();
  work_side();
  // Every task is handed out; those a helper took are done once no helper is inside.
  std::unique_lock lock(mutex_);
  side_posted_.store(false, std::memory_order_relaxed);
  done_.wait(lock, [&] { return side_busy_ == 0; });
  side_task_ = nullptr;
  side_tasks_ = 0;
  if (std::exception_ptr error = std::exchange(side_error_, nullptr)) std::rethrow_exception(error);
}

void WorkerPool::start(std::size_t tasks, const std::function<void(std::size_t, unsigned)>& task) {
  {
    std::lock_guard lock(mutex_);
    task_ = &task;
    tasks_ = tasks;
    next_.store(0, std::memory_order_relaxed);
    busy_ = static_cast<unsigned>(helpers_.size());
    ++generation_;
  }
  wake_.notify_all();
}

void WorkerPool::wait_for_helpers() {
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return busy_ == 0; });
}

void WorkerPool::run(std::size_t tasks, const std::function<void(std::size_t, unsigned)>& task) {
  if (helpers_.empty() || tasks <= 1) {
    for (std::size_t t = 0; t < tasks; ++t) task(t, 0);
    return;
  }
  start(tasks, task);
  work(0);
  wait_for_helpers();
}

void WorkerPool::run_alongside(std::size_t tasks,
                               const std::function<void(std::size_t, unsigned)>& task,
                               const std::function<bool()>& own) {
  if (helpers_.empty() || tasks == 0) {
    if (own())
      for (std::size_t t = 0; t < tasks; ++t) task(t, 0);
    return;
  }
  start(tasks, task);
  std::exception_ptr error;
  bool wanted = false;
  try {
    wanted = own();
  } catch (...) {
    error = std::current_exception();
  }
  // Tasks already handed out finish; the rest are skipped (every later fetch_add
  // returns a number past the batch).
  if (wanted)
    work(0);
  else
    next_.store(tasks, std::memory_order_relaxed);
  wait_for_helpers();
  if (error) std::rethrow_exception(error);
}

}  // namespace synack::checker
