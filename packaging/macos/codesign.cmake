# SPDX-License-Identifier: GPL-3.0-or-later
#
# CPACK_PRE_BUILD_SCRIPTS for the DMG: signs the staged Deskline.app (hardened runtime, so
# it can be notarised) before the image is made. The identity comes from the environment
# (DESKLINE_CODESIGN_IDENTITY, "Developer ID Application: …"); without one the app is left
# unsigned, and this says so. Notarising the finished image is the workflow's step.

set(_identity "$ENV{DESKLINE_CODESIGN_IDENTITY}")
foreach(_dir IN LISTS CPACK_TEMPORARY_INSTALL_DIRECTORY CPACK_TEMPORARY_DIRECTORY)
    file(GLOB_RECURSE _apps LIST_DIRECTORIES TRUE "${_dir}/*Deskline.app")
    list(FILTER _apps INCLUDE REGEX "Deskline\\.app$")
    if(_apps)
        break()
    endif()
endforeach()
if(NOT _apps)
    message(FATAL_ERROR "codesign.cmake: no Deskline.app under ${CPACK_TEMPORARY_DIRECTORY}")
endif()
list(GET _apps 0 _app)
if(_identity STREQUAL "")
    message(STATUS "Not signing ${_app}: DESKLINE_CODESIGN_IDENTITY is not set (an unsigned image)")
    return()
endif()
# deskctl first, then the bundle (--deep signs the frameworks and plugins inside).
execute_process(COMMAND codesign --force --timestamp --options runtime --sign "${_identity}"
        "${_app}/Contents/MacOS/deskctl"
    COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND codesign --force --deep --timestamp --options runtime --sign "${_identity}" "${_app}"
    COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND codesign --verify --deep --strict "${_app}" COMMAND_ERROR_IS_FATAL ANY)
message(STATUS "Signed ${_app} as ${_identity}")
