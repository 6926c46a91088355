#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-package.sh — what `cmake --install` and the Debian package contain, and that the programs
# work from there: the two programs, the man pages, the bash and zsh completion, the sample
# hooks, the copyright file and the changelog, and nothing else (no test files); `man -w` finds
# each man page (gitzen(1) too) and `git gitzen --help` opens git-gitzen(1); a real `git
# credential fill` answered by the installed helper (PAT seeded through its `store`, by `git
# credential approve`); the package's control fields (Depends: the runtime libraries and git, no
# -dev package; Recommends: libsecret-1-0; no Homepage); `dpkg -x` and run.
# With GITZEN_TEST_SYSTEM_INSTALL=1 (root, throwaway machine) it also installs the package with
# `dpkg -i` and removes it with `dpkg -r gitzen` at the end.
#
# Needs no simulator and no network.
#   GITZEN_BIN=build/bin tests/e2e/sim-run tests/e2e/t-package.sh
# GITZEN_BIN is the built programs; the build directory is its parent, and must have been
# configured with contrib/ (CPackConfig.cmake). Prints "ok - ..." per check, "FAIL: ..." and
# exit 1 at the first failure, "PASS: t-package.sh" at the end.
# shellcheck source=lib.sh
. "$TESTS_DIR/e2e/lib.sh"

SRC=$(cd "$TESTS_DIR/.." && pwd)

# show FILE: a log, indented, for a failure message
show() { sed 's/^/    /' "$1" | tail -n 30 >&2; }

system_installed=0
# The package is removed even when a check fails after dpkg -i.
remove_system_package() {
    if [ "$system_installed" = 1 ]; then
        dpkg -r gitzen >/dev/null 2>&1 || echo "t-package: could not remove the package gitzen" >&2
    fi
}
at_exit remove_system_package

# ---- what is needed ------------------------------------------------------------------------
use_gitzen_bin
GITZEN_BUILD=$(cd "$GITZEN_BIN/.." && pwd)
[ -f "$GITZEN_BUILD/CMakeCache.txt" ] || die "$GITZEN_BUILD is not a CMake build directory"
[ -f "$GITZEN_BUILD/CPackConfig.cmake" ] ||
    die "$GITZEN_BUILD/CPackConfig.cmake is missing: the top-level CMakeLists.txt must have add_subdirectory(contrib); reconfigure"
cache() { sed -n "s/^$1:[A-Z]*=//p" "$GITZEN_BUILD/CMakeCache.txt"; }
CMAKE=$(cache CMAKE_COMMAND)
CPACK=$(cache CMAKE_CPACK_COMMAND)
[ -n "$CMAKE" ] || CMAKE=$(command -v cmake || true)
[ -n "$CPACK" ] || CPACK=$(command -v cpack || true)
[ -x "$CMAKE" ] || die "cmake is not installed"
[ -x "$CPACK" ] || die "cpack is not installed (package cmake): the Debian package cannot be built"
for tool in dpkg-deb dpkg git readelf; do
    command -v "$tool" >/dev/null 2>&1 ||
        die "'$tool' is not installed: the Debian package cannot be built or checked"
done
command -v dpkg-shlibdeps >/dev/null 2>&1 ||
    say "dpkg-shlibdeps (dpkg-dev) is not installed: Depends are the spelled-out fallback"
VERSION=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$GITZEN_BUILD/CPackConfig.cmake")
[ -n "$VERSION" ] || die "no CPACK_PACKAGE_VERSION in $GITZEN_BUILD/CPackConfig.cmake"

# What an installation holds under its prefix, and nothing else.
{
    echo bin/git-credential-gitzen
    echo bin/git-gitzen
    echo share/man/man1/git-credential-gitzen.1.gz
    echo share/man/man1/git-gitzen.1.gz
    echo share/man/man1/gitzen.1.gz
    echo share/doc/gitzen/copyright
    echo share/doc/gitzen/changelog.gz
    echo share/bash-completion/completions/git-gitzen
    echo share/zsh/vendor-completions/_git-gitzen
    for h in "$SRC"/contrib/hooks/*.sample; do
        if [ -e "$h" ]; then echo "share/gitzen/hooks/${h##*/}"; fi
    done
} | LC_ALL=C sort >"$T/expected"
ls "$SRC"/contrib/hooks/*.sample >/dev/null 2>&1 || die "no contrib/hooks/*.sample in $SRC"

# same_files WHAT LIST: LIST (paths under the prefix) is exactly the expected files
same_files() {
    LC_ALL=C sort -o "$2" "$2"
    if grep -E '(^|/)(tests?|unit_|fuzz|t-[^/]*\.sh$|lib[^/]*\.a$|include/)' "$2" >"$T/testish"; then
        echo "test or build files:" >&2; show "$T/testish"
        die "$1 contains test or build files"
    fi
    if ! LC_ALL=C diff -u "$T/expected" "$2" >"$T/diff"; then
        show "$T/diff"
        die "$1: the files differ from what is expected (- expected, + found)"
    fi
    ok "$1: exactly $(wc -l <"$2") files: programs, 3 man pages, copyright, changelog, 2 completions, $(grep -c hooks/ "$2") hooks"
}

# at_root ROOT CMD...: CMD with the programs of ROOT/usr/bin first on PATH and nothing of the
# build's, in a clean environment with its own HOME (ROOT empty: the system's /usr/bin)
at_root() {
    local root=$1
    shift
    env -i PATH="${root:+$root/usr/bin:}/usr/bin:/bin" HOME="$T/home-at${root//\//_}" \
        GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 LC_ALL=C.UTF-8 TZ=UTC "$@"
}

# works_from ROOT WHAT: the programs of ROOT run, Git finds them, and a PAT stored through the
# helper's `store` (git credential approve) comes back from `git credential fill`.
works_from() {
    local root=$1 what=$2 home="$T/home-at${1//\//_}" pat out v
    local helper="${root:-}/usr/bin/git-credential-gitzen"
    rm -rf "$home"
    mkdir -p "$home"
    [ "$(at_root "$root" sh -c 'command -v git-credential-gitzen')" = "$helper" ] ||
        die "$what: git-credential-gitzen on PATH is not $helper"
    v=$(at_root "$root" "$helper" --version) || die "$what: git-credential-gitzen --version failed"
    [ "$v" = "git-credential-gitzen $VERSION" ] || die "$what: --version says '$v', expected $VERSION"
    v=$(at_root "$root" git gitzen --version) || die "$what: git gitzen --version failed"
    [ "$v" = "git-gitzen $VERSION" ] || die "$what: git gitzen --version says '$v'"
    ok "$what: git-credential-gitzen --version and git gitzen --version say $VERSION"

    cat >"$home/.gitconfig" <<'EOF'
[credential "https://dev.azure.com"]
	helper =
	helper = gitzen
	useHttpPath = true
EOF
    pat=$(new_pat)
    printf 'url=https://dev.azure.com/contoso/Web/_git/web\nusername=alice\npassword=%s\n\n' "$pat" |
        at_root "$root" git credential approve || die "$what: git credential approve failed"
    [ "$(stat -c %a "$home/.config/gitzen/contoso.json" 2>/dev/null)" = 600 ] ||
        die "$what: store did not create $home/.config/gitzen/contoso.json with mode 0600"
    out=$(printf 'url=https://dev.azure.com/contoso/Web/_git/web\n\n' |
        at_root "$root" env GITZEN_TRACE="$T/trace" git credential fill) ||
        die "$what: git credential fill failed"
    grep -qx "password=$pat" <<<"$out" || die "$what: git credential fill did not get the stored PAT"
    grep -qx "username=alice" <<<"$out" || die "$what: git credential fill: no username=alice"
    grep -q "git-credential-gitzen\[[0-9]*\]: get: served the PAT for contoso" "$T/trace" ||
        die "$what: the helper's trace does not show it served the PAT"
    ok "$what: git credential fill gets the PAT that git credential approve stored through the helper"
    if out=$(printf 'url=https://dev.azure.com/fabrikam/Web/_git/web\n\n' |
        at_root "$root" git credential fill 2>&1); then
        die "$what: git credential fill answered for an organisation without a PAT"
    fi
    if grep -qF "$pat" <<<"$out"; then die "$what: contoso's PAT offered for fabrikam"; fi
    at_root "$root" git gitzen list >"$T/list" 2>&1 || { show "$T/list"; die "$what: git gitzen list failed"; }
    grep -q '^contoso .*unvalidated' "$T/list" || { show "$T/list"; die "$what: git gitzen list does not show contoso unvalidated"; }
    if grep -qF "$pat" "$T/list" "$T/trace"; then die "$what: the PAT is in list's output or the trace"; fi
    ok "$what: nothing for another organisation; git gitzen list shows contoso, no PAT anywhere"
    rm -f "$T/trace"
    [ -n "$root" ] && man_pages "$root" "$what"
    return 0
}

# man_pages ROOT WHAT: the man pages under ROOT/usr/share/man are found by name, gitzen(1)
# included, and `git gitzen --help` (Git runs `man gitzen`) shows git-gitzen(1)
man_pages() {
    local root=$1 what=$2 mp="$1/usr/share/man" p got
    command -v man >/dev/null 2>&1 || die "'man' is not installed (package man-db): the man pages cannot be checked"
    for p in git-gitzen git-credential-gitzen gitzen; do
        got=$(at_root "$root" env MANPATH="$mp" man -w "$p" 2>&1) ||
            die "$what: man -w $p finds nothing with MANPATH=$mp: $got"
        [ "$(readlink -f "$got")" = "$(readlink -f "$mp/man1/$p.1.gz")" ] ||
            die "$what: man -w $p is '$got', not $mp/man1/$p.1.gz"
        zcat "$got" >/dev/null 2>&1 || die "$what: $got is not gzip-compressed"
    done
    ok "$what: man -w finds git-gitzen(1), git-credential-gitzen(1) and gitzen(1), gzip-compressed"
    got=$(at_root "$root" env MANPATH="$mp" MANPAGER=cat PAGER=cat MANWIDTH=80 \
        git -c help.format=man gitzen --help 2>&1) || die "$what: git gitzen --help failed: $got"
    grep -q 'git-gitzen - keep one Azure DevOps PAT per organisation for Git' <<<"$got" ||
        die "$what: git gitzen --help does not show git-gitzen(1): $(head -n 3 <<<"$got")"
    ok "$what: git gitzen --help opens git-gitzen(1) (man gitzen)"
}

# ---- cmake --install -------------------------------------------------------------------------
say "cmake --install $GITZEN_BUILD --prefix \$T/root/usr"
"$CMAKE" --install "$GITZEN_BUILD" --prefix "$T/root/usr" >"$T/install.log" 2>&1 ||
    { show "$T/install.log"; die "cmake --install failed"; }
(cd "$T/root/usr" && find . \( -type f -o -type l \) | sed 's|^\./||') >"$T/installed"
same_files "cmake --install" "$T/installed"
for f in bin/git-credential-gitzen bin/git-gitzen $(grep hooks/ "$T/expected"); do
    [ -x "$T/root/usr/$f" ] || die "cmake --install: $f is not executable"
done
ok "cmake --install: programs and hooks are executable"
works_from "$T/root" "installed (cmake --install)"

# Git's bash completion loads the installed file for `git gitzen <TAB>` the way bash-completion
# does: _completion_loader "git-gitzen" sources completions/git-gitzen from its directories.
GIT_BASH_COMPLETION=/usr/share/bash-completion/completions/git
[ -f "$GIT_BASH_COMPLETION" ] || die "no Git bash completion at $GIT_BASH_COMPLETION (package git)"
# shellcheck disable=SC2016
got=$(env -i PATH=/usr/bin:/bin HOME="$T" DIR="$T/root/usr/share/bash-completion/completions" \
    bash --norc --noprofile -c '
    . /usr/share/bash-completion/completions/git
    _completion_loader () { [ -f "$DIR/$1" ] && . "$DIR/$1"; }
    COMP_WORDS=(git gitzen ad); COMP_CWORD=2; COMP_LINE="git gitzen ad"; COMP_POINT=${#COMP_LINE}
    __git_wrap__git_main git ad gitzen 2>/dev/null
    printf "%s\n" "${COMPREPLY[@]}"')
[ "$got" = add ] || die "bash: 'git gitzen ad<TAB>' with the installed completion offers '$got', not 'add'"
ok "bash: Git's completion loads the installed completions/git-gitzen: 'git gitzen ad<TAB>' -> add"
if command -v zsh >/dev/null 2>&1; then
    got=$(env -i PATH=/usr/bin:/bin HOME="$T" zsh -f -c "
        fpath=($T/root/usr/share/zsh/vendor-completions \$fpath)
        autoload -U compinit && compinit -u -D && print -r -- \$_comps[git-gitzen]")
    [ "$got" = _git-gitzen ] || die "zsh: compinit does not bind git-gitzen to _git-gitzen ('$got')"
    ok "zsh: compinit binds git-gitzen to the installed _git-gitzen"
fi

# ---- the Debian package ----------------------------------------------------------------------
say "cpack -G DEB --config $GITZEN_BUILD/CPackConfig.cmake -B \$T/pkg"
"$CPACK" -G DEB --config "$GITZEN_BUILD/CPackConfig.cmake" -B "$T/pkg" >"$T/cpack.log" 2>&1 ||
    { show "$T/cpack.log"; die "cpack -G DEB failed"; }
debs=("$T"/pkg/*.deb)
if [ "${#debs[@]}" -ne 1 ] || [ ! -f "${debs[0]}" ]; then die "cpack made no single .deb in \$T/pkg"; fi
deb=${debs[0]}
arch=$(dpkg --print-architecture)
[ "$(basename "$deb")" = "gitzen_${VERSION}_${arch}.deb" ] || die "package named $(basename "$deb")"
ok "cpack: $(basename "$deb")"

dpkg-deb -I "$deb" >"$T/info" || die "dpkg-deb -I failed"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = gitzen ] || die "Package: $(field Package)"
[ "$(field Version)" = "$VERSION" ] || die "Version: $(field Version), expected $VERSION"
[ "$(field Architecture)" = "$arch" ] || die "Architecture: $(field Architecture)"
[ "$(field Section)" = vcs ] || die "Section: $(field Section)"
[ -n "$(field Maintainer)" ] || die "no Maintainer"
[ -n "$(field Description)" ] || die "no Description"
depends=$(field Depends)
say "Depends: $depends"
# libcurl4t64: libcurl4 of Debian 13, renamed by its 64-bit time_t transition
for want in libcjson1 'libcurl4(t64)?' 'libgit2-[0-9][0-9.]*' git libc6; do
    grep -Eq "(^|, )$want( |,|\$)" <<<"$depends" || die "Depends lacks $want: $depends"
done
# dpkg-shlibdeps's floor is curl_multi_poll's 7.66.0; the helper needs CURLOPT_PROTOCOLS_STR's
grep -Eq '(^|, )libcurl4 \(>= 7\.85\.0\)(,|$)' <<<"$depends" || die "Depends lacks libcurl4 (>= 7.85.0): $depends"
if grep -Eq -- '-dev( |,|$)' <<<"$depends$(field Recommends)$(field Suggests)"; then
    die "the package depends on a -dev package: $depends"
fi
[ "$(field Recommends)" = libsecret-1-0 ] || die "Recommends: '$(field Recommends)', expected libsecret-1-0"
[ -z "$(field Homepage)" ] || die "Homepage: $(field Homepage) (none is known: leave it out)"
ok "dpkg-deb -I: gitzen $VERSION $arch, Section vcs, Depends git and libcjson1, libcurl4, libgit2 (no -dev), Recommends libsecret-1-0"

dpkg-deb -c "$deb" >"$T/contents" || die "dpkg-deb -c failed"
awk '$1 !~ /^d/ { p = $6; sub(/^\.\/usr\//, "", p); print p }' "$T/contents" >"$T/packaged"
same_files "dpkg-deb -c" "$T/packaged"
if [ -n "$(awk '$1 !~ /^d/ && $2 != "root/root"' "$T/contents")" ]; then
    die "files in the package not owned by root/root"
fi
ok "dpkg-deb -c: every file is owned by root/root"

dpkg -x "$deb" "$T/x" || die "dpkg -x failed"
for f in git-credential-gitzen git-gitzen; do
    readelf -d "$T/x/usr/bin/$f" >"$T/dyn" 2>&1 || die "readelf -d $f failed"
    if grep -Eq 'RPATH|RUNPATH' "$T/dyn"; then die "$f in the package has an RPATH/RUNPATH"; fi
done
if grep -Eq 'NEEDED.*(libcurl|libgit2)' <(readelf -d "$T/x/usr/bin/git-credential-gitzen"); then
    die "the packaged git-credential-gitzen links libcurl or libgit2"
fi
ok "packaged programs: no RPATH; the helper links neither libcurl nor libgit2"
works_from "$T/x" "extracted (dpkg -x)"

# ---- dpkg -i (only when asked: it changes the machine) ------------------------------------
if [ "${GITZEN_TEST_SYSTEM_INSTALL:-0}" = 1 ]; then
    [ "$(id -u)" -eq 0 ] || die "GITZEN_TEST_SYSTEM_INSTALL=1 needs root (dpkg -i)"
    if dpkg-query -W -f='${Status}' gitzen 2>/dev/null | grep -q 'install ok installed'; then
        die "the package gitzen is already installed on this machine; not replacing it"
    fi
    dpkg -i "$deb" >"$T/dpkg-i.log" 2>&1 || { show "$T/dpkg-i.log"; die "dpkg -i failed"; }
    system_installed=1
    dpkg -L gitzen | sed -n 's|^/usr/||p' | while read -r p; do
        [ -d "/usr/$p" ] || echo "$p"
    done >"$T/listed"
    same_files "dpkg -L gitzen" "$T/listed"
    works_from "" "installed (dpkg -i)"
    dpkg -r gitzen >"$T/dpkg-r.log" 2>&1 || { show "$T/dpkg-r.log"; die "dpkg -r gitzen failed"; }
    system_installed=0
    [ ! -e /usr/bin/git-credential-gitzen ] || die "dpkg -r left /usr/bin/git-credential-gitzen"
    ok "dpkg -i, then dpkg -r gitzen: installed, worked, removed"
else
    say "dpkg -i not tried (set GITZEN_TEST_SYSTEM_INSTALL=1 on a throwaway machine, as root)"
fi
