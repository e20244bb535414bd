// One row of the comparison table that bench/compare.sh prints: both
// absolute figures and ours / peer, as a Markdown table row on stdout.
#ifndef JOBMATCH_BENCH_TABLE_H_
#define JOBMATCH_BENCH_TABLE_H_

#include <cstdio>
#include <string>

namespace jobmatch::bench {

// `unit` names both figures ("ms", "events/s"); the ratio is ours / peer,
// so below 1 is better for times and above 1 for rates.
inline void PrintRow(const std::string& what, const std::string& ours_name, double ours,
                     const std::string& peer_name, double peer, const std::string& unit) {
  std::printf("| %s | %s: %.3g %s | %s: %.3g %s | %.3g |\n", what.c_str(), ours_name.c_str(), ours,
              unit.c_str(), peer_name.c_str(), peer, unit.c_str(), peer > 0 ? ours / peer : 0.0);
  std::fflush(stdout);
}

}  // namespace jobmatch::bench

#endif  // JOBMATCH_BENCH_TABLE_H_
