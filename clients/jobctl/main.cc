// jobctl: the jobmatch command line. `jobctl --help` lists the commands.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "clients/jobctl/session.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  jobmatch::jobctl::Output output{&std::cout, &std::cerr, isatty(STDERR_FILENO) == 1};
  return jobmatch::jobctl::RunJobctl(args, output);
}
