# SPDX-License-Identifier: MIT
# The Debian package as a release has it (label "package"): package.deb builds it once into
# ${CMAKE_BINARY_DIR}/package-test (fixture), package.lintian runs Debian's lintian on it and
# fails on any error or warning, package.version checks that every place showing the version
# agrees with project(VERSION), package.reproducible builds the tree twice elsewhere and
# compares the two packages byte for byte (scripts/reproducible, about 15 s), package.deps checks
# that scripts/deps installs every program the build, the tests and scripts/ run.
# Not for a sanitizer build (packaging one is meaningless). Included from tests/CMakeLists.txt.
if(GITZEN_SANITIZE)
  return()
endif()
set(GZ_PKG_DIR "${CMAKE_BINARY_DIR}/package-test")
add_test(NAME package.deb
         COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/package/build-deb.sh" "${CMAKE_BINARY_DIR}" "${GZ_PKG_DIR}")
add_test(NAME package.lintian
         COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/package/t-lintian.sh" "${GZ_PKG_DIR}")
add_test(NAME package.version
         COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/package/t-version.sh" "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}" "${GZ_PKG_DIR}")
add_test(NAME package.reproducible
         COMMAND bash "${CMAKE_SOURCE_DIR}/scripts/reproducible" "${CMAKE_SOURCE_DIR}")
# package.deps: every program the build, the tests and scripts/ run comes from scripts/deps.
add_test(NAME package.deps COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/package/t-deps.sh" "${CMAKE_SOURCE_DIR}")
set_tests_properties(package.deps PROPERTIES LABELS package TIMEOUT 120)
# package.spdx: every code file Git tracks carries the licence identifier (needs a Git checkout).
if(EXISTS "${CMAKE_SOURCE_DIR}/.git")
  add_test(NAME package.spdx COMMAND bash "${CMAKE_SOURCE_DIR}/scripts/spdx")
  set_tests_properties(package.spdx PROPERTIES LABELS package TIMEOUT 60)
endif()
set_tests_properties(package.deb PROPERTIES FIXTURES_SETUP gitzen_deb)
set_tests_properties(package.lintian package.version PROPERTIES FIXTURES_REQUIRED gitzen_deb)
set_tests_properties(package.deb package.lintian package.version PROPERTIES LABELS package TIMEOUT 120)
set_tests_properties(package.reproducible PROPERTIES LABELS package TIMEOUT 300 PROCESSORS 2)
