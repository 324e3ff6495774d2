// Maven version ordering: org.apache.maven.artifact.versioning.ComparableVersion as Maven 3.9
// implements it, with one correction taken from the POM reference's version order
// specification (see kMergeNullSublists below).
//
// ComparableVersion reads a version into nested lists: items are split on ".", on "-" (which
// also opens a sub-list holding everything after it) and on every change between digits and
// other characters (which opens a sub-list too). Numbers compare by value (any length), words
// ("qualifiers", case-insensitive) by rank alpha < beta < milestone < rc < snapshot < "" (ga,
// final, release) < sp < any other word (those in lexical order), and items of different kinds
// as word < sub-list < number. Trailing "null" items (0, "", ga, final, release, empty lists) of
// every list are dropped first, and a shorter list is padded with nulls.
//
// That padding makes ComparableVersion itself non-transitive in corners, and this file keeps
// Maven's answers there: a padding null equals 0 yet a number beats any sub-list, so Maven 3.9
// has "1.0.alpha.1" < "1" < "1-1" < "1.0.alpha.1".
//
// Because a sub-list always runs to the end of the version, the nesting is a flat sequence with
// "sub-list starts here" markers; this file stores it that way, in a fixed buffer, so comparing
// two versions reads each once and allocates nothing (a version of more than kInline items, such
// as a timestamped snapshot, spills to the heap).
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {
namespace {

// Maven 3.9 orders "1-ga-1" before "1-1": dropping the null "ga" leaves a sub-list whose only item
// is the sub-list "[1]". The POM reference says trailing nulls are trimmed "at each remaining
// hyphen", so "1-ga-1" = "1-1", and OSV (osv.dev, osv-scalibr) implements that; ranges in OSV
// records are written against it. A sub-list left holding only another sub-list is therefore
// merged with it. Nothing else differs from ComparableVersion.
constexpr bool kMergeNullSublists = true;

constexpr std::size_t kInline = 16;

constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_lower(a[i]) != b[i]) return false;
    }
    return true;
}

// Qualifier ranks of ComparableVersion.StringItem; kUnknown words then order lexically.
enum Rank : int {
    kAlpha = 0,
    kBeta = 1,
    kMilestone = 2,
    kRc = 3,
    kSnapshot = 4,
    kRelease = 5,
    kSp = 6,
    kUnknown = 7,
};

// The order of kinds when two items of different kinds meet: word < sub-list < number.
enum class Kind : unsigned char { kWord = 0, kList = 1, kNumber = 2 };

struct Item {
    Kind kind = Kind::kNumber;
    int rank = kRelease;    // words only
    std::string_view text;  // number: digits without leading zeros ("" is 0); word: as written
    bool dropped = false;   // removed by normalize
};

// Inline storage for the usual handful of items; more spill to the heap.
class Items {
  public:
    void push(const Item& item) {
        if (size_ < kInline) {
            inline_[size_] = item;
        } else {
            if (heap_.empty()) heap_.assign(inline_.begin(), inline_.end());
            heap_.push_back(item);
        }
        ++size_;
    }
    [[nodiscard]] std::size_t size() const { return size_; }
    Item& operator[](std::size_t i) { return size_ <= kInline ? inline_[i] : heap_[i]; }
    const Item& operator[](std::size_t i) const { return size_ <= kInline ? inline_[i] : heap_[i]; }
    void truncate(std::size_t n) {
        if (size_ > kInline && n <= kInline) {
            for (std::size_t i = 0; i < n; ++i) inline_[i] = heap_[i];
            heap_.clear();
        } else if (size_ > kInline) {
            heap_.resize(n);
        }
        size_ = n;
    }

  private:
    std::array<Item, kInline> inline_;
    std::vector<Item> heap_;
    std::size_t size_ = 0;
};

Item number(std::string_view digits) {
    while (!digits.empty() && digits.front() == '0') digits.remove_prefix(1);
    return {Kind::kNumber, kRelease, digits};
}

// StringItem: "a", "b", "m" directly followed by a digit stand for alpha, beta, milestone.
Item word(std::string_view text, bool followed_by_digit) {
    Item item{Kind::kWord, kUnknown, text};
    if (followed_by_digit && text.size() == 1) {
        switch (to_lower(text[0])) {
            case 'a':
                item.rank = kAlpha;
                return item;
            case 'b':
                item.rank = kBeta;
                return item;
            case 'm':
                item.rank = kMilestone;
                return item;
            default:
                break;
        }
    }
    static constexpr std::array<std::pair<std::string_view, int>, 10> kWords{{
        {"alpha", kAlpha},
        {"beta", kBeta},
        {"milestone", kMilestone},
        {"rc", kRc},
        {"cr", kRc},
        {"snapshot", kSnapshot},
        {"ga", kRelease},
        {"final", kRelease},
        {"release", kRelease},
        {"sp", kSp},
    }};
    for (const auto& [name, rank] : kWords) {
        if (iequals(text, name)) {
            item.rank = rank;
            break;
        }
    }
    return item;
}

constexpr Item kListStart{Kind::kList, kRelease, {}};

bool is_null(const Item& item) {
    return (item.kind == Kind::kNumber && item.text.empty()) ||
           (item.kind == Kind::kWord && item.rank == kRelease);
}

// ComparableVersion.parseVersion, emitting the flat sequence.
void tokenize(std::string_view v, Items& out) {
    bool digit_run = false;
    bool list_empty = true;  // whether the innermost list has no item yet
    std::size_t start = 0;
    const auto add = [&](const Item& item) {
        out.push(item);
        list_empty = item.kind == Kind::kList;
    };
    const auto add_item = [&](std::size_t end) {
        const std::string_view text = v.substr(start, end - start);
        add(digit_run ? number(text) : word(text, false));
    };
    for (std::size_t i = 0; i < v.size(); ++i) {
        const char c = v[i];
        if (c == '.' || c == '-') {
            if (i == start) {
                add(number({}));
            } else {
                add_item(i);
            }
            start = i + 1;
            if (c == '-') add(kListStart);
        } else if (is_digit(c)) {
            if (!digit_run && i > start) {
                // Maven 3.9: "1.0.X1" reads as "1.0-X1" for any word X.
                if (!list_empty) add(kListStart);
                add(word(v.substr(start, i - start), true));
                start = i;
                add(kListStart);
            }
            digit_run = true;
        } else {
            if (digit_run && i > start) {
                add(number(v.substr(start, i - start)));
                start = i;
                add(kListStart);
            }
            digit_run = false;
        }
    }
    if (v.size() > start) {
        if (!digit_run && !list_empty) add(kListStart);
        add_item(v.size());
    }
}

// ListItem.normalize on every list, innermost first: drop trailing null items; a list that ends
// up empty is itself null and leaves its parent. Then the merge described at kMergeNullSublists.
void normalize(Items& items) {
    const std::size_t n = items.size();
    bool child_null = true;  // whether the sub-list after the current segment is null or absent
    std::size_t end = n;     // the current segment is [marker + 1, end)
    while (true) {
        std::size_t begin = 0;
        while (begin < end && items[end - 1 - begin].kind != Kind::kList) ++begin;
        const bool root = begin == end;
        begin = end - begin;  // first own item of the segment
        std::size_t own_end = end;
        while (own_end > begin && is_null(items[own_end - 1])) items[--own_end].dropped = true;
        if (!root && own_end == begin && child_null) {
            items[begin - 1].dropped = true;  // the marker: this whole sub-list is null
        } else {
            child_null = false;
        }
        if (root) break;
        end = begin - 1;
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (items[i].dropped) continue;
        if (kMergeNullSublists && kept > 0 && items[i].kind == Kind::kList &&
            items[kept - 1].kind == Kind::kList) {
            continue;
        }
        items[kept++] = items[i];
    }
    items.truncate(kept);
}

int compare_words(const Item& a, const Item& b) {
    if (a.rank != b.rank) return a.rank < b.rank ? -1 : 1;
    if (a.rank != kUnknown) return 0;
    const std::size_t n = a.text.size() < b.text.size() ? a.text.size() : b.text.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = static_cast<unsigned char>(to_lower(a.text[i]));
        const auto y = static_cast<unsigned char>(to_lower(b.text[i]));
        if (x != y) return x < y ? -1 : 1;
    }
    if (a.text.size() == b.text.size()) return 0;
    return a.text.size() < b.text.size() ? -1 : 1;
}

int compare_items(const Item& a, const Item& b) {
    if (a.kind != b.kind) return a.kind < b.kind ? -1 : 1;
    switch (a.kind) {
        case Kind::kNumber:
            return compare_digits(a.text, b.text);
        case Kind::kWord:
            return compare_words(a, b);
        case Kind::kList:
            return 0;  // both open a sub-list: compare what follows
    }
    return 0;
}

// An item against the padding of a shorter list: a sub-list marker defers to its items.
int compare_with_null(const Item& item) {
    switch (item.kind) {
        case Kind::kNumber:
            return item.text.empty() ? 0 : 1;
        case Kind::kWord:
            if (item.rank == kRelease) return 0;
            return item.rank < kRelease ? -1 : 1;
        case Kind::kList:
            return 0;
    }
    return 0;
}

}  // namespace

int compare_maven(std::string_view a, std::string_view b) {
    Items x;
    Items y;
    tokenize(a, x);
    tokenize(b, y);
    normalize(x);
    normalize(y);
    std::size_t i = 0;
    for (; i < x.size() && i < y.size(); ++i) {
        if (const int c = compare_items(x[i], y[i]); c != 0) return c;
    }
    for (std::size_t j = i; j < x.size(); ++j) {
        if (const int c = compare_with_null(x[j]); c != 0) return c;
    }
    for (std::size_t j = i; j < y.size(); ++j) {
        if (const int c = compare_with_null(y[j]); c != 0) return -c;
    }
    return 0;
}

// Maven's model validator rejects an empty version, one with characters that cannot appear in a
// file name (\ / : " < > | ? *), and an unresolved "${...}" expression; control characters
// cannot be part of a repository path either.
bool valid_maven(std::string_view v) {
    if (v.empty() || v.find("${") != std::string_view::npos) return false;
    for (char c : v) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
        if (std::string_view("\\/:\"<>|?*").find(c) != std::string_view::npos) return false;
    }
    return true;
}

}  // namespace wasp::vuln::detail
