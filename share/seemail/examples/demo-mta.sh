#!/bin/sh
# demo-mta.sh DIR HERE [-f SENDER] [--] RCPT... <MESSAGE: the toy MTA of
# demo.sh, which the kit's scripts call as they would call Exim.
#
# HERE is the domain of the gateway that hands the message over
# ("internet" for a message from outside).  Recipients are taken one
# domain at a time, as an MTA's SMTP client would: HERE's own go to their
# mailbox; any other domain gets a copy "on the wire" and, when it has a
# demo gateway (DIR/gw/DOMAIN/kit.conf), that gateway's seemail-inbound
# runs before the mailboxes.  Mailboxes are DIR/mail/ADDRESS/N.eml; each
# step is a line in DIR/events ("wire DOMAIN FILE", "mailbox ADDRESS
# FILE").  $SEEMAIL_DEMO_KIT is the kit's directory.  Exit status 75 on
# any failure, as an MTA pipe would see it.
set -u
dir=$1
here=$2
shift 2
sender=
while [ $# -gt 0 ]; do
	case $1 in
	-f) sender=$2; shift 2 ;;
	--) shift; break ;;
	-*) shift ;;
	*) break ;;
	esac
done
msg=$dir/mta.$$
trap 'rm -f "$msg" "$msg.in"' EXIT
cat >"$msg" || exit 75

# next: $n, the next file number.
next() {
	n=$(($(cat "$dir/seq" 2>/dev/null || echo 0) + 1))
	echo "$n" >"$dir/seq"
}

# deliver ADDRESS FILE
deliver() {
	mkdir -p "$dir/mail/$1" || exit 75
	next
	cp "$2" "$dir/mail/$1/$n.eml" || exit 75
	echo "mailbox $1 $dir/mail/$1/$n.eml" >>"$dir/events"
}

for dom in $(printf '%s\n' "$@" | sed 's/.*@//' | tr '[:upper:]' '[:lower:]' | sort -u); do
	if [ "$dom" = "$here" ]; then
		for r in $(printf '%s\n' "$@" | grep -i "@$dom\$"); do deliver "$r" "$msg"; done
		continue
	fi
	mkdir -p "$dir/wire"
	next
	cp "$msg" "$dir/wire/$n.eml" || exit 75
	echo "wire $dom $dir/wire/$n.eml" >>"$dir/events"
	in=$msg
	if [ -f "$dir/gw/$dom/kit.conf" ]; then
		SEEMAIL_KIT_CONF=$dir/gw/$dom/kit.conf "$SEEMAIL_DEMO_KIT/seemail-inbound" -f "$sender" \
		    <"$msg" >"$msg.in" || exit 75
		in=$msg.in
	fi
	for r in $(printf '%s\n' "$@" | grep -i "@$dom\$"); do deliver "$r" "$in"; done
done
exit 0
