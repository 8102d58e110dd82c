#!/usr/bin/env bash
# The README's second command: install what the tests need, build, and run every test
# (unit, protocol against a real server, browser tests in Debian's Chromium), then the
# whole suite once more under AddressSanitizer and UndefinedBehaviorSanitizer, built with
# clang so that the libFuzzer target in fuzz/ is built and briefly run there too; and the
# store's unit test under ThreadSanitizer, for its checkpoint thread.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh
(cd build && ctest --output-on-failure -j2 "$@")

# A build dir configured with another compiler cannot be reused: start it afresh then.
clang_dir() {
  if [[ -f "$1/CMakeCache.txt" ]] && ! grep -q 'CMAKE_C_COMPILER:.*clang' "$1/CMakeCache.txt"; then
    rm -rf "$1"
  fi
}

if [[ "${TAFEL_SKIP_SANITIZE:-}" != 1 ]]; then
  clang_dir build-asan
  CC=clang BUILD_DIR=build-asan scripts/build.sh -DTAFEL_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug
  # Not the package tests: nobody installs a sanitizer build's package.
  # The flood test's minute shrinks to 15 s: a server under AddressSanitizer is a few times
  # slower, and what is checked there is memory, not the flood's length.
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 TAFEL_FLOOD_MS=15000 \
     ctest --output-on-failure -j2 -LE 'browser|package' "$@")
  clang_dir build-tsan
  CC=clang cmake -S . -B build-tsan -DTAFEL_TSAN=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
  cmake --build build-tsan -j"$(nproc)" --target test_store
  (cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -R '^unit_test_store$')
fi
