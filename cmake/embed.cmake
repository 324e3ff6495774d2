# Compiles data files (catalog, rules) into the binary as string constants.
# wasp_embed(TARGET NAMESPACE FUNCTION FILES...) generates a .cpp defining
#   std::span<const wasp::core::EmbeddedFile> NAMESPACE::FUNCTION()
# with each file's path (relative to the source root) and contents.
function(wasp_embed target namespace function)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${function}_embedded.cpp")
  set(files ${ARGN})
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${namespace} -DFUNCTION=${function}
            -DROOT=${PROJECT_SOURCE_DIR} "-DFILES=${files}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_gen.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/embed_gen.cmake
    COMMENT "Embedding ${function}"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
