// Small UTF-8 helpers for the messy text of postings files. No locale, no ICU:
// job boards mix full-width and half-width forms, and these fold them.
#ifndef JOBMATCH_CLIENTS_IMPORT_TEXT_H_
#define JOBMATCH_CLIENTS_IMPORT_TEXT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace jobmatch::import {

// True when `text` is well-formed UTF-8 (GBK files, common in China, are not).
bool IsValidUtf8(absl::string_view text);

// Number of code points in valid UTF-8 `text`.
size_t CodePointCount(absl::string_view text);

// Folds full-width ASCII (U+FF01..U+FF5E) and the ideographic space to ASCII,
// dashes (— – ― 〜) to '-' or '~', the middle dots (・ •) to '·', lowercases
// ASCII letters and trims surrounding whitespace. Inner spaces are kept.
// Expects valid UTF-8; invalid bytes are copied unchanged.
std::string Fold(absl::string_view text);

// Fold() with every whitespace character removed as well.
std::string FoldCompact(absl::string_view text);

// The first `n` code points of valid UTF-8 `text` (all of it if shorter),
// never cutting a character in two.
std::string PrefixCodePoints(absl::string_view text, size_t n);

// The code points of valid UTF-8 `text`, each as its own UTF-8 string.
std::vector<std::string> SplitCodePoints(absl::string_view text);

// Removes a leading UTF-8 byte-order mark, if any.
absl::string_view StripBom(absl::string_view text);

// 0-10 for 零〇一二两三四五六七八九十, -1 otherwise.
int ChineseDigit(absl::string_view code_point);

// A stable 64-bit FNV-1a hash, for ids that must not change between runs.
uint64_t StableHash(absl::string_view text);

}  // namespace jobmatch::import

#endif  // JOBMATCH_CLIENTS_IMPORT_TEXT_H_
