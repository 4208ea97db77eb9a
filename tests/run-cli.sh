#!/bin/sh
# run-cli.sh [SCRIPT...]: runs the test_* functions of tests/cli/*.sh (or
# the scripts named), each in its own temporary directory, and prints a
# line per test.  Exit status 1 if any failed.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$(cd "$SRC/.." && pwd)/shared
SEEMAIL_BIN=${SEEMAIL_BIN:-$SRC/bin}
PATH=$SEEMAIL_BIN:$PATH
# Tests never see a configuration they did not make.
SEEMAIL_CONF=
export SRC SHARED SEEMAIL_BIN PATH SEEMAIL_CONF
[ -d "$SHARED/fixtures" ] || SHARED=

scripts=${*:-$SRC/tests/cli/*.sh}
pass=0 failed=0 skipped=0 failures=""
tmproot=$(mktemp -d "${TMPDIR:-/tmp}/seemail-test.XXXXXX")
trap 'rm -rf "$tmproot"' EXIT

for script in $scripts; do
	[ -f "$script" ] || script=$SRC/tests/cli/$script
	script=$(cd "$(dirname "$script")" && pwd)/$(basename "$script")
	name=$(basename "$script" .sh)
	for t in $(grep -Eo '^test_[A-Za-z0-9_]+' "$script"); do
		T=$tmproot/$name.$t
		mkdir -p "$T"
		export T
		start=$(date +%s.%N)
		(
			cd "$T" || exit 1
			. "$SRC/tests/lib.sh"
			. "$script"
			set -e
			"$t"
		) >"$T.log" 2>&1
		st=$?
		secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
		case $st in
		0) pass=$((pass + 1)); printf 'ok    %s %s (%ss)\n' "$name" "$t" "$secs" ;;
		77) skipped=$((skipped + 1)); printf 'skip  %s %s: %s\n' "$name" "$t" "$(tail -1 "$T.log")" ;;
		*) failed=$((failed + 1)); failures="$failures $name:$t"
		   printf 'FAIL  %s %s\n' "$name" "$t"; sed 's/^/      /' "$T.log" ;;
		esac
	done
done
echo "cli tests: $pass passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] || { echo "failed:$failures"; exit 1; }
