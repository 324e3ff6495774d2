// The anomaly rules' metadata, as every wasp rule carries it.
#include <string>
#include <vector>

#include "detect/anomaly_internal.h"

namespace wasp::detect {
namespace {

constexpr const char* kGuardDutyIam =
    "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html";
constexpr const char* kCompromised =
    "https://docs.aws.amazon.com/guardduty/latest/ug/compromised-creds.html";

core::RuleInfo rule(const char* id,
                    const char* title,
                    core::Severity severity,
                    std::string description,
                    std::string remediation,
                    std::vector<std::string> best_practices = {"SEC04-BP03"}) {
    core::RuleInfo r;
    r.id = id;
    r.title = title;
    r.severity = severity;
    r.best_practices = std::move(best_practices);
    r.kinds = {"aws.cloudtrail.event"};
    r.description = std::move(description);
    r.remediation = std::move(remediation);
    r.references = {kGuardDutyIam, kCompromised};
    r.source = "src/detect/anomaly_rules.cpp";
    return r;
}

constexpr const char* kConfirm =
    "Ask the principal's owner whether the activity was theirs. If it was not, treat the "
    "credentials as compromised: revoke the role's sessions or deactivate the user's keys, "
    "review what the evidence events changed, and rotate the credentials. If it was, learn "
    "again with these events so the baseline includes them.";

std::vector<core::RuleInfo> make_rules() {
    using core::Severity;
    std::vector<core::RuleInfo> rules;
    rules.push_back(
        rule("WASP-ANOM-001", "Principals call only the AWS services they have used before",
             Severity::kLow,
             "A principal (or an account) called an AWS service (eventSource) that its baseline "
             "never saw. Stolen credentials are often tried on services their owner never uses; "
             "discovery sweeps across services look the same.",
             kConfirm));
    rules.push_back(rule(
        "WASP-ANOM-002", "Principals make only the write calls they have made before",
        Severity::kMedium,
        "A principal made a write API call (readOnly false) that its baseline never saw, such "
        "as iam:CreateAccessKey from a role that only deploys Lambda functions. Persistence and "
        "privilege escalation are write calls.",
        kConfirm));
    rules.push_back(
        rule("WASP-ANOM-003", "Principals act only in the regions they have used before",
             Severity::kMedium,
             "A principal (or an account) acted in an AWS Region its baseline never saw. Attackers "
             "launch resources in regions nobody watches.",
             std::string("If the region is not meant to be used, deny it with a service control "
                         "policy on aws:RequestedRegion and look for resources created there. ") +
                 kConfirm));
    rules.push_back(rule(
        "WASP-ANOM-004", "Principals call from the networks they have used before", Severity::kLow,
        "A principal acted from a source network (IPv4 /24, IPv6 /48, or an AWS service) its "
        "baseline never saw: credentials used from a new place.",
        kConfirm));
    rules.push_back(rule(
        "WASP-ANOM-005", "Principals call from the countries and networks they have used before",
        Severity::kMedium,
        "A principal acted from a country or an autonomous system (ASN) its baseline never saw, "
        "according to the ip2asn table given; credentials used from another country or provider "
        "are a classic sign of theft.",
        kConfirm));
    rules.push_back(rule(
        "WASP-ANOM-006", "Principals use the tools they have used before", Severity::kLow,
        "A principal called AWS with a user-agent family (aws-cli, Boto3, console, Terraform, "
        "...) its baseline never saw: a role used by one SDK in production suddenly driven from "
        "a command line.",
        kConfirm));
    rules.push_back(rule(
        "WASP-ANOM-007", "Principals are not denied in bursts", Severity::kMedium,
        "Many denied calls (AccessDenied, UnauthorizedOperation, ...NotAuthorized...) in a few "
        "minutes, far above the principal's usual rate: someone is probing what the credentials "
        "may do.",
        "Find who holds the credentials and why they try calls they are not allowed. Probing "
        "by an unknown holder means compromised credentials: revoke and rotate them. A "
        "misconfigured workload needs its permissions or its code fixed.",
        {"SEC04-BP03"}));
    rules.push_back(rule(
        "WASP-ANOM-008", "Principals keep to their usual volume of calls", Severity::kMedium,
        "An hour with far more events than the principal's baseline: mean plus several standard "
        "deviations, and several times its busiest hour. Mass enumeration, exfiltration and "
        "mass deletion show as volume.",
        "Look at what the principal did in that hour (the evidence events and the rest of the "
        "hour). If it was not a planned job, contain the principal as for compromised "
        "credentials.",
        {"SEC04-BP03"}));
    rules.push_back(rule(
        "WASP-ANOM-009", "Every principal that acts in an account is known", Severity::kLow,
        "A principal acted in an account whose baseline has enough history, but the baseline "
        "never saw that principal: a new user, role or federated identity, or one created by an "
        "attacker for persistence.",
        "Check that the principal was created on purpose, by whom (CreateUser, CreateRole, "
        "trust policy changes) and that its permissions are intended.",
        {"SEC04-BP03", "SEC04-BP01"}));
    return rules;
}

const std::vector<core::RuleInfo>& rules() {
    static const std::vector<core::RuleInfo> kRules = make_rules();
    return kRules;
}

}  // namespace

std::span<const core::RuleInfo> anomaly_rules() { return rules(); }

const core::RuleInfo& rule_info(AnomalyRule r) { return rules()[static_cast<std::size_t>(r)]; }

AnomalyRule rule_for(Dimension d) {
    switch (d) {
        case Dimension::kService:
            return AnomalyRule::kNewService;
        case Dimension::kWriteCall:
            return AnomalyRule::kNewWriteCall;
        case Dimension::kRegion:
            return AnomalyRule::kNewRegion;
        case Dimension::kNetwork:
            return AnomalyRule::kNewNetwork;
        case Dimension::kAsn:
        case Dimension::kCountry:
            return AnomalyRule::kNewCountryOrAsn;
        case Dimension::kUserAgent:
            return AnomalyRule::kNewUserAgent;
    }
    return AnomalyRule::kNewService;
}

}  // namespace wasp::detect
