#!/bin/sh
# demo.sh BINDIR: shows seem-classify on the sample messages beside this
# script, with the built-in defaults (-c /dev/null: an empty configuration,
# so an installed /etc/seemail/seemail.conf is not read).
set -u
bin=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
for m in "$here"/*.eml; do
	subject=$(sed -n 's/^Subject: //p' "$m" | head -1)
	printf '\n=== %s\n    Subject: %s\n' "$(basename "$m")" "$subject"
	"$bin/seem-classify" -c /dev/null --explain "$m" | sed 's/^/    /'
done
echo
echo "Each message above went through: seem-classify --explain FILE"
echo "As a filter, seem-classify writes the message with X-SEEMail-* stamps:"
echo
"$bin/seem-classify" -c /dev/null "$here/02-restricted-subject.eml" | sed -n '1,/^$/p' | sed 's/^/    /'
