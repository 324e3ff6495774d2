// The provider-neutral model of cloud resources that every IaC format is adapted into.
//
// Rules are written once against this model. A resource has a neutral kind ("aws.s3.bucket"),
// neutral attributes (documented per kind in docs/model.md) in which every value keeps its source
// position and whether it was written, defaulted or unknown, and edges to related resources.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/node.h"

namespace wasp::iac {

// A reference an adapter found, turned into relations by link(): this --name--> target and
// target --reverse--> this. The target is named by the id references use in the same file,
// or, when by_name, by its physical name (e.g. a bucket name) or one of its aliases anywhere in
// the workload.
struct Link {
    std::string name;
    std::string reverse;
    std::string target;
    bool by_name = false;
    // Non-empty: the reference is one branch of a choice by a condition that cannot be evaluated
    // (Fn::If), so the relation may not hold; why, for people.
    std::string maybe;
};

// A suppression written with the resource itself (template metadata, a comment, a tag).
struct Skip {
    std::string rule_id;
    core::Suppression suppression;  // kind "in-source"; reason may be empty (then it is invalid)
};

// The "RULE reason [expires=YYYY-MM-DD]" after "wasp:skip=" in a comment (YAML or HCL), as a
// skip written at `where`. The reason may come out empty; the policy then reports it invalid.
[[nodiscard]] Skip parse_skip_comment(std::string_view rest, core::SourceLocation where);

struct CloudResource {
    core::Resource info;        // kind, native type, id, construct path, location, tags
    core::Node attributes;      // neutral attributes (a mapping)
    core::Node properties;      // the native, resolved properties, for format-specific rules
    std::string source_id;      // the id that references inside its own file use (logical id)
    std::size_t file = 0;       // index into Model::files
    std::string physical_name;  // e.g. the bucket name, when written in the template
    // More names a link by name finds it by, each qualified by what it names so that it meets
    // no physical name: a log group's "log-group:NAME", the metric a metric filter publishes
    // ("metric:NAMESPACE|NAME"). Unlike a physical name, several resources may share one (two
    // filters publishing one metric); a link by it relates to all of them.
    std::vector<std::string> aliases;
    std::vector<Link> links;
    std::vector<Skip> skips;
    // Non-empty: the resource is created only if this condition holds, and the condition cannot
    // be decided before deployment. Its own checks run as if it were created; a rule that asks
    // whether such a resource exists (exists_resource, related) gets unknown, not true.
    std::string maybe_absent;
};

// A directed edge: from --name--> to, e.g. bucket --policy--> bucket policy.
struct Relation {
    std::string name;
    std::size_t from = 0;
    std::size_t to = 0;
    std::string maybe;  // as Link::maybe: non-empty when the relation may not hold
};

struct Model {
    std::vector<std::string> files;  // IaC files the resources came from
    std::vector<CloudResource> resources;
    std::vector<Relation> relations;  // sorted by (from, name, to)

    // Resources related to r by the named edge.
    [[nodiscard]] std::vector<std::size_t> related(std::size_t r, std::string_view name) const;
    // The same edges themselves (with whether each may not hold).
    [[nodiscard]] std::vector<const Relation*> relations_of(std::size_t r,
                                                            std::string_view name) const;
    [[nodiscard]] std::vector<std::size_t> of_kind(std::string_view kind) const;

    // Moves another model's files and resources to the end of this one (before link()).
    void append(Model&& other);
};

}  // namespace wasp::iac
