#!/bin/sh
# demo.sh BINDIR: what seemail does, on the sample messages beside this
# script (make demo runs it on the tools just built).
#
# Part 1: seem-classify --explain on each sample, with the built-in
# defaults (-c /dev/null: an installed /etc/seemail/seemail.conf is not
# read).
# Part 2: two SEEMail gateways, of the Department of Internal Affairs
# (dia.govt.nz) and of Treasury (treasury.govt.nz), both in the
# restricted community, with a throwaway PKI made in a temporary
# directory: mail in both directions goes through the MTA kit's scripts
# (../kit/seemail-outbound and seemail-inbound) as an MTA would run
# them, with demo-mta.sh standing in for the MTA: no daemon, nothing
# leaves the machine.  What happened to each message is printed.
# Part 3: the quarantine, where the refused messages wait.
#
# SEEMAIL_DEMO_KEEP=1 keeps the temporary directory.
set -u
[ $# = 1 ] || { echo "usage: demo.sh BINDIR" >&2; exit 64; }
bin=$(cd "$1" && pwd) || exit 1
here=$(cd "$(dirname "$0")" && pwd)
kit=$(cd "$here/../kit" && pwd) || exit 1

echo "Part 1. What seem-classify finds"
echo "================================="
for m in "$here"/0*.eml; do
	subject=$(sed -n 's/^Subject: //p' "$m" | head -n 1)
	printf '\n=== %s\n    Subject: %s\n' "$(basename "$m")" "$subject"
	"$bin/seem-classify" -c /dev/null --explain "$m" | sed 's/^/    /'
done
echo
echo "Each message above went through: seem-classify --explain FILE"
echo "As a filter, seem-classify writes the message with X-SEEMail-* stamps:"
echo
"$bin/seem-classify" -c /dev/null "$here/02-restricted-subject.eml" | sed -n '1,/^$/p' | sed 's/^/    /'

dir=$(mktemp -d "${TMPDIR:-/tmp}/seemail-demo.XXXXXX") || exit 1
if [ -z "${SEEMAIL_DEMO_KEEP:-}" ]; then
	trap 'rm -rf "$dir"' EXIT
fi
trap 'exit 1' HUP INT TERM

# pki: a CA and the gateway certificates of five agencies, in $dir
# (EC P-256 keys, quick to make; valid for 30 days).
pki() (
	cd "$dir" || exit 1
	umask 077
	openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout ca.key -out ca.pem -days 30 -subj "/CN=SEEMail Demo CA/O=seemail demo" \
	    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
	    2>/dev/null || exit 1
	serial=100
	for d in dia.govt.nz treasury.govt.nz mbie.govt.nz stats.govt.nz acc.co.nz; do
		serial=$((serial + 1))
		cat >ext.cnf <<-EOF
		basicConstraints = critical, CA:FALSE
		keyUsage = critical, digitalSignature, keyAgreement
		extendedKeyUsage = emailProtection
		subjectKeyIdentifier = hash
		authorityKeyIdentifier = keyid
		subjectAltName = email:gateway@$d
		EOF
		openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d.key" \
		    -out "$d.csr" -subj "/CN=gateway.$d/O=seemail demo" 2>/dev/null &&
			openssl x509 -req -in "$d.csr" -CA ca.pem -CAkey ca.key -set_serial "$serial" \
			    -days 30 -extfile ext.cnf -out "$d.pem" 2>/dev/null || exit 1
		rm -f "$d.csr"
	done
	chmod 644 ./*.pem
)

# gateway DOMAIN AGENCY: the files of a demo gateway in $dir/gw/DOMAIN.
gateway() {
	g=$dir/gw/$1
	mkdir -p "$g/quarantine"
	cat >"$g/seemail.conf" <<-EOF
	agency = $2
	local_domains = $1
	directory = ../../directory
	ca_file = ../../ca.pem
	cert = ../../$1.pem
	key = ../../$1.key
	notify_from = SEEMail Gateway <seemail@$1>
	log = none
	EOF
	cat >"$g/kit.conf" <<-EOF
	SEEMAIL_BIN=$bin
	SEEMAIL_CONF=$g/seemail.conf
	SEEMAIL_REINJECT="sh $dir/demo-mta.sh $dir $1"
	SEEMAIL_REINJECT_IN="sh $dir/demo-mta.sh $dir $1"
	SEEMAIL_SUBMIT="sh $dir/demo-mta.sh $dir $1"
	SEEMAIL_QUARANTINE=$g/quarantine
	SEEMAIL_KIT_LOG=$g/kit.log
	EOF
	: >"$g/kit.log"
}

pki || { echo "demo: openssl could not make the demo PKI" >&2; exit 1; }
# The shipped directory of agencies, with the demo certificates of five.
awk '$1 == "dia.govt.nz" || $1 == "treasury.govt.nz" || $1 == "mbie.govt.nz" ||
     $1 == "stats.govt.nz" || $1 == "acc.co.nz" { $3 = $1 ".pem" } { print }' \
    "$here/../directory" >"$dir/directory"
gateway dia.govt.nz "Department of Internal Affairs"
gateway treasury.govt.nz "Central Agency Shared Services (DPMC, SSC & Treasury)"
cp "$here/demo-mta.sh" "$dir/"
: >"$dir/events"
SEEMAIL_DEMO_KIT=$kit
export SEEMAIL_DEMO_KIT

name_of() {
	case $1 in
	dia.govt.nz) echo DIA ;;
	treasury.govt.nz) echo Treasury ;;
	*) echo "$1" ;;
	esac
}

# header FILE NAME: a header field's first line, its plain encoded words
# (=?utf-8?q?...?=, ASCII) decoded for reading.
header() {
	awk -v name="$2" '
	$0 == "" { exit }
	tolower(substr($0, 1, length(name) + 1)) == tolower(name) ":" {
		v = substr($0, length(name) + 3)
		while (match(v, /=\?[^?]*\?[qQ]\?[^?]*\?=/)) {
			at = RSTART; len = RLENGTH
			w = substr(v, at, len); sub(/^=\?[^?]*\?[qQ]\?/, "", w); sub(/\?=$/, "", w)
			gsub(/_/, " ", w)
			out = ""
			while (match(w, /=[0-9A-F][0-9A-F]/)) {
				out = out substr(w, 1, RSTART - 1) sprintf("%c", index("0123456789ABCDEF", substr(w, RSTART + 1, 1)) * 16 + index("0123456789ABCDEF", substr(w, RSTART + 2, 1)) - 17)
				w = substr(w, RSTART + 3)
			}
			v = substr(v, 1, at - 1) out w substr(v, at + len)
		}
		print v; exit
	}' "$1"
}

# addresses FILE FIELD: the addresses of a header field, one a line.
addresses() {
	header "$1" "$2" | tr ',' '\n' |
		sed -n -e '/</{s/.*<\(.*\)>.*/\1/p;d;}' -e 's/^ *\([^ ]*@[^ ]*\) *$/\1/p'
}

# kit_lines GW: the kit's log lines of a gateway since the last call.
kit_lines() {
	f=$dir/gw/$1/kit.log
	sed -n "$(($(cat "$f.seen" 2>/dev/null || echo 0) + 1)),\$p" "$f" |
		sed 's/^[^ ]* [^ ]* seemail-[a-z]*: from <[^>]*>: //' |
		while IFS= read -r l; do
			line "$(name_of "$1") gateway" "$l"
			echo "$l" >>"$dir/said"
		done
	wc -l <"$f" >"$f.seen"
}

line() {
	printf '    %-18s %s\n' "$1" "$2"
}

# report [FROM] TO: what happened since the last report: FROM's gateway,
# the wire, TO's gateway, the mailboxes of DIA and Treasury, then what it
# comes to.
report() {
	: >"$dir/said"
	[ $# = 1 ] || kit_lines "$1"
	wire=
	while read -r what who file; do
		[ "$what" = wire ] || continue
		if grep -q '^Content-Type: application/pkcs7-mime' "$file"; then
			line "on the wire" "to $who: S/MIME, signed and encrypted ($(wc -c <"$file" | tr -d ' ') bytes): the text cannot be read"
			wire=${wire:-encrypted}
		else
			line "on the wire" "to $who: as it is, in clear"
			wire=clear
		fi
	done <"$dir/events"
	for last; do :; done
	kit_lines "$last"
	while read -r what who file; do
		[ "$what" = mailbox ] || continue
		case ${who#*@} in dia.govt.nz | treasury.govt.nz) ;; *) continue ;; esac
		s=$(header "$file" Subject)
		v=$(header "$file" X-SEEMail-Verified | sed 's/;.*//')
		case $s in
		"Not sent"*) line notice "to $who: \"$s\", the original attached" ;;
		"[SEEMail warning]"*) line warning "to $who: \"$s\", the original attached" ;;
		*) line delivered "to $who: \"$s\"${v:+ (X-SEEMail-Verified: $v)}" ;;
		esac
	done <"$dir/events"
	: >"$dir/events"
	if grep -q 'block' "$dir/said"; then
		code=$(sed -n 's/.*block \([^;]*\);.*/\1/p' "$dir/said" | head -n 1)
		echo "    => REFUSED ($code): no one outside got it; the sender has a notice; it is held"
	elif grep -q 'warn ' "$dir/said"; then
		echo "    => delivered with a warning ($(sed -n 's/.*warn \([^;]*\).*/\1/p' "$dir/said" | head -n 1))"
	elif [ "$wire" = encrypted ]; then
		echo "    => delivered, signed and encrypted between the gateways"
	else
		echo "    => delivered as it is: no trigger term, and the recipient is not a SEEMail member"
	fi
}

# send GW FILE: FILE from inside GW's agency, to the addresses of its To.
send() {
	from=$(addresses "$2" From)
	to=$(addresses "$2" To)
	printf '\n=== %s  "%s"\n    %s -> %s\n' "$(basename "$2")" "$(header "$2" Subject)" \
	    "$from" "$(echo "$to" | paste -s -d , - | sed 's/,/, /g')"
	# shellcheck disable=SC2086 # one address a line, none with spaces
	SEEMAIL_KIT_CONF=$dir/gw/$1/kit.conf "$kit/seemail-outbound" -f "$from" -- $to <"$2" ||
		echo "    (seemail-outbound exited $?: the MTA would keep it and retry)"
	other=treasury.govt.nz
	[ "$1" = dia.govt.nz ] || other=dia.govt.nz
	report "$1" "$other"
}

# arrive FILE: FILE arriving at DIA from the Internet, not through any
# gateway.
arrive() {
	from=$(addresses "$1" From)
	printf '\n=== %s  "%s"\n    %s -> ana@dia.govt.nz, straight from the Internet\n' \
	    "$(basename "$1")" "$(header "$1" Subject)" "$from"
	sh "$dir/demo-mta.sh" "$dir" internet -f "$from" -- ana@dia.govt.nz <"$1" ||
		echo "    (the toy MTA exited $?)"
	report dia.govt.nz
}

echo
echo
echo "Part 2. Two gateways: DIA (dia.govt.nz) and Treasury (treasury.govt.nz)"
echo "======================================================================="
echo "Both are in the restricted community; the directory is the shipped one,"
echo "with demo certificates for DIA, Treasury, MBIE, Stats NZ and ACC made in"
echo "$dir.  Each message goes through the MTA kit:"
echo "  outbound: seemail-outbound = seem-classify | seem-policy, then seem-sign"
echo "            for each batch of recipients, or seem-notify and the quarantine"
echo "  inbound:  seemail-inbound  = seem-verify | seem-classify | seem-policy"
echo "            --inbound | seem-notify"
echo
echo "--- From DIA"
for m in "$here"/0*.eml; do
	send dia.govt.nz "$m"
done
echo
echo "--- From Treasury to DIA, and from the Internet to DIA"
send treasury.govt.nz "$here/10-treasury-reply.eml"
arrive "$here/11-forged-treasury.eml"
arrive "$here/12-outsider-in-confidence.eml"

echo
echo
echo "Part 3. The quarantine: every refused message, held at DIA's gateway"
echo "===================================================================="
q="$kit/seemail-quarantine"
echo "\$ seemail-quarantine list"
SEEMAIL_KIT_CONF=$dir/gw/dia.govt.nz/kit.conf "$q" list | sed 's/^/    /'
held=$(grep -l '^X-SEEMail-Policy: block; code=1C' "$dir"/gw/dia.govt.nz/quarantine/new/* | head -n 1)
if [ -n "$held" ]; then
	echo
	echo "\$ seemail-quarantine explain $(basename "$held")"
	SEEMAIL_KIT_CONF=$dir/gw/dia.govt.nz/kit.conf "$q" explain "$(basename "$held")" | sed 's/^/    /'
fi
echo
echo "After a fix (the directory, the triggers), 'seemail-quarantine release NAME'"
echo "submits a held message through the gateway again, where the same policy applies."
echo "See seemail(7) to set up a gateway with Exim, Postfix or procmail."
[ -z "${SEEMAIL_DEMO_KEEP:-}" ] || echo "Kept: $dir"
