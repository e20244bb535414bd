// ProfileStore on MariaDB/MySQL (deploy/migrations/profiles). Clear ID
// numbers, phones and the sensitive statuses are sealed with the
// DataProtector before any statement sees them.
#ifndef JOBMATCH_SERVICES_PROFILES_MYSQL_PROFILE_STORE_H_
#define JOBMATCH_SERVICES_PROFILES_MYSQL_PROFILE_STORE_H_

#include "services/common/crypto/data_protector.h"
#include "services/common/db/database.h"
#include "services/profiles/profile_store.h"

namespace jobmatch::profiles {

class MySqlProfileStore final : public ProfileStore {
 public:
  // `db` must outlive the store.
  MySqlProfileStore(db::Database* db, DataProtector protector)
      : db_(db), protector_(std::move(protector)) {}

  absl::Status InTransaction(const std::function<absl::Status(ProfileTransaction&)>& body) override;
  absl::StatusOr<v1::Profile> Get(const std::string& profile_id) override;
  absl::StatusOr<std::vector<ListedProfile>> List(const ListQuery& query) override;
  absl::Status Ping() override { return db_->Ping(); }
  const std::string& OutboxSchema() const override { return db_->config().schema; }
  absl::StatusOr<int64_t> OutboxHead() override;

 private:
  db::Database* db_;
  const DataProtector protector_;
};

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_MYSQL_PROFILE_STORE_H_
