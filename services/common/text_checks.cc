#include "services/common/text_checks.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"
#include "services/common/utf8.h"

namespace jobmatch {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsBidiControl(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

bool IsMultiLineField(absl::string_view name) {
  return name == "description" || name == "notes" || name == "reason";
}

std::string Indexed(const std::string& path, int i) { return absl::StrCat(path, "[", i, "]"); }

void Walk(const Message& m, const std::string& prefix, FieldViolations& v);

void CheckValue(const Message& m, const FieldDescriptor* f, int index, const std::string& path,
                FieldViolations& v) {
  const Reflection* r = m.GetReflection();
  if (f->type() == FieldDescriptor::TYPE_STRING) {
    std::string scratch;
    const std::string& s = index < 0 ? r->GetStringReference(m, f, &scratch)
                                     : r->GetRepeatedStringReference(m, f, index, &scratch);
    CheckText(s, path, v, IsMultiLineField(f->name()) ? TextKind::kMultiLine : TextKind::kLine);
  } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    const Message& sub = index < 0 ? r->GetMessage(m, f) : r->GetRepeatedMessage(m, f, index);
    Walk(sub, path, v);
  }
}

void Walk(const Message& m, const std::string& prefix, FieldViolations& v) {
  if (m.GetDescriptor() == v1::GeoPoint::descriptor()) {
    // Generated type: the reflection and the concrete class agree.
    v1::GeoPoint point;
    point.CopyFrom(m);
    CheckGeoPoint(point, prefix, v);
    return;
  }
  std::vector<const FieldDescriptor*> fields;
  m.GetReflection()->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    const std::string path = prefix.empty() ? f->name() : absl::StrCat(prefix, ".", f->name());
    if (f->is_map()) continue;  // no request carries maps
    if (f->is_repeated()) {
      const int n = m.GetReflection()->FieldSize(m, f);
      for (int i = 0; i < n; ++i) CheckValue(m, f, i, Indexed(path, i), v);
    } else {
      CheckValue(m, f, -1, path, v);
    }
  }
}

}  // namespace

std::string TextProblem(absl::string_view text, TextKind kind) {
  size_t i = 0;
  while (i < text.size()) {
    char32_t c = 0;
    if (!NextCodePoint(text, &i, &c)) return "must be valid UTF-8";
    const bool line_break_or_tab = c == '\n' || c == '\r' || c == '\t';
    if ((c < 0x20 || (c >= 0x7F && c <= 0x9F)) &&
        !(kind == TextKind::kMultiLine && line_break_or_tab)) {
      return absl::StrFormat("must not contain control character U+%04X", c);
    }
    if (IsBidiControl(c)) {
      return absl::StrFormat("must not contain bidirectional formatting character U+%04X", c);
    }
  }
  return "";
}

void CheckText(absl::string_view text, const std::string& path, FieldViolations& v, TextKind kind) {
  std::string problem = TextProblem(text, kind);
  if (!problem.empty()) v.Add(path, problem);
}

void CheckGeoPoint(const v1::GeoPoint& point, const std::string& path, FieldViolations& v) {
  // Written so that NaN fails: every comparison with NaN is false.
  if (!(std::isfinite(point.lng()) && point.lng() >= -180 && point.lng() <= 180)) {
    v.Add(path + ".lng", "must be a finite longitude within -180..180");
  }
  if (!(std::isfinite(point.lat()) && point.lat() >= -90 && point.lat() <= 90)) {
    v.Add(path + ".lat", "must be a finite latitude within -90..90");
  }
}

void CheckMessageText(const google::protobuf::Message& message, const std::string& prefix,
                      FieldViolations& v) {
  Walk(message, prefix, v);
}

}  // namespace jobmatch
