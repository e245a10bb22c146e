# SWSPLAN_VERSION: the project version plus the commit it was configured from, e.g.
# 0.1.0+g5880159 (a valid Debian version; `+g` as in `git describe`). Without git (a source
# tarball) it is the project version alone. The header app/version.hpp carries it to the
# programs (`swsplan --version`, `swsplan-gui --version`).
set(SWSPLAN_COMMIT "")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=7 HEAD
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE _swsplan_commit
    RESULT_VARIABLE _swsplan_git_rc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_swsplan_git_rc EQUAL 0)
    set(SWSPLAN_COMMIT ${_swsplan_commit})
    # Configure again when HEAD moves (a commit or a checkout), so the version stays true.
    foreach(_ref HEAD logs/HEAD)
      execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --git-path ${_ref}
        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE _swsplan_ref_path
        OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
      get_filename_component(_swsplan_ref_path "${_swsplan_ref_path}" ABSOLUTE BASE_DIR ${PROJECT_SOURCE_DIR})
      if(EXISTS "${_swsplan_ref_path}")
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_swsplan_ref_path}")
      endif()
    endforeach()
  endif()
endif()
if(SWSPLAN_COMMIT)
  set(SWSPLAN_VERSION "${PROJECT_VERSION}+g${SWSPLAN_COMMIT}")
else()
  set(SWSPLAN_VERSION "${PROJECT_VERSION}")
  set(SWSPLAN_COMMIT "unknown")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/version.hpp.in ${PROJECT_BINARY_DIR}/generated/app/version.hpp @ONLY)
add_library(swsplan_version INTERFACE)
target_include_directories(swsplan_version INTERFACE ${PROJECT_BINARY_DIR}/generated)
message(STATUS "swsplan version ${SWSPLAN_VERSION}")
