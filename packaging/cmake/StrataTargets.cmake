# Helpers shared by every Strata target: warnings, and the rule that the engine stays Qt-free.

function(strata_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
endfunction()

# Adds an engine library: strata_engine_library(NAME SOURCES ... DEPS ...)
set_property(GLOBAL PROPERTY STRATA_ENGINE_TARGETS "")
function(strata_engine_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/engine)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  strata_warnings(${name})
  set_property(GLOBAL APPEND PROPERTY STRATA_ENGINE_TARGETS ${name})
endfunction()

# DESIGN.md: "CMake fails the configure step if an engine or scripting target links Qt."
function(strata_forbid_qt_in_engine)
  get_property(targets GLOBAL PROPERTY STRATA_ENGINE_TARGETS)
  foreach(t IN LISTS targets)
    get_target_property(libs ${t} LINK_LIBRARIES)
    foreach(l IN LISTS libs)
      if(l MATCHES "^Qt[0-9]*::")
        message(FATAL_ERROR "Engine/scripting target '${t}' links '${l}': the engine must stay Qt-free")
      endif()
    endforeach()
  endforeach()
endfunction()
