# seemail-kit.sh: what the kit's scripts share.  Sourced, never run.
#
# Settings come from a shell fragment of NAME=value lines: the file named
# by $SEEMAIL_KIT_CONF, else /etc/seemail/kit.conf, else none; each
# setting left unset gets the default below (kit.conf beside this file
# documents them all).  The scripts run the seemail tools from
# $SEEMAIL_BIN, each with its standard error kept in $tmp/err, and map
# every failure to exit status 75 (EX_TEMPFAIL), so that the MTA keeps the
# message and tries again: a retry costs little, a bounce or a lost
# message a lot.

kit_dir=$(cd "$(dirname "$0")" && pwd)

# kit_load: reads the settings and fills in the defaults.
kit_load() {
	_conf=${SEEMAIL_KIT_CONF:-/etc/seemail/kit.conf}
	if [ -e "$_conf" ]; then
		[ -r "$_conf" ] || { kit_err "cannot read $_conf"; return 75; }
		# shellcheck source=kit.conf
		. "$_conf" || { kit_err "$_conf: cannot be read as settings"; return 75; }
	fi
	# The tools: kit.conf, else beside an installed kit
	# (PREFIX/share/seemail/kit -> PREFIX/bin), else on PATH.
	if [ -z "${SEEMAIL_BIN:-}" ]; then
		SEEMAIL_BIN=$(cd "$kit_dir/../../.." && pwd)/bin
		[ -x "$SEEMAIL_BIN/seem-classify" ] ||
			SEEMAIL_BIN=$(dirname "$(command -v seem-classify || echo /usr/local/bin/x)")
	fi
	# An empty SEEMAIL_CONF means the tools' own default.
	if [ -n "${SEEMAIL_CONF:-}" ]; then export SEEMAIL_CONF; else unset SEEMAIL_CONF; fi
	: "${SEEMAIL_REINJECT:=/usr/sbin/exim -oMr seemail-out -oi}"
	: "${SEEMAIL_REINJECT_IN:=/usr/sbin/exim -oMr seemail-in -oi}"
	SEEMAIL_SUBMIT=${SEEMAIL_SUBMIT-/usr/sbin/exim -oi}
	: "${SEEMAIL_QUARANTINE:=/var/spool/seemail/quarantine}"
	: "${SEEMAIL_KIT_LOG:=syslog}"
	: "${SEEMAIL_TMPDIR:=${TMPDIR:-/tmp}}"
	return 0
}

# kit_start: settings, and a private scratch directory removed on exit.
kit_start() {
	kit_load || return 75
	tmp=$(mktemp -d "$SEEMAIL_TMPDIR/seemail-kit.XXXXXX") ||
		{ kit_err "cannot make a directory in $SEEMAIL_TMPDIR"; return 75; }
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 75' HUP INT TERM
	: >"$tmp/err"
}

# kit_log LEVEL TEXT: one line to syslog (facility mail), stderr or a file.
kit_log() {
	_line="$(basename "$0")${kit_qid:+ $kit_qid}: $2"
	case ${SEEMAIL_KIT_LOG:-stderr} in
	syslog) logger -t seemail-kit -p "mail.$1" -- "$_line" 2>/dev/null ||
		printf '%s\n' "$_line" >&2 ;;
	stderr) printf '%s\n' "$_line" >&2 ;;
	*) printf '%s %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$_line" >>"$SEEMAIL_KIT_LOG" ;;
	esac
}

# kit_err TEXT: an error, logged and on standard error (which Exim logs
# for a deferred delivery and Postfix quotes in its log).
kit_err() {
	printf '%s: %s\n' "$(basename "$0")" "$1" >&2
	[ "${SEEMAIL_KIT_LOG:-stderr}" = stderr ] || kit_log err "$1"
}

# tool NAME ARG...: runs a seemail tool; its standard error goes to
# $tmp/err.  Returns the tool's exit status.
tool() {
	_name=$1
	shift
	"$SEEMAIL_BIN/$_name" "$@" 2>>"$tmp/err"
}

# tool_failed NAME STATUS: says why a tool failed, with what it said.
tool_failed() {
	kit_err "$1 exited with status $2: $(tail -n 3 "$tmp/err" | tr '\n' ' ')"
}

# batch FILE CMD ARG...: runs CMD ARG... -- RCPT..., the recipients
# being the lines of FILE (envelope addresses hold no newline).
batch() {
	_file=$1
	shift
	set -- "$@" --
	while IFS= read -r _r; do
		set -- "$@" "$_r"
	done <"$_file"
	"$@"
}

# reinject SENDER -- RCPT...: hands a filtered message on standard input
# back to the MTA, which must not filter it again ($SEEMAIL_REINJECT;
# seemail-inbound sets it to $SEEMAIL_REINJECT_IN).
reinject() {
	_s=${1:-<>}
	shift
	# shellcheck disable=SC2086 # the setting is a command with options
	$SEEMAIL_REINJECT -f "$_s" "$@" 2>>"$tmp/err"
}

# submit SENDER -- RCPT...: submits a message through the gateway, its
# filters included (notices, released messages): $SEEMAIL_SUBMIT, or,
# when that is empty, seemail-outbound itself.
submit() {
	_s=${1:-<>}
	shift
	if [ -n "$SEEMAIL_SUBMIT" ]; then
		# shellcheck disable=SC2086
		$SEEMAIL_SUBMIT -f "$_s" "$@" 2>>"$tmp/err"
	else
		"$kit_dir/seemail-outbound" -f "$_s" "$@" 2>>"$tmp/err"
	fi
}

# cr_of FILE: a carriage return if the message's lines end with CR LF,
# for the fields added to it.
cr_of() {
	_c=$(printf '\r')
	if head -n 1 "$1" | grep -q "$_c\$"; then printf '%s' "$_c"; fi
}

# field FILE NAME: the value of the first NAME field in a message's
# header, up to its first ";" (its first line only).
field() {
	awk -v name="$2" '
	{ sub(/\r$/, "") }
	$0 == "" { exit }
	tolower(substr($0, 1, length(name) + 1)) == tolower(name) ":" {
		v = substr($0, length(name) + 2); sub(/^[ \t]*/, "", v); sub(/;.*/, "", v); print v; exit
	}' "$1"
}

# policy_of FILE: what seem-classify and seem-policy said of a stamped
# message: "RESTRICTED, block 1C", "UNCLASSIFIED, deliver", "..., warn 4A".
policy_of() {
	_v=$(awk '
	{ sub(/\r$/, "") }
	$0 == "" { exit }
	/^X-SEEMail-Policy: / && !seen++ {
		v = $2; sub(/;$/, "", v)
		if (match($0, /code=[^;]*/)) v = v " " substr($0, RSTART + 5, RLENGTH - 5)
		print v
	}' "$1")
	echo "$(field "$1" X-SEEMail-Classification), ${_v:-no policy}"
}
