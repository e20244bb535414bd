// Records as a recruiter in 醴陵 captures them, for the field client's tests.
#ifndef JOBMATCH_CLIENTS_FIELD_FIELD_TEST_RECORDS_H_
#define JOBMATCH_CLIENTS_FIELD_FIELD_TEST_RECORDS_H_

#include <string>

#include "jobmatch/v1/profiles.pb.h"
#include "services/profiles/testing/ids.h"

namespace jobmatch::field::testing {

// The registration of person `n` (0 ≤ n < 30,000): a distinct valid ID number each.
inline v1::FieldRecord Registration(int n) {
  v1::FieldRecord rec;
  rec.set_recruiter_id("rc1");
  v1::Profile* p = rec.mutable_registration();
  p->set_name("村民" + std::to_string(n));
  p->mutable_sensitive()->set_id_number(profiles::testing::MakeId(
      "430281", 1966 + n % 30, 1 + n / 30 % 12, 1 + n / 360 % 28, 100 + n / 10080));
  p->set_residence_region_code("430281001001");
  p->set_hukou_region_code("430281");
  p->set_education(v1::EDUCATION_JUNIOR_HIGH);
  p->add_wanted_occupation_codes("4-10-01-06");
  return rec;
}

// A household visit in the test village.
inline v1::FieldRecord Visit(const std::string& notes) {
  v1::FieldRecord rec;
  rec.set_recruiter_id("rc1");
  v1::VisitNote* v = rec.mutable_visit();
  v->set_region_code("430281001001");
  v->add_wanted_occupation_codes("6-18-02-04");
  v->set_notes(notes);
  return rec;
}

}  // namespace jobmatch::field::testing

#endif  // JOBMATCH_CLIENTS_FIELD_FIELD_TEST_RECORDS_H_
