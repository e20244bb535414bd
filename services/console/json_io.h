// Protobuf JSON at the console's edge: request bodies read strictly (unknown
// fields and wrong types refused, naming the field) and answers written with
// the .proto field names and every figure present, zeros included, so a page
// never mistakes a missing number for a zero.
#ifndef JOBMATCH_SERVICES_CONSOLE_JSON_IO_H_
#define JOBMATCH_SERVICES_CONSOLE_JSON_IO_H_

#include <google/protobuf/message.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jobmatch::console {

// Fills `message` from the JSON object `body` (an empty body is an empty
// object). INVALID_ARGUMENT with a field violation naming the offending field
// ("campaign_id", "extra_reserves[0].group"), or "body" when the text is not
// a JSON object at all.
absl::Status ParseJsonRequest(absl::string_view body, google::protobuf::Message* message);

// `message` as JSON with .proto field names and default values printed.
std::string ToJson(const google::protobuf::Message& message);

// The error answer every API call gives: {"error": {"code", "message",
// "field_violations": [{"field", "description"}]}}.
std::string ErrorJson(const absl::Status& status);

// The HTTP status for an error: 400, 401, 403, 404, 409, 412, 429, 503, 504, else 500.
int HttpStatusOf(const absl::Status& status);

}  // namespace jobmatch::console

#endif  // JOBMATCH_SERVICES_CONSOLE_JSON_IO_H_
