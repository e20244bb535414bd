// MysqlRelayStore: outbox rows of another schema become feed events exactly
// once, including rows whose transaction commits after later ids were relayed.
//
// Outbox ids are AUTO_INCREMENT values, handed out when a row is inserted,
// not when its transaction commits, so id 7 may become visible after id 8.
// The position of a source is therefore not just the highest id relayed: it
// is that id plus the ids below it that were not visible when it was passed
// over ("gaps"). Each call looks for the gaps again; a gap is dropped only
// after the grace period (a rolled back insert leaves one forever). The
// position is written in the same transaction as the feed rows.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/events/mysql_feed_sql.h"
#include "services/events/mysql_stores.h"

namespace jobmatch::events {
namespace {

struct Gap {
  int64_t lo, hi;        // inclusive id range not yet seen
  int64_t first_seen_us;  // when it was first passed over
};
constexpr size_t kMaxGapsChecked = 100;

std::vector<Gap> ParseGaps(const std::string& text) {
  std::vector<Gap> out;
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    std::vector<absl::string_view> parts = absl::StrSplit(item, ':');
    Gap g;
    if (parts.size() == 3 && absl::SimpleAtoi(parts[0], &g.lo) &&
        absl::SimpleAtoi(parts[1], &g.hi) && absl::SimpleAtoi(parts[2], &g.first_seen_us)) {
      out.push_back(g);
    }
  }
  return out;
}

std::string FormatGaps(const std::vector<Gap>& gaps) {
  std::string out;
  for (const Gap& g : gaps) absl::StrAppend(&out, out.empty() ? "" : ",", g.lo, ":", g.hi, ":", g.first_seen_us);
  return out;
}

// Removes the ids in `found` from `gaps`, splitting ranges as needed.
std::vector<Gap> Without(const std::vector<Gap>& gaps, const std::set<int64_t>& found) {
  std::vector<Gap> out;
  for (const Gap& g : gaps) {
    int64_t lo = g.lo;
    for (auto it = found.lower_bound(g.lo); it != found.end() && *it <= g.hi; ++it) {
      if (*it > lo) out.push_back({lo, *it - 1, g.first_seen_us});
      lo = *it + 1;
    }
    if (lo <= g.hi) out.push_back({lo, g.hi, g.first_seen_us});
  }
  return out;
}

// The feed never carries LOW_INCOME or DISABLED (events.proto), whatever a
// source wrote: they are dropped before anything is stored.
void StripSensitiveGroups(v1::Event* e) {
  auto* groups = e->mutable_key_groups();
  groups->erase(std::remove_if(groups->begin(), groups->end(),
                               [](int g) {
                                 return g == v1::KEY_GROUP_LOW_INCOME ||
                                        g == v1::KEY_GROUP_DISABLED;
                               }),
                groups->end());
}

void ReadRows(sql::PreparedStatement& st, std::map<int64_t, std::string>* rows) {
  std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
  while (rs->next()) (*rows)[rs->getInt64(1)] = internal::ReadBlob(*rs, 2);
}

// Keeps post_facts / profile_facts and the posts and openings aggregates in
// step with the change events about to enter the feed.
void ApplyChanges(sql::Connection& conn, const std::string& postings,
                  const std::vector<v1::Event*>& events, internal::StatsDelta* stats) {
  std::set<std::string> post_ids;
  for (const v1::Event* e : events) {
    if (e->kind() == v1::EVENT_KIND_POST_CHANGED && !e->post_id().empty()) post_ids.insert(e->post_id());
  }
  std::map<std::string, std::pair<std::string, int>> known;  // post -> (campaign, openings)
  std::map<std::string, int> openings;
  if (!post_ids.empty()) {
    std::unique_ptr<sql::PreparedStatement> st(conn.prepareStatement(absl::StrCat(
        "SELECT post_id, campaign_id, openings FROM post_facts WHERE post_id IN (",
        internal::Marks(post_ids.size()), ")")));
    std::unique_ptr<sql::PreparedStatement> cur(conn.prepareStatement(absl::StrCat(
        "SELECT post_id, openings FROM `", postings, "`.posts WHERE post_id IN (",
        internal::Marks(post_ids.size()), ")")));
    int i = 0;
    for (const auto& id : post_ids) {
      ++i;
      st->setString(i, id);
      cur->setString(i, id);
    }
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    while (rs->next()) known[rs->getString(1)] = {rs->getString(2), rs->getInt(3)};
    std::unique_ptr<sql::ResultSet> rc(cur->executeQuery());
    while (rc->next()) openings[rc->getString(1)] = rc->getInt(2);
  }
  for (const v1::Event* e : events) {
    if (e->kind() == v1::EVENT_KIND_POST_CHANGED && !e->post_id().empty()) {
      const int now_openings = openings.count(e->post_id()) ? openings[e->post_id()] : 0;
      auto it = known.find(e->post_id());
      const std::string campaign =
          !e->campaign_id().empty() || it == known.end() ? e->campaign_id() : it->second.first;
      const uint32_t mask = internal::GroupMask(*e);
      if (it == known.end() || it->second.first != campaign) {
        stats->Add(campaign, mask, internal::StatsDelta::kPosts, 1);
        stats->Add(campaign, mask, internal::StatsDelta::kOpenings, now_openings);
      } else {
        stats->Add(campaign, mask, internal::StatsDelta::kOpenings, now_openings - it->second.second);
      }
      known[e->post_id()] = {campaign, now_openings};
      std::unique_ptr<sql::PreparedStatement> up(conn.prepareStatement(
          "INSERT INTO post_facts (post_id, campaign_id, region_code, group_mask, openings) "
          "VALUES (?,?,?,?,?) ON DUPLICATE KEY UPDATE campaign_id = VALUES(campaign_id), "
          "region_code = VALUES(region_code), group_mask = VALUES(group_mask), "
          "openings = VALUES(openings)"));
      up->setString(1, e->post_id());
      up->setString(2, campaign);
      up->setString(3, e->region_code());
      up->setUInt(4, mask);
      up->setInt(5, now_openings);
      up->executeUpdate();
    } else if (e->kind() == v1::EVENT_KIND_PROFILE_CHANGED && !e->profile_id().empty()) {
      std::unique_ptr<sql::PreparedStatement> up;
      if (e->change().change_type() == v1::CHANGE_TYPE_REMOVED) {
        // Erased: nothing personal is kept; the aggregates already hold the counts.
        up.reset(conn.prepareStatement("DELETE FROM profile_facts WHERE profile_id = ?"));
        up->setString(1, e->profile_id());
      } else {
        up.reset(conn.prepareStatement(
            "INSERT INTO profile_facts (profile_id, region_code, group_mask) VALUES (?,?,?) "
            "ON DUPLICATE KEY UPDATE region_code = VALUES(region_code), "
            "group_mask = VALUES(group_mask)"));
        up->setString(1, e->profile_id());
        up->setString(2, e->region_code());
        up->setUInt(3, internal::GroupMask(*e));
      }
      up->executeUpdate();
    }
  }
}

}  // namespace

absl::StatusOr<int> MysqlRelayStore::RelayOnce(const std::string& source, int limit,
                                               absl::Duration gap_grace) {
  int relayed = 0;
  const std::string outbox = absl::StrCat("`", source, "`.outbox");
  absl::Status s = db_.InTransaction([&](sql::Connection& conn) -> absl::Status {
    relayed = 0;
    const int64_t now_us = absl::ToUnixMicros(absl::Now());
    {
      std::unique_ptr<sql::PreparedStatement> init(conn.prepareStatement(
          "INSERT IGNORE INTO relay_positions (source, high_id, gaps) VALUES (?, 0, '')"));
      init->setString(1, source);
      init->executeUpdate();
    }
    // Locking the position serialises relays of one source across replicas.
    std::unique_ptr<sql::PreparedStatement> pos(conn.prepareStatement(
        "SELECT high_id, gaps FROM relay_positions WHERE source = ? FOR UPDATE"));
    pos->setString(1, source);
    std::unique_ptr<sql::ResultSet> prs(pos->executeQuery());
    if (!prs->next()) return absl::InternalError("relay position vanished");
    int64_t high = prs->getInt64(1);
    std::vector<Gap> gaps = ParseGaps(prs->getString(2));

    std::map<int64_t, std::string> late, fresh;
    if (!gaps.empty()) {
      std::string where;
      const size_t n = std::min(gaps.size(), kMaxGapsChecked);
      for (size_t i = 0; i < n; ++i) absl::StrAppend(&where, i ? " OR " : "", "id BETWEEN ? AND ?");
      std::unique_ptr<sql::PreparedStatement> st(conn.prepareStatement(
          absl::StrCat("SELECT id, event FROM ", outbox, " WHERE ", where, " ORDER BY id")));
      for (size_t i = 0; i < n; ++i) {
        st->setInt64(2 * i + 1, gaps[i].lo);
        st->setInt64(2 * i + 2, gaps[i].hi);
      }
      ReadRows(*st, &late);
    }
    {
      std::unique_ptr<sql::PreparedStatement> st(conn.prepareStatement(absl::StrCat(
          "SELECT id, event FROM ", outbox, " WHERE id > ? ORDER BY id LIMIT ?")));
      st->setInt64(1, high);
      st->setInt(2, limit);
      ReadRows(*st, &fresh);
    }
    std::set<int64_t> found;
    for (const auto& [id, bytes] : late) found.insert(id);
    gaps = Without(gaps, found);
    for (const auto& [id, bytes] : fresh) {
      if (id > high + 1) gaps.push_back({high + 1, id - 1, now_us});
      high = id;
    }
    std::vector<Gap> kept;
    for (const Gap& g : gaps) {
      if (now_us - g.first_seen_us <= absl::ToInt64Microseconds(gap_grace)) kept.push_back(g);
    }

    std::vector<v1::Event> events;
    events.reserve(late.size() + fresh.size());
    for (const auto* rows : {&late, &fresh}) {
      for (const auto& [id, bytes] : *rows) {
        v1::Event e;
        if (!e.ParseFromString(bytes)) {
          return absl::DataLossError(absl::StrCat(outbox, " row ", id, " does not parse"));
        }
        e.clear_cursor();
        e.clear_time();
        StripSensitiveGroups(&e);
        events.push_back(std::move(e));
      }
    }
    std::vector<v1::Event*> ptrs;
    for (auto& e : events) ptrs.push_back(&e);
    internal::StatsDelta stats;
    ApplyChanges(conn, postings_, ptrs, &stats);
    internal::AppendToFeed(conn, ptrs);
    stats.Write(conn);

    std::unique_ptr<sql::PreparedStatement> save(conn.prepareStatement(
        "UPDATE relay_positions SET high_id = ?, gaps = ? WHERE source = ?"));
    save->setInt64(1, high);
    save->setString(2, FormatGaps(kept));
    save->setString(3, source);
    save->executeUpdate();
    relayed = static_cast<int>(events.size());
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return relayed;
}

}  // namespace jobmatch::events
