// A minimal XML well-formedness check for test invariants (golden SVGs): balanced, properly
// nested tags, quoted attributes, known entity references, one root element. Not a validator.
#ifndef LLMCOST_TESTS_TESTING_XML_CHECK_H_
#define LLMCOST_TESTS_TESTING_XML_CHECK_H_

#include <cctype>
#include <string>
#include <vector>

namespace llmcost::testing {

// Returns "" when `xml` is well-formed, else a short description of the first problem.
inline std::string XmlProblem(const std::string& xml) {
  std::vector<std::string> open;
  int roots = 0;
  size_t i = 0;
  auto is_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' ||
           c == '.';
  };
  auto check_text = [](const std::string& text) -> std::string {
    for (size_t a = text.find('&'); a != std::string::npos; a = text.find('&', a + 1)) {
      size_t semi = text.find(';', a);
      if (semi == std::string::npos) {
        return "unterminated entity";
      }
      std::string name = text.substr(a + 1, semi - a - 1);
      if (name != "amp" && name != "lt" && name != "gt" && name != "quot" && name != "apos" &&
          (name.empty() || name[0] != '#')) {
        return "unknown entity &" + name + ";";
      }
    }
    return text.find('<') == std::string::npos ? "" : "'<' in text";
  };
  while (i < xml.size()) {
    size_t lt = xml.find('<', i);
    std::string text = xml.substr(i, lt == std::string::npos ? std::string::npos : lt - i);
    if (std::string p = check_text(text); !p.empty()) {
      return p;
    }
    if (open.empty() && text.find_first_not_of(" \t\r\n") != std::string::npos) {
      return "text outside the root element";
    }
    if (lt == std::string::npos) {
      break;
    }
    if (xml.compare(lt, 4, "<!--") == 0 || xml.compare(lt, 2, "<?") == 0) {
      size_t end = xml.find(xml[lt + 1] == '?' ? "?>" : "-->", lt);
      if (end == std::string::npos) {
        return "unterminated comment or declaration";
      }
      i = end + (xml[lt + 1] == '?' ? 2 : 3);
      continue;
    }
    size_t gt = lt + 1;
    char quote = 0;
    for (; gt < xml.size() && (quote != 0 || xml[gt] != '>'); ++gt) {
      if (quote == 0 && (xml[gt] == '"' || xml[gt] == '\'')) {
        quote = xml[gt];
      } else if (quote != 0 && xml[gt] == quote) {
        quote = 0;
      } else if (quote == 0 && xml[gt] == '<') {
        return "'<' inside a tag";
      }
    }
    if (gt >= xml.size()) {
      return "unterminated tag";
    }
    std::string tag = xml.substr(lt + 1, gt - lt - 1);
    i = gt + 1;
    const bool closing = !tag.empty() && tag[0] == '/';
    const bool self_closing = !tag.empty() && tag.back() == '/';
    size_t start = closing ? 1 : 0;
    size_t name_end = start;
    while (name_end < tag.size() && is_name(tag[name_end])) {
      ++name_end;
    }
    std::string name = tag.substr(start, name_end - start);
    if (name.empty()) {
      return "tag without a name";
    }
    // Attributes: name="value" pairs.
    std::string rest = tag.substr(name_end, tag.size() - name_end - (self_closing ? 1 : 0));
    size_t k = 0;
    while (k < rest.size()) {
      if (std::isspace(static_cast<unsigned char>(rest[k]))) {
        ++k;
        continue;
      }
      if (closing) {
        return "attributes on a closing tag";
      }
      size_t eq = rest.find('=', k);
      if (eq == std::string::npos || eq + 1 >= rest.size() ||
          (rest[eq + 1] != '"' && rest[eq + 1] != '\'')) {
        return "unquoted attribute in <" + name + ">";
      }
      size_t close = rest.find(rest[eq + 1], eq + 2);
      if (close == std::string::npos) {
        return "unterminated attribute";
      }
      if (std::string p = check_text(rest.substr(eq + 2, close - eq - 2)); !p.empty()) {
        return p;
      }
      k = close + 1;
    }
    if (closing) {
      if (open.empty() || open.back() != name) {
        return "mismatched </" + name + ">";
      }
      open.pop_back();
    } else if (!self_closing) {
      if (open.empty()) {
        ++roots;
      }
      open.push_back(name);
    } else if (open.empty()) {
      ++roots;
    }
  }
  if (!open.empty()) {
    return "unclosed <" + open.back() + ">";
  }
  return roots == 1 ? "" : "expected one root element";
}

}  // namespace llmcost::testing

#endif  // LLMCOST_TESTS_TESTING_XML_CHECK_H_
