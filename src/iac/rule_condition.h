// The compiled form of a rule's conditions; private to the rule engine.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "core/node.h"

namespace wasp::iac {

struct Condition {
    enum class Type { kAll, kAny, kNot, kLeaf, kEach, kRelated, kExistsResource };
    enum class Op {
        kExists,
        kEquals,
        kNotEquals,
        kIn,
        kNotIn,
        kGt,
        kGte,
        kLt,
        kLte,
        kMatches,
        kNotMatches,
        kContains,
        kNotContains,
    };
    enum class Quantifier { kAny, kAll, kNone };

    Type type = Type::kAll;
    std::vector<Condition> children;  // all/any: the terms; not/each/related/exists: one (or none)
    std::string path;                 // leaf: attribute; each: the list
    Op op = Op::kExists;
    core::Node operand;
    std::shared_ptr<const re2::RE2> regex;
    Quantifier quantifier = Quantifier::kAny;
    std::string relation;  // related: the edge name
    std::string kind;      // related (optional filter), exists_resource
    core::Mark mark;       // where the condition is written in the rule file
};

}  // namespace wasp::iac
