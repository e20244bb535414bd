// The one check of untrusted text and coordinates that every service applies
// to its requests. Text reaches logs, feeds, CSV exports, tablets and the
// screens of staff: a control character can forge a log line or a CSV row,
// and a bidirectional override can make "430281" read as "182034" or hide
// part of a name. A coordinate that is NaN, infinite or off the globe breaks
// the index's grid arithmetic. Both are refused at the door.
#ifndef JOBMATCH_SERVICES_COMMON_TEXT_CHECKS_H_
#define JOBMATCH_SERVICES_COMMON_TEXT_CHECKS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "jobmatch/v1/common.pb.h"
#include "services/common/field_violations.h"

namespace jobmatch {

enum class TextKind {
  kLine,       // names, titles, ids, codes: no control characters at all
  kMultiLine,  // descriptions, notes, reasons: also line feed, carriage return and tab
};

// Why `text` may not be stored, or "" when it may: invalid UTF-8, a C0 or C1
// control character or DEL (line breaks and tabs allowed in kMultiLine), or a
// bidirectional formatting character (U+061C, U+200E/F, U+202A-U+202E,
// U+2066-U+2069).
std::string TextProblem(absl::string_view text, TextKind kind = TextKind::kLine);

// Adds a violation at `path` when TextProblem(text, kind) is not "".
void CheckText(absl::string_view text, const std::string& path, FieldViolations& v,
               TextKind kind = TextKind::kLine);

// Adds violations at `path`.lng / `path`.lat unless both are finite and on
// the globe (lng -180..180, lat -90..90).
void CheckGeoPoint(const v1::GeoPoint& point, const std::string& path, FieldViolations& v);

// Applies CheckText to every string field set anywhere inside `message` and
// CheckGeoPoint to every GeoPoint in it, at paths like "views[3].view.channel"
// under `prefix` (empty for the message itself). Fields named description,
// notes or reason are kMultiLine; every other string is kLine.
void CheckMessageText(const google::protobuf::Message& message, const std::string& prefix,
                      FieldViolations& v);

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_TEXT_CHECKS_H_
