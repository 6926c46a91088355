# SPDX-License-Identifier: MIT
# Runs one libFuzzer target for a bounded time (the fuzz.<name> CTest test).
# -D FUZZER=<executable> SEEDS=<committed seed corpus> WORK=<build dir>
#    SECONDS=<max_total_time>
# The seeds are copied into WORK/corpus, which the fuzzer may grow (it is
# kept between runs); the source tree is only read. Exit status is the
# fuzzer's: non-zero on any crash, leak, sanitizer report or timeout, with
# the reproducer in WORK/artifacts/.

foreach(v FUZZER SEEDS WORK SECONDS)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run.cmake: -D${v}=... missing")
  endif()
endforeach()

file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
file(GLOB seeds ${SEEDS}/*)
if(seeds)
  file(COPY ${seeds} DESTINATION ${WORK}/corpus)
endif()

execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
          -print_final_stats=1 -artifact_prefix=${WORK}/artifacts/ ${WORK}/corpus
  WORKING_DIRECTORY ${WORK}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${FUZZER}: exit status ${rc}; reproducer in ${WORK}/artifacts/")
endif()
