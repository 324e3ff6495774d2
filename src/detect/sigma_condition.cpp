// The condition of a Sigma detection: and, or, not, parentheses, "1 of"/"all of" a pattern or
// "them"; and the event names a compiled detection requires, for the index.
#include <algorithm>
#include <cstddef>
#include <set>

#include "detect/sigma_engine.h"

namespace wasp::detect {
namespace {

using core::Mark;

constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxConditionLength = 16 * 1024;

enum class Tok : std::uint8_t { kWord, kOpen, kClose, kPipe, kEnd };

struct Token {
    Tok kind = Tok::kEnd;
    std::string_view text;
};

bool word_is(std::string_view w, std::string_view keyword) {
    if (w.size() != keyword.size()) return false;
    for (std::size_t i = 0; i < w.size(); ++i) {
        char c = w[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if (c != keyword[i]) return false;
    }
    return true;
}

bool is_keyword(std::string_view w) {
    for (std::string_view k : {"and", "or", "not", "of", "them"}) {
        if (word_is(w, k)) return true;
    }
    return false;
}

// '*' in a pattern of search identifiers matches any run of characters.
bool name_matches(std::string_view pattern, std::string_view name) {
    std::size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
    while (n < name.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = n;
        } else if (p < pattern.size() && pattern[p] == name[n]) {
            ++p;
            ++n;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            n = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

int search_cost(const Search& s) {
    int cost = 0;
    for (const auto& c : s.clauses) {
        for (const auto& t : c.tests) cost += t.cost;
    }
    return cost;
}

class Parser {
  public:
    Parser(std::string_view text, const std::vector<Search>& searches, Mark mark)
        : text_(text), searches_(searches), mark_(mark) {
        advance();
    }

    Cond parse() {
        Cond c = parse_or(0);
        check(0);  // an aggregation or 'near' after a complete expression
        if (tok_.kind != Tok::kEnd) fail("unexpected '" + std::string(tok_.text) + "'");
        return c;
    }

  private:
    [[noreturn]] void fail(const std::string& why) const {
        throw SigmaError{"condition '" + std::string(text_) + "': " + why, mark_};
    }

    void advance() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) {
            ++pos_;
        }
        if (pos_ >= text_.size()) {
            tok_ = {Tok::kEnd, {}};
            return;
        }
        const char c = text_[pos_];
        if (c == '(' || c == ')' || c == '|') {
            tok_ = {c == '('   ? Tok::kOpen
                    : c == ')' ? Tok::kClose
                               : Tok::kPipe,
                    text_.substr(pos_, 1)};
            ++pos_;
            return;
        }
        const std::size_t start = pos_;
        while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) &&
               text_[pos_] != '(' && text_[pos_] != ')' && text_[pos_] != '|') {
            ++pos_;
        }
        tok_ = {Tok::kWord, text_.substr(start, pos_ - start)};
    }

    bool at_word(std::string_view keyword) const {
        return tok_.kind == Tok::kWord && word_is(tok_.text, keyword);
    }

    void check(int depth) const {
        if (depth > kMaxDepth) fail("nested more than " + std::to_string(kMaxDepth) + " deep");
        if (tok_.kind == Tok::kPipe) {
            fail(
                "the aggregation syntax ('| count() ...') is deprecated and not supported; "
                "write a correlation rule instead");
        }
        if (at_word("near")) fail("the 'near' operator is deprecated and not supported");
    }

    static Cond join(Cond::Op op, std::vector<Cond> kids) {
        if (kids.size() == 1) return std::move(kids.front());
        Cond c;
        c.op = op;
        c.cost = 0;
        for (const auto& k : kids) c.cost += k.cost;
        c.kids = std::move(kids);
        std::stable_sort(c.kids.begin(), c.kids.end(),
                         [](const Cond& a, const Cond& b) { return a.cost < b.cost; });
        return c;
    }

    Cond parse_or(int depth) {
        check(depth);
        std::vector<Cond> kids;
        kids.push_back(parse_and(depth));
        while (at_word("or")) {
            advance();
            kids.push_back(parse_and(depth));
        }
        return join(Cond::Op::kOr, std::move(kids));
    }

    Cond parse_and(int depth) {
        check(depth);
        std::vector<Cond> kids;
        kids.push_back(parse_not(depth));
        while (at_word("and")) {
            advance();
            kids.push_back(parse_not(depth));
        }
        return join(Cond::Op::kAnd, std::move(kids));
    }

    Cond parse_not(int depth) {
        check(depth);
        if (!at_word("not")) return parse_primary(depth);
        advance();
        Cond c;
        c.op = Cond::Op::kNot;
        c.kids.push_back(parse_not(depth + 1));
        c.cost = c.kids.front().cost;
        return c;
    }

    Cond parse_primary(int depth) {
        check(depth);
        if (tok_.kind == Tok::kOpen) {
            advance();
            Cond c = parse_or(depth + 1);
            if (tok_.kind != Tok::kClose) fail("missing ')'");
            advance();
            return c;
        }
        if (tok_.kind != Tok::kWord)
            fail(tok_.kind == Tok::kEnd ? "ends too early" : "unexpected ')'");
        const std::string_view word = tok_.text;
        advance();
        if (at_word("of")) {
            advance();
            return quantified(word);
        }
        if (is_keyword(word) || word_is(word, "all")) {
            fail("unexpected '" + std::string(word) + "'");
        }
        for (std::uint32_t i = 0; i < searches_.size(); ++i) {
            if (searches_[i].name == word) return reference(i);
        }
        fail("unknown search identifier '" + std::string(word) + "'");
    }

    Cond reference(std::uint32_t i) const {
        Cond c;
        c.op = Cond::Op::kSearch;
        c.search = i;
        c.cost = search_cost(searches_[i]);
        return c;
    }

    Cond quantified(std::string_view quantity) {
        const bool all = word_is(quantity, "all");
        if (!all && quantity != "1") {
            fail("'" + std::string(quantity) + " of' is not supported (only '1 of' and 'all of')");
        }
        if (tok_.kind != Tok::kWord || (is_keyword(tok_.text) && !at_word("them"))) {
            fail("'of' needs a pattern or 'them'");
        }
        const bool them = at_word("them");
        const std::string_view pattern = tok_.text;
        advance();
        std::vector<Cond> kids;
        for (std::uint32_t i = 0; i < searches_.size(); ++i) {
            const std::string& name = searches_[i].name;
            if (them ? !name.starts_with('_') : name_matches(pattern, name)) {
                kids.push_back(reference(i));
            }
        }
        if (kids.empty()) fail("'" + std::string(pattern) + "' matches no search identifier");
        return join(all ? Cond::Op::kAnd : Cond::Op::kOr, std::move(kids));
    }

    std::string_view text_;
    const std::vector<Search>& searches_;
    Mark mark_;
    std::size_t pos_ = 0;
    Token tok_;
};

using Values = std::optional<std::set<std::string>>;

Values search_values(const Search& s, CommonField field) {
    std::set<std::string> out;
    for (const auto& clause : s.clauses) {
        const FieldTest* pick = nullptr;
        for (const auto& t : clause.tests) {
            if (t.path.common != field || t.kind != FieldKind::kValues || t.negate || t.or_null ||
                (t.all && t.values.size() > 1)) {
                continue;
            }
            const bool exact = std::all_of(t.values.begin(), t.values.end(), [](const Value& v) {
                return v.test == ValueTest::kString && v.mode == StrMode::kExact;
            });
            if (exact) {
                pick = &t;
                break;
            }
        }
        if (!pick) return std::nullopt;
        for (const auto& v : pick->values) {
            std::string folded = v.text;
            ascii_lower(folded);
            out.insert(std::move(folded));
        }
    }
    return out;
}

Values cond_values(const Cond& c, const Detection& d, CommonField field) {
    switch (c.op) {
        case Cond::Op::kSearch:
            return search_values(d.searches[c.search], field);
        case Cond::Op::kNot:
            return std::nullopt;
        case Cond::Op::kAnd: {
            Values best;
            for (const auto& k : c.kids) {
                Values v = cond_values(k, d, field);
                if (v && (!best || v->size() < best->size())) best = std::move(v);
            }
            return best;
        }
        case Cond::Op::kOr: {
            std::set<std::string> out;
            for (const auto& k : c.kids) {
                Values v = cond_values(k, d, field);
                if (!v) return std::nullopt;
                out.insert(v->begin(), v->end());
            }
            return out;
        }
    }
    return std::nullopt;
}

}  // namespace

Cond parse_condition(std::string_view text, const std::vector<Search>& searches, Mark mark) {
    if (text.size() > kMaxConditionLength) {
        throw SigmaError{
            "condition longer than " + std::to_string(kMaxConditionLength) + " characters", mark};
    }
    return Parser(text, searches, mark).parse();
}

std::optional<std::vector<std::string>> required_values(const Detection& d, CommonField field) {
    Values v = cond_values(d.condition, d, field);
    if (!v || v->empty()) return std::nullopt;
    return std::vector<std::string>(v->begin(), v->end());
}

}  // namespace wasp::detect
