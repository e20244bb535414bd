#include "services/common/occupation/title_normaliser.h"

#include <string>

#include "services/common/occupation/utf8.h"

namespace jobmatch::occupation {
namespace {

using internal::DecodeUtf8;
using internal::EncodeUtf8;
using internal::IsAsciiAlnum;
using internal::IsHan;

// Words that mark bracketed text as decoration rather than part of the job:
// pay, benefits, shifts, urgency, headcount, who may apply, where.
constexpr std::u32string_view kDecorationMarkers[] = {
    U"急",   U"包",     U"吃住", U"住宿", U"薪",   U"元",   U"险",   U"休",     U"班",
    U"日结", U"周结",   U"月结", U"招",   U"聘",   U"名",   U"男",   U"女",     U"不限",
    U"岁",   U"提成",   U"补贴", U"奖",   U"入职", U"长期", U"短期", U"兼职",   U"全职",
    U"临时", U"暑假",   U"寒假", U"应届", U"经验", U"学历", U"底薪", U"保底",   U"工资",
    U"待遇", U"福利",   U"高薪", U"附近", U"就近", U"本地", U"市",   U"区",     U"县",
    U"镇",   U"乡",     U"省",   U"热招", U"推荐", U"免费", U"培训", U"包教",   U"可带",
    U"无需", U"零基础", U"优先", U"直招", U"万",   U"千",   U"k",    U"小时工", U"钟点"};

// Pay, benefit and hiring phrases dropped wherever they stand.
constexpr std::u32string_view kDecorations[] = {
    U"五险一金", U"包吃包住", U"包吃住",   U"包食宿",   U"男女不限", U"可无经验", U"无经验",
    U"零基础",   U"免费培训", U"带薪培训", U"高薪诚聘", U"高薪招聘", U"长白班",   U"两班倒",
    U"不加班",   U"月入",     U"月薪",     U"年薪",     U"底薪",     U"日薪",     U"时薪",
    U"包吃",     U"包住",     U"五险",     U"双休",     U"单休",     U"高薪",     U"急招",
    U"急聘",     U"诚聘",     U"直招",     U"招聘",     U"热招",     U"日结",     U"周结",
    U"月结",     U"保底",     U"提成",     U"可兼职"};

// Grade, status and hiring modifiers: "高级会计" is a 会计.
constexpr std::u32string_view kModifiers[] = {
    U"高级", U"资深", U"中级", U"初级", U"熟练", U"学徒", U"储备", U"实习", U"见习", U"长期",
    U"短期", U"临时", U"兼职", U"全职", U"普通", U"优秀", U"专职", U"若干", U"数名", U"多名"};

// Places that fairs and boards put in front of a title (株洲·普工, 醴陵电焊工).
constexpr std::u32string_view kPlaces[] = {
    U"长株潭", U"张家界", U"湘西州", U"长沙县", U"长沙", U"株洲", U"湘潭", U"衡阳", U"邵阳",
    U"岳阳",   U"常德",   U"益阳",   U"郴州",   U"永州", U"怀化", U"娄底", U"湘西", U"醴陵",
    U"攸县",   U"茶陵",   U"炎陵",   U"渌口",   U"芦淞", U"荷塘", U"石峰", U"天元", U"岳麓",
    U"雨花",   U"天心",   U"开福",   U"芙蓉",   U"望城", U"宁乡", U"浏阳", U"湘乡", U"韶山",
    U"湖南",   U"北京",   U"上海",   U"广州",   U"深圳", U"杭州", U"南京", U"武汉", U"成都",
    U"重庆",   U"天津",   U"苏州",   U"东莞",   U"佛山", U"宁波", U"西安", U"郑州", U"厦门",
    U"合肥",   U"南昌",   U"全国",   U"本地",   U"市内"};

bool Contains(std::u32string_view text, std::u32string_view word) {
  return text.find(word) != std::u32string_view::npos;
}

char32_t Fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
  if (c == 0x3000) c = ' ';
  if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  return c;
}

char32_t Closer(char32_t open) {
  switch (open) {
    case '(':
      return ')';
    case '[':
      return ']';
    case '{':
      return '}';
    case '<':
      return '>';
    case U'【':
      return U'】';
    case U'〔':
      return U'〕';
    case U'《':
      return U'》';
    case U'「':
      return U'」';
    case U'『':
      return U'』';
    case U'〈':
      return U'〉';
    case U'〖':
      return U'〗';
    default:
      return 0;
  }
}

bool IsDecoration(std::u32string_view inner) {
  for (char32_t c : inner) {
    if (c >= '0' && c <= '9') return true;
  }
  for (std::u32string_view m : kDecorationMarkers) {
    if (Contains(inner, m)) return true;
  }
  for (std::u32string_view p : kPlaces) {
    if (Contains(inner, p)) return true;
  }
  return false;
}

// Bracketed decoration goes; other bracketed words stay, space-separated.
std::u32string StripBrackets(const std::u32string& s) {
  std::u32string out;
  size_t i = 0;
  while (i < s.size()) {
    const char32_t close = Closer(s[i]);
    if (close == 0) {
      out.push_back(s[i++]);
      continue;
    }
    const size_t end = s.find(close, i + 1);
    const std::u32string_view inner = std::u32string_view(s).substr(
        i + 1, (end == std::u32string::npos ? s.size() : end) - i - 1);
    if (!IsDecoration(inner)) {
      out.push_back(' ');
      out.append(inner);
    }
    out.push_back(' ');
    i = end == std::u32string::npos ? s.size() : end + 1;
  }
  return out;
}

// Pay figures: a digit run (with its decimal point and a following unit such
// as 元/千/万/k/w or 以上/左右/起) goes unless it belongs to a word of letters
// (c1, b2, 3d).
std::u32string StripFigures(const std::u32string& s) {
  std::u32string out;
  size_t i = 0;
  while (i < s.size()) {
    const bool digit = s[i] >= '0' && s[i] <= '9';
    const bool after_letter =
        !out.empty() && IsAsciiAlnum(out.back()) && !(out.back() >= '0' && out.back() <= '9');
    if (!digit || after_letter) {
      out.push_back(s[i++]);
      continue;
    }
    size_t j = i;
    while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.')) ++j;
    if (j < s.size() && IsAsciiAlnum(s[j]) && s[j] != 'k' && s[j] != 'w') {
      out.append(s, i, j - i);  // "3d", "4s店"
      i = j;
      continue;
    }
    if (j < s.size() && (s[j] == 'k' || s[j] == 'w' || s[j] == U'元' || s[j] == U'千' ||
                         s[j] == U'万' || s[j] == U'块')) {
      ++j;
    }
    for (std::u32string_view unit : {U"以上", U"左右", U"起"}) {
      if (std::u32string_view(s).substr(j).substr(0, unit.size()) == unit) j += unit.size();
    }
    i = j;
    out.push_back(' ');
  }
  return out;
}

size_t CountKept(std::u32string_view s) {
  size_t n = 0;
  for (char32_t c : s) n += IsHan(c) || IsAsciiAlnum(c);
  return n;
}

// What a hiring word is part of when a role follows it: 招聘专员 recruits.
constexpr std::u32string_view kRoleSuffixes[] = {U"专员", U"主管", U"经理", U"顾问",  U"助理",
                                                 U"师",   U"官",   U"总监", U"负责人"};

bool FollowedByRole(std::u32string_view s, size_t at) {
  for (std::u32string_view r : kRoleSuffixes) {
    if (s.substr(at).substr(0, r.size()) == r) return true;
  }
  return false;
}

// Removes every occurrence of `word` while at least `keep` characters remain
// (and, for a hiring word, unless a role follows it).
void RemoveWord(std::u32string& s, std::u32string_view word, size_t keep) {
  const bool hiring = word.find(U'招') != std::u32string_view::npos ||
                      word.find(U'聘') != std::u32string_view::npos;
  for (size_t at = s.find(word); at != std::u32string::npos; at = s.find(word, at)) {
    std::u32string rest = s.substr(0, at) + U" " + s.substr(at + word.size());
    if (CountKept(rest) < keep || (hiring && FollowedByRole(s, at + word.size()))) {
      at += word.size();
      continue;
    }
    s = std::move(rest);
  }
}

// "株洲·天元区·普工" -> "普工": short leading segments before a '·', and a
// known place (with its 市/县/区) at the start.
void StripPlacePrefix(std::u32string& s) {
  for (size_t dot = s.find(U'·'); dot != std::u32string::npos; dot = s.find(U'·')) {
    if (CountKept(std::u32string_view(s).substr(0, dot)) > 8 ||
        CountKept(std::u32string_view(s).substr(dot + 1)) < 2) {
      s[dot] = ' ';
      break;
    }
    s.erase(0, dot + 1);
  }
  size_t start = 0;
  while (start < s.size() && !(IsHan(s[start]) || IsAsciiAlnum(s[start]))) ++start;
  for (std::u32string_view place : kPlaces) {
    if (std::u32string_view(s).substr(start, place.size()) != place) continue;
    size_t end = start + place.size();
    if (end < s.size() && (s[end] == U'市' || s[end] == U'县' || s[end] == U'区')) ++end;
    while (end < s.size() && (s[end] == '-' || s[end] == ' ' || s[end] == '|')) ++end;
    if (CountKept(std::u32string_view(s).substr(end)) >= 2) s.erase(0, end);
    break;
  }
}

}  // namespace

std::string NormaliseTitle(absl::string_view title) {
  std::u32string s = DecodeUtf8(title);
  for (char32_t& c : s) {
    c = Fold(c);
    if (c == U'・' || c == U'•' || c == U'‧' || c == U'∙') c = U'·';
  }
  s = StripBrackets(s);
  s = StripFigures(s);
  StripPlacePrefix(s);
  for (std::u32string_view d : kDecorations) RemoveWord(s, d, 2);
  for (std::u32string_view m : kModifiers) RemoveWord(s, m, 2);
  // "收银员兼服务员": the job named first is the post's own; the one after 兼
  // is a duty on the side.
  if (const size_t at = s.find(U'兼');
      at != std::u32string::npos && CountKept(std::u32string_view(s).substr(0, at)) >= 2) {
    s.resize(at);
  }
  std::u32string out;
  for (char32_t c : s) {
    if (IsHan(c) || IsAsciiAlnum(c)) out.push_back(c);
  }
  return EncodeUtf8(out);
}

}  // namespace jobmatch::occupation
