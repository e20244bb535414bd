// The platform's role x method table. Every RPC of proto/jobmatch/v1 must be
// listed (policy_test checks it against the generated descriptors); an
// unlisted method is refused to everyone.
//
// Reading guide, from issue 8: jobseekers reach their own profile and
// applications; employers their own posts and candidates only through the
// matcher (masked); recruiters register and sync within their regions;
// live hosts push within their own sessions; analysts see statistics only,
// never personal data; admins (bureau staff) everything; services (other
// jobmatch services, trusted backends) what their pipelines need.
#include "services/common/auth/policy.h"

namespace jobmatch::auth {
namespace {

constexpr Role kSeeker = Role::kJobseeker;
constexpr Role kEmployer = Role::kEmployer;
constexpr Role kRecruiter = Role::kRecruiter;
constexpr Role kHost = Role::kLiveHost;
constexpr Role kAnalyst = Role::kAnalyst;
constexpr Role kAdmin = Role::kAdmin;
constexpr Role kService = Role::kService;

// Public catalogue data (posts, employers, campaigns): any signed-in role.
constexpr RoleSet kEveryone = {kSeeker, kEmployer, kRecruiter, kHost, kAnalyst, kAdmin, kService};

struct Entry {
  const char* method;
  RoleSet roles;
};

constexpr Entry kTable[] = {
    // Postings: catalogue reads for all; employers write their own posts.
    {"/jobmatch.v1.PostingsService/CreateEmployer", {kAdmin, kService}},
    {"/jobmatch.v1.PostingsService/GetEmployer", kEveryone},
    {"/jobmatch.v1.PostingsService/UpdateEmployer", {kEmployer, kAdmin}},
    {"/jobmatch.v1.PostingsService/ListEmployers", {kRecruiter, kHost, kAnalyst, kAdmin, kService}},
    {"/jobmatch.v1.PostingsService/CreateCampaign", {kAdmin}},
    {"/jobmatch.v1.PostingsService/GetCampaign", kEveryone},
    {"/jobmatch.v1.PostingsService/UpdateCampaign", {kAdmin}},
    {"/jobmatch.v1.PostingsService/ListCampaigns", kEveryone},
    {"/jobmatch.v1.PostingsService/CreatePost", {kEmployer, kAdmin, kService}},
    {"/jobmatch.v1.PostingsService/GetPost", kEveryone},
    {"/jobmatch.v1.PostingsService/UpdatePost", {kEmployer, kAdmin}},
    {"/jobmatch.v1.PostingsService/ClosePost", {kEmployer, kAdmin}},
    {"/jobmatch.v1.PostingsService/ListPosts", kEveryone},
    {"/jobmatch.v1.PostingsService/SearchPosts", kEveryone},
    {"/jobmatch.v1.PostingsService/ImportPostings", {kAdmin, kService}},
    // The intake review queue: bureau staff (recruiters in the field, admins).
    {"/jobmatch.v1.PostingsService/ListPostsForReview", {kRecruiter, kAdmin}},
    {"/jobmatch.v1.PostingsService/ReviewPostOccupation", {kRecruiter, kAdmin}},
    {"/jobmatch.v1.PostingsService/ListLearnedTitles", {kRecruiter, kAdmin}},
    // Moderation (审核): bureau staff; recruiters within their regions.
    {"/jobmatch.v1.PostingsService/ListPostsForModeration", {kRecruiter, kAdmin}},
    {"/jobmatch.v1.PostingsService/ApprovePost", {kRecruiter, kAdmin}},
    {"/jobmatch.v1.PostingsService/RejectPost", {kRecruiter, kAdmin}},

    // Profiles: personal data. Never employers, live hosts or analysts.
    {"/jobmatch.v1.ProfilesService/RegisterProfile", {kSeeker, kRecruiter, kAdmin, kService}},
    {"/jobmatch.v1.ProfilesService/GetProfile", {kSeeker, kRecruiter, kAdmin, kService}},
    {"/jobmatch.v1.ProfilesService/UpdateProfile", {kSeeker, kRecruiter, kAdmin}},
    {"/jobmatch.v1.ProfilesService/ListProfiles", {kRecruiter, kAdmin, kService}},
    {"/jobmatch.v1.ProfilesService/DeclareKeyGroup", {kSeeker, kRecruiter, kAdmin}},
    {"/jobmatch.v1.ProfilesService/ImportKeyGroups", {kAdmin, kService}},
    {"/jobmatch.v1.ProfilesService/RecordConsent", {kSeeker, kRecruiter, kAdmin}},
    {"/jobmatch.v1.ProfilesService/EraseProfile", {kSeeker, kAdmin}},
    {"/jobmatch.v1.ProfilesService/RevealSensitiveData", {kSeeker, kRecruiter, kAdmin}},
    {"/jobmatch.v1.ProfilesService/SyncFieldRecords", {kRecruiter, kAdmin}},

    // Events: each actor records what they do; the raw feed is for services.
    {"/jobmatch.v1.EventsService/RecordView", {kSeeker, kAdmin, kService}},
    // Bulk views from app backends and live-stream hosts (their viewers).
    {"/jobmatch.v1.EventsService/RecordViews", {kSeeker, kHost, kAdmin, kService}},
    {"/jobmatch.v1.EventsService/SubmitApplication", {kSeeker, kRecruiter, kAdmin, kService}},
    {"/jobmatch.v1.EventsService/InviteInterview", {kEmployer, kRecruiter, kAdmin}},
    {"/jobmatch.v1.EventsService/RecordHire", {kEmployer, kRecruiter, kAdmin}},
    {"/jobmatch.v1.EventsService/RecordRejection", {kEmployer, kAdmin}},
    {"/jobmatch.v1.EventsService/PushLivePost", {kHost, kAdmin}},
    {"/jobmatch.v1.EventsService/RecordFairCheckIn", {kSeeker, kRecruiter, kAdmin, kService}},
    {"/jobmatch.v1.EventsService/RecordFieldVisit", {kRecruiter, kAdmin}},
    {"/jobmatch.v1.EventsService/Subscribe", {kAdmin, kService}},
    {"/jobmatch.v1.EventsService/CampaignStats", {kAnalyst, kAdmin}},
    // The application pipeline: jobseekers follow and answer their own
    // applications; employers see and move those of their own posts.
    {"/jobmatch.v1.EventsService/ListMyApplications", {kSeeker, kRecruiter, kAdmin, kService}},
    {"/jobmatch.v1.EventsService/ListApplicants", {kEmployer, kAdmin}},
    {"/jobmatch.v1.EventsService/MarkApplicationViewed", {kEmployer, kAdmin}},
    {"/jobmatch.v1.EventsService/RespondToInvitation", {kSeeker, kAdmin}},
    {"/jobmatch.v1.EventsService/WithdrawApplication", {kSeeker, kAdmin}},
    {"/jobmatch.v1.EventsService/UndoHire", {kEmployer, kAdmin}},
    // Outcomes: the hired person reports on themself; field teams and staff
    // visit (recruiters within their regions, checked by the service).
    {"/jobmatch.v1.EventsService/RecordFollowUp", {kSeeker, kRecruiter, kAdmin}},
    {"/jobmatch.v1.EventsService/RecordSeparation", {kSeeker, kRecruiter, kAdmin}},
    {"/jobmatch.v1.EventsService/ListDueFollowUps", {kRecruiter, kAdmin}},

    // Matcher: seekers get posts; employers get masked candidates.
    {"/jobmatch.v1.MatcherService/RecommendPosts", {kSeeker, kRecruiter, kAdmin, kService}},
    {"/jobmatch.v1.MatcherService/RecommendSeekers", {kEmployer, kRecruiter, kAdmin}},
    {"/jobmatch.v1.MatcherService/ExplainMatch", {kSeeker, kEmployer, kRecruiter, kAdmin}},
    {"/jobmatch.v1.MatcherService/WatchMatches", {kSeeker, kAdmin, kService}},
    {"/jobmatch.v1.MatcherService/PlanCampaign", {kAdmin, kService}},
    // The notifier's wishers; the 救助找人 worklist (recruiters: own regions).
    {"/jobmatch.v1.MatcherWorkService/ListWishers", {kAdmin, kService}},
    {"/jobmatch.v1.MatcherWorkService/Worklist", {kRecruiter, kAdmin, kService}},
    // Live hosts' audience counts (their own sessions; no person in them).
    {"/jobmatch.v1.MatcherWorkService/LiveAudience", {kHost, kAdmin, kService}},
    // Notifications: a person's own; the delivery log for the bureau.
    {"/jobmatch.v1.NotificationService/ListMyNotifications", {kSeeker, kAdmin, kService}},
    {"/jobmatch.v1.NotificationService/ListNotifications", {kAdmin, kService}},
};

}  // namespace

const AccessPolicy& AccessPolicy::Default() {
  static const AccessPolicy* const policy = [] {
    absl::flat_hash_map<std::string, RoleSet> table;
    for (const Entry& e : kTable) table.emplace(e.method, e.roles);
    return new AccessPolicy(std::move(table));
  }();
  return *policy;
}

}  // namespace jobmatch::auth
