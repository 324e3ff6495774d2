// Attackers for detonations, and the mix of detonations into a benign background.
#include "detect/synth.h"

#include <algorithm>
#include <utility>

#include "detect/synth_record.h"

namespace wasp::detect {

Actor sample_actor(Rng& rng) {
    Actor a;
    a.user_id = synth::iam_id(rng, "AIDA");
    a.access_key_id = synth::iam_id(rng, "AKIA");
    a.source_ip = synth::ipv4(rng, rng.chance(0.5) ? "203.0.113" : "198.51.100");
    a.user_agent = "stratus-red-team_" + synth::uuid(rng);
    do {
        a.foreign_account = synth::account_id(rng);
    } while (a.foreign_account == a.account);
    a.instance_id = synth::instance_id(rng);
    a.instance_ip = synth::ipv4(rng, "3.88." + std::to_string(rng.between(0, 255)));
    return a;
}

Actor actor_from(const Background& background, Rng& rng) {
    using Kind = BackgroundPrincipal::Kind;
    Actor a = sample_actor(rng);
    const auto& principals = background.principals();
    auto pick = [&](Kind kind, std::string_view account) -> const BackgroundPrincipal* {
        std::vector<const BackgroundPrincipal*> found;
        for (const auto& p : principals) {
            if (p.kind == kind && (account.empty() || p.account == account)) found.push_back(&p);
        }
        return found.empty() ? nullptr : found[rng.below(found.size())];
    };
    if (!background.accounts().empty()) {
        a.account = background.accounts()[rng.below(background.accounts().size())];
    }
    if (const auto* person = pick(Kind::kHuman, {})) {
        // A person's key: the principal with the richest baseline to stand out from.
        a.account = person->account;
        a.user_name = person->name;
        a.user_id = person->id;
        a.access_key_id = person->access_key;
        a.usual_user_agent = person->user_agent;
        if (!person->regions.empty()) a.region = person->regions.front();
    } else if (!background.options().regions.empty()) {
        a.region = background.options().regions.front();
    }
    const auto* instance = pick(Kind::kInstance, a.account);
    if (instance == nullptr) instance = pick(Kind::kInstance, {});
    if (instance != nullptr) {
        a.instance_role = instance->name;
        a.instance_id = instance->session;
        if (!instance->ips.empty()) a.instance_ip = instance->ips.front();
    }
    const auto& accounts = background.accounts();
    while (std::find(accounts.begin(), accounts.end(), a.foreign_account) != accounts.end()) {
        a.foreign_account = synth::account_id(rng);
    }
    return a;
}

std::expected<std::vector<InjectedAttack>, std::string> mix(
    Background& background,
    std::span<const PlannedAttack> plan,
    std::uint64_t seed,
    const std::function<void(const SynthEvent&)>& sink) {
    std::vector<const Technique*> found;
    for (const auto& p : plan) {
        const Technique* t = find_technique(p.technique_id);
        if (t == nullptr)
            return std::unexpected("unknown attack technique '" + p.technique_id + "'");
        found.push_back(t);
    }
    Rng rng(seed);
    std::vector<InjectedAttack> injected;
    std::vector<SynthEvent> attacks;
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const Actor actor = plan[i].actor ? *plan[i].actor : actor_from(background, rng);
        auto events = detonate(*found[i], actor, plan[i].start_ms, rng);
        InjectedAttack info;
        info.technique_id = plan[i].technique_id;
        info.start_ms = events.empty() ? plan[i].start_ms : events.front().time_ms;
        info.end_ms = events.empty() ? plan[i].start_ms : events.back().time_ms;
        for (auto& e : events) {
            // "eventID":"…" is written once per record, after requestID.
            const auto at = e.json.find("\"eventID\":\"");
            if (at != std::string::npos) {
                info.event_ids.push_back(e.json.substr(at + 11, synth::kUuidLength));
            }
            attacks.push_back(std::move(e));
        }
        injected.push_back(std::move(info));
    }
    std::stable_sort(attacks.begin(), attacks.end(), [](const SynthEvent& a, const SynthEvent& b) {
        return a.time_ms < b.time_ms;
    });
    SynthEvent event;
    bool more = background.next(event);
    std::size_t next_attack = 0;
    while (more || next_attack < attacks.size()) {
        if (next_attack < attacks.size() &&
            (!more || attacks[next_attack].time_ms < event.time_ms)) {
            sink(attacks[next_attack++]);
        } else {
            sink(event);
            more = background.next(event);
        }
    }
    return injected;
}

}  // namespace wasp::detect
