// One row of a postings file (cells already sorted into columns) -> one
// jobmatch.v1.Post ready for ImportPostings, or the reasons it cannot be.
#ifndef JOBMATCH_CLIENTS_IMPORT_NORMALISE_H_
#define JOBMATCH_CLIENTS_IMPORT_NORMALISE_H_

#include <array>
#include <string>
#include <vector>

#include "clients/import/columns.h"
#include "clients/import/reference.h"
#include "jobmatch/v1/postings.pb.h"

namespace jobmatch::import {

struct NormaliseOptions {
  // Openings for "不限", "若干" or an empty headcount. 5: a fair's "several"
  // is rarely one, and an overstated count only widens matching, while 1
  // would have the planner stop after one hire.
  int unspecified_openings = 5;
  // Region text or code for rows without one (a fair held in one county).
  std::string default_region;
  // Rows may leave the employer empty (the caller gives one for them all).
  bool employer_optional = false;
  // The external id is always the hash of the row's content, even when the
  // file has an id column: rows are then keyed by what they say, so a
  // renamed or re-exported file finds its posts again.
  bool key_by_content = false;
};

struct RawRow {
  int line = 0;                                 // 1-based line in the file where the row starts
  std::array<std::string, kColumnCount> cells;  // indexed by Column; "" if absent
  const std::string& cell(Column c) const { return cells[static_cast<int>(c)]; }
};

// Why a row cannot be used. `field` is the Post field path ("salary",
// "requirements.min_education", "region_code") or "employer_name".
struct RowIssue {
  std::string field;
  std::string value;   // the source's own text
  std::string reason;  // plain words
};

// The contract's limit on a post's description, in characters.
inline constexpr int kMaxDescriptionChars = 5000;

struct ImportedPost {
  int line = 0;
  // What was changed to make the row fit, each saying so ("description":
  // cut at 5000 characters). The post is still sent.
  std::vector<RowIssue> warnings;
  // The employer as the file names it, and its unified social credit code
  // when the file gives one; Post.employer_id is left empty for the caller,
  // who finds (or registers) employers by them.
  std::string employer_name;
  std::string employer_credit_code;
  jobmatch::v1::Post post;
};

// Fills `out` from `row` and returns no issues, or returns every issue found
// (then `out` is unspecified). Rules:
//  - title: required, 1-100 characters; employer: required.
//  - salary: ParseSalary; an empty salary is negotiable (boards leave it
//    blank exactly when they would write 面议). An "N薪" adds BONUS. At most
//    100 characters (kept as original_text).
//  - description: over 5,000 characters is cut there (on a character
//    boundary) with a warning.
//  - salary: words after the amount ("包吃住") add the benefits they name.
//  - region: Reference::RegionForText, else options.default_region; required,
//    and a county, township or village (a city alone is refused, as by the
//    contract). A place outside the platform's area is refused with its full
//    name ("outside the platform's area: 江苏省南京市建邺区").
//  - occupation: the file's code if given (must be a detailed code; coding
//    method "given", confidence 1), else Reference::ClassifyTitle(title,
//    description) with its confidence, method and needs_review in
//    occupation_coding: a title is never refused for its occupation.
//  - education, experience (应届 adds target group GRADUATE), headcount,
//    benefits, age: the parsers of fields.h.
//  - external_id: the file's (up to 100 characters), else (or always, with
//    options.key_by_content) "row-" and a stable hash of the row's content
//    without its id, so re-importing the same rows is idempotent whatever the
//    file is called (an edited row keyed so then becomes a new post).
std::vector<RowIssue> NormaliseRow(const RawRow& row, const Reference& reference,
                                   const NormaliseOptions& options, ImportedPost* out);

// The stable key of a row's content (every known column but the line), used
// for duplicate detection and derived external ids.
std::string RowContentKey(const RawRow& row, bool include_external_id);

}  // namespace jobmatch::import

#endif  // JOBMATCH_CLIENTS_IMPORT_NORMALISE_H_
