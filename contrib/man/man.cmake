# SPDX-License-Identifier: MIT
# man.cmake — one man page as installed: the source page (contrib/man/NAME.1) with its .TH
# line's @GZ_VERSION@ and @GZ_DATE@ filled in (the version from project(VERSION), the date of
# NEWS's top entry), compressed with `gzip -9n` (no name, no time: the same bytes every build).
#   cmake -DIN=page.1 -DOUT=page.1.gz -DVERSION=0.2.0 -DDATE=2026-12-02 -P man.cmake
foreach(v IN ITEMS IN OUT VERSION DATE)
  if(NOT DEFINED ${v} OR "${${v}}" STREQUAL "")
    message(FATAL_ERROR "man.cmake: -D${v}=... is missing")
  endif()
endforeach()
file(READ "${IN}" page)
if(NOT page MATCHES "\n\\.TH [^\n]*@GZ_VERSION@" OR NOT page MATCHES "\n\\.TH [^\n]*@GZ_DATE@")
  message(FATAL_ERROR "${IN}: its .TH line must hold @GZ_DATE@ and @GZ_VERSION@")
endif()
string(REPLACE "@GZ_VERSION@" "${VERSION}" page "${page}")
string(REPLACE "@GZ_DATE@" "${DATE}" page "${page}")
get_filename_component(name "${OUT}" NAME_WLE)
file(WRITE "${OUT}.tmp/${name}" "${page}")
execute_process(COMMAND gzip -9nc "${OUT}.tmp/${name}" OUTPUT_FILE "${OUT}" RESULT_VARIABLE rc)
file(REMOVE_RECURSE "${OUT}.tmp")
if(NOT rc EQUAL 0)
  file(REMOVE "${OUT}")
  message(FATAL_ERROR "gzip -9nc ${IN} failed: ${rc}")
endif()
