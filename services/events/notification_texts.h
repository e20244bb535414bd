// What a notification says. Texts name the post and what happened, never an
// ID number, a phone or a LOW_INCOME / DISABLED status; words an employer
// wrote (a title, an interview place) have long digit runs masked, so a
// phone or ID number typed into them is not sent on.
#ifndef JOBMATCH_SERVICES_EVENTS_NOTIFICATION_TEXTS_H_
#define JOBMATCH_SERVICES_EVENTS_NOTIFICATION_TEXTS_H_

#include <string>

#include "jobmatch/v1/events.pb.h"

namespace jobmatch::events {

// `text` with every run of 7 or more digits (ASCII or full-width) replaced
// by "***".
std::string MaskDigitRuns(const std::string& text);

std::string NewPostText(const std::string& title);
std::string InterviewText(const std::string& title, const v1::InterviewInvitation& interview);
std::string HiredText(const std::string& title, const v1::Hire& hire);
// The employer's reason is not repeated: it is free text about the person.
std::string RejectedText(const std::string& title);

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_NOTIFICATION_TEXTS_H_
