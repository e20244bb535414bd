// jobmatch-forms-eval: how well the importer reads region text and the
// education, experience, headcount and salary forms, on a labelled corpus.
//   build/clients/import/jobmatch-forms-eval --corpus_dir=tests/intake/corpus --split=heldout
// Prints accuracy per kind and for regions (exact label, right county,
// outside recognised); --show_misses lists the rows it got wrong (use it on
// dev only). Exits 1 when a share falls under --min_accuracy.
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "clients/import/forms_eval.h"

ABSL_FLAG(std::string, corpus_dir, "tests/intake/corpus", "folder with regions.csv and forms.csv");
ABSL_FLAG(std::string, split, "heldout", "dev, heldout or all");
ABSL_FLAG(double, min_accuracy, 0.0,
          "fail (exit 1) when any form kind's accuracy, the regions' exact or county accuracy, "
          "or the share of outside places recognised is below this");
ABSL_FLAG(bool, show_misses, false, "list the rows read wrong (never tune on heldout)");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const auto eval =
      jobmatch::import::EvaluateCorpus(absl::GetFlag(FLAGS_corpus_dir), absl::GetFlag(FLAGS_split),
                                       jobmatch::refdata::DefaultRegions());
  if (!eval.ok()) {
    std::fprintf(stderr, "jobmatch-forms-eval: %s\n", eval.status().ToString().c_str());
    return 2;
  }
  const double bar = absl::GetFlag(FLAGS_min_accuracy);
  bool below = false;
  std::printf("split: %s\n| measure | right | rows | accuracy |\n|---|---:|---:|---:|\n",
              absl::GetFlag(FLAGS_split).c_str());
  const auto line = [&](const std::string& name, const jobmatch::import::Score& s) {
    std::printf("| %s | %d | %d | %.1f%% |\n", name.c_str(), s.right, s.total, 100 * s.Share());
    below = below || s.Share() < bar;
  };
  for (const auto& [kind, score] : eval->forms) line(kind, score);
  line("region: exact", eval->region_exact);
  line("region: right county", eval->region_county);
  line("region: outside recognised", eval->region_outside);
  std::printf("region: inside (or unknown) called outside: %d\n", eval->region_false_outside);
  if (absl::GetFlag(FLAGS_show_misses)) {
    for (const auto& m : eval->misses) {
      std::printf("%s\t%s\texpected %s\tgot %s\n", m.kind.c_str(), m.text.c_str(),
                  m.expected.c_str(), m.got.c_str());
    }
  }
  if (below) {
    std::printf("FAILED: a share is below %.1f%%\n", 100 * bar);
    return 1;
  }
  return 0;
}
