#!/bin/sh
# run-unit.sh PROGRAM...: runs each Check test program; fails if any fails.
fail=0
for t in "$@"; do
	if ! "$t" </dev/null; then
		echo "FAIL: $t"
		fail=1
	fi
done
exit $fail
