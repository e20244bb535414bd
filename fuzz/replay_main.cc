// A stand-in for libFuzzer's main in the ordinary (gcc) build: feeds every
// file named on the command line, or found directly in a named folder, to
// LLVMFuzzerTestOneInput once. ctest runs each target over its corpus with it,
// so every build replays the inputs the fuzzers found worth keeping.
#include <dirent.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::string> Inputs(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return {};
  if (!S_ISDIR(st.st_mode)) return {path};
  std::vector<std::string> files;
  if (DIR* dir = ::opendir(path.c_str())) {
    while (const dirent* e = ::readdir(dir)) {
      const std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      files.push_back(path + "/" + name);
    }
    ::closedir(dir);
  }
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::vector<std::string> files = Inputs(argv[i]);
    if (files.empty()) {
      std::fprintf(stderr, "%s: no inputs at %s\n", argv[0], argv[i]);
      return 1;
    }
    for (const std::string& file : files) {
      std::printf("%s\n", file.c_str());
      std::fflush(stdout);  // the last name printed is the input that crashed
      std::ifstream in(file, std::ios::binary);
      const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
  }
  std::printf("%s: replayed %zu inputs\n", argv[0], replayed);
  return replayed > 0 ? 0 : 1;
}
