# SPDX-License-Identifier: MIT
# bash completion for `git gitzen` and `git-gitzen`                        -*- shell-script -*-
#
# Installed as <prefix>/share/bash-completion/completions/git-gitzen. Nothing else is needed
# with bash-completion: for `git gitzen <TAB>` Git's completion calls _git_gitzen and, when
# that function is not defined yet, asks bash-completion to load "git-gitzen" (this file);
# for `git-gitzen <TAB>` bash-completion loads it by the command's name.
# Without bash-completion, source it after Git's completion, e.g. in ~/.bashrc:
#
#     . /usr/share/bash-completion/completions/git     # or git's contrib git-completion.bash
#     . /usr/local/share/bash-completion/completions/git-gitzen
#
# The lists below are `git-gitzen --list-cmds` (and the options every command takes); tests/e2e/t-cli-agreement.sh checks that
# they agree, both ways.

__gitzen_commands="add list validate remove status configure unconfigure doctor resolve"
__gitzen_global_opts="--help --version"
# Taken by every command
__gitzen_common_opts="--quiet --help"
__gitzen_opts_add="--pat-stdin --expires --no-validate --force"
__gitzen_opts_list="--json"
__gitzen_opts_validate="--all --json"
__gitzen_opts_remove=""
__gitzen_opts_status="--json --repo"
__gitzen_opts_configure="--global --system --local"
__gitzen_opts_unconfigure="--global --system --local"
__gitzen_opts_doctor=""
__gitzen_opts_resolve="--json --repo"

# Organisations with a stored PAT: ${XDG_CONFIG_HOME:-$HOME/.config}/gitzen/<org>.json.
__gitzen_orgs ()
{
	local f

	compgen -G "${XDG_CONFIG_HOME:-$HOME/.config}/gitzen/*.json" | while IFS= read -r f; do
		f=${f##*/}
		f=${f%.json}
		case "$f" in
		"" | *[!A-Za-z0-9-]*) ;;
		*) printf '%s\n' "$f" ;;
		esac
	done
}

# COMPREPLY from a list of words; each completed word is followed by a space.
__gitzen_reply ()
{
	compopt +o nospace 2>/dev/null
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur")
}

# COMPREPLY from file names (-f) or directory names (-d).
__gitzen_files ()
{
	compopt -o filenames +o nospace 2>/dev/null
	mapfile -t COMPREPLY < <(compgen "$1" -- "$cur")
}

# Completes ${words[cword]}, where ${words[$1]} is "gitzen" (in `git gitzen`) or "git-gitzen".
# Uses words and cword of the caller (Git's completion, or _git_gitzen_command below).
__gitzen_complete ()
{
	local i=$(($1 + 1)) cmd="" cur="${words[cword]}" prev="" opts arg=0

	[ "$cword" -gt 0 ] && prev=${words[cword - 1]}
	while [ "$i" -lt "$cword" ]; do
		case "${words[i]}" in
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
		i=$((i + 1))
	done
	if [ -z "$cmd" ]; then
		case "$cur" in
		-*) __gitzen_reply "$__gitzen_global_opts" ;;
		*) __gitzen_reply "$__gitzen_commands" ;;
		esac
		return 0
	fi
	case " $__gitzen_commands " in
	*" $cmd "*) ;;
	*) COMPREPLY=(); return 0 ;;
	esac
	case "$prev" in
	--expires) COMPREPLY=(); return 0 ;;
	--repo)
		__gitzen_files -d
		return 0
		;;
	esac
	case "$cur" in
	-*)
		opts=__gitzen_opts_$cmd
		__gitzen_reply "${!opts} $__gitzen_common_opts"
		return 0
		;;
	esac
	# Arguments already given (words that are neither options nor option values)
	for ((i = i + 1; i < cword; i++)); do
		case "${words[i]}" in
		--expires | --repo) i=$((i + 1)) ;;
		-*) ;;
		*) arg=$((arg + 1)) ;;
		esac
	done
	case "$cmd" in
	add | remove) [ "$arg" -eq 0 ] && __gitzen_reply "$(__gitzen_orgs)" ;;
	validate) __gitzen_reply "$(__gitzen_orgs)" ;;
	resolve)
		__gitzen_files -f
		;;
	*) COMPREPLY=() ;;
	esac
	return 0
}

# Called by Git's completion for `git gitzen ...`, with its words, cword and __git_cmd_idx
# (the index of "gitzen"; Git before 2.30 does not set it).
_git_gitzen ()
{
	local i=${__git_cmd_idx:-}

	if [ -z "$i" ]; then
		i=1
		while [ "$i" -lt "$cword" ] && [ "${words[i]}" != gitzen ]; do
			i=$((i + 1))
		done
	fi
	__gitzen_complete "$i"
}

# For the command `git-gitzen ...`.
_git_gitzen_command ()
{
	local cur words cword prev

	if declare -F _get_comp_words_by_ref >/dev/null; then
		_get_comp_words_by_ref -n =: cur words cword prev
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
	__gitzen_complete 0
}

complete -F _git_gitzen_command git-gitzen
