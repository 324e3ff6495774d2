// Adapters for keys and secrets: KMS (docs/model.md).
#include <algorithm>
#include <cctype>
#include <optional>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

void kms_key(Builder& b) {
    b.copy_or("rotation_enabled", "EnableKeyRotation", Node::boolean(false));
    b.copy_or("key_spec", "KeySpec", Node::string("SYMMETRIC_DEFAULT"));
    b.copy_or("key_usage", "KeyUsage", Node::string("ENCRYPT_DECRYPT"));
    b.copy_or("enabled", "Enabled", Node::boolean(true));
    b.copy_or("pending_window_days", "PendingWindowInDays", number(30, {}));
    b.copy_or("multi_region", "MultiRegion", Node::boolean(false));
    b.set("policy_statements", statements_of(b.prop("KeyPolicy"), b.at()));
}

}  // namespace

void register_keys(Adapters& out) {
    out.insert(out.end(), {
                              {"AWS::KMS::Key", "aws.kms.key", kms_key},
                          });
}

}  // namespace wasp::iac::adapters
