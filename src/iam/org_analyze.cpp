// Definitions of iam/org_analyze.h.
#include "iam/org_analyze.h"

#include <algorithm>
#include <span>

#include "iam/paths.h"

namespace wasp::iam {

using core::Severity;

namespace {

constexpr const char* kSource = "src/iam/org_analyze.cpp";

core::RuleInfo rule(std::string id,
                    std::string title,
                    Severity severity,
                    std::vector<std::string> bps,
                    std::string description,
                    std::string remediation,
                    std::vector<std::string> references) {
    return core::RuleInfo{std::move(id),
                          std::move(title),
                          severity,
                          std::move(bps),
                          {"aws.organizations.account"},
                          std::move(description),
                          std::move(remediation),
                          std::move(references),
                          kSource};
}

// A request to ask: "ACCOUNT" in the resource stands for the member account.
struct Probe {
    const char* action;
    const char* resource;
};

constexpr Probe kLeave[] = {{"organizations:LeaveOrganization", "*"}};

constexpr Probe kCloudTrail[] = {
    {"cloudtrail:StopLogging", "arn:aws:cloudtrail:us-east-1:ACCOUNT:trail/wasp-org-probe"},
    {"cloudtrail:DeleteTrail", "arn:aws:cloudtrail:us-east-1:ACCOUNT:trail/wasp-org-probe"},
};

constexpr Probe kDetectors[] = {
    {"guardduty:DeleteDetector", "arn:aws:guardduty:us-east-1:ACCOUNT:detector/wasp-org-probe"},
    {"guardduty:UpdateDetector", "arn:aws:guardduty:us-east-1:ACCOUNT:detector/wasp-org-probe"},
    {"guardduty:DisassociateFromAdministratorAccount", "*"},
    {"guardduty:DisassociateFromMasterAccount", "*"},
    {"config:StopConfigurationRecorder",
     "arn:aws:config:us-east-1:ACCOUNT:configuration-recorder/default/wasp-org-probe"},
    {"config:DeleteConfigurationRecorder",
     "arn:aws:config:us-east-1:ACCOUNT:configuration-recorder/default/wasp-org-probe"},
    {"config:DeleteDeliveryChannel", "*"},
};

// What principals outside the organization could ask of resources that support RCPs, each
// in the member account (an S3 ARN names no account: the request says whose bucket it is).
constexpr Probe kPerimeter[] = {
    {"s3:GetObject", "arn:aws:s3:::wasp-org-probe-ACCOUNT/object"},
    {"sts:AssumeRole", "arn:aws:iam::ACCOUNT:role/wasp-org-probe"},
    {"kms:Decrypt", "arn:aws:kms:us-east-1:ACCOUNT:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
    {"secretsmanager:GetSecretValue",
     "arn:aws:secretsmanager:us-east-1:ACCOUNT:secret:wasp-org-probe-AbCdEf"},
    {"sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:ACCOUNT:wasp-org-probe"},
};

Policy parsed(const char* json, const char* name) {
    // Only called with the constant documents below, which parse.
    auto p = parse_policy_text(json, name, "");
    return std::move(*p.policy);
}

// What the principal's own policies and the resource's policy would grant without guardrails.
const Policy& allow_everything() {
    static const Policy p = parsed(
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})",
        "wasp:allow-everything");
    return p;
}

const Policy& resource_allows_anyone() {
    static const Policy p =
        parsed(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",)"
               R"("Action":"*","Resource":"*"}]})",
               "wasp:resource-allows-anyone");
    return p;
}

std::string fill(std::string_view pattern, std::string_view account) {
    std::string out(pattern);
    for (auto at = out.find("ACCOUNT"); at != std::string::npos; at = out.find("ACCOUNT", at))
        out.replace(at, 7, account);
    return out;
}

// An account id no member holds, for a principal outside the organization.
std::string outside_account(const Organization& org) {
    for (long long id = 999999999999; id > 100000000000; --id) {
        std::string s = std::to_string(id);
        if (!org.contains(s)) return s;
    }
    return "999999999999";
}

class OrgAnalyzer {
  public:
    explicit OrgAnalyzer(const Organization& org) : org_(org) {}

    std::vector<OrgCheck> run() {
        // SCPs turned off are a finding; SCPs merely absent from the export are no evidence.
        bool scps = org_.in_use(OrgPolicyType::kScp) || org_.scps_enabled == false;
        bool rcps = org_.in_use(OrgPolicyType::kRcp);
        for (const auto& a : org_.accounts) {
            if (a.id == org_.management_account) continue;
            if (scps) guardrails(a);
            if (rcps) perimeter(a);
        }
        return std::move(out_);
    }

  private:
    // Asks each probe; returns the ones still allowed, with the keys a conditional one hinges on.
    std::vector<std::string> allowed(std::span<const Probe> probes,
                                     Request& r,
                                     const Layers& layers,
                                     const std::string& account) const {
        std::vector<std::string> out;
        for (const auto& p : probes) {
            r.action = p.action;
            r.resource = fill(p.resource, account);
            r.resource_account = account;
            set_org_context(org_, r);
            Result res = evaluate(r, layers);
            bool maybe = res.conditional ? std::find(res.possible.begin(), res.possible.end(),
                                                     Decision::kAllowed) != res.possible.end()
                                         : res.decision == Decision::kAllowed;
            if (!maybe) continue;
            std::string s = p.action;
            if (res.conditional) {
                s += " (depending on";
                for (const auto& k : res.hinges_on) s += " " + k;
                s += ")";
            }
            out.push_back(std::move(s));
        }
        return out;
    }

    static std::string label(const OrgAccount& a) {
        return a.id + (a.name.empty() ? "" : " (" + a.name + ")");
    }

    static std::string join(const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
        return s;
    }

    template <std::size_t N>
    static std::string actions(const Probe (&probes)[N]) {
        std::string s;
        for (const auto& p : probes) s += (s.empty() ? "" : ", ") + std::string(p.action);
        return s;
    }

    void add(const OrgAccount& a, const char* rule_id, bool pass, std::string detail) {
        OrgCheck c;
        c.rule_id = rule_id;
        c.account = a.id;
        c.resource_id = a.arn.empty() ? a.id : a.arn;
        c.location = a.location;
        c.pass = pass;
        c.detail = std::move(detail);
        out_.push_back(std::move(c));
    }

    // One rule decided by what a probe principal is still allowed.
    template <std::size_t N>
    void decide(const OrgAccount& a,
                const char* rule_id,
                const Probe (&probes)[N],
                Request& r,
                const Layers& layers,
                const std::string& note,
                const std::string& who) {
        auto left = allowed(probes, r, layers, a.id);
        if (left.empty()) {
            add(a, rule_id, true, "SCPs deny " + actions(probes));
        } else {
            add(a, rule_id, false, label(a) + ": " + who + " can still " + join(left) + note);
        }
    }

    // WASP-IAM-130..133: a principal of the account allowed everything, under its SCP levels.
    void guardrails(const OrgAccount& a) {
        OrgLevels scp = org_levels(org_, a.id, OrgPolicyType::kScp);
        std::string note;
        if (!org_.in_use(OrgPolicyType::kScp)) {
            note = " (SCPs are not enabled in the organization)";
        } else if (!scp.complete) {
            note = " (its OUs are not in the export: only the root's and its own SCPs applied)";
        }
        Layers layers;
        layers.identity = {&allow_everything()};
        layers.scp_levels = std::move(scp.levels);
        Request r;
        r.principal.arn = "arn:aws:iam::" + a.id + ":role/wasp-org-probe";
        r.principal.account = a.id;
        r.open_context = true;
        r.set_context("aws:PrincipalIsAWSService", {"false"});
        const std::string role = "a role allowed everything by its own policies";
        decide(a, "WASP-IAM-130", kLeave, r, layers, note, role);
        decide(a, "WASP-IAM-131", kCloudTrail, r, layers, note, role);
        decide(a, "WASP-IAM-132", kDetectors, r, layers, note, role);

        // The root user: no identity policy limits it, so only SCPs stand in its way.
        Request root;
        root.principal.arn = "arn:aws:iam::" + a.id + ":root";
        root.principal.account = a.id;
        root.open_context = true;
        root.set_context("aws:PrincipalIsAWSService", {"false"});
        std::vector<Probe> probes;
        for (const auto& [action, resource] : admin_probes())
            probes.push_back({action.c_str(), resource.c_str()});
        auto left = allowed(probes, root, layers, a.id);
        add(a, "WASP-IAM-133", left.empty(),
            left.empty() ? "SCPs deny the root user administrator actions"
                         : label(a) + ": the root user can still " + join(left) + note);
    }

    // WASP-IAM-134: a principal outside the organization, granted everything by the resource's
    // policy and its own, under the RCP levels of the resource's account.
    void perimeter(const OrgAccount& a) {
        OrgLevels rcp = org_levels(org_, a.id, OrgPolicyType::kRcp);
        std::string note =
            rcp.complete ? ""
                         : " (its OUs are not in the export: only the root's and its own RCPs "
                           "applied)";
        Layers layers;
        layers.identity = {&allow_everything()};
        layers.resource = &resource_allows_anyone();
        layers.rcp_levels = std::move(rcp.levels);
        Request r;
        r.principal.arn = "arn:aws:iam::" + outside_ + ":role/wasp-external-probe";
        r.principal.account = outside_;
        r.open_context = true;
        // Outside the organization: the principal's organization keys are absent.
        r.set_context("aws:PrincipalOrgID", {});
        r.set_context("aws:PrincipalOrgPaths", {});
        r.set_context("aws:PrincipalIsAWSService", {"false"});
        auto left = allowed(kPerimeter, r, layers, a.id);
        add(a, "WASP-IAM-134", left.empty(),
            left.empty() ? "RCPs deny principals outside the organization " + actions(kPerimeter)
                         : label(a) +
                               ": a principal outside the organization that resource "
                               "policies trust can still " +
                               join(left) + note);
    }

    const Organization& org_;
    std::string outside_ = outside_account(org_);
    std::vector<OrgCheck> out_;
};

}  // namespace

const std::vector<core::RuleInfo>& organization_rules() {
    static const std::vector<core::RuleInfo> rules{
        rule("WASP-IAM-130", "Member accounts cannot leave the organization", Severity::kHigh,
             {"SEC03-BP05", "SEC01-BP01"},
             "An account that leaves the organization leaves every SCP, RCP, delegated security "
             "service and centralized log behind; whoever controls it then answers to no "
             "guardrail. Decided by the policy evaluation engine: a role of the account allowed "
             "everything by its own policies asks for organizations:LeaveOrganization under the "
             "account's SCPs.",
             "Attach an SCP denying organizations:LeaveOrganization to the root (or to every OU "
             "holding member accounts).",
             {"https://docs.aws.amazon.com/organizations/latest/userguide/"
              "orgs_manage_policies_scps_examples_general.html"}),
        rule("WASP-IAM-131", "Member accounts cannot stop or delete CloudTrail trails",
             Severity::kHigh, {"SEC04-BP01", "SEC03-BP05"},
             "Stopping or deleting the trail is the first thing an intruder does to work unseen; "
             "an SCP makes the audit log outlast any administrator of the account. Decided by the "
             "engine: a role allowed everything by its own policies asks for "
             "cloudtrail:StopLogging and cloudtrail:DeleteTrail under the account's SCPs.",
             "Attach an SCP denying cloudtrail:StopLogging and cloudtrail:DeleteTrail (with an "
             "exception for the role that manages trails, by aws:PrincipalArn), or use an "
             "organization trail from the management account.",
             {"https://docs.aws.amazon.com/organizations/latest/userguide/"
              "orgs_manage_policies_scps_examples_cloudtrail.html"}),
        rule("WASP-IAM-132",
             "Member accounts cannot disable GuardDuty or stop AWS Config recording",
             Severity::kMedium, {"SEC04-BP01", "SEC04-BP03", "SEC03-BP05"},
             "GuardDuty findings and AWS Config's record of changes are how an incident is seen "
             "and reconstructed; an account administrator who can delete the detector, leave the "
             "GuardDuty administrator account or stop the configuration recorder can blind both. "
             "Decided by the engine under the account's SCPs.",
             "Attach SCPs denying guardduty:DeleteDetector, guardduty:UpdateDetector, "
             "guardduty:DisassociateFrom*Account, config:StopConfigurationRecorder, "
             "config:DeleteConfigurationRecorder and config:DeleteDeliveryChannel, with an "
             "exception for the security team's role.",
             {"https://docs.aws.amazon.com/organizations/latest/userguide/"
              "orgs_manage_policies_scps_examples_guardduty.html",
              "https://docs.aws.amazon.com/organizations/latest/userguide/"
              "orgs_manage_policies_scps_examples_config.html"}),
        rule("WASP-IAM-133", "The root user of member accounts is denied by SCP", Severity::kMedium,
             {"SEC01-BP02", "SEC03-BP05"},
             "No IAM policy limits an account's root user; in a member account an SCP is the "
             "only control over it. Decided by the engine: the root user asks for administrator "
             "actions (iam:CreateUser, iam:CreateAccessKey, iam:AttachRolePolicy, "
             "iam:PutRolePolicy, s3:PutObject, ec2:TerminateInstances) under the account's SCPs.",
             "Attach an SCP denying every action when aws:PrincipalArn is like "
             "arn:aws:iam::*:root, and centralize root access so member accounts have no root "
             "credentials.",
             {"https://docs.aws.amazon.com/organizations/latest/userguide/"
              "orgs_manage_policies_scps_examples_general.html",
              "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html"}),
        rule("WASP-IAM-134",
             "RCPs keep principals outside the organization away from member accounts' resources",
             Severity::kMedium, {"SEC03-BP08", "SEC03-BP07", "SEC03-BP05"},
             "A resource policy granting too much (a bucket, key, secret, queue or role trusting "
             "\"*\" or a wrong account) is one mistake away from a data leak; an RCP denying "
             "principals outside the organization makes that mistake harmless. Checked when the "
             "organization uses RCPs: a principal of an account outside the organization, "
             "granted everything by the resource's policy, asks for s3:GetObject, "
             "sts:AssumeRole, kms:Decrypt, secretsmanager:GetSecretValue and sqs:ReceiveMessage "
             "on resources of the account under its RCPs.",
             "Attach an RCP denying the actions of S3, STS, KMS, Secrets Manager and SQS (and "
             "the other services that support RCPs) when aws:PrincipalOrgID is not the "
             "organization's (StringNotEqualsIfExists) and aws:PrincipalIsAWSService is false, "
             "with exceptions for the partners you trust.",
             {"https://docs.aws.amazon.com/organizations/latest/userguide/"
              "orgs_manage_policies_rcps_examples.html"}),
    };
    return rules;
}

std::vector<OrgCheck> analyze_organization(const Organization& org) {
    return OrgAnalyzer(org).run();
}

}  // namespace wasp::iam
