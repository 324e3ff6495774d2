// Asking the engine "can this principal ever do this?" many times over, on every core: what the
// escalation graph (paths.cpp) and the blast radius (blast_radius.cpp) share.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "iam/catalog.h"
#include "iam/eval.h"
#include "iam/organization.h"
#include "iam/paths.h"

namespace wasp::iam::probe {

// The answer to one question: allowed (or allowed under some values of unknown keys).
struct Asked {
    bool allowed = false;
    bool conditional = false;
    std::vector<std::string> hinges_on;
    // Denied, and allowed (or allowed under conditions) without the resource control policies:
    // the engine's reason, which names the RCP statement that denies or says none allows it.
    std::string rcp_denial;
};

// What one thread reuses from one request to the next.
struct Worker {
    Request req;
    std::vector<std::uint32_t> buf;
    std::size_t evaluations = 0;
    // The organization settles its condition keys in every request (shared, read-only).
    const OrgRequests* org = nullptr;
};

inline bool possibly_allowed(const Result& res) {
    return res.decision == Decision::kAllowed ||
           std::find(res.possible.begin(), res.possible.end(), Decision::kAllowed) !=
               res.possible.end();
}

// Whether RCPs can restrict the action: only the services that support them
// (iam::Service::rcp); an action the catalog does not know is not restricted.
inline bool rcp_service(std::string_view action) {
    const Service* s = Catalog::builtin().service(action.substr(0, action.find(':')));
    return s != nullptr && s->rcp;
}

// f(i, worker) for every i below count, on `threads` threads taking the next i in turn; one
// worker each (workers grows to threads; a deque keeps them in place).
template <class Workers, class F>
void parallel_for(Workers& workers, unsigned threads, std::size_t count, F&& f) {
    if (workers.size() < threads) workers.resize(threads);
    std::atomic<std::size_t> next{0};
    auto body = [&](auto& w) {
        for (std::size_t i = next++; i < count; i = next++) f(i, w);
    };
    if (threads <= 1 || count < 64) {
        body(workers[0]);
        return;
    }
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back([&, t] { body(workers[t]); });
    body(workers[0]);
}

// One request to the engine. Keys the request does not give are unknown (open context), except
// those the request settles: aws:PrincipalIsAWSService (false for a user or role, true for a
// service principal) and, with an organization, its org keys; `key`, when given, is set to
// `value`. The resource is taken to be in `resource_account`. A denial is checked again without
// the layers' RCPs, to say when they are what denies.
inline Asked ask(Worker& w,
                 const Principal& principal,
                 const Layers& layers,
                 std::string_view action,
                 std::string_view resource,
                 std::string_view resource_account,
                 std::string_view key = {},
                 std::string_view value = {}) {
    Request& r = w.req;
    if (r.principal.arn != principal.arn) r.principal = principal;
    r.action.assign(action);
    r.resource.assign(resource);
    r.resource_account.assign(resource_account);
    r.context.clear();
    if (!key.empty()) r.set_context(key, {std::string(value)});
    if (!principal.arn.empty() && principal.arn != "*") {
        r.set_context("aws:principalisawsservice",
                      {principal.arn.starts_with("arn:") ? "false" : "true"});
    }
    if (w.org) w.org->settle(r);
    r.open_context = true;
    ++w.evaluations;
    Result res = evaluate(r, layers);
    Asked out;
    out.allowed = possibly_allowed(res);
    if (out.allowed && res.conditional) {
        out.conditional = true;
        out.hinges_on = std::move(res.hinges_on);
    }
    if (!out.allowed && !layers.rcp_levels.empty() && rcp_service(action)) {
        Layers without = layers;
        without.rcp_levels.clear();
        ++w.evaluations;
        if (possibly_allowed(evaluate(r, without))) out.rcp_denial = std::move(res.reason);
    }
    return out;
}

// Whether the principal is allowed every admin probe (paths.h) in its account. When only the
// RCPs keep it from being admin, rcp_denial says which probe they deny and why.
inline Asked admin_check(Worker& w, const Principal& p, const Layers& l, std::string_view account) {
    Asked all{true, false, {}, {}};
    std::string rcp_denial;
    for (const auto& [action, resource] : admin_probes()) {
        std::string res = resource;
        if (auto at = res.find("ACCOUNT"); at != std::string::npos) res.replace(at, 7, account);
        Asked a = ask(w, p, l, action, res, account);
        if (!a.allowed) {
            if (a.rcp_denial.empty()) return {};
            // Denied by RCPs alone; the other probes say whether it would be admin without.
            if (rcp_denial.empty()) rcp_denial = action + " on " + res + ": " + a.rcp_denial;
            continue;
        }
        if (a.conditional) {
            all.conditional = true;
            for (auto& k : a.hinges_on) {
                if (std::find(all.hinges_on.begin(), all.hinges_on.end(), k) ==
                    all.hinges_on.end()) {
                    all.hinges_on.push_back(std::move(k));
                }
            }
        }
    }
    if (!rcp_denial.empty()) return {false, false, {}, std::move(rcp_denial)};
    return all;
}

}  // namespace wasp::iam::probe
