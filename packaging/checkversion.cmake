# SPDX-License-Identifier: GPL-3.0-or-later
#
# The version_consistency test: project(VERSION) is the one version, and everything that
# shows one must say it. Fails, naming the one that disagrees, when any does not.
#
#   cmake -DVERSION=x.y.z -DDESKLINE=… -DDESKCTL=… -DMETAINFO=… -DCHANGELOG=… -DCPACK_CONFIG=…
#         -P checkversion.cmake

foreach(_input IN ITEMS VERSION DESKLINE DESKCTL METAINFO CHANGELOG CPACK_CONFIG)
    if(NOT DEFINED ${_input})
        message(FATAL_ERROR "checkversion.cmake: ${_input} is not set")
    endif()
endforeach()

set(_problems)

# The programs (deskline needs a platform: the test runs it offscreen).
foreach(_program IN ITEMS DESKLINE DESKCTL)
    execute_process(COMMAND "${${_program}}" --version
        OUTPUT_VARIABLE _out ERROR_VARIABLE _err RESULT_VARIABLE _rc OUTPUT_STRIP_TRAILING_WHITESPACE)
    string(TOLOWER "${_program}" _name)
    if(NOT _rc EQUAL 0)
        list(APPEND _problems "${_name} --version failed (${_rc}): ${_err}")
    elseif(NOT _out MATCHES " ${VERSION}$")
        list(APPEND _problems "${_name} --version says \"${_out}\", not ${VERSION}")
    endif()
endforeach()

# The newest AppStream release comes first.
file(STRINGS "${METAINFO}" _release REGEX "<release " LIMIT_COUNT 1)
string(REGEX MATCH "version=\"([^\"]*)\"" _match "${_release}")
if(NOT CMAKE_MATCH_1 STREQUAL VERSION)
    list(APPEND _problems "the newest AppStream release is \"${CMAKE_MATCH_1}\", not ${VERSION}")
endif()

# The Debian changelog's newest entry: VERSION-REVISION.
file(STRINGS "${CHANGELOG}" _entry LIMIT_COUNT 1)
string(REGEX MATCH "^deskline \\(([^)-]*)-[0-9]+\\)" _match "${_entry}")
if(NOT CMAKE_MATCH_1 STREQUAL VERSION)
    list(APPEND _problems "the newest changelog entry is \"${_entry}\", not ${VERSION}-N")
endif()

# The packages (.deb, .rpm, MSI, DMG) take CPACK_PACKAGE_VERSION.
include("${CPACK_CONFIG}")
if(NOT CPACK_PACKAGE_VERSION STREQUAL VERSION)
    list(APPEND _problems "the packages say \"${CPACK_PACKAGE_VERSION}\", not ${VERSION}")
endif()

if(_problems)
    list(JOIN _problems "\n  " _text)
    message(FATAL_ERROR "The version is not the same everywhere:\n  ${_text}")
endif()
message(STATUS "deskline, deskctl, AppStream, changelog and packages: ${VERSION}")
