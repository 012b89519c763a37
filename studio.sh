#!/usr/bin/env bash
# Strata's two commands:
#   ./studio.sh        install what is missing, build, and start the studio on the example project
#   ./studio.sh test   install what is missing, build everything and run the whole test suite
# and, for developers (not part of CI's test command):
#   ./studio.sh sanitize   the test suite built with AddressSanitizer and UBSan (build-sanitize/)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
build_dir="${STRATA_BUILD_DIR:-$here/build}"
example="$here/projects/gpu-2.5d/design.strata.json"
jobs="$(nproc 2>/dev/null || echo 2)"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

install_packages() {
    local wanted missing=()
    wanted=$(grep -v '^\s*#' packaging/debian-packages.txt | awk 'NF {print $1}')
    for p in $wanted; do
        if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != "installed" ]; then
            missing+=("$p")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "Installing Debian packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo="sudo"
        else
            echo "studio.sh: these packages are missing and I am not root (and sudo is absent):" >&2
            echo "  ${missing[*]}" >&2
            echo "Install them as root: apt-get install ${missing[*]}" >&2
            exit 2
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTRATA_WITH_GUI=ON \
          -DSTRATA_BUILD_TESTS=ON >/dev/null
    say "Building ($jobs jobs)"
    cmake --build "$build_dir" -j "$jobs"
}

# The whole suite with AddressSanitizer, LeakSanitizer and UBSan: any memory error, leak of ours
# or undefined behaviour fails its test. (It found a use-after-free that undercounted a design's
# reliability by half, slots running on destroyed windows and a leaked chart per transient run.)
# ASan replaces glibc's allocator: alloc_dealloc_mismatch is off because core/memory_policy.cpp
# replaces operator new, and test_memory_policy skips itself. About 12 min to build on 2 cores.
sanitize() {
    local dir="${STRATA_SANITIZE_BUILD_DIR:-$here/build-sanitize}"
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTRATA_WITH_GUI=ON \
          -DSTRATA_BUILD_TESTS=ON \
          -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer" >/dev/null
    say "Building with sanitizers ($jobs jobs)"
    cmake --build "$dir" -j "$jobs"
    say "Running the test suite under the sanitizers"
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export LSAN_OPTIONS="suppressions=$here/tests/sanitizers/lsan.supp"
    # The OpenGL test without leak checks: Mesa's driver is unloaded before LeakSanitizer looks,
    # so its allocations (and Xlib's) cannot be told from ours by name.
    local status=0
    ASAN_OPTIONS=alloc_dealloc_mismatch=0:detect_leaks=1 \
        ctest --test-dir "$dir" --output-on-failure -j "$jobs" -E '^test_stack_gl_view$' || status=$?
    ASAN_OPTIONS=alloc_dealloc_mismatch=0:detect_leaks=0 \
        ctest --test-dir "$dir" --output-on-failure -R '^test_stack_gl_view$' || status=$?
    return "$status"
}

start_studio() {
    local gui="$build_dir/app/strata"
    if [ -x "$gui" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
        say "Starting the studio on $example"
        exec "$gui" "$example"
    fi
    if [ -x "$gui" ]; then
        say "No display: showing the headless evaluation of the example instead."
        echo "   (For the studio run ./studio.sh on a desktop session, or: xvfb-run ./studio.sh)" >&2
    else
        say "Headless evaluation of the example (the desktop studio is not part of this build yet)."
    fi
    "$build_dir/scripting/strata-cli" eval "$example"
}

case "${1:-}" in
    "")
        install_packages
        build
        start_studio
        ;;
    test)
        install_packages
        build
        say "Running the test suite"
        ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"
        ;;
    sanitize)
        install_packages
        sanitize
        ;;
    -h|--help|help)
        sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
        ;;
    *)
        echo "studio.sh: unknown command '$1' (use ./studio.sh, ./studio.sh test or ./studio.sh sanitize)" >&2
        exit 2
        ;;
esac
