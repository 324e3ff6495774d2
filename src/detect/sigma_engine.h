// The compiled form of Sigma rules and the pieces the Sigma .cpp files share; private to the
// detect module (it exposes simdjson and RE2).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <re2/re2.h>

#include "core/location.h"
#include "core/node.h"
#include "detect/alert.h"
#include "detect/event.h"
#include "detect/sigma.h"

namespace wasp::detect {

// Why a rule cannot be compiled; thrown inside the loader only and caught per document.
struct SigmaError {
    std::string message;
    core::Mark mark;
    bool syntax = false;  // "sigma-syntax" rather than "sigma-unsupported"
};

// Fields fill() has already read, so matching them needs no lookup.
enum class CommonField : std::uint8_t {
    kNone,
    kEventName,
    kEventSource,
    kEventId,
    kRegion,
    kSourceIp,
    kErrorCode
};

// A dotted field path, split once.
struct FieldPath {
    std::string text;                // as written
    std::vector<std::string> steps;  // split at the dots
    std::vector<std::string> rests;  // rests[i]: steps i.. joined again, a key with dots in it
    CommonField common = CommonField::kNone;
    std::int8_t member = -1;     // the Event member (fill() found it) the first step names, or -1
    std::int32_t top_slot = -1;  // MatchContext::top entry of the first step (set by finalize)
};
[[nodiscard]] FieldPath make_path(std::string_view text);

enum class ValueTest : std::uint8_t { kString, kRegex, kCidr, kNumber, kFieldRef };
// How a string value compares: wildcards only at the ends become a cheaper mode than kGlob.
enum class StrMode : std::uint8_t { kExact, kPrefix, kSuffix, kContains, kGlob, kAny };
enum class NumOp : std::uint8_t { kEq, kLt, kLte, kGt, kGte };
enum class TimePart : std::uint8_t { kNone, kMinute, kHour, kDay, kWeek, kMonth, kYear };

inline constexpr std::uint8_t kWildStar = 1;
inline constexpr std::uint8_t kWildOne = 2;

struct Cidr {
    std::array<std::uint8_t, 16> addr{};
    int bits = 0;
    bool v6 = false;
};

// One value of a field test, with its modifiers applied.
struct Value {
    ValueTest test = ValueTest::kString;
    StrMode mode = StrMode::kExact;
    bool cased = false;
    std::string text;                // the literal (ASCII lower case unless cased) or glob
    std::vector<std::uint8_t> wild;  // kGlob: kWildStar / kWildOne at wildcard positions of text
    std::shared_ptr<const re2::RE2> re;
    std::string re_literal;  // a substring every match contains, to skip RE2; "" if none
    bool re_literal_folded = false;
    Cidr cidr;
    NumOp op = NumOp::kEq;
    double number = 0;
    TimePart part = TimePart::kNone;
    FieldPath ref;  // kFieldRef: the other field
};

enum class FieldKind : std::uint8_t { kValues, kNull, kExists, kNotExists };

// `field|modifiers: values` in a selection.
struct FieldTest {
    FieldPath path;  // no steps: a keyword, searched in the whole event
    FieldKind kind = FieldKind::kValues;
    std::vector<Value> values;
    bool or_null = false;     // a null among the values: absent or null matches too
    bool all = false;         // every value must match (|all)
    bool negate = false;      // |neq: present and none of the values
    bool refs_field = false;  // a value is a |fieldref
    int cost = 1;
};

struct Clause {
    std::vector<FieldTest> tests;  // AND, cheapest first
};

struct Search {
    std::string name;
    std::vector<Clause> clauses;  // OR
};

struct Cond {
    enum class Op : std::uint8_t { kSearch, kAnd, kOr, kNot };
    Op op = Op::kSearch;
    std::uint32_t search = 0;
    std::vector<Cond> kids;  // kAnd/kOr: terms, cheapest first; kNot: one
    int cost = 1;
};

struct Detection {
    std::vector<Search> searches;
    Cond condition;
};

// `condition: {gte: 10}` of a correlation; every bound must hold.
struct CountBound {
    NumOp op = NumOp::kGte;
    std::int64_t n = 0;
};

enum class CorrelationType { kEventCount, kValueCount, kTemporal, kTemporalOrdered };

struct Correlation {
    CorrelationType type = CorrelationType::kEventCount;
    std::vector<std::string> refs;  // rule ids or names, as written
    std::vector<std::string> group_by;
    // alias -> rule name -> field in that rule's events
    std::map<std::string, std::map<std::string, std::string>> aliases;
    std::int64_t timespan_ms = 0;
    std::vector<CountBound> condition;  // temporal without a condition: every rule
    std::string field;                  // value_count
    bool generate = false;
    // Set by finalize:
    std::vector<std::uint32_t> rules;                     // per ref, into SigmaEngine::compiled
    std::vector<std::vector<std::uint32_t>> group_slots;  // [ref][group-by]: slot in its fields
    std::vector<std::int32_t> value_slot;                 // [ref]; -1: the rule has none
    // [ref][j]: slot in that rule's fields of the j-th field this correlation's own windows keep
    // (for correlations that refer to this one).
    std::vector<std::vector<std::uint32_t>> pass_slots;
};

struct CompiledRule {
    Detection detection;      // kDetection
    Correlation correlation;  // kCorrelation
    // Set by finalize:
    bool alerts = true;                    // alerts on its own matches
    bool recorded = false;                 // its matches are kept for correlations
    std::vector<FieldPath> record_fields;  // values kept with each kept match
    std::vector<std::uint32_t> referrers;  // correlations that refer to it
};

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using RuleLists =
    std::unordered_map<std::string, std::vector<std::uint32_t>, StringHash, std::equal_to<>>;

// Which detections an event can match, by its (ASCII lower-cased) eventName or eventSource.
struct RuleIndex {
    RuleLists by_name;
    RuleLists by_source;
    std::vector<std::uint32_t> always;  // detections that require neither
};

struct SigmaEngine {
    SigmaOptions options;
    std::vector<SigmaRule> metas;        // the rules that run, in load order
    std::vector<CompiledRule> compiled;  // aligned with metas
    std::vector<SkippedRule> unsupported;
    std::vector<SkippedRule> not_applicable;
    RuleIndex index;
    std::vector<std::uint32_t> correlation_order;  // a correlation after those it refers to
    std::size_t top_slots = 0;                     // distinct first steps of field paths
    bool finalized = false;
};

// --- Loading (sigma_modifiers.cpp, sigma_condition.cpp) ---------------------------------------

// Compiles `key: value` of a selection (key "field|mod|mod", or "|mod" for keywords).
[[nodiscard]] FieldTest compile_field(std::string_view key,
                                      core::Mark key_mark,
                                      const core::Node& value,
                                      const SigmaOptions& options);
// Compiles plain values of a keyword list.
[[nodiscard]] FieldTest compile_keywords(const std::vector<const core::Node*>& values);
// Parses the condition over the detection's search identifiers; throws SigmaError.
[[nodiscard]] Cond parse_condition(std::string_view text,
                                   const std::vector<Search>& searches,
                                   core::Mark mark);
// The values (lower case) one field must equal for the detection to match; nullopt when the
// detection can match whatever the field holds.
[[nodiscard]] std::optional<std::vector<std::string>> required_values(const Detection& d,
                                                                      CommonField field);
void ascii_lower(std::string& s);

// --- Matching (sigma_match.cpp) ---------------------------------------------------------------

// Per-thread scratch space, so that matching does not allocate once warmed up.
struct MatchContext {
    const Event* event = nullptr;
    std::string_view folded_name;  // eventName in lower case
    std::string name_buf;
    std::string fold;
    std::string json;
    std::string raw_text;    // the event's JSON when Event::raw is empty
    std::string raw_folded;  // the event's JSON in lower case, for keywords
    bool raw_ready = false;
    std::vector<simdjson::dom::element> elems;
    std::vector<simdjson::dom::element> refs;
    // Other top-level keys of the current event (not a CloudTrail Member fill() has found),
    // looked up on first use (FieldPath::top_slot).
    struct TopEntry {
        std::uint64_t generation = 0;  // valid when equal to the context's
        bool present = false;
        simdjson::dom::element element;
    };
    std::vector<TopEntry> top;
    std::uint64_t generation = 0;

    void reset(const Event& e, std::size_t top_slots);
};

[[nodiscard]] bool detection_matches(const Detection& d, MatchContext& ctx);
// The first scalar at path in the event as text (numbers and booleans as JSON writes them,
// objects as compact JSON); false if none. scratch is reused between calls.
[[nodiscard]] bool field_text(const Event& e,
                              const FieldPath& path,
                              std::string& out,
                              std::vector<simdjson::dom::element>& scratch);
[[nodiscard]] EventRef event_ref(const Event& e);
// Appends the compact JSON text of a value.
void append_json(simdjson::dom::element el, std::string& out);
// Appends s as a JSON string (quoted and escaped).
void append_json_text(std::string_view s, std::string& out);

// --- Kept matches and correlations (sigma_consumer.cpp, sigma_correlation.cpp) ---------------

inline constexpr std::uint32_t kAbsent = 0xFFFFFFFF;  // a value the event did not have

// Texts that repeat across kept matches (principals, files, group-by values), stored once per
// consumer: what bounds the memory correlations need.
class StringTable {
  public:
    [[nodiscard]] std::uint32_t intern(std::string_view s);
    [[nodiscard]] const std::string& at(std::uint32_t id) const { return *by_id_[id]; }
    [[nodiscard]] std::size_t size() const { return by_id_.size(); }

  private:
    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> ids_;
    std::vector<const std::string*> by_id_;  // keys of ids_, which stay where they are
};

// An event kept as evidence for a correlation, its repeated texts interned.
struct Evidence {
    std::int64_t time_ms = 0;
    std::uint64_t index = 0;
    std::uint32_t file = 0, event_name = 0, event_source = 0, principal = 0, source_ip = 0,
                  region = 0, account = 0, user_agent = 0, error_code = 0;
    bool json_lines = false;
    std::string event_id;
    std::string event_time;
};
[[nodiscard]] Evidence make_evidence(const Event& e, StringTable& table);
[[nodiscard]] EventRef to_ref(const Evidence& e, const StringTable& table);
// Orders evidence: time, then file and position.
[[nodiscard]] bool evidence_before(const EventRef& a, const EventRef& b);
[[nodiscard]] bool evidence_before(const Evidence& a, const Evidence& b, const StringTable& table);

// A match kept for correlations: a detection's event, or a window of a correlation.
struct Occurrence {
    std::int64_t time_ms = 0;
    std::uint32_t values = 0;    // offset in Kept::values of one id per record field (or kAbsent)
    std::uint32_t evidence = 0;  // offset in Kept::evidence of its events, earliest first
    std::uint32_t evidence_count = 0;
    std::uint64_t count = 1;  // events behind it
};

// The kept matches of one rule.
struct Kept {
    std::vector<Occurrence> occurrences;
    std::vector<std::uint32_t> values;
    std::vector<Evidence> evidence;
};

// Evaluates every correlation (in dependency order) over the kept matches; appends the alerts
// of those that alert, and keeps the windows of those other correlations refer to.
void run_correlations(const SigmaEngine& engine,
                      std::vector<Kept>& kept,
                      StringTable& table,
                      std::vector<Alert>& alerts);

// The alert text both kinds of rule share: the rule's author and licence.
[[nodiscard]] std::string attribution(const SigmaRule& rule);

}  // namespace wasp::detect
