#include "vuln/match.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

namespace wasp::vuln {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

core::Severity rating(std::string_view text) {
    std::string up(text);
    for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (up == "CRITICAL") return core::Severity::kCritical;
    if (up == "HIGH" || up == "IMPORTANT") return core::Severity::kHigh;
    if (up == "MODERATE" || up == "MEDIUM") return core::Severity::kMedium;
    if (up == "LOW" || up == "NEGLIGIBLE") return core::Severity::kLow;
    return core::Severity::kMedium;
}

bool known_rating(std::string_view text) {
    std::string low(text);
    for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return low == "critical" || low == "high" || low == "important" || low == "moderate" ||
           low == "medium" || low == "low" || low == "negligible";
}

// An ISO 8601 time ("2024-01-01", "2024-01-01T10:00:00.5+02:00") as UTC seconds and
// nanoseconds: documents write offsets and fractions differently, so the strings do not order
// as times. nullopt when it is not such a time.
std::optional<std::pair<std::int64_t, std::int64_t>> utc_time(std::string_view t) {
    auto num = [&](std::size_t pos, std::size_t len, int& out) {
        if (pos + len > t.size()) return false;
        out = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (t[i] < '0' || t[i] > '9') return false;
            out = out * 10 + (t[i] - '0');
        }
        return true;
    };
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!num(0, 4, year) || t.size() < 10 || t[4] != '-' || !num(5, 2, month) || t[7] != '-' ||
        !num(8, 2, day)) {
        return std::nullopt;
    }
    std::size_t i = 10;
    if (i < t.size() && (t[i] == 'T' || t[i] == 't' || t[i] == ' ')) {
        if (!num(11, 2, hour) || t.size() < 19 || t[13] != ':' || !num(14, 2, minute) ||
            t[16] != ':' || !num(17, 2, second)) {
            return std::nullopt;
        }
        i = 19;
    }
    std::int64_t nanos = 0;
    int digits = 0;
    if (i < t.size() && t[i] == '.') {
        for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
            if (digits < 9) {
                nanos = nanos * 10 + (t[i] - '0');
                ++digits;
            }
        }
    }
    for (; digits < 9; ++digits) nanos *= 10;
    std::int64_t offset = 0;
    if (i < t.size() && (t[i] == 'Z' || t[i] == 'z')) {
        ++i;
    } else if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
        int oh = 0, om = 0;
        const std::size_t minutes_at = i + 3 < t.size() && t[i + 3] == ':' ? i + 4 : i + 3;
        if (!num(i + 1, 2, oh) || !num(minutes_at, 2, om)) return std::nullopt;
        offset = (oh * 60 + om) * 60 * (t[i] == '+' ? 1 : -1);
        i = minutes_at + 2;
    }
    if (i != t.size()) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{year},
                                           std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    const std::int64_t days = std::chrono::sys_days{date}.time_since_epoch().count();
    return std::pair{days * 86400 + hour * 3600 + minute * 60 + second - offset, nanos};
}

// Whether statement a was made before b: by time when both give one, a time is later than none,
// else by the text.
bool earlier(const VexStatement& a, const VexStatement& b) {
    const auto ta = utc_time(a.timestamp);
    const auto tb = utc_time(b.timestamp);
    if (ta && tb) return *ta < *tb;
    if (ta || tb) return tb.has_value();
    return a.timestamp < b.timestamp;
}

// Statements that apply to a component and a vulnerability: the latest (by timestamp, then by
// order given) wins.
const VexStatement* pick_vex(const Vulnerability& v,
                             const Component& c,
                             const std::vector<const VexStatement*>& statements) {
    const VexStatement* best = nullptr;
    for (const VexStatement* s : statements) {
        bool names = false;
        for (const auto& id : v.ids) {
            if (iequals(id, s->vulnerability)) names = true;
            for (const auto& alias : s->aliases) names = names || iequals(id, alias);
        }
        if (!names || !vex_applies(*s, c)) continue;
        if (best == nullptr || !earlier(*s, *best)) best = s;
    }
    return best;
}

struct Hit {
    std::size_t vulnerability;
    std::size_t advisory;
    const Affected* entry;
};

void match_component(const Database& db,
                     std::size_t sbom_index,
                     const Sbom& sbom,
                     std::size_t ci,
                     const std::vector<const VexStatement*>& statements,
                     const ScanOptions& options,
                     std::unordered_map<std::size_t, SeverityChoice>& severities,
                     ScanResult& out) {
    const Component& c = sbom.components[ci];
    std::vector<Hit> hits;
    for (const AffectedRef& ref : db.lookup(c.ecosystem, c.package)) {
        std::size_t v = db.vulnerability_of(ref.advisory);
        if (options.only && *options.only != v) continue;
        const Advisory& adv = db.advisories()[ref.advisory];
        const Affected& entry = adv.affected[ref.affected];
        auto release = ecosystem_release(entry.ecosystem);
        if (!release.empty()) {
            if (c.release.empty()) {
                out.unevaluated.push_back({sbom_index, ci, ref.advisory,
                                           "the advisory is for " + entry.ecosystem +
                                               " and the package URL names no distribution "
                                               "release"});
                continue;
            }
            if (release != c.release) continue;
        }
        switch (evaluate(entry, c.version)) {
            case RangeVerdict::kAffected:
                hits.push_back({v, ref.advisory, &entry});
                break;
            case RangeVerdict::kNotAffected:
                break;
            case RangeVerdict::kNotEvaluable:
                out.unevaluated.push_back(
                    {sbom_index, ci, ref.advisory,
                     "the advisory gives only GIT commit ranges (or an unordered ecosystem) "
                     "for this package"});
                break;
        }
    }
    if (hits.empty()) return;
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        return a.vulnerability != b.vulnerability ? a.vulnerability < b.vulnerability
                                                  : a.advisory < b.advisory;
    });
    for (std::size_t i = 0; i < hits.size();) {
        std::size_t j = i;
        Match m;
        m.sbom = sbom_index;
        m.component = ci;
        m.vulnerability = hits[i].vulnerability;
        for (; j < hits.size() && hits[j].vulnerability == m.vulnerability; ++j) {
            if (m.advisories.empty() || m.advisories.back() != hits[j].advisory) {
                m.advisories.push_back(hits[j].advisory);
            }
        }
        // The smallest fixed version above the component's that no matching entry affects.
        std::vector<std::string> candidates;
        std::optional<Scheme> order;
        // Every entry of the matched records for this package (and release), not only those
        // that hit: a fix for one line (2.12.3) must not be proposed if another line's entry
        // affects it, and then another line's fix may be the answer. Entries for other
        // distribution releases say nothing about this one.
        std::vector<const Affected*> all;
        for (std::size_t a : m.advisories) {
            for (const auto& entry : db.advisories()[a].affected) {
                auto entry_release = ecosystem_release(entry.ecosystem);
                if (ecosystem_base(entry.ecosystem) == ecosystem_base(c.ecosystem) &&
                    entry.package == c.package &&
                    (entry_release.empty() || entry_release == c.release)) {
                    all.push_back(&entry);
                }
            }
        }
        for (const Affected* entry : all) {
            for (const auto& range : entry->ranges) {
                if (auto s = range_scheme(*entry, range); s && !order) order = s;
            }
            for (auto& f : fixed_versions(*entry)) candidates.push_back(std::move(f));
        }
        if (order) {
            sort_by_version(candidates, *order,
                            [](const std::string& v) -> std::string_view { return v; });
            for (const auto& f : candidates) {
                if (compare_versions(*order, f, c.version) <= 0) continue;
                bool clean = std::none_of(all.begin(), all.end(), [&](const Affected* e) {
                    return evaluate(*e, f) == RangeVerdict::kAffected;
                });
                if (clean) {
                    m.fixed = f;
                    break;
                }
            }
        }
        // Every component a vulnerability affects shares its severity: computed (CVSS vectors
        // parsed) once per vulnerability and thread.
        auto cached = severities.find(m.vulnerability);
        if (cached == severities.end()) {
            cached =
                severities.emplace(m.vulnerability, vulnerability_severity(db, m.vulnerability))
                    .first;
        }
        SeverityChoice sev = cached->second;
        m.severity = sev.severity;
        m.cvss = sev.cvss;
        m.cvss_vector = std::move(sev.vector);
        m.severity_source = std::move(sev.source);
        if (const VexStatement* s =
                pick_vex(db.vulnerabilities()[m.vulnerability], c, statements)) {
            m.vex = s->status;
            m.vex_justification = s->justification;
            m.vex_detail = s->detail;
            m.vex_source = s->location.str();
            if (!s->location.pointer.empty()) m.vex_source += "#" + s->location.pointer;
        }
        out.matches.push_back(std::move(m));
        i = j;
    }
}

}  // namespace

bool is_open(const Match& m) {
    return !m.vex || (*m.vex != VexStatus::kNotAffected && *m.vex != VexStatus::kFixed);
}

SeverityChoice vulnerability_severity(const Database& db, std::size_t vulnerability) {
    SeverityChoice best;
    int best_rank = -1;
    std::string rating_text;
    auto consider = [&](const std::string& vector) {
        auto score = score_cvss(vector);
        if (!score) return;
        int rank = score->major * 10 + score->minor;
        if (rank > best_rank ||
            (rank == best_rank && best.cvss && score->base_score > best.cvss->base_score)) {
            best_rank = rank;
            best.cvss = *score;
            best.vector = vector;
        }
    };
    const auto& records = db.vulnerabilities()[vulnerability].records;
    for (std::size_t a : records) {
        const Advisory& adv = db.advisories()[a];
        for (const auto& s : adv.severity) {
            if (s.type.starts_with("CVSS")) consider(s.score);
        }
        if (rating_text.empty() && known_rating(adv.database_severity)) {
            rating_text = adv.database_severity;
        }
    }
    std::string_view where = " vector";
    if (!best.cvss) {
        // OSV puts the vectors on the affected packages instead when they differ between
        // packages (and then not on the record): the most severe of them stands for all.
        for (std::size_t a : records) {
            for (const auto& entry : db.advisories()[a].affected) {
                if (!entry.severity.empty()) consider(entry.severity);
            }
        }
        where = " vector of an affected package";
    }
    if (best.cvss) {
        best.severity = best.cvss->severity;
        best.source = "CVSS:" + std::to_string(best.cvss->major) + "." +
                      std::to_string(best.cvss->minor) + std::string(where);
    } else if (!rating_text.empty()) {
        best.severity = rating(rating_text);
        best.source = "database rating " + rating_text;
    } else {
        best.severity = core::Severity::kMedium;
        best.source = "no rating in the advisory";
    }
    return best;
}

ScanResult scan(const Database& db,
                std::span<const Sbom> sboms,
                std::span<const VexDocument> vex,
                const ScanOptions& options) {
    auto start = std::chrono::steady_clock::now();
    unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
    threads = std::clamp(threads, 1u, std::max<unsigned>(1u, static_cast<unsigned>(sboms.size())));
    std::vector<ScanResult> parts(sboms.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        std::unordered_map<std::size_t, SeverityChoice> severities;
        for (std::size_t s; (s = next.fetch_add(1)) < sboms.size();) {
            const Sbom& sbom = sboms[s];
            std::vector<const VexStatement*> statements;
            for (const auto& st : sbom.vex) statements.push_back(&st);
            for (const auto& doc : vex) {
                for (const auto& st : doc.statements) statements.push_back(&st);
            }
            auto& out = parts[s];
            for (std::size_t ci = 0; ci < sbom.components.size(); ++ci) {
                const Component& c = sbom.components[ci];
                if (c.package.empty() || c.ecosystem.empty()) continue;
                if (c.version.empty()) continue;
                match_component(db, s, sbom, ci, statements, options, severities, out);
            }
        }
    };
    if (threads == 1) {
        work();
    } else {
        std::vector<std::jthread> pool;
        for (unsigned i = 1; i < threads; ++i) pool.emplace_back(work);
        work();
    }

    ScanResult result;
    std::map<std::string, std::uint64_t> unknown_ecosystems;
    std::unordered_map<std::string, bool> ecosystem_known;
    for (std::size_t s = 0; s < sboms.size(); ++s) {
        auto& part = parts[s];
        std::size_t last_component = static_cast<std::size_t>(-1);
        for (auto& m : part.matches) {
            if (is_open(m) && m.component != last_component) {
                ++result.stats.affected_components;
                last_component = m.component;
            }
            result.matches.push_back(std::move(m));
        }
        for (auto& u : part.unevaluated) result.unevaluated.push_back(std::move(u));
        for (const auto& c : sboms[s].components) {
            ++result.stats.components;
            if (c.purl.empty()) {
                ++result.stats.without_purl;
            } else if (c.version.empty()) {
                ++result.stats.without_version;
            } else if (!c.package.empty() && !c.ecosystem.empty()) {
                auto known = ecosystem_known.find(c.ecosystem);
                if (known == ecosystem_known.end()) {
                    known =
                        ecosystem_known.emplace(c.ecosystem, db.has_ecosystem(c.ecosystem)).first;
                }
                if (known->second) {
                    ++result.stats.checked;
                } else {
                    ++unknown_ecosystems[c.ecosystem];
                }
            }
        }
    }
    result.stats.sboms = sboms.size();
    result.stats.ecosystems_without_advisories.assign(unknown_ecosystems.begin(),
                                                      unknown_ecosystems.end());
    result.stats.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace wasp::vuln
