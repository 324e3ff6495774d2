// Parses the IAM action catalog (the catalog.tsv format of data/iam/README.md) and answers
// look-ups on it. Parsing is one pass over the text with no copies: every string is a view.
#include "iam/catalog.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <functional>
#include <utility>

#include "iam/catalog_data.h"

namespace wasp::iam {
namespace {

constexpr std::string_view kMagic = "#wasp-iam-catalog";
constexpr std::string_view kFormatVersion = "1";

constexpr char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// <0, 0 or >0 as a sorts before, with or after b, ignoring ASCII case; the generator sorts the
// same way (Python's str.lower on ASCII, then code points).
int icompare(std::string_view a, std::string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = static_cast<unsigned char>(lower(a[i]));
        const auto y = static_cast<unsigned char>(lower(b[i]));
        if (x != y) return x < y ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && icompare(a, b) == 0;
}

// ---------------------------------------------------------------------------------------------
// Wildcard matching. One matcher serves three languages:
//  - IAM action patterns: `*` any run of characters, `?` one character, case-insensitive;
//  - templated condition keys: `${Name}` and `<name>` one or more characters, case-insensitive;
//  - ARN patterns: `${Name}` one or more characters, `*` any run, case-sensitive.
// It is the classic greedy matcher that backtracks to the last star only, which is exact for
// these patterns (a placeholder is "one character, then a star") and linear in practice.

enum class Syntax : std::uint8_t { kAction, kTemplate };

struct Token {
    enum Kind : std::uint8_t { kChar, kOne, kAny, kSome } kind;
    std::size_t length;
};

Token token_at(std::string_view pattern, std::size_t i, Syntax syntax) {
    const char c = pattern[i];
    if (c == '*') return {Token::kAny, 1};
    if (syntax == Syntax::kAction) {
        if (c == '?') return {Token::kOne, 1};
    } else if (c == '$' && i + 1 < pattern.size() && pattern[i + 1] == '{') {
        const auto end = pattern.find('}', i + 2);
        if (end != std::string_view::npos) return {Token::kSome, end - i + 1};
    } else if (c == '<') {
        const auto end = pattern.find('>', i + 1);
        if (end != std::string_view::npos) return {Token::kSome, end - i + 1};
    }
    return {Token::kChar, 1};
}

bool glob(std::string_view pattern, std::string_view subject, Syntax syntax, bool ignore_case) {
    constexpr auto kNone = std::string_view::npos;
    std::size_t p = 0, s = 0, star_p = kNone, star_s = 0;
    while (true) {
        if (p < pattern.size()) {
            const Token t = token_at(pattern, p, syntax);
            if (t.kind == Token::kAny) {
                p += t.length;
                star_p = p;
                star_s = s;
                continue;
            }
            if (s < subject.size()) {
                if (t.kind == Token::kSome) {  // one character, then as a star
                    ++s;
                    p += t.length;
                    star_p = p;
                    star_s = s;
                    continue;
                }
                if (t.kind == Token::kOne || (ignore_case ? lower(pattern[p]) == lower(subject[s])
                                                          : pattern[p] == subject[s])) {
                    ++p;
                    ++s;
                    continue;
                }
            }
        } else if (s == subject.size()) {
            return true;
        }
        if (star_p == kNone || star_s >= subject.size()) return false;
        p = star_p;
        s = ++star_s;
    }
}

// How specific a template is: its characters outside placeholders and stars.
std::size_t literal_chars(std::string_view pattern) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < pattern.size();) {
        const Token t = token_at(pattern, i, Syntax::kTemplate);
        if (t.kind == Token::kChar) ++n;
        i += t.length;
    }
    return n;
}

bool is_template(std::string_view key) {
    return key.find("${") != std::string_view::npos || key.find('<') != std::string_view::npos;
}

// Splits at sep into out; returns the number of fields, out.size() + 1 when there are more.
template <std::size_t N>
std::size_t split(std::string_view line, char sep, std::array<std::string_view, N>& out) {
    std::size_t n = 0;
    while (true) {
        const auto at = line.find(sep);
        if (n == N) return N + 1;
        out[n++] = line.substr(0, at);
        if (at == std::string_view::npos) return n;
        line.remove_prefix(at + 1);
    }
}

// Calls f on each sep-separated item of list; an empty list has none.
template <typename F>
void for_each_item(std::string_view list, char sep, F&& f) {
    if (list.empty()) return;
    while (true) {
        const auto at = list.find(sep);
        f(list.substr(0, at));
        if (at == std::string_view::npos) return;
        list.remove_prefix(at + 1);
    }
}

std::size_t item_count(std::string_view list, char sep) {
    return list.empty() ? 0 : static_cast<std::size_t>(std::ranges::count(list, sep)) + 1;
}

std::vector<std::string_view> items(std::string_view list) {
    std::vector<std::string_view> out;
    out.reserve(item_count(list, ','));
    for_each_item(list, ',', [&](std::string_view item) { out.push_back(item); });
    return out;
}

// Access levels from their letters; 0 when a letter is unknown or there is none.
std::uint8_t parse_levels(std::string_view letters) {
    std::uint8_t levels = 0;
    for (const char c : letters) {
        AccessLevel level{};
        switch (c) {
            case 'L':
                level = AccessLevel::kList;
                break;
            case 'R':
                level = AccessLevel::kRead;
                break;
            case 'W':
                level = AccessLevel::kWrite;
                break;
            case 'P':
                level = AccessLevel::kPermissions;
                break;
            case 'T':
                level = AccessLevel::kTagging;
                break;
            default:
                return 0;
        }
        levels = static_cast<std::uint8_t>(levels | static_cast<std::uint8_t>(level));
    }
    return levels;
}

// An ARN or ARN pattern cut at its first five colons: arn, partition, service, region, account,
// and the resource (which may hold more colons). False when it has fewer.
bool split_arn(std::string_view arn, std::array<std::string_view, 6>& parts) {
    for (std::size_t i = 0; i < 5; ++i) {
        const auto at = arn.find(':');
        if (at == std::string_view::npos) return false;
        parts[i] = arn.substr(0, at);
        arn.remove_prefix(at + 1);
    }
    parts[5] = arn;
    return true;
}

template <typename T, typename Key>
const T* find_by_name(const std::vector<T>& sorted, std::string_view name, Key key) {
    auto it = std::ranges::lower_bound(
        sorted, name, [](std::string_view a, std::string_view b) { return icompare(a, b) < 0; },
        key);
    return it != sorted.end() && iequals(std::invoke(key, *it), name) ? &*it : nullptr;
}

std::string line_error(std::size_t line, std::string_view what) {
    std::string out = "catalog line ";
    out += std::to_string(line);
    out += ": ";
    out += what;
    return out;
}

}  // namespace

std::string_view to_string(AccessLevel level) {
    switch (level) {
        case AccessLevel::kList:
            return "List";
        case AccessLevel::kRead:
            return "Read";
        case AccessLevel::kWrite:
            return "Write";
        case AccessLevel::kPermissions:
            return "Permissions management";
        case AccessLevel::kTagging:
            return "Tagging";
    }
    return "?";
}

std::expected<Catalog, std::string> Catalog::parse(std::string_view text) {
    Catalog c;
    std::size_t line_no = 0;
    bool in_actions = false;  // the current service's A lines have begun
    std::array<std::string_view, 6> f;
    auto fail = [&](std::string_view what) { return std::unexpected(line_error(line_no, what)); };

    for (std::size_t pos = 0; pos < text.size();) {
        auto nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        const std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;

        const std::size_t n = split(line, '\t', f);
        if (line_no == 1) {
            if (n != 4 || f[0] != kMagic) return fail("not a wasp IAM catalog");
            if (f[1] != kFormatVersion) return fail("unsupported catalog format version");
            c.source_ = f[2];
            c.date_ = f[3];
            continue;
        }
        if (line.empty()) continue;
        const std::string_view kind = f[0];

        if (kind == "G") {
            if (n != 3) return fail("a G line has a key and a type");
            if (!c.services_.empty()) return fail("G lines come before the first service");
            c.global_keys_.push_back({f[1], f[2]});
            continue;
        }
        if (kind == "S") {
            if ((n != 3 && n != 4) || f[1].empty() || (n == 4 && f[3] != "rcp")) {
                return fail("an S line has a prefix, a name and maybe \"rcp\"");
            }
            if (!c.services_.empty() && icompare(c.services_.back().prefix, f[1]) >= 0) {
                return fail("services are not sorted by prefix");
            }
            Service& added = c.services_.emplace_back();
            added.prefix = f[1];
            added.name = f[2];
            added.rcp = n == 4;
            in_actions = false;
            continue;
        }
        if (c.services_.empty()) return fail("a K, R or A line before the first service");
        Service& svc = c.services_.back();

        if (kind == "K") {
            if (n != 3) return fail("a K line has a key and a type");
            if (!svc.condition_keys.empty() && icompare(svc.condition_keys.back().name, f[1]) > 0) {
                return fail("condition keys are not sorted");
            }
            svc.condition_keys.push_back({f[1], f[2]});
        } else if (kind == "R") {
            if (n != 4 || f[1].empty()) return fail("an R line has a name, an ARN and keys");
            if (in_actions) return fail("R lines come before the service's actions");
            if (!svc.resource_types.empty() &&
                icompare(svc.resource_types.back().name, f[1]) >= 0) {
                return fail("resource types are not sorted by name");
            }
            svc.resource_types.push_back({.service = svc.prefix,
                                          .name = f[1],
                                          .arn_pattern = f[2],
                                          .condition_keys = items(f[3])});
        } else if (kind == "A") {
            if (n != 5 || f[1].empty()) {
                return fail("an A line has a name, levels, resource types and keys");
            }
            if (!svc.actions.empty() && icompare(svc.actions.back().name, f[1]) >= 0) {
                return fail("actions are not sorted by name");
            }
            in_actions = true;
            Action action{.service = svc.prefix,
                          .name = f[1],
                          .levels = parse_levels(f[2]),
                          .resources = {},
                          .condition_keys = items(f[4])};
            if (action.levels == 0) return fail("unknown access level");
            action.resources.reserve(item_count(f[3], ','));
            std::string_view missing;
            for_each_item(f[3], ',', [&](std::string_view entry) {
                ActionResource res;
                bool first = true;
                for_each_item(entry, ';', [&](std::string_view part) {
                    if (!first) {
                        res.condition_keys.push_back(part);
                        if (std::ranges::none_of(action.condition_keys, [&](std::string_view k) {
                                return iequals(k, part);
                            })) {
                            action.condition_keys.push_back(part);
                        }
                        return;
                    }
                    first = false;
                    res.required = part.ends_with('*');
                    if (res.required) part.remove_suffix(1);
                    res.type = find_by_name(svc.resource_types, part, &ResourceType::name);
                    if (res.type == nullptr && missing.empty()) missing = part;
                });
                action.resources.push_back(std::move(res));
            });
            if (!missing.empty()) {
                return fail("unknown resource type " + std::string(missing));
            }
            svc.actions.push_back(std::move(action));
        } else {
            return fail("unknown line kind");
        }
    }
    if (line_no == 0) return std::unexpected(std::string("catalog: empty"));

    // Indexes. Pointers into the services' vectors stay valid: those vectors are complete, and
    // moving the catalog moves their buffers, not their elements.
    std::size_t n_actions = 0, n_keys = c.global_keys_.size();
    for (const Service& s : c.services_) {
        n_actions += s.actions.size();
        n_keys += s.condition_keys.size();
    }
    c.actions_.reserve(n_actions);
    c.exact_keys_.reserve(n_keys);
    c.exact_keys_.insert(c.exact_keys_.end(), c.global_keys_.begin(), c.global_keys_.end());
    for (const Service& s : c.services_) {
        for (const Action& a : s.actions) c.actions_.push_back(&a);
        c.exact_keys_.insert(c.exact_keys_.end(), s.condition_keys.begin(), s.condition_keys.end());
        for (const ResourceType& rt : s.resource_types) {
            std::string_view patterns = rt.arn_pattern;
            while (!patterns.empty()) {
                const auto at = patterns.find(", ");
                const std::string_view one = patterns.substr(0, at);
                patterns =
                    at == std::string_view::npos ? std::string_view{} : patterns.substr(at + 2);
                std::array<std::string_view, 6> parts;
                if (!split_arn(one, parts)) {
                    return std::unexpected("catalog: resource type " + std::string(s.prefix) + " " +
                                           std::string(rt.name) + " has no ARN pattern");
                }
                const ArnPattern entry{.service = parts[2], .pattern = one, .type = &rt};
                const bool any = parts[2].find_first_of("$*") != std::string_view::npos;
                (any ? c.any_service_arn_patterns_ : c.arn_patterns_).push_back(entry);
            }
        }
    }
    // Equal names stay in file order (their text's address), so a key that is global and a
    // service's resolves to the global one. (Not stable_sort: in C++23 libstdc++ 12's uses the
    // deprecated get_temporary_buffer, which clang warns about.)
    const std::less<const char*> before;
    std::ranges::sort(c.exact_keys_, [&](const ConditionKey& a, const ConditionKey& b) {
        const int by_name = icompare(a.name, b.name);
        return by_name != 0 ? by_name < 0 : before(a.name.data(), b.name.data());
    });
    for (const ConditionKey& k : c.exact_keys_) {
        if (is_template(k.name)) c.templated_keys_.push_back(k);
    }
    std::ranges::sort(c.arn_patterns_, [&](const ArnPattern& a, const ArnPattern& b) {
        const int by_service = icompare(a.service, b.service);
        return by_service != 0 ? by_service < 0 : before(a.pattern.data(), b.pattern.data());
    });
    return c;
}

const Catalog& Catalog::builtin() {
    static const Catalog catalog = [] {
        auto parsed = parse(embedded_catalog());
        // The compiled-in catalog is generated and tested; failing to parse it is a build bug.
        assert(parsed.has_value());
        return parsed ? std::move(*parsed) : Catalog{};
    }();
    return catalog;
}

const Service* Catalog::service(std::string_view prefix) const {
    return find_by_name(services_, prefix, &Service::prefix);
}

const Action* Catalog::action(std::string_view service_colon_action) const {
    const auto colon = service_colon_action.find(':');
    if (colon == std::string_view::npos) return nullptr;
    const Service* s = service(service_colon_action.substr(0, colon));
    if (s == nullptr) return nullptr;
    return find_by_name(s->actions, service_colon_action.substr(colon + 1), &Action::name);
}

std::vector<const Action*> Catalog::expand(std::string_view pattern) const {
    if (pattern == "*") return actions_;
    std::vector<const Action*> out;
    const auto colon = pattern.find(':');
    if (colon != std::string_view::npos && pattern.find(':', colon + 1) == std::string_view::npos) {
        // Action names hold no colon, so the pattern's one colon can only match the colon after
        // the prefix: match prefix and name separately.
        const std::string_view prefix = pattern.substr(0, colon);
        const std::string_view name = pattern.substr(colon + 1);
        auto add_matching = [&](const Service& s) {
            for (const Action& a : s.actions) {
                if (glob(name, a.name, Syntax::kAction, true)) out.push_back(&a);
            }
        };
        if (prefix.find_first_of("*?") == std::string_view::npos) {
            if (const Service* s = service(prefix)) add_matching(*s);
        } else {
            for (const Service& s : services_) {
                if (glob(prefix, s.prefix, Syntax::kAction, true)) add_matching(s);
            }
        }
        return out;
    }
    // No colon ("s3*") or several: match the whole "prefix:name".
    std::string full;
    for (const Action* a : actions_) {
        full.assign(a->service);
        full += ':';
        full += a->name;
        if (glob(pattern, full, Syntax::kAction, true)) out.push_back(a);
    }
    return out;
}

std::optional<std::string_view> Catalog::condition_key_type(std::string_view key) const {
    if (const ConditionKey* k = find_by_name(exact_keys_, key, &ConditionKey::name)) {
        return k->type;
    }
    const ConditionKey* best = nullptr;
    std::size_t best_literal = 0;
    for (const ConditionKey& t : templated_keys_) {
        if (!glob(t.name, key, Syntax::kTemplate, true)) continue;
        const std::size_t literal = literal_chars(t.name);
        if (best == nullptr || literal > best_literal) {
            best = &t;
            best_literal = literal;
        }
    }
    if (best == nullptr) return std::nullopt;
    return best->type;
}

std::vector<const ResourceType*> Catalog::resource_types_for_arn(std::string_view arn,
                                                                 std::string_view service) const {
    std::array<std::string_view, 6> want;
    if (!split_arn(arn, want) || want[0] != "arn") return {};

    struct Match {
        const ResourceType* type;
        std::size_t literal;
    };
    std::vector<Match> matches;
    auto consider = [&](const ArnPattern& p) {
        if (!service.empty() && !iequals(p.type->service, service)) return;
        std::array<std::string_view, 6> have;
        if (!split_arn(p.pattern, have)) return;
        for (std::size_t i = 1; i < 6; ++i) {
            if (!glob(have[i], want[i], Syntax::kTemplate, false)) return;
        }
        matches.push_back({p.type, literal_chars(have[5])});
    };
    const auto [first, last] = std::ranges::equal_range(
        arn_patterns_, want[2],
        [](std::string_view a, std::string_view b) { return icompare(a, b) < 0; },
        &ArnPattern::service);
    for (auto it = first; it != last; ++it) consider(*it);
    for (const ArnPattern& p : any_service_arn_patterns_) consider(p);

    // The owning service's types win over other services' types for the same ARNs.
    if (service.empty() && std::ranges::any_of(matches, [&](const Match& m) {
            return iequals(m.type->service, want[2]);
        })) {
        std::erase_if(matches, [&](const Match& m) { return !iequals(m.type->service, want[2]); });
    }
    std::size_t most = 0;
    for (const Match& m : matches) most = std::max(most, m.literal);
    std::vector<const ResourceType*> out;
    for (const Match& m : matches) {
        if (m.literal == most && std::ranges::find(out, m.type) == out.end()) out.push_back(m.type);
    }
    std::ranges::sort(out, [](const ResourceType* a, const ResourceType* b) {
        const int by_service = icompare(a->service, b->service);
        return by_service != 0 ? by_service < 0 : icompare(a->name, b->name) < 0;
    });
    return out;
}

}  // namespace wasp::iam
