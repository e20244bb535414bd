// The columns a postings file may have, and the header words that name them
// in Chinese or English ("岗位名称", "title", "职位" all name kTitle).
#ifndef JOBMATCH_CLIENTS_IMPORT_COLUMNS_H_
#define JOBMATCH_CLIENTS_IMPORT_COLUMNS_H_

#include "absl/strings/string_view.h"

namespace jobmatch::import {

enum class Column {
  kUnknown = 0,
  kExternalId,      // 编号 / id / external_id
  kTitle,           // 岗位名称 / title / 职位
  kEmployer,        // 公司 / employer / 企业名称
  kOccupationCode,  // 职业代码 / occupation_code
  kSalary,          // 薪资 / salary / 薪酬
  kEducation,       // 学历 / education
  kExperience,      // 经验 / experience
  kHeadcount,       // 招聘人数 / headcount
  kRegion,          // 工作地点 / region / 地区
  kBenefits,        // 福利 / benefits
  kDescription,     // 职位描述 / description
  kAge,             // 年龄 / age
  kCreditCode,      // 统一社会信用代码 / credit_code: the employer's, to register it
};
inline constexpr int kColumnCount = static_cast<int>(Column::kCreditCode) + 1;

// The column a header cell names, after folding width and case and dropping
// spaces, a required-marker "*" and a parenthesised note ("薪资(元/月)").
Column ColumnForHeader(absl::string_view header);

// A short English name for reports ("salary", "region").
absl::string_view ColumnName(Column column);

}  // namespace jobmatch::import

#endif  // JOBMATCH_CLIENTS_IMPORT_COLUMNS_H_
