#!/bin/sh
# run.sh BUILD SECONDS TARGET...: runs each libFuzzer target of BUILD (the
# $(B)/fuzz directory of make fuzz) over its committed seeds in
# fuzz/corpus/TARGET, then fuzzes it for SECONDS seconds.  New inputs go to
# BUILD/work/TARGET (kept between runs, never into the committed seeds);
# a crash, hang, leak or broken invariant is saved under
# BUILD/artifacts/TARGET/ and makes the whole run fail, after every target
# has had its turn.
#
# Per input: -timeout seconds (a hang), -rss_limit_mb (a runaway).  Set
# FUZZ_FLAGS for more (e.g. FUZZ_FLAGS=-jobs=2).
#
# Known crashes: a crash in code that someone else must fix is kept as
# fuzz/crashes/TARGET/NAME (the input) with NAME.txt, whose first line is
# a fixed string from the sanitizer's SUMMARY line ("ole2.c:506").  A run
# that ends in a crash whose SUMMARY matches one of them is reported as
# known and does not fail; anything else does.  Delete the pair with the
# fix.
set -u
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
build=$1 secs=$2
shift 2
timeout=${FUZZ_TIMEOUT:-5}
rss=${FUZZ_RSS_MB:-1024}
failed=""

# The known crash of target $1 that log $2 ends in, if any.
known_crash() {
	summary=$(grep -E '^SUMMARY: ' "$2" | tail -n 1)
	[ -n "$summary" ] || return 1
	for k in fuzz/crashes/"$1"/*.txt; do
		[ -f "$k" ] || continue
		pat=$(head -n 1 "$k")
		case $summary in
		*"$pat"*) echo "${k%.txt}"; return 0 ;;
		esac
	done
	return 1
}

for t in "$@"; do
	bin=$build/$t
	seeds=fuzz/corpus/$t
	work=$build/work/$t
	art=$build/artifacts/$t
	mkdir -p "$work" "$art" "$seeds"
	dict=""
	[ -f "fuzz/dict/$t.dict" ] && dict="-dict=fuzz/dict/$t.dict"
	log=$build/work/$t.log
	# libFuzzer wants the largest input it may build; the seeds decide
	# unless the target asks for more.
	maxlen=""
	[ -f "fuzz/dict/$t.maxlen" ] && maxlen="-max_len=$(cat "fuzz/dict/$t.maxlen")"
	start=$(date +%s)
	# shellcheck disable=SC2086
	if "$bin" -runs=0 -timeout="$timeout" -rss_limit_mb="$rss" \
	    -artifact_prefix="$art/" "$seeds" >"$log" 2>&1 &&
	   "$bin" -max_total_time="$secs" -timeout="$timeout" -rss_limit_mb="$rss" \
	    -print_final_stats=1 -artifact_prefix="$art/" $dict $maxlen ${FUZZ_FLAGS:-} \
	    "$work" "$seeds" >>"$log" 2>&1; then
		stats=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1 |
		    sed 's/^#\([0-9]*\)[^c]*\(cov: [0-9]*\).*\(corp: [^ ]*\).*\(exec\/s: [0-9]*\).*/\1 runs, \2, \3, \4/')
		echo "fuzz: $t ok ($(( $(date +%s) - start ))s: $stats)"
	elif known=$(known_crash "$t" "$log"); then
		echo "fuzz: $t stopped at a known crash ($known); not counted"
	else
		echo "fuzz: $t FAILED; see $log and $art/"
		grep -E 'ERROR:|invariant failed|SUMMARY' "$log" | head -n 5 | sed 's/^/    /'
		failed="$failed $t"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed"
	exit 1
fi
echo "fuzz: $# targets, no crash"
