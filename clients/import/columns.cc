#include "clients/import/columns.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "clients/import/text.h"

namespace jobmatch::import {
namespace {

const absl::flat_hash_map<std::string, Column>& HeaderWords() {
  static const auto* words = new absl::flat_hash_map<std::string, Column>{
      {"编号", Column::kExternalId},
      {"id", Column::kExternalId},
      {"external_id", Column::kExternalId},
      {"externalid", Column::kExternalId},
      {"岗位编号", Column::kExternalId},
      {"职位编号", Column::kExternalId},
      {"职位id", Column::kExternalId},
      {"岗位id", Column::kExternalId},
      {"job_id", Column::kExternalId},
      {"jobid", Column::kExternalId},
      {"岗位名称", Column::kTitle},
      {"title", Column::kTitle},
      {"职位", Column::kTitle},
      {"职位名称", Column::kTitle},
      {"岗位", Column::kTitle},
      {"招聘岗位", Column::kTitle},
      {"工种", Column::kTitle},
      {"job_title", Column::kTitle},
      {"jobtitle", Column::kTitle},
      {"position", Column::kTitle},
      {"公司", Column::kEmployer},
      {"employer", Column::kEmployer},
      {"公司名称", Column::kEmployer},
      {"企业", Column::kEmployer},
      {"企业名称", Column::kEmployer},
      {"单位", Column::kEmployer},
      {"单位名称", Column::kEmployer},
      {"招聘单位", Column::kEmployer},
      {"用人单位", Column::kEmployer},
      {"company", Column::kEmployer},
      {"职业代码", Column::kOccupationCode},
      {"occupation_code", Column::kOccupationCode},
      {"职业编码", Column::kOccupationCode},
      {"occupationcode", Column::kOccupationCode},
      {"occupation", Column::kOccupationCode},
      {"薪资", Column::kSalary},
      {"salary", Column::kSalary},
      {"薪酬", Column::kSalary},
      {"工资", Column::kSalary},
      {"月薪", Column::kSalary},
      {"薪资待遇", Column::kSalary},
      {"工资待遇", Column::kSalary},
      {"薪资范围", Column::kSalary},
      {"pay", Column::kSalary},
      {"wage", Column::kSalary},
      {"学历", Column::kEducation},
      {"education", Column::kEducation},
      {"学历要求", Column::kEducation},
      {"最低学历", Column::kEducation},
      {"经验", Column::kExperience},
      {"experience", Column::kExperience},
      {"工作经验", Column::kExperience},
      {"经验要求", Column::kExperience},
      {"工作年限", Column::kExperience},
      {"招聘人数", Column::kHeadcount},
      {"headcount", Column::kHeadcount},
      {"人数", Column::kHeadcount},
      {"需求人数", Column::kHeadcount},
      {"招聘数量", Column::kHeadcount},
      {"openings", Column::kHeadcount},
      {"工作地点", Column::kRegion},
      {"region", Column::kRegion},
      {"地区", Column::kRegion},
      {"工作地区", Column::kRegion},
      {"地点", Column::kRegion},
      {"区域", Column::kRegion},
      {"location", Column::kRegion},
      {"工作城市", Column::kRegion},
      {"所在地", Column::kRegion},
      {"city", Column::kRegion},
      {"福利", Column::kBenefits},
      {"benefits", Column::kBenefits},
      {"福利待遇", Column::kBenefits},
      {"岗位福利", Column::kBenefits},
      {"welfare", Column::kBenefits},
      {"职位描述", Column::kDescription},
      {"description", Column::kDescription},
      {"岗位职责", Column::kDescription},
      {"工作内容", Column::kDescription},
      {"岗位描述", Column::kDescription},
      {"任职要求", Column::kDescription},
      {"desc", Column::kDescription},
      {"年龄", Column::kAge},
      {"age", Column::kAge},
      {"年龄要求", Column::kAge},
      {"统一社会信用代码", Column::kCreditCode},
      {"社会信用代码", Column::kCreditCode},
      {"信用代码", Column::kCreditCode},
      {"企业信用代码", Column::kCreditCode},
      {"credit_code", Column::kCreditCode},
      {"creditcode", Column::kCreditCode},
  };
  return *words;
}

}  // namespace

Column ColumnForHeader(absl::string_view header) {
  std::string s = FoldCompact(header);
  // "薪资(元/月)", "*岗位名称": the note and the marker do not change the column.
  if (const size_t open = s.find('('); open != std::string::npos && open > 0) s.resize(open);
  while (!s.empty() && s.front() == '*') s.erase(0, 1);
  while (!s.empty() && s.back() == '*') s.pop_back();
  for (char& c : s) {
    if (c == ' ' || c == '-') c = '_';
  }
  const auto& words = HeaderWords();
  const auto it = words.find(s);
  return it == words.end() ? Column::kUnknown : it->second;
}

absl::string_view ColumnName(Column column) {
  switch (column) {
    case Column::kUnknown:
      return "unknown";
    case Column::kExternalId:
      return "external_id";
    case Column::kTitle:
      return "title";
    case Column::kEmployer:
      return "employer";
    case Column::kOccupationCode:
      return "occupation_code";
    case Column::kSalary:
      return "salary";
    case Column::kEducation:
      return "education";
    case Column::kExperience:
      return "experience";
    case Column::kHeadcount:
      return "headcount";
    case Column::kRegion:
      return "region";
    case Column::kBenefits:
      return "benefits";
    case Column::kDescription:
      return "description";
    case Column::kAge:
      return "age";
    case Column::kCreditCode:
      return "credit_code";
  }
  return "unknown";
}

}  // namespace jobmatch::import
