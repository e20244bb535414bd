#include "services/console/json_io.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/field_violations.h"
#include "services/common/text_checks.h"

namespace jobmatch::console {
namespace {

// Protobuf's parser says where it failed as "(path): what" for a bad value
// and "path: Cannot find field." for an unknown one; anything else (broken
// syntax, a non-object root) concerns the body as a whole.
absl::Status ParseErrorToViolation(absl::string_view message) {
  absl::string_view text = message;
  if (absl::ConsumePrefix(&text, "(")) {
    const size_t end = text.find("): ");
    if (end != absl::string_view::npos && end > 0) {
      return InvalidField(text.substr(0, end), text.substr(end + 3));
    }
  }
  const size_t colon = text.find(": Cannot find field");
  if (colon != absl::string_view::npos && colon > 0) {
    return InvalidField(text.substr(0, colon), "unknown field");
  }
  return InvalidField("body", absl::StrCat("not a JSON object of the expected form: ", message));
}

}  // namespace

absl::Status ParseJsonRequest(absl::string_view body, google::protobuf::Message* message) {
  if (absl::StripAsciiWhitespace(body).empty()) body = "{}";
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(body.data(), body.size()), message, options);
  if (!status.ok()) {
    return ParseErrorToViolation(
        absl::string_view(status.message().data(), status.message().size()));
  }
  // The services check text as well; checking here names the field before
  // anything is sent.
  FieldViolations violations;
  CheckMessageText(*message, "", violations);
  return violations.ToStatus("invalid request");
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string out;
  // Printing a valid message cannot fail.
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

std::string ErrorJson(const absl::Status& status) {
  // A Struct, so that protobuf's printer does the escaping.
  google::protobuf::Struct error;
  auto& fields = *error.mutable_fields();
  fields["code"].set_string_value(absl::StatusCodeToString(status.code()));
  fields["message"].set_string_value(std::string(status.message()));
  auto* violations = fields["field_violations"].mutable_list_value();
  const google::rpc::BadRequest bad_request = BadRequestOf(status);
  for (const auto& violation : bad_request.field_violations()) {
    auto& item = *violations->add_values()->mutable_struct_value()->mutable_fields();
    item["field"].set_string_value(violation.field());
    item["description"].set_string_value(violation.description());
  }
  google::protobuf::Struct answer;
  *(*answer.mutable_fields())["error"].mutable_struct_value() = error;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(answer, &out);
  return out;
}

int HttpStatusOf(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kFailedPrecondition:
      return 412;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

}  // namespace jobmatch::console
