#include "iac/terraform_source.h"

#include <algorithm>
#include <map>
#include <optional>
#include <system_error>

#include "core/file.h"
#include "core/parse.h"

namespace wasp::iac {

using core::DiagLevel;
using core::Mark;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSkipMarker = "wasp:skip=";
constexpr std::uintmax_t kMaxSourceBytes = 16u << 20;

bool ident_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

// A block label: "quoted" or an identifier. Advances i past it; empty when there is none.
std::string label(std::string_view line, std::size_t& i) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) return {};
    if (line[i] == '"') {
        auto end = line.find('"', i + 1);
        if (end == std::string_view::npos) return {};
        std::string out(line.substr(i + 1, end - i - 1));
        i = end + 1;
        return out;
    }
    std::size_t start = i;
    while (i < line.size() && ident_char(line[i])) ++i;
    return std::string(line.substr(start, i - start));
}

// The lexer's state across lines: what is open, innermost last. 'B' a block or object brace in
// code, 'S' a string, 'I' an interpolation or template directive inside a string, 'b' a brace
// inside an interpolation.
class Scanner {
  public:
    Scanner(std::string_view text, const std::string& file) : text_(text), file_(file) {}

    std::vector<TfBlock> run() {
        std::size_t start = 0;
        std::uint32_t line_no = 0;
        while (start < text_.size()) {
            ++line_no;
            auto end = text_.find('\n', start);
            if (end == std::string_view::npos) end = text_.size();
            std::string_view line = text_.substr(start, end - start);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            start = end + 1;
            this->line(line, line_no);
        }
        return std::move(blocks_);
    }

  private:
    void line(std::string_view l, std::uint32_t no) {
        if (!heredoc_.empty()) {
            auto first = l.find_first_not_of(" \t");
            if (first != std::string_view::npos && l.substr(first) == heredoc_) heredoc_.clear();
            return;
        }
        bool code = false;  // the line has something besides comments and blanks
        std::size_t i = 0;
        if (!in_comment_ && stack_.empty()) {
            auto first = l.find_first_not_of(" \t");
            if (first != std::string_view::npos && l.substr(first).starts_with("resource") &&
                first + 8 < l.size() && !ident_char(l[first + 8])) {
                std::size_t j = first + 8;
                std::string type = label(l, j);
                std::string name = type.empty() ? std::string() : label(l, j);
                if (!name.empty()) {
                    TfBlock b{std::move(type),
                              std::move(name),
                              file_,
                              Mark{no, static_cast<std::uint32_t>(first + 1)},
                              {}};
                    b.skips = std::move(pending_);
                    pending_.clear();
                    blocks_.push_back(std::move(b));
                    open_ = blocks_.size() - 1;
                    i = j;
                    code = true;
                }
            }
        }
        for (; i < l.size(); ++i) {
            char c = l[i];
            char next = i + 1 < l.size() ? l[i + 1] : '\0';
            if (in_comment_) {
                if (c == '*' && next == '/') {
                    in_comment_ = false;
                    ++i;
                }
                continue;
            }
            char top = stack_.empty() ? '\0' : stack_.back();
            if (top == 'S') {
                if (c == '\\') {
                    ++i;
                } else if (c == '"') {
                    stack_.pop_back();
                } else if ((c == '$' || c == '%') && next == '{') {
                    stack_.push_back('I');
                    ++i;
                }
                continue;
            }
            if (c == ' ' || c == '\t') continue;
            if (c == '#' || (c == '/' && next == '/')) {
                comment(l.substr(i), no, static_cast<std::uint32_t>(i + 1));
                break;
            }
            if (c == '/' && next == '*') {
                in_comment_ = true;
                ++i;
                continue;
            }
            code = true;
            if (c == '"') {
                stack_.push_back('S');
            } else if (c == '{') {
                stack_.push_back(top == 'I' || top == 'b' ? 'b' : 'B');
            } else if (c == '}') {
                if (!stack_.empty()) stack_.pop_back();
                if (depth() == 0) open_ = kNone;
            } else if (c == '<' && next == '<' && (top == '\0' || top == 'B')) {
                std::size_t j = i + 2;
                if (j < l.size() && l[j] == '-') ++j;
                std::size_t k = j;
                while (k < l.size() && ident_char(l[k])) ++k;
                if (k > j) {
                    heredoc_ = std::string(l.substr(j, k - j));
                    break;
                }
            }
        }
        if (code && open_ == kNone) pending_.clear();
    }

    std::size_t depth() const {
        return static_cast<std::size_t>(std::count(stack_.begin(), stack_.end(), 'B'));
    }

    void comment(std::string_view text, std::uint32_t line, std::uint32_t column) {
        auto at = text.find(kSkipMarker);
        if (at == std::string_view::npos) return;
        Skip s = parse_skip_comment(text.substr(at + kSkipMarker.size()),
                                    core::SourceLocation{file_, Mark{line, column}, {}});
        if (open_ != kNone) {
            blocks_[open_].skips.push_back(std::move(s));
        } else {
            pending_.push_back(std::move(s));
        }
    }

    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::string_view text_;
    const std::string& file_;
    std::vector<TfBlock> blocks_;
    std::vector<Skip> pending_;  // skips in the comments above the next block
    std::string stack_;
    std::string heredoc_;  // the closing marker while inside a heredoc
    bool in_comment_ = false;
    std::size_t open_ = kNone;  // the resource block being read
};

// "module.a[\"x\"].module.b[0]" -> "a.b", the key of modules.json.
std::string module_key(std::string_view module) {
    std::string out;
    while (!module.empty()) {
        if (module.starts_with("module.")) module.remove_prefix(7);
        std::size_t end = 0;
        while (end < module.size() && module[end] != '.' && module[end] != '[') ++end;
        if (!out.empty()) out += '.';
        out += module.substr(0, end);
        module.remove_prefix(end);
        if (!module.empty() && module.front() == '[') {
            // An instance key; a string key may hold dots or brackets.
            bool quoted = module.size() > 1 && module[1] == '"';
            std::size_t close = quoted ? module.find("\"]", 2) : module.find(']');
            if (close == std::string_view::npos) return out;
            module.remove_prefix(close + (quoted ? 2 : 1));
        }
        if (!module.empty() && module.front() == '.') module.remove_prefix(1);
    }
    return out;
}

// Module key -> directory relative to the root module, from `terraform init`'s manifest.
std::map<std::string, std::string, std::less<>> read_manifest(const fs::path& root) {
    std::map<std::string, std::string, std::less<>> dirs;
    std::error_code ec;
    fs::path manifest = root / ".terraform" / "modules" / "modules.json";
    if (!fs::is_regular_file(manifest, ec)) return dirs;
    auto text = core::read_file(manifest, kMaxSourceBytes);
    if (!text) return dirs;
    auto parsed = core::parse_json(*text);
    if (!parsed) return dirs;
    const core::Node* modules = parsed->root.get("Modules");
    if (!modules || !modules->is_sequence()) return dirs;
    for (const auto& m : modules->items()) {
        const core::Node* key = m.get("Key");
        const core::Node* dir = m.get("Dir");
        // Terraform writes directories relative to the root module; an absolute one is not
        // followed, so a crafted manifest cannot send the scan elsewhere on the machine.
        if (key && dir && key->is_scalar() && dir->is_scalar() &&
            !fs::path(dir->text()).is_absolute()) {
            dirs[key->text()] = dir->text();
        }
    }
    return dirs;
}

bool local_source(std::string_view s) { return s.starts_with("./") || s.starts_with("../"); }

}  // namespace

std::vector<TfBlock> scan_terraform_source(std::string_view text, const std::string& file) {
    return Scanner(text, file).run();
}

void locate_terraform_sources(TfPlan& plan,
                              const fs::path& plan_dir,
                              core::Diagnostics& diagnostics) {
    if (plan.resources.empty()) return;
    fs::path rel_root = fs::path(plan.file).parent_path();
    auto manifest = read_manifest(plan_dir);

    // Module key -> directory relative to the root module; nullopt when it cannot be known
    // (a registry module without `terraform init`).
    std::map<std::string, std::optional<fs::path>, std::less<>> dirs;
    auto dir_of = [&](const std::string& key, auto& self) -> std::optional<fs::path> {
        if (key.empty()) return fs::path(".");
        if (auto it = dirs.find(key); it != dirs.end()) return it->second;
        std::optional<fs::path> dir;
        if (auto m = manifest.find(key); m != manifest.end()) {
            dir = fs::path(m->second);
        } else if (auto s = plan.module_sources.find(key);
                   s != plan.module_sources.end() && local_source(s->second)) {
            auto dot = key.rfind('.');
            auto parent = self(dot == std::string::npos ? std::string() : key.substr(0, dot), self);
            if (parent) dir = (*parent / s->second).lexically_normal();
        }
        dirs[key] = dir;
        return dir;
    };

    // Directory -> "type.name" -> its block, each directory scanned once.
    std::map<fs::path, std::map<std::string, TfBlock, std::less<>>> scanned;
    auto blocks_in =
        [&](const fs::path& dir) -> const std::map<std::string, TfBlock, std::less<>>& {
        auto [it, fresh] = scanned.try_emplace(dir);
        if (!fresh) return it->second;
        std::error_code ec;
        std::vector<fs::path> files;
        for (fs::directory_iterator d(plan_dir / dir, ec), end; !ec && d != end; d.increment(ec)) {
            if (d->path().extension() == ".tf" && d->is_regular_file(ec))
                files.push_back(d->path());
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            std::string rel = (rel_root / dir / f.filename()).lexically_normal().generic_string();
            auto text = core::read_file(f, kMaxSourceBytes);
            if (!text) {
                diagnostics.push_back({DiagLevel::kWarning, "input-unreadable", text.error(),
                                       core::SourceLocation{rel, {}, {}}});
                continue;
            }
            for (auto& b : scan_terraform_source(*text, rel)) {
                std::string key = b.type + "." + b.name;
                it->second.try_emplace(std::move(key), std::move(b));
            }
        }
        return it->second;
    };

    for (auto& r : plan.resources) {
        auto dir = dir_of(module_key(r.module), dir_of);
        if (!dir) continue;
        const auto& blocks = blocks_in(*dir);
        auto b = blocks.find(r.type + "." + r.name);
        if (b == blocks.end()) continue;
        r.declared = core::SourceLocation{b->second.file, b->second.mark, {}};
        r.skips.clear();
        for (const auto& k : b->second.skips) r.skips.emplace_back(k.rule_id, k.suppression);
    }
}

}  // namespace wasp::iac
