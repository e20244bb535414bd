#include "services/console/regions.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace jobmatch::console {

absl::StatusOr<std::vector<Place>> LoadPlaces(const std::string& file) {
  std::ifstream in(file);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", file));
  std::vector<Place> places;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    if (++number == 1) continue;  // header
    if (line.empty()) continue;
    // The table holds no quoted fields (deploy/refdata/derive.py writes it).
    std::vector<std::string> cells = absl::StrSplit(line, ',');
    Place place;
    if (cells.size() < 7 || !absl::SimpleAtod(cells[5], &place.lng) ||
        !absl::SimpleAtod(cells[6], &place.lat)) {
      return absl::InvalidArgumentError(absl::StrCat(file, ":", number, ": not a region row"));
    }
    place.code = cells[0];
    place.name = cells[1];
    place.parent_code = cells[3];
    place.level = cells[4];
    places.push_back(std::move(place));
  }
  return places;
}

std::string PlacesJson(const std::vector<Place>& places, absl::string_view prefix) {
  google::protobuf::Struct answer;
  auto* list = (*answer.mutable_fields())["places"].mutable_list_value();
  for (const Place& place : places) {
    if (!absl::StartsWith(place.code, prefix)) continue;
    if (place.level != "county" && place.level != "township") continue;
    auto& fields = *list->add_values()->mutable_struct_value()->mutable_fields();
    fields["code"].set_string_value(place.code);
    fields["name"].set_string_value(place.name);
    fields["parent_code"].set_string_value(place.parent_code);
    fields["level"].set_string_value(place.level);
    fields["lng"].set_number_value(place.lng);
    fields["lat"].set_number_value(place.lat);
  }
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(answer, &out);
  return out;
}

}  // namespace jobmatch::console
