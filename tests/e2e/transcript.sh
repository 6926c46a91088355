# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# transcript.sh — transcript checks for the command line, in the style of git's
# t/lib-credential.sh check(): each case is plain data a reader can scan. Sourced after lib.sh.
#
#   check EXIT CMD [ARG...] <<EOF
#   <standard input, one line a line; \t, \x20 (a space) and the like are printf %b escapes;
#    not \040 before a digit: %b reads \0 and up to three more octal digits>
#   --
#   <expected standard output, exactly>
#   --
#   <expected standard error, exactly>
#   EOF
#
# The parts are separated by lines "--". An empty input part is no input at all (/dev/null); an
# input part of one empty line is an empty line (the user pressed Enter). CMD runs in the current
# directory with that input; its exit status must be EXIT and its standard output and error
# must be the expected ones, line for line (a mismatch prints a diff and fails the test). Each
# value in the array SECRETS must occur in neither output; the "ok - CMD" line printed per case
# shows each as <secret>.

SECRETS=()
_check_n=0

check() {
    local want_rc=$1 part=0 line rc=0 name
    shift
    _check_n=$((_check_n + 1))
    name="$T/out/check-$_check_n"
    : >"$name.in"
    : >"$name.want-out"
    : >"$name.want-err"
    local have_input=0
    while IFS= read -r line; do
        if [ "$line" = "--" ] && [ "$part" -lt 2 ]; then
            part=$((part + 1))
            continue
        fi
        case $part in
            0) printf '%b\n' "$line" >>"$name.in"; have_input=1 ;;
            1) printf '%s\n' "$line" >>"$name.want-out" ;;
            2) printf '%s\n' "$line" >>"$name.want-err" ;;
        esac
    done
    [ "$part" = 2 ] || die "check $*: the case needs three parts separated by '--' lines"
    if [ "$have_input" = 1 ]; then
        "$@" <"$name.in" >"$name.out" 2>"$name.err" || rc=$?
    else
        "$@" </dev/null >"$name.out" 2>"$name.err" || rc=$?
    fi
    local s
    for s in "${SECRETS[@]}"; do
        [ -n "$s" ] || continue
        if grep -qF -- "$s" "$name.out" "$name.err"; then
            die "check $*: a secret appears in the output"
        fi
    done
    if ! diff -u --label "expected stdout" --label "stdout" "$name.want-out" "$name.out" >"$name.diff"; then
        cat "$name.diff" >&2
        die "check $*: standard output differs (see above)"
    fi
    if ! diff -u --label "expected stderr" --label "stderr" "$name.want-err" "$name.err" >"$name.diff"; then
        cat "$name.diff" >&2
        die "check $*: standard error differs (see above)"
    fi
    [ "$rc" = "$want_rc" ] || die "check $*: exit status $rc, expected $want_rc"
    local label="$*"
    for s in "${SECRETS[@]}"; do
        [ -n "$s" ] && label=${label//"$s"/<secret>}
    done
    ok "$(printf '%s' "$label" | head -c 70) -> exit $rc"
}
