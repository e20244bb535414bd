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
#include <cppconn/statement.h>

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/common/db/bytes.h"
#include "services/common/db/prepared.h"
#include "services/common/sensitive_groups.h"
#include "services/events/mysql_feed_sql.h"
#include "services/events/mysql_stores.h"

namespace jobmatch::events {
namespace {

struct Gap {
  int64_t lo, hi;         // inclusive id range not yet seen
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
  for (const Gap& g : gaps)
    absl::StrAppend(&out, out.empty() ? "" : ",", g.lo, ":", g.hi, ":", g.first_seen_us);
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

// Every outbox id up to the result has been relayed (or given up as a
// rolled-back insert): the id before the lowest gap, else `high`.
int64_t Watermark(int64_t high, const std::vector<Gap>& gaps) {
  int64_t w = high;
  for (const Gap& g : gaps) w = std::min(w, g.lo - 1);
  return w;
}

// The feed never carries LOW_INCOME or DISABLED (events.proto), whatever a
// source wrote: they are dropped before anything is stored, and the sealed
// copy for statistics goes to profile_facts alone (ApplyProfileChanges).
void StripSensitiveGroups(v1::Event* e) {
  e->clear_sealed_sensitive_groups();
  auto* groups = e->mutable_key_groups();
  groups->erase(
      std::remove_if(groups->begin(), groups->end(), [](int g) { return IsSensitiveGroup(g); }),
      groups->end());
}

void ReadRows(sql::PreparedStatement& st, std::map<int64_t, std::string>* rows) {
  std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
  while (rs->next()) (*rows)[rs->getInt64(1)] = db::ReadBytes(*rs, 2);
}

// What the postings schema says about a post now.
struct PostRow {
  uint32_t target_mask = 0;
  std::vector<std::string> campaigns;
  int openings = 0;
};

// What the events schema has recorded about a post: its facts row and its
// current contribution to the aggregates (campaign -> groups, openings).
struct PostState {
  bool known = false;
  std::string campaign;
  bool published = false;
  std::map<std::string, std::pair<uint32_t, int>> counted;
};

// Published posts count from the moment they leave DRAFT (or, for posts that
// wait for review, once approved), and keep counting when filled, expired or
// closed; a draft or unapproved post that is closed never counts, and a
// rejected one counts only if it had been published (a take-down).
bool Published(const v1::Event& e, bool before) {
  switch (e.change().post_state()) {
    case v1::POST_STATE_DRAFT:
    case v1::POST_STATE_PENDING_REVIEW:
      return false;
    case v1::POST_STATE_CLOSED:
    case v1::POST_STATE_REJECTED:
      return before;
    case v1::POST_STATE_UNSPECIFIED:
      return e.change().change_type() == v1::CHANGE_TYPE_REMOVED ? before : true;
    default:
      return true;
  }
}

// Campaigns and target groups come from the post's stored proto, which the
// postings service rewrites on every change (whatever columns it keeps beside
// it); openings from the authoritative column.
std::map<std::string, PostRow> ReadPosts(sql::Statement& st, const std::string& postings,
                                         const std::set<std::string>& ids) {
  std::map<std::string, PostRow> out;
  std::unique_ptr<sql::ResultSet> rs(
      st.executeQuery(absl::StrCat("SELECT post_id, proto, openings FROM `", postings,
                                   "`.posts WHERE post_id IN (", internal::HexList(ids), ")")));
  while (rs->next()) {
    PostRow& row = out[rs->getString(1)];
    v1::Post post;
    if (!rs->isNull(2)) post.ParseFromString(db::ReadBytes(*rs, 2));
    for (int g : post.target_groups()) {
      if (g > 0 && g < 32) row.target_mask |= 1u << g;
    }
    row.campaigns.assign(post.campaign_ids().begin(), post.campaign_ids().end());
    row.openings = rs->getInt(3);
  }
  return out;
}

std::map<std::string, PostState> ReadPostStates(sql::Statement& st,
                                                const std::set<std::string>& ids) {
  std::map<std::string, PostState> out;
  const std::string in = internal::HexList(ids);
  std::unique_ptr<sql::ResultSet> rs(st.executeQuery(absl::StrCat(
      "SELECT post_id, campaign_id, published FROM post_facts WHERE post_id IN (", in, ")")));
  while (rs->next()) {
    PostState& p = out[rs->getString(1)];
    p.known = true;
    p.campaign = rs->getString(2);
    p.published = rs->getInt(3) != 0;
  }
  rs.reset(st.executeQuery(absl::StrCat(
      "SELECT post_id, campaign_id, group_mask, openings FROM post_counts WHERE post_id IN (", in,
      ")")));
  while (rs->next()) {
    out[rs->getString(1)].counted[rs->getString(2)] = {static_cast<uint32_t>(rs->getUInt(3)),
                                                       rs->getInt(4)};
  }
  return out;
}

// Keeps post_facts, post_counts and the posts and openings aggregates in step
// with the post change events about to enter the feed. A post's campaigns,
// target groups and openings are read from the postings schema (the event
// carries ids only); its old contribution is taken out and the new one put
// in, so updates and closes move exactly what changed.
void ApplyPostChanges(sql::Connection& conn, const std::string& postings,
                      const std::vector<v1::Event*>& events, internal::StatsDelta* stats) {
  std::set<std::string> ids;
  for (const v1::Event* e : events) {
    if (e->kind() == v1::EVENT_KIND_POST_CHANGED && !e->post_id().empty()) ids.insert(e->post_id());
  }
  if (ids.empty()) return;
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  const std::map<std::string, PostRow> rows = ReadPosts(*st, postings, ids);
  std::map<std::string, PostState> states = ReadPostStates(*st, ids);
  std::map<std::string, std::string> regions;
  for (const v1::Event* e : events) {
    if (e->kind() != v1::EVENT_KIND_POST_CHANGED || e->post_id().empty()) continue;
    PostState& state = states[e->post_id()];
    auto row = rows.find(e->post_id());
    // Without a postings row (not expected outside tests), the event's own
    // campaign and groups stand in.
    const PostRow fallback{internal::GroupMask(*e),
                           e->campaign_id().empty() ? std::vector<std::string>{}
                                                    : std::vector<std::string>{e->campaign_id()},
                           0};
    PostRow now = row != rows.end() ? row->second : fallback;
    if (!e->campaign_id().empty() && std::find(now.campaigns.begin(), now.campaigns.end(),
                                               e->campaign_id()) == now.campaigns.end()) {
      now.campaigns.push_back(e->campaign_id());
    }

    for (const auto& [campaign, counted] : state.counted) {
      stats->Add(campaign, counted.first, internal::StatsDelta::kPosts, -1);
      stats->Add(campaign, counted.first, internal::StatsDelta::kOpenings, -counted.second);
    }
    state.counted.clear();
    state.published = Published(*e, state.published);
    if (state.published) {
      for (const std::string& campaign : now.campaigns) {
        stats->Add(campaign, now.target_mask, internal::StatsDelta::kPosts, 1);
        stats->Add(campaign, now.target_mask, internal::StatsDelta::kOpenings, now.openings);
        state.counted[campaign] = {now.target_mask, now.openings};
      }
    }
    if (!e->campaign_id().empty()) {
      state.campaign = e->campaign_id();
    } else if (!now.campaigns.empty()) {
      state.campaign = now.campaigns.front();
    }
    state.known = true;
    regions[e->post_id()] = e->region_code();
  }

  // Write the final state of every post touched: facts, then counts.
  std::string facts =
      "INSERT INTO post_facts (post_id, campaign_id, region_code, group_mask, openings, "
      "published) VALUES ";
  std::string counts =
      "INSERT INTO post_counts (post_id, campaign_id, group_mask, openings) VALUES ";
  bool any_count = false;
  bool first = true;
  for (const auto& [id, state] : states) {
    auto row = rows.find(id);
    const uint32_t mask = row != rows.end() ? row->second.target_mask : 0;
    const int openings = row != rows.end() ? row->second.openings : 0;
    absl::StrAppend(&facts, first ? "(" : ",(", internal::Hex(id), ",",
                    internal::Hex(state.campaign), ",", internal::Hex(regions[id]), ",", mask, ",",
                    openings, ",", state.published ? 1 : 0, ")");
    first = false;
    for (const auto& [campaign, counted] : state.counted) {
      absl::StrAppend(&counts, any_count ? ",(" : "(", internal::Hex(id), ",",
                      internal::Hex(campaign), ",", counted.first, ",", counted.second, ")");
      any_count = true;
    }
  }
  absl::StrAppend(&facts,
                  " ON DUPLICATE KEY UPDATE campaign_id = VALUES(campaign_id), "
                  "region_code = VALUES(region_code), group_mask = VALUES(group_mask), "
                  "openings = VALUES(openings), published = VALUES(published)");
  st->executeUpdate(facts);
  st->executeUpdate(
      absl::StrCat("DELETE FROM post_counts WHERE post_id IN (", internal::HexList(ids), ")"));
  if (any_count) st->executeUpdate(counts);
}

// Keeps profile_facts in step with profile change events; `sealed[i]` is
// events[i]'s sealed sensitive groups as its source wrote them ("" for none).
void ApplyProfileChanges(sql::Connection& conn, const std::vector<v1::Event*>& events,
                         const std::vector<std::string>& sealed) {
  for (size_t i = 0; i < events.size(); ++i) {
    const v1::Event* e = events[i];
    if (e->kind() != v1::EVENT_KIND_PROFILE_CHANGED || e->profile_id().empty()) continue;
    sql::PreparedStatement* up = nullptr;
    if (e->change().change_type() == v1::CHANGE_TYPE_REMOVED) {
      // Erased: nothing personal is kept; the aggregates already hold the counts.
      up = db::Prepared(conn, "DELETE FROM profile_facts WHERE profile_id = ?");
      up->setString(1, e->profile_id());
    } else {
      up = db::Prepared(
          conn,
          "INSERT INTO profile_facts (profile_id, region_code, group_mask, sensitive_ct) "
          "VALUES (?,?,?,?) ON DUPLICATE KEY UPDATE region_code = VALUES(region_code), "
          "group_mask = VALUES(group_mask), sensitive_ct = VALUES(sensitive_ct)");
      up->setString(1, e->profile_id());
      up->setString(2, e->region_code());
      up->setUInt(3, internal::GroupMask(*e));
      db::BindBytes(*up, 4, sealed[i]);
    }
    up->executeUpdate();
  }
}

}  // namespace

absl::StatusOr<int> MysqlRelayStore::RelayOnce(const std::string& source, int limit,
                                               absl::Duration gap_grace) {
  int relayed = 0;
  int64_t relayed_up_to = 0;
  const std::string outbox = absl::StrCat("`", source, "`.outbox");
  absl::Status s = db_.InTransaction([&](sql::Connection& conn) -> absl::Status {
    relayed = 0;
    const int64_t now_us = absl::ToUnixMicros(absl::Now());
    {
      sql::PreparedStatement* init = db::Prepared(
          conn, "INSERT IGNORE INTO relay_positions (source, high_id, gaps) VALUES (?, 0, '')");
      init->setString(1, source);
      init->executeUpdate();
    }
    // Locking the position serialises relays of one source across replicas.
    sql::PreparedStatement* pos =
        db::Prepared(conn, "SELECT high_id, gaps FROM relay_positions WHERE source = ? FOR UPDATE");
    pos->setString(1, source);
    std::unique_ptr<sql::ResultSet> prs(pos->executeQuery());
    if (!prs->next()) return absl::InternalError("relay position vanished");
    int64_t high = prs->getInt64(1);
    std::vector<Gap> gaps = ParseGaps(prs->getString(2));
    const int64_t watermark_before = Watermark(high, gaps);

    std::map<int64_t, std::string> late, fresh;
    if (!gaps.empty()) {
      std::string where;
      const size_t n = std::min(gaps.size(), kMaxGapsChecked);
      for (size_t i = 0; i < n; ++i) absl::StrAppend(&where, i ? " OR " : "", "id BETWEEN ? AND ?");
      sql::PreparedStatement* st = db::Prepared(
          conn, absl::StrCat("SELECT id, event FROM ", outbox, " WHERE ", where, " ORDER BY id"));
      for (size_t i = 0; i < n; ++i) {
        st->setInt64(2 * i + 1, gaps[i].lo);
        st->setInt64(2 * i + 2, gaps[i].hi);
      }
      ReadRows(*st, &late);
    }
    {
      sql::PreparedStatement* st = db::Prepared(
          conn,
          absl::StrCat("SELECT id, event FROM ", outbox, " WHERE id > ? ORDER BY id LIMIT ?"));
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
    std::vector<std::string> sealed;
    for (const auto* rows : {&late, &fresh}) {
      for (const auto& [id, bytes] : *rows) {
        v1::Event e;
        if (!e.ParseFromString(bytes)) {
          return absl::DataLossError(absl::StrCat(outbox, " row ", id, " does not parse"));
        }
        e.clear_cursor();
        e.clear_time();
        sealed.push_back(e.sealed_sensitive_groups());
        StripSensitiveGroups(&e);
        e.set_source_schema(source);
        e.set_source_outbox_id(id);
        e.set_source_watermark(watermark_before);
        events.push_back(std::move(e));
      }
    }
    // The batch enters the feed as a whole, so its last event may say where
    // the outbox stands once the batch is in.
    if (!events.empty()) events.back().set_source_watermark(Watermark(high, kept));
    std::vector<v1::Event*> ptrs;
    for (auto& e : events) ptrs.push_back(&e);
    internal::StatsDelta stats;
    ApplyPostChanges(conn, postings_, ptrs, &stats);
    ApplyProfileChanges(conn, ptrs, sealed);
    internal::AppendToFeed(conn, ptrs);
    stats.Write(conn);

    sql::PreparedStatement* save =
        db::Prepared(conn, "UPDATE relay_positions SET high_id = ?, gaps = ? WHERE source = ?");
    save->setInt64(1, high);
    save->setString(2, FormatGaps(kept));
    save->setString(3, source);
    save->executeUpdate();
    relayed = static_cast<int>(events.size());
    relayed_up_to = high;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  absl::MutexLock lock(&mu_);
  relayed_up_to_[source] = relayed_up_to;
  return relayed;
}

int64_t MysqlRelayStore::RelayedUpTo(const std::string& source) {
  absl::MutexLock lock(&mu_);
  auto it = relayed_up_to_.find(source);
  return it == relayed_up_to_.end() ? 0 : it->second;
}

}  // namespace jobmatch::events
