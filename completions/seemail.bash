# bash completion for the seemail tools: seem-classify, seem-policy,
# seem-sign, seem-verify, seem-notify.
#
# Options are read from the tool's own --help, so that every option of the
# installed version is offered; arguments are completed by kind.

_seemail()
{
	local cur prev opts
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	case $prev in
	-c|--config)
		COMPREPLY=( $(compgen -f -- "$cur") )
		return ;;
	--log)
		COMPREPLY=( $(compgen -W 'stderr syslog none' -- "$cur") )
		return ;;
	-f|--sender|-q|--queue-id|--hidden-subject)
		return ;;
	esac
	if [[ $cur == -* ]]; then
		opts=$("${COMP_WORDS[0]}" --help 2>/dev/null |
			grep -Eo -- '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,' | sort -u)
		COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
		return
	fi
	case ${COMP_WORDS[0]##*/} in
	seem-classify)
		COMPREPLY=( $(compgen -f -- "$cur") ) ;;
	*)
		COMPREPLY=() ;;
	esac
}
complete -F _seemail seem-classify seem-policy seem-sign seem-verify seem-notify
