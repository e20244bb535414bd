#include "services/profiles/mysql_rows.h"

#include <iterator>

#include "services/common/status_macros.h"

namespace jobmatch::profiles {

void Blobs::Bind(sql::PreparedStatement& st, int index, std::string bytes) {
  streams_.push_back(std::make_unique<std::istringstream>(std::move(bytes)));
  st.setBlob(index, streams_.back().get());
}

std::string ReadBlob(sql::ResultSet& rs, const char* column) {
  std::unique_ptr<std::istream> in(rs.getBlob(column));
  if (!in) return "";
  return std::string(std::istreambuf_iterator<char>(*in), std::istreambuf_iterator<char>());
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
    row.sensitive_ct = protector.Encrypt(profile.sensitive().SerializeAsString());
  }
  return row;
}

absl::StatusOr<v1::Profile> Unseal(sql::ResultSet& rs, const DataProtector& protector) {
  v1::Profile profile;
  if (!profile.ParseFromString(ReadBlob(rs, "proto"))) {
    return absl::InternalError("stored profile does not parse");
  }
  if (!rs.isNull("sensitive_ct")) {
    JM_ASSIGN_OR_RETURN(std::string clear, protector.Decrypt(ReadBlob(rs, "sensitive_ct")));
    if (!profile.mutable_sensitive()->ParseFromString(clear)) {
      return absl::InternalError("stored sensitive data does not parse");
    }
  }
  return profile;
}

}  // namespace jobmatch::profiles
