#!/bin/sh
# run.sh BINDIR RUNONE: every benchmark of bench/, one after the other.
# Benchmarks that need tools this machine lacks say so and are skipped.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bindir=$(cd "$1" && pwd)
RUNONE=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
export RUNONE
work=$(mktemp -d "${TMPDIR:-/tmp}/seemail-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
for b in "$here"/*.py "$here"/*.sh; do
	case $(basename "$b") in benchlib.py|run.sh) continue ;; esac
	echo "== $(basename "$b")"
	case $b in
	*.py) python3 "$b" "$bindir" "$work/$(basename "$b" .py)" || status=1 ;;
	*.sh) sh "$b" "$bindir" "$work/$(basename "$b" .sh)" || status=1 ;;
	esac
done
exit $status
