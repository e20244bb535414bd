#include "services/profiles/mysql_rows.h"

#include <iterator>

#include "services/common/db/bytes.h"
#include "services/common/status_macros.h"

namespace jobmatch::profiles {

SealContext SensitiveAt(absl::string_view profile_id) {
  return {"profiles", "sensitive_ct", profile_id};
}

SealContext PendingMembershipAt(absl::string_view id_hash) {
  return {"pending_key_groups", "membership_ct", id_hash};
}

SealedRow Seal(const v1::Profile& profile, const DataProtector& protector) {
  SealedRow row;
  v1::Profile bare = profile;
  bare.clear_sensitive();
  row.proto = bare.SerializeAsString();
  if (!profile.erased()) {
    if (!profile.sensitive().id_number().empty()) {
      row.id_hash = protector.KeyedHash(profile.sensitive().id_number());
    }
    row.sensitive_ct =
        protector.Seal(profile.sensitive().SerializeAsString(), SensitiveAt(profile.profile_id()));
  }
  return row;
}

absl::StatusOr<v1::Profile> Unseal(sql::ResultSet& rs, const DataProtector& protector) {
  v1::Profile profile;
  if (!profile.ParseFromString(db::ReadBytes(rs, "proto"))) {
    return absl::InternalError("stored profile does not parse");
  }
  const std::string profile_id = rs.getString("profile_id");
  // The stored proto is not sealed; one moved into another row is caught here.
  if (profile.profile_id() != profile_id) {
    return absl::DataLossError("stored profile " + profile_id + " holds another profile's data");
  }
  if (!rs.isNull("sensitive_ct")) {
    JM_ASSIGN_OR_RETURN(std::string clear,
                        protector.Open(db::ReadBytes(rs, "sensitive_ct"), SensitiveAt(profile_id)));
    if (!profile.mutable_sensitive()->ParseFromString(clear)) {
      return absl::InternalError("stored sensitive data does not parse");
    }
  }
  return profile;
}

}  // namespace jobmatch::profiles
