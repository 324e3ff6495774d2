// Adapters for identity: IAM roles, users, groups and policies (docs/model.md), IAM access keys
// (docs/model-data-identity.md).
#include <algorithm>
#include <cctype>
#include <optional>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

void iam_identity(Builder& b) {
    Node statements = Node::sequence(b.at());
    if (const Node* policies = b.prop("Policies"); policies && policies->is_unknown()) {
        statements = *policies;  // e.g. Policies chosen by a condition that cannot be evaluated
    } else if (policies && policies->is_sequence()) {
        for (const auto& p : policies->items()) {
            const Node* name = p.get("PolicyName");
            Node s = statements_of(p.get("PolicyDocument"), p.mark(),
                                   name && name->is_scalar() ? name->text() : "");
            if (s.is_unknown()) {
                statements.push(s);
                continue;
            }
            for (auto& item : s.items()) statements.push(item);
        }
    }
    b.set("statements", std::move(statements));
    b.set("managed_policies", as_list(b.prop("ManagedPolicyArns"), b.at()));
    b.link("ManagedPolicyArns", "managed_policy", "attached_to");
    b.copy("permissions_boundary", "PermissionsBoundary");
    if (b.type() == "AWS::IAM::Role") {
        b.set("trust_statements", statements_of(b.prop("AssumeRolePolicyDocument"), b.at()));
        b.copy("max_session_seconds", "MaxSessionDuration");
    }
    if (b.type() == "AWS::IAM::User") {
        b.present("console_access", "LoginProfile");
        b.set("groups", as_list(b.prop("Groups"), b.at()));
        b.link("Groups", "member_of", "members");
    }
}

// AWS::IAM::AccessKey: a long-term access key of a user.
void iam_access_key(Builder& b) {
    // A new key is active unless Status says Inactive.
    b.copy_or("status", "Status", Node::string("Active"));
    b.copy("user", "UserName");
    b.link("UserName", "user", "access_keys");
}

void iam_policy(Builder& b) {
    const Node* name = b.prop("PolicyName");
    if (!name) name = b.prop("ManagedPolicyName");
    b.set("statements", statements_of(b.prop("PolicyDocument"), b.at(),
                                      name && name->is_scalar() ? name->text() : ""));
    for (const char* p : {"Roles", "Users", "Groups", "RoleName", "UserName", "GroupName"}) {
        b.link(p, "attached_to", "policy");
    }
}

}  // namespace

void register_identity(Adapters& out) {
    out.insert(out.end(), {
                              {"AWS::IAM::Role", "aws.iam.role", iam_identity},
                              {"AWS::IAM::User", "aws.iam.user", iam_identity},
                              {"AWS::IAM::Group", "aws.iam.group", iam_identity},
                              {"AWS::IAM::Policy", "aws.iam.policy", iam_policy},
                              {"AWS::IAM::ManagedPolicy", "aws.iam.policy", iam_policy},
                              {"AWS::IAM::RolePolicy", "aws.iam.policy", iam_policy},
                              {"AWS::IAM::UserPolicy", "aws.iam.policy", iam_policy},
                              {"AWS::IAM::GroupPolicy", "aws.iam.policy", iam_policy},
                              {"AWS::IAM::AccessKey", "aws.iam.access_key", iam_access_key},
                          });
}

}  // namespace wasp::iac::adapters
