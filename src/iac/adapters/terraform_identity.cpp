// Terraform adapters for identity: IAM roles, users, groups, their policies, and the
// resources that attach a policy, a login profile or groups to one of them, and access keys
// (docs/model.md).
#include "iac/adapters/terraform_common.h"

namespace wasp::iac::adapters {

namespace {

std::string name_of(const Node* n) { return n && n->is_scalar() ? n->text() : std::string(); }

void identity(Builder& b) {
    Node statements = Node::sequence(b.at());
    // Roles only: inline_policy blocks. Users and groups get inline policies from
    // aws_iam_user_policy / aws_iam_group_policy, which are related resources.
    if (const Node* blocks = tf_get(b, "inline_policy"); blocks && blocks->is_unknown()) {
        statements = *blocks;
    } else if (blocks && blocks->is_sequence()) {
        for (const auto& p : blocks->items()) {
            Node s = tf_statements(p.get("policy"), p.mark(), name_of(p.get("name")));
            if (s.is_unknown()) {
                statements.push(s);
                continue;
            }
            for (auto& item : s.items()) statements.push(item);
        }
    }
    b.set("statements", std::move(statements));
    const Node* arns = tf_get(b, "managed_policy_arns");
    b.set("managed_policies", as_list(arns, b.at()));
    b.link("managed_policy_arns", "managed_policy", "attached_to");
    tf_copy(b, "permissions_boundary", "permissions_boundary");
    if (b.type() == "aws_iam_role") {
        b.set("trust_statements", tf_statements(tf_get(b, "assume_role_policy"), b.at()));
        tf_copy(b, "max_session_seconds", "max_session_duration");
    }
    if (b.type() == "aws_iam_user") {
        // aws_iam_user_login_profile, merged into the user, sets it.
        b.set("console_access", defaulted(Node::boolean(false), b.at()));
        // aws_iam_user_group_membership, merged into the user, adds to it.
        b.set("groups", Node::sequence(b.at()));
    }
}

void policy(Builder& b) {
    b.set("statements", tf_statements(tf_get(b, "policy"), b.at(), name_of(tf_get(b, "name"))));
    for (const char* p : {"role", "user", "group"}) b.link(p, "attached_to", "policy");
}

void login_profile(Builder& b) {
    b.set("console_access", Node::boolean(true, b.at()));
    b.part_of("user");
}

// aws_iam_user_group_membership: groups of one user.
void group_membership(Builder& b) {
    b.set("groups", as_list(tf_get(b, "groups"), b.at()));
    b.link("groups", "member_of", "members");
    b.part_of("user");
}

// aws_iam_access_key: a long-term access key of a user.
void access_key(Builder& b) {
    // A new key is active unless status says Inactive.
    tf_copy_or(b, "status", "status", Node::string("Active"));
    tf_copy(b, "user", "user");
    b.link("user", "user", "access_keys");
}

// aws_iam_{role,user,group}_policy_attachment: a managed policy attached to one identity.
void attachment(Builder& b, const char* identity) {
    Node list = Node::sequence(b.at());
    if (const Node* arn = tf_get(b, "policy_arn")) list.push(*arn);  // known after apply, often
    b.set("managed_policies", std::move(list));
    b.link("policy_arn", "managed_policy", "attached_to");
    b.part_of(identity);
}

void role_attachment(Builder& b) { attachment(b, "role"); }
void user_attachment(Builder& b) { attachment(b, "user"); }
void group_attachment(Builder& b) { attachment(b, "group"); }

}  // namespace

void register_terraform_identity(Adapters& out) {
    out.insert(
        out.end(),
        {
            {"aws_iam_role", "aws.iam.role", identity},
            {"aws_iam_user", "aws.iam.user", identity},
            {"aws_iam_group", "aws.iam.group", identity},
            {"aws_iam_policy", "aws.iam.policy", policy},
            {"aws_iam_role_policy", "aws.iam.policy", policy},
            {"aws_iam_user_policy", "aws.iam.policy", policy},
            {"aws_iam_group_policy", "aws.iam.policy", policy},
            {"aws_iam_user_login_profile", "aws.iam.user_login_profile", login_profile},
            {"aws_iam_user_group_membership", "aws.iam.user_group_membership", group_membership},
            {"aws_iam_access_key", "aws.iam.access_key", access_key},
            {"aws_iam_role_policy_attachment", "aws.iam.role_policy_attachment", role_attachment},
            {"aws_iam_user_policy_attachment", "aws.iam.user_policy_attachment", user_attachment},
            {"aws_iam_group_policy_attachment", "aws.iam.group_policy_attachment",
             group_attachment},
        });
}

}  // namespace wasp::iac::adapters
