// The IAM analysis of the policies a template or plan defines, as attributes rules can read
// (docs/model.md#iam-analysis-of-policies): what the IAM engine (src/iam/) finds in the
// normalised `statements` of IAM policies, roles, users and groups.
#pragma once

#include <cstddef>

#include "iac/model.h"

namespace wasp::iac {

// Derives the `iam.*` attributes of every IAM policy, role, user and group from index `first`
// on. Statements that are unknown make the attributes unknown; an unknown resource ARN is a
// particular resource (not "*"), an unknown action makes the analysis unknown.
void derive_iam(Model& model, std::size_t first);

}  // namespace wasp::iac
