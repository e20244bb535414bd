#include "services/postings/demo/generator.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/proto_time.h"
#include "services/common/refdata/regions.h"
#include "services/postings/credit_code.h"

namespace jobmatch::postings::demo {
namespace {

// splitmix64: tiny, portable and identical everywhere (unlike std:: distributions).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Uniform(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(int percent) { return Uniform(1, 100) <= percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Next() % v.size()];
  }

 private:
  uint64_t state_;
};

struct Job {
  const char* code;
  const char* title;
  int min_pay, max_pay;  // typical monthly CNY range
  v1::Education education;
  v1::LaborBrand brand;
  const char* industry;
};

// Real detailed codes of 职业分类大典 (2022) for the jobs these fairs offer.
const std::vector<Job>& Jobs() {
  static const auto* jobs = new std::vector<Job>{
      {"6-18-02-04", "焊工", 5000, 9000, v1::EDUCATION_JUNIOR_HIGH,
       v1::LABOR_BRAND_RIVETING_WELDING, "金属结构制造"},
      {"6-18-01-11", "铆工", 5000, 8500, v1::EDUCATION_JUNIOR_HIGH,
       v1::LABOR_BRAND_RIVETING_WELDING, "金属结构制造"},
      {"6-18-01-01", "车工", 4500, 8000, v1::EDUCATION_SENIOR_HIGH, v1::LABOR_BRAND_UNSPECIFIED,
       "通用设备制造"},
      {"6-20-01-01", "装配钳工", 4500, 7500, v1::EDUCATION_SENIOR_HIGH, v1::LABOR_BRAND_UNSPECIFIED,
       "通用设备制造"},
      {"6-22-02-01", "汽车装调工", 4500, 7000, v1::EDUCATION_SENIOR_HIGH,
       v1::LABOR_BRAND_UNSPECIFIED, "汽车制造"},
      {"6-24-08-00", "轨道交通信号设备制造工", 5000, 8000, v1::EDUCATION_SENIOR_HIGH,
       v1::LABOR_BRAND_RAIL_TRANSIT, "轨道交通装备制造"},
      {"4-02-01-07", "城市轨道交通服务员", 4000, 6000, v1::EDUCATION_JUNIOR_COLLEGE,
       v1::LABOR_BRAND_RAIL_TRANSIT, "城市轨道交通"},
      {"6-05-01-03", "缝纫工", 3500, 6500, v1::EDUCATION_UNSPECIFIED, v1::LABOR_BRAND_GARMENTS,
       "服装制造"},
      {"6-05-01-01", "服装制版师", 5000, 9000, v1::EDUCATION_SENIOR_HIGH, v1::LABOR_BRAND_GARMENTS,
       "服装制造"},
      {"6-15-05-02", "陶瓷成型施釉工", 4000, 6500, v1::EDUCATION_JUNIOR_HIGH,
       v1::LABOR_BRAND_LILING_CERAMICS, "日用陶瓷制造"},
      {"6-15-05-03", "陶瓷烧成工", 4500, 7000, v1::EDUCATION_JUNIOR_HIGH,
       v1::LABOR_BRAND_LILING_CERAMICS, "日用陶瓷制造"},
      {"4-08-10-01", "陶瓷工艺师", 6000, 10000, v1::EDUCATION_JUNIOR_COLLEGE,
       v1::LABOR_BRAND_LILING_CERAMICS, "日用陶瓷制造"},
      {"4-10-01-06", "家政服务员", 3500, 6000, v1::EDUCATION_UNSPECIFIED,
       v1::LABOR_BRAND_DOMESTIC_SERVICE, "家政服务"},
      {"4-10-01-05", "养老护理员", 3500, 5500, v1::EDUCATION_JUNIOR_HIGH,
       v1::LABOR_BRAND_DOMESTIC_SERVICE, "养老服务"},
      {"4-09-08-01", "保洁员", 2800, 4000, v1::EDUCATION_UNSPECIFIED, v1::LABOR_BRAND_UNSPECIFIED,
       "物业管理"},
      {"4-07-05-01", "保安员", 3000, 4500, v1::EDUCATION_JUNIOR_HIGH, v1::LABOR_BRAND_UNSPECIFIED,
       "物业管理"},
      {"4-02-07-08", "快递员", 5000, 9000, v1::EDUCATION_UNSPECIFIED, v1::LABOR_BRAND_UNSPECIFIED,
       "快递物流"},
      {"4-02-05-01", "装卸搬运工", 4000, 6000, v1::EDUCATION_UNSPECIFIED,
       v1::LABOR_BRAND_UNSPECIFIED, "快递物流"},
      {"4-02-06-01", "仓储管理员", 4000, 6000, v1::EDUCATION_SENIOR_HIGH,
       v1::LABOR_BRAND_UNSPECIFIED, "快递物流"},
      {"4-03-02-01", "中式烹调师", 4000, 7000, v1::EDUCATION_UNSPECIFIED,
       v1::LABOR_BRAND_UNSPECIFIED, "餐饮"},
      {"4-01-02-04", "收银员", 3000, 4500, v1::EDUCATION_SENIOR_HIGH, v1::LABOR_BRAND_UNSPECIFIED,
       "零售"},
      {"4-01-06-01", "电子商务师", 4500, 8000, v1::EDUCATION_JUNIOR_COLLEGE,
       v1::LABOR_BRAND_UNSPECIFIED, "电子商务"},
      {"4-02-02-02", "货车司机", 6000, 10000, v1::EDUCATION_JUNIOR_HIGH,
       v1::LABOR_BRAND_UNSPECIFIED, "快递物流"},
      {"2-02-07-01", "机械设计工程师", 7000, 13000, v1::EDUCATION_BACHELOR,
       v1::LABOR_BRAND_UNSPECIFIED, "通用设备制造"},
      {"2-02-09-02", "电子元器件工程师", 7000, 14000, v1::EDUCATION_BACHELOR,
       v1::LABOR_BRAND_UNSPECIFIED, "电子元器件制造"},
      {"6-25-04-02", "通信终端设备制造工", 4000, 6500, v1::EDUCATION_SENIOR_HIGH,
       v1::LABOR_BRAND_UNSPECIFIED, "电子元器件制造"},
      {"4-07-03-04", "企业人力资源管理师", 5000, 9000, v1::EDUCATION_BACHELOR,
       v1::LABOR_BRAND_UNSPECIFIED, "商务服务"},
      {"5-01-02-03", "食用菌生产工", 3000, 4500, v1::EDUCATION_UNSPECIFIED,
       v1::LABOR_BRAND_UNSPECIFIED, "现代农业"},
      {"5-05-01-01", "农业技术员", 4000, 6500, v1::EDUCATION_JUNIOR_COLLEGE,
       v1::LABOR_BRAND_UNSPECIFIED, "现代农业"},
  };
  return *jobs;
}

const char* kNameWords[] = {"华联", "中车", "湘江", "神农", "金山", "长青", "恒信",
                            "宏达", "星城", "天元", "荷塘", "芦淞", "炎帝", "瓷都",
                            "湘瓷", "昭山", "莲城", "麓谷", "浏河", "韶峰"};

// Counties of 长沙 4301, 株洲 4302 and 湘潭 4303 that have townships, and each county's townships.
struct Place {
  std::string county;
  std::string county_name;
  std::vector<std::string> townships;
};

std::vector<Place> PlacesIn(const std::vector<std::string>& cities) {
  std::vector<Place> out;
  const auto& regions = refdata::DefaultRegions();
  for (const auto& city : cities) {
    for (const refdata::Region* county : regions.Children(city)) {
      Place place{county->code, county->short_name, {}};
      for (const refdata::Region* town : regions.Children(county->code))
        place.townships.push_back(town->code);
      if (!place.townships.empty()) out.push_back(std::move(place));
    }
  }
  return out;
}

const Place* PlaceOf(const std::vector<Place>& places, const std::string& county) {
  for (const auto& p : places) {
    if (p.county == county) return &p;
  }
  return nullptr;
}

const std::vector<Place>& AllPlaces() {
  static const auto* places = new std::vector<Place>(PlacesIn({"4301", "4302", "4303"}));
  return *places;
}

const Job& JobOf(Rng& rng, const v1::Employer& employer) {
  // Most posts fit the employer's industry; the rest are general jobs.
  std::vector<const Job*> fitting;
  for (const auto& job : Jobs()) {
    if (employer.industry() == job.industry) fitting.push_back(&job);
  }
  if (!fitting.empty() && rng.Chance(80)) return *fitting[rng.Next() % fitting.size()];
  return rng.Pick(Jobs());
}

v1::Post MakePost(Rng& rng, const v1::Employer& employer, const std::string& external_id,
                  bool village) {
  const Job& job = JobOf(rng, employer);
  const Place* place = PlaceOf(AllPlaces(), employer.region_code().substr(0, 6));
  v1::Post p;
  p.set_employer_id(employer.employer_id());
  p.set_occupation_code(job.code);
  p.set_external_id(external_id);
  p.set_region_code(place != nullptr && rng.Chance(70) ? rng.Pick(place->townships)
                                                       : employer.region_code());
  const std::string place_name = place != nullptr ? place->county_name : "";
  const char* prefixes[] = {"", "急招", "诚聘", "高薪招聘"};
  p.set_title(absl::StrCat(prefixes[rng.Uniform(0, 3)], job.title));
  p.set_openings(rng.Chance(70) ? rng.Uniform(1, 10) : rng.Uniform(10, 80));
  auto* s = p.mutable_salary();
  if (rng.Chance(5)) {
    s->set_negotiable(true);
    s->set_original_text("面议");
  } else {
    const int min = (job.min_pay + rng.Uniform(-2, 4) * 250) / 100 * 100;
    s->set_min_monthly_cny(min);
    if (rng.Chance(8)) {
      s->set_original_text(absl::StrCat(min, "以上"));
    } else {
      const int max = std::max(min + 500, (job.max_pay + rng.Uniform(-4, 4) * 250) / 100 * 100);
      s->set_max_monthly_cny(max);
      s->set_original_text(absl::StrFormat("%d-%d元/月", min, max));
    }
  }
  std::string perks;
  for (auto [benefit, word, percent] :
       {std::tuple{v1::BENEFIT_SOCIAL_INSURANCE, "五险", 80},
        std::tuple{v1::BENEFIT_MEALS, "包吃", 45}, std::tuple{v1::BENEFIT_LODGING, "包住", 40},
        std::tuple{v1::BENEFIT_HOUSING_FUND, "公积金", 30},
        std::tuple{v1::BENEFIT_TRAINING, "岗前培训", 35},
        std::tuple{v1::BENEFIT_TRANSPORT, "班车接送", 20},
        std::tuple{v1::BENEFIT_BONUS, "年终奖", 25}}) {
    if (rng.Chance(percent)) {
      p.add_benefits(benefit);
      absl::StrAppend(&perks, perks.empty() ? "" : "，", word);
    }
  }
  auto* r = p.mutable_requirements();
  r->set_min_age(18);
  r->set_max_age(job.education >= v1::EDUCATION_BACHELOR ? 35 : rng.Uniform(40, 50));
  r->set_min_education(job.education);
  r->set_min_experience_years(rng.Chance(30) ? rng.Uniform(1, 3) : 0);
  if (rng.Chance(village ? 90 : 35)) {
    auto* x = p.add_relaxations();
    x->set_group(v1::KEY_GROUP_GROUP_4050);
    x->set_max_age(rng.Uniform(55, 60));
    x->set_waive_experience(true);
  }
  if (rng.Chance(village ? 95 : 25)) {
    auto* x = p.add_relaxations();
    x->set_group(v1::KEY_GROUP_POVERTY_LABOR);
    x->set_waive_education(true);
    x->set_max_age(rng.Uniform(55, 60));
  }
  if (rng.Chance(village ? 60 : 20)) {
    auto* x = p.add_relaxations();
    x->set_group(v1::KEY_GROUP_RETURNING_MIGRANT);
    x->set_waive_experience(true);
  }
  for (const auto& x : p.relaxations()) p.add_target_groups(x.group());
  if (job.education >= v1::EDUCATION_JUNIOR_COLLEGE) p.add_target_groups(v1::KEY_GROUP_GRADUATE);
  if (village && rng.Chance(50) && p.openings() >= 2) {
    auto* q = p.add_reserved_quotas();
    q->set_group(v1::KEY_GROUP_POVERTY_LABOR);
    q->set_places(std::max(1, p.openings() / 3));
  }
  p.set_schedule(rng.Chance(90)
                     ? v1::SCHEDULE_FULL_TIME
                     : (rng.Chance(50) ? v1::SCHEDULE_PART_TIME : v1::SCHEDULE_SEASONAL));
  p.set_description(absl::StrCat(employer.name(), "（", place_name, "）招聘", job.title, "，",
                                 p.openings(), "人。",
                                 perks.empty() ? "" : absl::StrCat("福利：", perks, "。"),
                                 village ? "就近就业，离家近，欢迎脱贫劳动力和4050人员报名。" : "",
                                 "工作地点：", place_name, "。"));
  return p;
}

std::vector<v1::Post> MakePosts(uint64_t seed, int count,
                                const std::vector<v1::Employer>& employers,
                                const std::string& source, bool village,
                                const std::vector<std::string>& counties) {
  Rng rng(seed);
  std::vector<const v1::Employer*> eligible;
  for (const auto& e : employers) {
    for (const auto& c : counties) {
      if (e.region_code().rfind(c, 0) == 0) {
        eligible.push_back(&e);
        break;
      }
    }
  }
  if (eligible.empty()) {
    for (const auto& e : employers) eligible.push_back(&e);
  }
  std::vector<v1::Post> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) {
    const v1::Employer& employer = *eligible[rng.Next() % eligible.size()];
    out.push_back(MakePost(rng, employer, absl::StrFormat("%s-%06d", source, i), village));
  }
  return out;
}

}  // namespace

std::vector<v1::Employer> DemoGenerator::Employers(int count) const {
  Rng rng(seed_ ^ 0xE);
  const auto& places = AllPlaces();
  constexpr absl::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::vector<v1::Employer> out;
  for (int i = 0; i < count; ++i) {
    // Every fourth employer sits in one of the four village-outreach counties.
    const std::vector<std::string> outreach = {"430225", "430224", "430223", "430281"};
    const Place& place = i % 4 == 0 ? *PlaceOf(places, outreach[(i / 4) % 4]) : rng.Pick(places);
    const Job& job = rng.Pick(Jobs());
    v1::Employer e;
    e.set_name(absl::StrCat(place.county_name, kNameWords[rng.Uniform(0, 19)], job.industry,
                            "有限公司", i >= 20 ? absl::StrCat("（", i, "）") : ""));
    std::string code = absl::StrCat("91", place.county);
    while (code.size() < 17) code.push_back(kAlphabet[rng.Next() % kAlphabet.size()]);
    code.push_back(CreditCodeCheckChar(code));
    e.set_credit_code(code);
    e.set_industry(job.industry);
    e.set_region_code(place.county);
    e.set_labor_brand(job.brand);
    out.push_back(std::move(e));
  }
  return out;
}

google::protobuf::Timestamp DemoGenerator::On(int year, int month, int day) const {
  return ToProto(absl::FromCivil(absl::CivilDay(year, month, day) + shift_days_, ChinaTimeZone()));
}

std::vector<v1::Campaign> DemoGenerator::Campaigns() const {
  std::vector<v1::Campaign> out(3);
  out[0].set_kind(v1::CAMPAIGN_KIND_SPRING_BREEZE);
  out[0].set_name("2026年春风行动·百企万岗");
  *out[0].mutable_window()->mutable_start_time() = On(2026, 2, 15);
  *out[0].mutable_window()->mutable_end_time() = On(2026, 4, 1);
  out[0].add_region_codes("4302");
  out[0].add_target_groups(v1::KEY_GROUP_RETURNING_MIGRANT);
  out[0].add_target_groups(v1::KEY_GROUP_POVERTY_LABOR);
  out[0].add_organisers("株洲市人力资源和社会保障局");
  auto* rule = out[0].add_targeting_rules();
  rule->set_name("留株就地过年");
  rule->add_residence_region_prefixes("4302");
  out[0].set_description("线上专区与线下招聘会同步开展，服务返乡务工人员和脱贫劳动力。");

  out[1].set_kind(v1::CAMPAIGN_KIND_VILLAGE_OUTREACH);
  out[1].set_name("2026年百人百企进百村");
  *out[1].mutable_window()->mutable_start_time() = On(2026, 4, 1);
  for (const char* county : {"430225", "430224", "430223", "430281"})
    out[1].add_region_codes(county);
  out[1].add_target_groups(v1::KEY_GROUP_POVERTY_LABOR);
  out[1].add_target_groups(v1::KEY_GROUP_GROUP_4050);
  out[1].add_organisers("株洲市人力资源和社会保障局");
  auto* quota = out[1].add_reserved_quotas();
  quota->set_group(v1::KEY_GROUP_POVERTY_LABOR);
  quota->set_places(300);
  out[1].set_description(
      "先有需求、后有计划、再有对接：招工小分队进村入户，企业放宽学历、技能和年龄要求。");

  out[2].set_kind(v1::CAMPAIGN_KIND_CZT_GRADUATE_SEASON);
  out[2].set_name("2026年长株潭高校毕业生就业服务季");
  *out[2].mutable_window()->mutable_start_time() = On(2026, 6, 1);
  *out[2].mutable_window()->mutable_end_time() = On(2026, 10, 1);
  for (const char* city : {"4301", "4302", "4303"}) out[2].add_region_codes(city);
  out[2].add_target_groups(v1::KEY_GROUP_GRADUATE);
  for (const char* org : {"长沙市人社局", "株洲市人社局", "湘潭市人社局"})
    out[2].add_organisers(org);
  return out;
}

std::vector<v1::Post> DemoGenerator::FairPosts(int count,
                                               const std::vector<v1::Employer>& employers) const {
  auto posts =
      MakePosts(seed_ ^ 0xF, count, employers, kFairSource, false, {"4301", "4302", "4303"});
  for (auto& p : posts) {
    *p.mutable_validity()->mutable_start_time() = On(2026, 6, 1);
    *p.mutable_validity()->mutable_end_time() = On(2026, 10, 1);
  }
  return posts;
}

std::vector<v1::Post> DemoGenerator::SpringPosts(int count,
                                                 const std::vector<v1::Employer>& employers) const {
  auto posts = MakePosts(seed_ ^ 0x5, count, employers, kSpringSource, false, {"4302"});
  for (auto& p : posts) {
    *p.mutable_validity()->mutable_start_time() = On(2026, 2, 15);
    *p.mutable_validity()->mutable_end_time() = On(2026, 4, 1);
  }
  return posts;
}

std::vector<v1::Post> DemoGenerator::VillagePosts(
    int count, const std::vector<v1::Employer>& employers) const {
  return MakePosts(seed_ ^ 0x7, count, employers, kVillageSource, true,
                   {"430225", "430224", "430223", "430281"});
}

}  // namespace jobmatch::postings::demo
