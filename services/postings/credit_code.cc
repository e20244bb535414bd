#include "services/postings/credit_code.h"

#include "absl/strings/ascii.h"

namespace jobmatch::postings {
namespace {

constexpr absl::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
// Weight of position i is 3^i mod 31 (GB 32100-2015, table 2).
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int ValueOf(char c) {
  const size_t pos = kAlphabet.find(c);
  return pos == absl::string_view::npos ? -1 : static_cast<int>(pos);
}

}  // namespace

char CreditCodeCheckChar(absl::string_view first17) {
  if (first17.size() < 17) return '\0';
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    const int v = ValueOf(first17[i]);
    if (v < 0) return '\0';
    sum += v * kWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return kAlphabet[check];
}

bool IsValidCreditCode(absl::string_view code) {
  if (code.size() != 18) return false;
  for (int i = 2; i < 8; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(code[i]))) return false;
  }
  const char check = CreditCodeCheckChar(code.substr(0, 17));
  return check != '\0' && ValueOf(code[17]) >= 0 && check == code[17];
}

}  // namespace jobmatch::postings
