#!/usr/bin/env python3
"""Writes N jobseekers (default 100,000; the I-th of them from FIRST on, FIRST
default 0) as JSON lines of jobmatch.v1.Profile to stdout, for
`jobctl profiles create --file`: valid, distinct national ID numbers (born
1966-2004 in one of Zhuzhou's counties, so a mix of ages and the 4050 group),
distinct phones, the counties' towns as residence and registered home,
education levels and wanted occupations of the demo's kinds.
"""
import datetime
import json
import sys

COUNTIES = ["430202", "430203", "430204", "430211", "430212", "430223", "430224", "430225",
            "430281"]
EDUCATION = ["EDUCATION_JUNIOR_HIGH", "EDUCATION_SENIOR_HIGH", "EDUCATION_JUNIOR_COLLEGE",
             "EDUCATION_BACHELOR", "EDUCATION_PRIMARY"]
WANTS = ["6-18-02-04", "4-10-01-06", "4-02-06-01", "6-05-01-01", "6-18-01-01", "5-05-01-01",
         "6-20-01-01", "6-22-02-01"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
BORN_FROM = datetime.date(1966, 1, 1)
DAYS = 14000  # to 2004


def id_number(i):
    # (birth day, sequence) differ for every i below DAYS * 1000.
    born = BORN_FROM + datetime.timedelta(days=i % DAYS)
    body = f"{COUNTIES[i % len(COUNTIES)]}{born:%Y%m%d}{i // DAYS % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    out = sys.stdout
    for i in range(first, first + rows):
        home = COUNTIES[(i // 7) % len(COUNTIES)]
        out.write(json.dumps({
            "name": SURNAMES[i % 20] + GIVEN[(i // 20) % 22] + GIVEN[(i // 440) % 22],
            "sensitive": {"id_number": id_number(i), "phone": f"13{i:09d}"},
            "residence_region_code": COUNTIES[i % len(COUNTIES)],
            "hukou_region_code": home,
            "education": EDUCATION[i % len(EDUCATION)],
            "wanted_occupation_codes": [WANTS[i % 8], WANTS[(i + 1 + (i // 8) % 7) % 8]],
        }, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
