#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-cli-agreement.sh — the command table of git-gitzen (`git-gitzen --list-cmds`: one line per
# command, its name then its long options) agrees, both ways, with `git-gitzen -h`, each
# `git-gitzen <command> -h`, the man page (SYNOPSIS and COMMANDS) and the bash and zsh
# completion; every global option they offer is one git-gitzen accepts; the man pages render
# without a warning; and the bash completion really completes, through Git's own completion,
# for `git gitzen ...` and `git-gitzen ...` (commands, options, organisation names).
#
# Needs no simulator. Every disagreement is reported (fail_later), then the script fails.
#   GITZEN_BIN=build/bin tests/e2e/sim-run tests/e2e/t-cli-agreement.sh
# shellcheck source=lib.sh
. "$TESTS_DIR/e2e/lib.sh"

use_gitzen_bin
CONTRIB=$(cd "$TESTS_DIR/.." && pwd)/contrib
GZ=$GITZEN_BIN/git-gitzen
MAN=$CONTRIB/man/git-gitzen.1
BASHC=$CONTRIB/completion/git-gitzen.bash
ZSHC=$CONTRIB/completion/_git-gitzen
GIT_BASH_COMPLETION=${GIT_BASH_COMPLETION:-/usr/share/bash-completion/completions/git}
W=$T/agree # this test's files
mkdir -p "$W"

[ -x "$GZ" ] || die "no git-gitzen in GITZEN_BIN=$GITZEN_BIN (build first, or set GITZEN_BIN)"
for f in "$MAN" "$CONTRIB/man/git-credential-gitzen.1" "$BASHC" "$ZSHC"; do
    [ -f "$f" ] || die "missing $f"
done

# ---- the reference: --list-cmds, as "cmd" and "cmd --opt" lines -------------------------------
"$GZ" --list-cmds >"$W/table" || die "git-gitzen --list-cmds failed"
[ -s "$W/table" ] || die "git-gitzen --list-cmds printed nothing"
while read -r name opts; do
    printf '%s\n' "$name"
    for o in $opts; do printf '%s %s\n' "$name" "$o"; done
done <"$W/table" | LC_ALL=C sort -u >"$W/ref"
commands=$(cut -d' ' -f1 "$W/table" | tr '\n' ' ')
ok "git-gitzen --list-cmds: $(wc -l <"$W/table") commands, $(grep -c ' ' "$W/ref") options"

# agree WHAT FILE: FILE (lines "cmd" / "cmd --opt") must equal the reference, both ways.
agree() {
    local what=$1 file=$2 line bad=0
    LC_ALL=C sort -u "$file" -o "$file"
    while IFS= read -r line; do
        fail_later "$what: no entry for '$line' (from git-gitzen --list-cmds)"
        bad=1
    done < <(LC_ALL=C comm -23 "$W/ref" "$file")
    while IFS= read -r line; do
        fail_later "$what: '$line' is not in git-gitzen --list-cmds (stale or misspelt)"
        bad=1
    done < <(LC_ALL=C comm -13 "$W/ref" "$file")
    [ "$bad" = 1 ] || ok "$what agrees with --list-cmds"
}

# global_ok WHAT OPTION...: each OPTION is one git-gitzen accepts on its own.
global_ok() {
    local what=$1 o bad=0
    shift
    [ $# -gt 0 ] || { fail_later "$what: no global option found (-h/--help, --version)"; return; }
    for o in "$@"; do
        if ! "$GZ" "$o" >/dev/null 2>&1; then
            fail_later "$what: global option '$o' is not accepted by git-gitzen"
            bad=1
        fi
    done
    [ "$bad" = 1 ] || ok "$what: global options $* are git-gitzen's"
}

# options_in TEXT: the long options in TEXT, one a line
options_in() { grep -oE -- '--[a-z][a-z-]*' <<<"$1" || true; }

# ---- git-gitzen -h and git-gitzen <command> -h --------------------------------------------------
# The options every command takes (not in --list-cmds): shown in each command's help, offered by
# the completion after every command, described once under OPTIONS in the man page.
common="--quiet --help"
is_common() { case " $common " in *" $1 "*) return 0 ;; esac; return 1; }

"$GZ" -h >"$W/help" || die "git-gitzen -h failed"
sed -n '/^Commands:$/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$W/help" >"$W/help-cmds"
LC_ALL=C sort -u "$W/help-cmds" >"$W/from-help"
cut -d' ' -f1 "$W/table" | LC_ALL=C sort -u >"$W/ref-cmds"
if cmp -s "$W/ref-cmds" "$W/from-help"; then
    ok "git-gitzen -h lists every command, and no other"
else
    fail_later "git-gitzen -h lists $(tr '\n' ' ' <"$W/from-help"), --list-cmds $(tr '\n' ' ' <"$W/ref-cmds")"
fi
wide=$(awk 'length > 80' "$W/help")
[ -z "$wide" ] || fail_later "git-gitzen -h: lines wider than 80 columns: $wide"

: >"$W/from-cmd-help"
: >"$W/from-cmd-optlines"
for c in $commands; do
    "$GZ" "$c" -h >"$W/h-$c" || { fail_later "git-gitzen $c -h failed"; continue; }
    "$GZ" help "$c" >"$W/help-$c" || { fail_later "git-gitzen help $c failed"; continue; }
    cmp -s "$W/h-$c" "$W/help-$c" || fail_later "git-gitzen help $c differs from git-gitzen $c -h"
    # the synopsis: from "usage: git gitzen <c>" to the first empty line
    u=$(sed -n "/^usage: git gitzen $c\( \|\$\)/,/^\$/p" "$W/h-$c")
    [ -n "$u" ] || { fail_later "git-gitzen $c -h: no 'usage: git gitzen $c' line"; continue; }
    printf '%s\n' "$c" >>"$W/from-cmd-help"
    options_in "${u#usage: git gitzen "$c"}" | sed "s/^/$c /" >>"$W/from-cmd-help"
    # every option on a line of its own, with what it does
    printf '%s\n' "$c" >>"$W/from-cmd-optlines"
    seen_common=""
    # "    --opt [VALUE]  what it does" or "    -q, --quiet  what it does"
    while read -r tag rest; do
        case "$tag" in -?,) o=${rest%% *}; rest=${rest#"$o"} ;; *) o=$tag ;; esac
        rest=$(sed -E 's/^ *[A-Z][A-Z-]* //' <<<"$rest")
        if is_common "$o"; then seen_common="$seen_common $o"; else
            printf '%s %s\n' "$c" "$o" >>"$W/from-cmd-optlines"
        fi
        [ -n "${rest// /}" ] || fail_later "git-gitzen $c -h: the line of $o says nothing"
    done < <(grep -E '^    -' "$W/h-$c")
    for o in $common; do
        case " $seen_common " in *" $o "*) ;; *) fail_later "git-gitzen $c -h: no line for $o" ;; esac
    done
    wide=$(awk 'length > 80' "$W/h-$c")
    [ -z "$wide" ] || fail_later "git-gitzen $c -h: lines wider than 80 columns: $wide"
done
agree "git-gitzen <command> -h synopsis" "$W/from-cmd-help"
agree "git-gitzen <command> -h option lines" "$W/from-cmd-optlines"

# The table parses: an option of another command, or a value-taking option without its value,
# is a usage error (exit 2) naming it; each command's own options are accepted.
for c in $commands; do
    rc=0
    "$GZ" "$c" --no-such-option >/dev/null 2>"$W/err" || rc=$?
    if [ "$rc" = 2 ] && grep -q -- "--no-such-option" "$W/err"; then :; else
        fail_later "git-gitzen $c --no-such-option: exit $rc, $(cat "$W/err")"
    fi
done
ok "an unknown option is a usage error naming it, for every command"
for c in $commands; do
    for o in $(sed -n "s/^$c //p" "$W/ref"); do
        "$GZ" "$c" "$o" -h >/dev/null 2>&1 || "$GZ" "$c" "$o=x" -h >/dev/null 2>&1 ||
            fail_later "git-gitzen $c $o -h: refused"
    done
done
ok "every command accepts each of its options"

# ---- the man page ----------------------------------------------------------------------------
# roff to plain words: \- is -, font changes and \& \% vanish
plain() { sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\[&%]//g' "$@"; }

# COMMANDS: each .TP tag is a command ("add ...") or an option of the last command ("--force")
plain "$MAN" | awk '
    /^\.SH/ { sec = $0; sub(/^\.SH +"?/, "", sec); sub(/"$/, "", sec); next }
    sec != "COMMANDS" { next }
    /^\.TP/ { tag = 1; next }
    tag {
        tag = 0
        line = $0
        sub(/^\.[BIR]+ +/, "", line)
        split(line, w, " ")
        if (w[1] ~ /^-/) {
            if (cmd == "") print "(none) " w[1]; else print cmd " " w[1]
        } else {
            cmd = w[1]; print cmd
        }
    }' >"$W/from-man"
agree "man git-gitzen(1) COMMANDS" "$W/from-man"

# SYNOPSIS: ".B git gitzen <command>" starts a command's lines, ".B git gitzen" the global ones
plain "$MAN" | awk '
    /^\.SH/ { sec = $0; sub(/^\.SH +"?/, "", sec); sub(/"$/, "", sec); next }
    sec != "SYNOPSIS" { next }
    /^\.B git gitzen *$/ { cmd = "(global)"; next }
    /^\.B git gitzen / { cmd = $4; print cmd; next }
    /^\.br/ { cmd = ""; next }
    cmd != "" {
        s = $0
        while (match(s, /--[a-z][a-z-]*/)) {
            print cmd " " substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
        }
    }' >"$W/man-synopsis"
grep -v '^(global)' "$W/man-synopsis" >"$W/from-man-synopsis" || true
agree "man git-gitzen(1) SYNOPSIS" "$W/from-man-synopsis"
# shellcheck disable=SC2046
global_ok "man git-gitzen(1) SYNOPSIS" $(sed -n 's/^(global) //p' "$W/man-synopsis")

# OPTIONS: the global options, and the common ones (every command takes them)
plain "$MAN" | awk '
    /^\.SH/ { sec = $0; sub(/^\.SH +"?/, "", sec); sub(/"$/, "", sec); next }
    sec == "OPTIONS" && /^\.TP/ { tag = 1; next }
    sec == "OPTIONS" && tag { tag = 0; s = $0; gsub(/"[^"]*"/, " ", s); sub(/^\.[BIR]+ +/, "", s); print s }' \
    | tr ' ' '\n' | grep -E '^-' >"$W/man-options" || true
for o in $common; do
    grep -qxF -- "$o" "$W/man-options" || fail_later "man git-gitzen(1) OPTIONS: no $o"
done
# shellcheck disable=SC2046
global_ok "man git-gitzen(1) OPTIONS" $(grep -vxF -e --quiet -e -q "$W/man-options")

# Both man pages render without a warning (groff: -ww all warnings), at a terminal's width too.
if ! command -v groff >/dev/null 2>&1; then
    fail_later "groff is not installed (Debian: groff-base): the man pages cannot be checked"
else
    for page in "$MAN" "$CONTRIB/man/git-credential-gitzen.1"; do
        warn=$( { groff -man -ww -z "$page"; groff -man -Tutf8 -ww -z -rLL=78n "$page"; } 2>&1)
        if [ -n "$warn" ]; then
            fail_later "$(basename "$page") renders with warnings: $warn"
        else
            ok "$(basename "$page") renders without warnings"
        fi
    done
fi

# ---- the zsh completion (read, not run: zsh is not needed) ----------------------------------
# `commands=( 'name:description' ... )`; then `case $words[1] in (name) _arguments '...--opt...' ;;`
awk '
    /^  commands=\(/ { incmds = 1; next }
    incmds && /^  \)/ { incmds = 0; next }
    incmds { s = $0; sub(/^ *'"'"'/, "", s); sub(/:.*/, "", s); print "cmd " s; next }
    /case \$words\[1\] in/ { inarms = 1; next }
    inarms && /^      esac/ { inarms = 0; arm = ""; next }
    inarms && /^        \(\*\)/ { arm = ""; next }
    inarms && /^        \([a-z-]+\)/ { arm = $1; gsub(/[()]/, "", arm); print "arm " arm; next }
    inarms && arm != "" {
        s = $0
        while (match(s, /--[a-z][a-z-]*/)) {
            print "opt " arm " " substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
        }
    }
    /_arguments -C/ { inglobal = 1 }
    inglobal && /case \$state in/ { inglobal = 0 }
    inglobal {
        s = $0
        while (match(s, /--[a-z][a-z-]*/)) {
            print "global " substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
        }
    }' "$ZSHC" >"$W/zsh-raw"
sed -n 's/^cmd //p' "$W/zsh-raw" >"$W/zsh-cmds"
sed -n 's/^arm //p' "$W/zsh-raw" >"$W/zsh-arms"
{ cat "$W/zsh-cmds"; sed -n 's/^opt //p' "$W/zsh-raw"; } >"$W/from-zsh"
agree "zsh completion: commands list and options per command" "$W/from-zsh"
cat "$W/zsh-arms" >"$W/from-zsh-arms"
sed -n 's/^opt //p' "$W/zsh-raw" >>"$W/from-zsh-arms"
agree "zsh completion: one case arm per command" "$W/from-zsh-arms"
# shellcheck disable=SC2046
global_ok "zsh completion" $(sed -n 's/^global //p' "$W/zsh-raw" | sort -u)
if command -v zsh >/dev/null 2>&1; then
    if zerr=$(zsh -n "$ZSHC" 2>&1); then ok "zsh -n: _git-gitzen parses"; else fail_later "zsh -n: $zerr"; fi
fi

# ---- the bash completion, run through Git's completion --------------------------------------
[ -f "$GIT_BASH_COMPLETION" ] || die "no Git bash completion at $GIT_BASH_COMPLETION (package git)"

# Organisations for the organisation-name completion
mkdir -p "$W/config/gitzen"
chmod 700 "$W/config/gitzen"
echo '{}' >"$W/config/gitzen/contoso.json"
echo '{}' >"$W/config/gitzen/fabrikam.json"

# complete WORD...: what bash offers for the last WORD (may be empty) of the command line, one a
# line, trailing spaces removed, sorted. Runs the function `complete -F` registered for WORD 1,
# as bash does on TAB. Git's completion first, then ours, in a clean bash.
complete_line() {
    # shellcheck disable=SC2016
    env -i PATH="$PATH" HOME="$W" XDG_CONFIG_HOME="$W/config" \
        GIT_BASH_COMPLETION="$GIT_BASH_COMPLETION" BASHC="$BASHC" \
        bash --norc --noprofile -c '
        . "$GIT_BASH_COMPLETION" || exit 3
        . "$BASHC" || exit 3
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        COMP_TYPE=9; COMP_KEY=9; COMPREPLY=()
        fn=$(complete -p "$1" 2>/dev/null | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
        [ -n "$fn" ] || { echo "no completion for $1" >&2; exit 4; }
        "$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
        for w in "${COMPREPLY[@]}"; do printf "%s\n" "${w%% }"; done | LC_ALL=C sort -u
    ' complete_line "$@"
}

# expect_completion EXPECTED WORD...: the completion is exactly EXPECTED (words, space-separated)
expect_completion() {
    local exp=$1 got
    shift
    got=$(complete_line "$@" | tr '\n' ' ' | sed 's/ $//') || { fail_later "completing '$*' failed"; return; }
    exp=$(tr ' ' '\n' <<<"$exp" | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//')
    if [ "$got" = "$exp" ]; then
        ok "bash: '$*<TAB>' -> ${got:-(nothing)}"
    else
        fail_later "bash: '$*<TAB>' offers '$got', expected '$exp'"
    fi
}

# expect_contains WORD WORD...: the completion of the line includes WORD
expect_contains() {
    local want=$1 got
    shift
    got=$(complete_line "$@") || { fail_later "completing '$*' failed"; return; }
    if grep -qxF -- "$want" <<<"$got"; then
        ok "bash: '$*<TAB>' offers $want"
    else
        fail_later "bash: '$*<TAB>' does not offer '$want' (offers: $(tr '\n' ' ' <<<"$got"))"
    fi
}

expect_contains add git gitzen ad
expect_contains --pat-stdin git gitzen add --p
expect_contains add git-gitzen ad
expect_contains --pat-stdin git-gitzen add --p

# Every command and option, as completed for `git gitzen` and for `git-gitzen`
for front in "git gitzen" "git-gitzen"; do
    # shellcheck disable=SC2086
    {
        complete_line $front ''
        for c in $commands $(complete_line $front ''); do
            complete_line $front "$c" -- | sed "s/^/$c /"
        done
    } | grep -vE " (--quiet|--help)\$" >"$W/from-bash"
    agree "bash completion of '$front'" "$W/from-bash"
    for c in $commands; do
        # shellcheck disable=SC2086
        got=$(complete_line $front "$c" -- | tr '\n' ' ')
        for o in $common; do
            case " $got" in *" $o "*) ;; *) fail_later "bash: '$front $c --<TAB>' does not offer $o" ;; esac
        done
    done
    # shellcheck disable=SC2046,SC2086
    global_ok "bash completion of '$front -'" $(complete_line $front -)
done

# Organisation names, from ${XDG_CONFIG_HOME:-$HOME/.config}/gitzen/*.json
expect_completion "contoso fabrikam" git gitzen remove ''
expect_completion "contoso" git gitzen add co
expect_completion "fabrikam" git gitzen validate contoso f
expect_completion "contoso fabrikam" git-gitzen validate ''
expect_completion "" git gitzen remove contoso ''
expect_completion "" git gitzen add contoso --expires ''

[ "$LIB_FAILED_LATER" -eq 0 ] || die "$LIB_FAILED_LATER check(s) failed (the command table is helper/gitzen.c)"
