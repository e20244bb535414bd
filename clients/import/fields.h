// Education, experience, headcount and benefit words of postings files ->
// the contract's values. Each parser folds full-width forms first and says why
// it refuses a text (INVALID_ARGUMENT).
#ifndef JOBMATCH_CLIENTS_IMPORT_FIELDS_H_
#define JOBMATCH_CLIENTS_IMPORT_FIELDS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jobmatch/v1/common.pb.h"

namespace jobmatch::import {

// Minimum education: "学历不限"/"不限"/"" and any "...以下" ("初中及以下": at
// most junior high) -> UNSPECIFIED (no minimum);
// 小学, 初中, 高中/中专/中技/职高/技校/中职, 大专/专科/高职, 本科, 硕士/研究生,
// 博士 (with or without "及以上"/"以上"), and the English level names.
absl::StatusOr<jobmatch::v1::Education> ParseEducation(absl::string_view text);

struct Experience {
  int min_years = 0;
  bool graduate = false;  // 应届生: the post targets KEY_GROUP_GRADUATE
};

// Years of experience required, the lower end of what is written:
// "3-5年" -> 3, "10年以上" -> 10, "1年以下"/"半年" -> 0, "经验不限"/"不限"/"无"
// /"" -> 0, "应届生"/"应届毕业生" -> 0 and graduate, Chinese numerals ("三年"),
// internship terms ("实习", "4天/周", "3个月", "4天/周3个月", "在校生") -> 0.
absl::StatusOr<Experience> ParseExperience(absl::string_view text);

// Number of openings: "招3人", "20人", "20", "20人人" (a doubled unit),
// "3-5人"/"10人-20人" -> the upper end (the employer takes up to that many),
// "10人以上" -> 10. "不限", "若干", "多名", "数名", "多人", "" -> `unspecified`,
// which the caller chooses (see ImportOptions). Refuses 0 and over 100,000.
absl::StatusOr<int> ParseHeadcount(absl::string_view text, int unspecified);

// Benefits found in free text, each once, in enum order. Unknown words are
// ignored: benefit columns mix contract benefits with things like 节日福利.
// 包吃住/包食宿 -> MEALS+LODGING, 包吃/包餐/工作餐/餐补 -> MEALS, 包住/住宿/宿舍
// -> LODGING, 五险一金 -> SOCIAL_INSURANCE+HOUSING_FUND, 五险/社保 ->
// SOCIAL_INSURANCE, 公积金 -> HOUSING_FUND, 交通补贴/车补/班车 -> TRANSPORT,
// 带薪年假/年假 -> PAID_LEAVE, 岗前培训/培训 -> TRAINING, 年终奖/13薪/十三薪/
// 奖金 -> BONUS. A negated word ("不包住") does not count.
std::vector<jobmatch::v1::Benefit> ParseBenefits(absl::string_view text);

struct AgeRange {
  int min_age = 0;  // 0: no lower limit (the contract reads it as 16)
  int max_age = 0;  // 0: no upper limit
};

// "18-45岁" -> 18..45, "45岁以下"/"45周岁以内" -> ..45, "18岁以上" -> 18..,
// "不限"/"" -> none. Ages must lie in 16-70, the contract's bounds.
absl::StatusOr<AgeRange> ParseAgeRange(absl::string_view text);

}  // namespace jobmatch::import

#endif  // JOBMATCH_CLIENTS_IMPORT_FIELDS_H_
