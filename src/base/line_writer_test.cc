// Scenarios for BufferedLineWriter: nothing lost or torn under concurrent writers, order kept
// per thread, Flush and destruction write everything.
#include "base/line_writer.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace jirga {
namespace {

TEST(BufferedLineWriter, ConcurrentLinesAllArriveWholeAndInOrderPerThread) {
  std::ostringstream out;
  constexpr int kThreads = 8, kLines = 5000;
  {
    // A tiny buffer bound forces many intermediate batches while the threads write.
    BufferedLineWriter writer(out, std::chrono::milliseconds(1), 256);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&writer, t] {
        for (int i = 0; i < kLines; ++i) {
          writer.Write("t" + std::to_string(t) + " " + std::to_string(i));
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  std::istringstream in(out.str());
  std::map<int, int> next;  // thread -> next expected line number
  std::string line;
  int total = 0;
  while (std::getline(in, line)) {
    ASSERT_EQ(line[0], 't') << line;
    size_t space = line.find(' ');
    ASSERT_NE(space, std::string::npos) << line;
    int t = std::stoi(line.substr(1, space - 1));
    int i = std::stoi(line.substr(space + 1));
    ASSERT_EQ(i, next[t]) << "thread " << t << " out of order or lost a line";
    next[t] = i + 1;
    ++total;
  }
  EXPECT_EQ(total, kThreads * kLines);
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], kLines);
}

TEST(BufferedLineWriter, FlushWritesWhatIsQueuedBeforeTheIntervalEnds) {
  std::ostringstream out;
  BufferedLineWriter writer(out, std::chrono::hours(1));
  writer.Write("first");
  writer.Write("second");
  writer.Flush();
  EXPECT_EQ(out.str(), "first\nsecond\n");
  writer.Write("third");
  writer.Flush();
  EXPECT_EQ(out.str(), "first\nsecond\nthird\n");
}

TEST(BufferedLineWriter, DestructionWritesTheRest) {
  std::ostringstream out;
  {
    BufferedLineWriter writer(out, std::chrono::hours(1));
    writer.Write("{\"status\":201}");
  }
  EXPECT_EQ(out.str(), "{\"status\":201}\n");
}

}  // namespace
}  // namespace jirga
