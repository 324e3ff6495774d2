// Alerts as the review's findings.
#include "detect/findings.h"

#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/file.h"
#include "core/time.h"

namespace wasp::detect {
namespace {

core::Evidence evidence_of(const EventRef& e) {
    core::Evidence out;
    out.id = e.event_id;
    out.time = e.event_time;
    auto add = [&](std::string_view key, const std::string& value) {
        if (!value.empty()) out.fields.emplace_back(std::string(key), value);
    };
    add("eventName", e.event_name);
    add("eventSource", e.event_source);
    add("principal", e.principal);
    add("sourceIPAddress", e.source_ip);
    add("awsRegion", e.region);
    add("recipientAccountId", e.account);
    add("userAgent", e.user_agent);
    add("errorCode", e.error_code);
    out.location.file = e.file;
    if (e.json_lines) {
        out.location.mark.line = static_cast<std::uint32_t>(e.index + 1);
    } else {
        out.location.pointer = "/Records/" + std::to_string(e.index);
    }
    return out;
}

}  // namespace

core::Resource principal_resource(std::string_view principal, std::string_view account) {
    core::Resource r;
    if (principal.empty()) return r;
    // arn:aws:sts::111122223333:assumed-role/Name/session -> arn:aws:iam::111122223333:role/Name
    constexpr std::string_view kAssumed = ":assumed-role/";
    if (auto at = principal.find(kAssumed);
        principal.starts_with("arn:") && at != std::string_view::npos) {
        std::string_view rest = principal.substr(at + kAssumed.size());
        std::string_view name = rest.substr(0, rest.find('/'));
        std::string_view head = principal.substr(0, at);  // arn:aws:sts::111122223333
        std::string_view partition = head.substr(4, head.find(':', 4) - 4);
        std::string_view acct = head.substr(head.rfind(':') + 1);
        r.kind = "aws.iam.role";
        r.native_type = "IAM role";
        r.id = "arn:" + std::string(partition) + ":iam::" + std::string(acct) + ":role/" +
               std::string(name);
        return r;
    }
    if (principal.starts_with("arn:") && principal.ends_with(":root")) {
        r.kind = "aws.account.root";
        r.native_type = "AWS account root user";
    } else if (principal.starts_with("arn:") && principal.find(":user/") != principal.npos) {
        r.kind = "aws.iam.user";
        r.native_type = "IAM user";
    } else if (principal.starts_with("arn:") && principal.find(":role/") != principal.npos) {
        r.kind = "aws.iam.role";
        r.native_type = "IAM role";
    } else {
        r.kind = "aws.principal";
        r.native_type = "principal";
    }
    r.id = std::string(principal);
    if (r.kind == "aws.principal" && !account.empty()) r.id += " (" + std::string(account) + ")";
    return r;
}

DetectionFindings to_findings(const std::vector<Alert>& alerts) {
    DetectionFindings out;
    std::map<std::pair<std::string, std::string>, std::size_t> index;  // (kind, id) -> resource
    std::set<std::string> fingerprints;
    for (const Alert& a : alerts) {
        core::Finding f;
        f.rule_id = a.rule_id;
        f.severity = a.severity;
        f.message = a.message;
        core::Resource r = principal_resource(a.principal, a.account);
        if (!r.kind.empty()) {
            auto key = std::pair{r.kind, r.id};
            auto it = index.find(key);
            if (it == index.end()) {
                if (!a.events.empty()) r.location.file = a.events.front().file;
                out.resources.push_back(std::move(r));
                it = index.emplace(key, out.resources.size() - 1).first;
            }
            f.resource = it->second;
        }
        core::Activity act;
        act.events = a.count;
        act.first_seen = core::format_iso_time_ms(a.first_ms);
        act.last_seen = core::format_iso_time_ms(a.last_ms);
        for (const auto& e : a.events) act.sample.push_back(evidence_of(e));
        if (!act.sample.empty()) f.location = act.sample.front().location;
        f.activity = std::move(act);
        std::string key = a.rule_id + "|" + a.principal + "|" + a.account;
        // Correlations can alert on one principal in several windows: each its own finding.
        if (!fingerprints.insert(key).second) key += "|" + std::to_string(a.first_ms);
        f.fingerprint = core::sha256_hex(key).substr(0, 32);
        out.findings.push_back(std::move(f));
    }
    return out;
}

}  // namespace wasp::detect
