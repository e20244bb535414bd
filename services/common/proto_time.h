// Conversions between protobuf time types and absl time.
#ifndef JOBMATCH_SERVICES_COMMON_PROTO_TIME_H_
#define JOBMATCH_SERVICES_COMMON_PROTO_TIME_H_

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "jobmatch/v1/common.pb.h"

namespace jobmatch {

// China Standard Time (UTC+8, no daylight saving), the zone of every civil date here.
inline absl::TimeZone ChinaTimeZone() { return absl::FixedTimeZone(8 * 3600); }

inline absl::Time FromProto(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

inline google::protobuf::Timestamp ToProto(absl::Time t) {
  google::protobuf::Timestamp ts;
  const int64_t ns = absl::ToUnixNanos(t);
  ts.set_seconds(ns / 1000000000);
  ts.set_nanos(static_cast<int32_t>(ns % 1000000000));
  if (ts.nanos() < 0) {
    ts.set_seconds(ts.seconds() - 1);
    ts.set_nanos(ts.nanos() + 1000000000);
  }
  return ts;
}

inline absl::CivilDay FromProto(const v1::Date& d) {
  return absl::CivilDay(d.year(), d.month(), d.day());
}

inline v1::Date ToProto(absl::CivilDay day) {
  v1::Date d;
  d.set_year(static_cast<int32_t>(day.year()));
  d.set_month(day.month());
  d.set_day(day.day());
  return d;
}

// True when `d` names a real calendar day (CivilDay would silently normalise it).
inline bool IsValidDate(const v1::Date& d) {
  if (d.year() < 1900 || d.year() > 2200 || d.month() < 1 || d.month() > 12 || d.day() < 1) {
    return false;
  }
  const absl::CivilDay day(d.year(), d.month(), d.day());
  return day.month() == d.month() && day.day() == d.day();
}

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_PROTO_TIME_H_
