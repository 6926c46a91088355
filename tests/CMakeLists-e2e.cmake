# SPDX-License-Identifier: MIT
# End-to-end tests: every tests/e2e/t-*.sh runs under tests/e2e/sim-run (private network and mount
# namespace, Azure DevOps simulator; needs root, node, openssl, git, curl) as CTest test
# e2e.<name>, label "e2e". Included from tests/CMakeLists.txt:  include(CMakeLists-e2e.cmake)
# The programs under test are taken from ${CMAKE_BINARY_DIR}/bin.
file(GLOB GITZEN_E2E_SCRIPTS CONFIGURE_DEPENDS "${CMAKE_CURRENT_LIST_DIR}/e2e/t-*.sh")
list(SORT GITZEN_E2E_SCRIPTS)
foreach(script IN LISTS GITZEN_E2E_SCRIPTS)
  get_filename_component(name "${script}" NAME)
  string(REGEX REPLACE "^t-(.*)\\.sh$" "\\1" name "${name}")
  add_test(NAME e2e.${name}
           COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/e2e/sim-run" "${script}")
  set_tests_properties(e2e.${name} PROPERTIES
    ENVIRONMENT "GITZEN_BIN=${CMAKE_BINARY_DIR}/bin"
    LABELS e2e
    # a guard against a hang, not a timing check: the longest takes about 40 s alone, and in
    # CI it shares two cores with the sanitizer, valgrind and fuzz stages
    TIMEOUT 300)
endforeach()

# Conformance (tests/conformance): Microsoft's azure-devops-node-api, pinned by package-lock.json,
# drives the simulator. Its packages are installed with `npm ci` into the build directory by a
# fixture that runs outside the test's network namespace; the test itself runs under sim-run.
add_test(NAME e2e.conformance-npm-ci
         COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/conformance/install.sh" "${CMAKE_BINARY_DIR}/conformance")
set_tests_properties(e2e.conformance-npm-ci PROPERTIES
  FIXTURES_SETUP gitzen_conformance_npm
  LABELS e2e
  TIMEOUT 300)
add_test(NAME e2e.conformance
         COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/e2e/sim-run" "${CMAKE_CURRENT_LIST_DIR}/conformance/t-conformance.sh")
set_tests_properties(e2e.conformance PROPERTIES
  FIXTURES_REQUIRED gitzen_conformance_npm
  ENVIRONMENT "GITZEN_BIN=${CMAKE_BINARY_DIR}/bin;GITZEN_CONFORMANCE_MODULES=${CMAKE_BINARY_DIR}/conformance/node_modules"
  LABELS e2e
  TIMEOUT 120)
