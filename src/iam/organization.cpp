// Definitions of iam/organization.h.
#include "iam/organization.h"

#include <algorithm>

namespace wasp::iam {

bool Organization::contains(std::string_view account) const {
    if (account.empty()) return false;
    if (account == management_account) return true;
    return std::any_of(accounts.begin(), accounts.end(),
                       [&](const OrgAccount& a) { return a.id == account; });
}

}  // namespace wasp::iam
