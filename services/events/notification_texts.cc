#include "services/events/notification_texts.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/proto_time.h"

namespace jobmatch::events {
namespace {

// Length in bytes of the digit starting at `s[i]` (1 for 0-9, 3 for ０-９), or 0.
size_t DigitAt(const std::string& s, size_t i) {
  if (s[i] >= '0' && s[i] <= '9') return 1;
  // Full-width digits U+FF10..U+FF19: EF BC 90..99.
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF &&
      static_cast<unsigned char>(s[i + 1]) == 0xBC &&
      static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
      static_cast<unsigned char>(s[i + 2]) <= 0x99) {
    return 3;
  }
  return 0;
}

std::string Quoted(const std::string& title) {
  return absl::StrCat("「", title.empty() ? "岗位" : MaskDigitRuns(title), "」");
}

}  // namespace

std::string MaskDigitRuns(const std::string& text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i, digits = 0;
    while (j < text.size()) {
      const size_t n = DigitAt(text, j);
      if (n == 0) break;
      j += n;
      ++digits;
    }
    if (digits >= 7) {
      out += "***";
    } else if (digits > 0) {
      out.append(text, i, j - i);
    } else {
      out += text[j];
      j = i + 1;
    }
    i = j;
  }
  return out;
}

std::string NewPostText(const std::string& title) {
  return absl::StrCat("有新岗位符合您的求职意向：", Quoted(title), "。打开App查看详情并申请。");
}

std::string InterviewText(const std::string& title, const v1::InterviewInvitation& interview) {
  std::string text = absl::StrCat(Quoted(title), "邀请您参加面试");
  if (interview.has_interview_time()) {
    absl::StrAppend(
        &text, "，时间：",
        absl::FormatTime("%Y-%m-%d %H:%M", FromProto(interview.interview_time()), ChinaTimeZone()));
  }
  if (!interview.place().empty()) {
    absl::StrAppend(&text, "，地点：", MaskDigitRuns(interview.place()));
  }
  return text + "。";
}

std::string HiredText(const std::string& title, const v1::Hire& hire) {
  std::string text = absl::StrCat("恭喜！您已被", Quoted(title), "录用");
  if (hire.has_start_date()) {
    absl::StrAppend(&text, "，入职日期：",
                    absl::FormatTime("%Y-%m-%d", FromProto(hire.start_date()), ChinaTimeZone()));
  }
  return text + "。";
}

std::string RejectedText(const std::string& title) {
  return absl::StrCat("很遗憾，", Quoted(title), "这次没有录用您。App里还有为您推荐的其他岗位。");
}

}  // namespace jobmatch::events
