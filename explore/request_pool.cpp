#include "explore/request_pool.hpp"

#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::explore {

RequestPool::RequestPool(std::size_t threads) {
  threads_.reserve(threads);
  for (std::size_t k = 0; k < threads; ++k) {
    try {
      threads_.emplace_back([this] { work(); });
    } catch (const std::system_error& e) {
      shutdown();
      throw InputError(fmt::format(
          "explore: cannot start the server's {} threads: the system refused thread {} ({})",
          threads, k + 1, e.what()));
    } catch (...) {  // bad_alloc: the started threads joined, not destroyed joinable
      shutdown();
      throw;
    }
  }
}

void RequestPool::enqueue(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void RequestPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_)
    if (t.joinable()) t.join();
}

void RequestPool::work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping, with nothing left to answer
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace synack::explore
