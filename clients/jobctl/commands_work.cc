// The 救助找人 worklist and live audiences (matcher), and notifications (events
// service).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "clients/jobctl/commands.h"
#include "clients/jobctl/format.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "jobmatch/v1/notifications.grpc.pb.h"
#include "services/common/status_macros.h"

namespace jobmatch::jobctl {
namespace {

std::string TimeText(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixSeconds(t.seconds()),
                          absl::FixedTimeZone(8 * 3600));
}

void PrintNotifications(Session& s, const google::protobuf::RepeatedPtrField<v1::Notification>& ns,
                        const std::string& next) {
  Table t({"ID", "PROFILE", "KIND", "STATE", "ATTEMPTS", "CREATED", "TEXT"});
  for (const v1::Notification& n : ns) {
    t.AddRow({n.notification_id(), n.profile_id(),
              EnumName(v1::NotificationKind_descriptor(), "NOTIFICATION_KIND_", n.kind()),
              EnumName(v1::DeliveryState_descriptor(), "DELIVERY_STATE_", n.state()),
              absl::StrCat(n.attempts()), TimeText(n.create_time()), n.text()});
  }
  s.out() << t.Render();
  if (!next.empty()) s.out() << "next page: --page_token=" << next << "\n";
}

}  // namespace

absl::Status Worklist(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::MatcherWorkService>("matcher"));
  v1::WorklistRequest request;
  JM_ASSIGN_OR_RETURN(int days, s.inv().Int("days", 30));
  request.set_days(days);
  request.set_region_prefix(s.inv().Get("region", ""));
  if (s.inv().Has("group")) {
    JM_ASSIGN_OR_RETURN(int group, ParseEnum(v1::KeyGroup_descriptor(), "KEY_GROUP_",
                                             s.inv().Get("group"), "group"));
    request.set_key_group(static_cast<v1::KeyGroup>(group));
  }
  v1::WorklistResponse response;
  JM_RETURN_IF_ERROR(s.runner().Run(
      [&](grpc::ClientContext* context) {
        response.Clear();
        return stub->Worklist(context, request, &response);
      },
      nullptr));
  if (s.json()) {
    s.out() << ToJsonLine(response);
    return absl::OkStatus();
  }
  s.out() << response.people() << " people of the key groups with no application or placement in "
          << days << " days, in " << response.villages_size() << " villages or communities\n";
  for (const v1::WorklistVillage& v : response.villages()) {
    s.out() << "\n"
            << v.region_code() << (v.region_name().empty() ? "" : " ") << v.region_name() << ": "
            << v.people_size() << " people\n";
    Table t({"PROFILE", "NAME", "IDLE DAYS", "GROUPS", "WANTS"});
    for (const v1::WorklistPerson& p : v.people()) {
      std::vector<std::string> groups;
      for (int g : p.key_groups()) {
        groups.push_back(EnumName(v1::KeyGroup_descriptor(), "KEY_GROUP_", g));
      }
      t.AddRow({p.profile_id(), p.display_name(), absl::StrCat(p.idle_days()),
                absl::StrJoin(groups, ","), absl::StrJoin(p.wanted_occupation_codes(), ",")});
    }
    s.out() << t.Render();
  }
  return absl::OkStatus();
}

absl::Status LiveAudience(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::MatcherWorkService>("matcher"));
  v1::LiveAudienceRequest request;
  request.set_session_id(s.inv().Get("session"));
  v1::LiveAudienceResponse response;
  JM_RETURN_IF_ERROR(s.runner().Run(
      [&](grpc::ClientContext* context) {
        response.Clear();
        return stub->LiveAudience(context, request, &response);
      },
      nullptr));
  if (s.json()) {
    s.out() << ToJsonLine(response);
    return absl::OkStatus();
  }
  s.out() << "session " << request.session_id() << ": " << response.watching()
          << " viewers watching, " << response.pushes_size() << " pushes\n";
  Table t({"PUSHED", "POST", "CURSOR", "ELIGIBLE VIEWERS", "WATCHING"});
  for (const v1::LivePushAudience& p : response.pushes()) {
    t.AddRow({TimeText(p.pushed_at()), p.post_id(), absl::StrCat(p.cursor()),
              absl::StrCat(p.eligible_viewers()), absl::StrCat(p.watching())});
  }
  s.out() << t.Render();
  return absl::OkStatus();
}

absl::Status NotificationsMine(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::NotificationService>("events"));
  v1::ListMyNotificationsRequest request;
  request.set_profile_id(s.ProfileOrSelf());
  JM_ASSIGN_OR_RETURN(int size, s.inv().Int("page_size", 0));
  request.set_page_size(size);
  request.set_page_token(s.inv().Get("page_token", ""));
  v1::ListMyNotificationsResponse response;
  JM_RETURN_IF_ERROR(s.runner().Run(
      [&](grpc::ClientContext* context) {
        response.Clear();
        return stub->ListMyNotifications(context, request, &response);
      },
      nullptr));
  if (s.json()) {
    for (const v1::Notification& n : response.notifications()) s.out() << ToJsonLine(n);
    return absl::OkStatus();
  }
  PrintNotifications(s, response.notifications(), response.next_page_token());
  return absl::OkStatus();
}

absl::Status NotificationsLog(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::NotificationService>("events"));
  v1::ListNotificationsRequest request;
  request.set_profile_id(s.inv().Get("profile", ""));
  if (s.inv().Has("state")) {
    JM_ASSIGN_OR_RETURN(int state, ParseEnum(v1::DeliveryState_descriptor(), "DELIVERY_STATE_",
                                             s.inv().Get("state"), "state"));
    request.set_state(static_cast<v1::DeliveryState>(state));
  }
  JM_ASSIGN_OR_RETURN(int size, s.inv().Int("page_size", 0));
  request.set_page_size(size);
  request.set_page_token(s.inv().Get("page_token", ""));
  v1::ListNotificationsResponse response;
  JM_RETURN_IF_ERROR(s.runner().Run(
      [&](grpc::ClientContext* context) {
        response.Clear();
        return stub->ListNotifications(context, request, &response);
      },
      nullptr));
  if (s.json()) {
    for (const v1::Notification& n : response.notifications()) s.out() << ToJsonLine(n);
    return absl::OkStatus();
  }
  PrintNotifications(s, response.notifications(), response.next_page_token());
  for (const v1::Notification& n : response.notifications()) {
    for (const v1::DeliveryAttempt& a : n.attempt_log()) {
      s.out() << "  " << n.notification_id() << " attempt " << a.attempt() << " "
              << TimeText(a.time()) << (a.ok() ? " delivered" : " failed: ") << a.error() << "\n";
    }
  }
  return absl::OkStatus();
}

}  // namespace jobmatch::jobctl
