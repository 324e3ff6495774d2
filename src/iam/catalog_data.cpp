// Links data/iam/catalog.tsv into the binary with the assembler's .incbin. The file is MBs of
// text: as a char-array initialiser (cmake/embed.cmake) it would take the compiler far longer.
// CMake passes the file's absolute path as WASP_IAM_CATALOG_PATH and rebuilds this object when
// the file changes (OBJECT_DEPENDS); ccache is off for it, as it cannot see an .incbin input.
#include "iam/catalog_data.h"

#include <cstddef>
#include <cstdint>

#ifndef WASP_IAM_CATALOG_PATH
#error "WASP_IAM_CATALOG_PATH must be the absolute path of data/iam/catalog.tsv"
#endif

// GCC and clang on ELF targets. A NUL follows the text; the end symbol is before it.
// clang-format off
__asm__(
    ".section .rodata\n"
    ".balign 16\n"
    ".global wasp_iam_catalog_begin\n"
    ".hidden wasp_iam_catalog_begin\n"
    ".type wasp_iam_catalog_begin, @object\n"
    "wasp_iam_catalog_begin:\n"
    ".incbin \"" WASP_IAM_CATALOG_PATH "\"\n"
    ".global wasp_iam_catalog_end\n"
    ".hidden wasp_iam_catalog_end\n"
    "wasp_iam_catalog_end:\n"
    ".byte 0\n"
    ".size wasp_iam_catalog_begin, wasp_iam_catalog_end - wasp_iam_catalog_begin + 1\n"
    ".previous\n");
// clang-format on

extern "C" {
__attribute__((visibility("hidden"))) extern const char wasp_iam_catalog_begin[];
__attribute__((visibility("hidden"))) extern const char wasp_iam_catalog_end[];
}

namespace wasp::iam {

std::string_view embedded_catalog() {
    // The two symbols are distinct objects to the compiler: subtract addresses, not pointers.
    auto size = reinterpret_cast<std::uintptr_t>(wasp_iam_catalog_end) -
                reinterpret_cast<std::uintptr_t>(wasp_iam_catalog_begin);
    return {wasp_iam_catalog_begin, static_cast<std::size_t>(size)};
}

}  // namespace wasp::iam
