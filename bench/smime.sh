#!/bin/sh
# smime.sh [BINDIR [WORKDIR]]: seem-sign and seem-verify against the
# openssl command line doing the same work (issue 5 item 4):
#
#   sign    seem-sign RCPT            vs  openssl cms -sign | openssl cms -encrypt -aes256
#   verify  seem-verify               vs  openssl cms -decrypt | openssl cms -verify
#
# on a 5 KB message (RSA and ECDSA signers; goals 0.55x to sign, 0.6x to
# verify) and on a 25 MB one (goals 0.8x with a peak of 82 MB to sign,
# 0.5x with 100 MB to verify).  Both sides read the same input file: the
# verify cases read what the openssl pipeline wrote (and, for the record,
# what seem-sign wrote).  The directory holds 120 agencies with a
# certificate file each, so that loading more than the destination's
# certificates would show.
#
# CPU time is user + system of the command and every child it waited for
# (the pipelines' shell and both openssl processes): through $RUNONE
# (bench/runone, wait4), built here if make bench did not give it.  The
# tools run in turn, each round, and the figure is the median of $ROUNDS
# rounds (default 7, at least 5).  Peak memory is the tool's own maximum
# resident set.  Exit status 1 if a goal is missed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
bindir=$(cd "${1:-$here/../bin}" && pwd)
work=${2:-}
rounds=${ROUNDS:-7}
[ "$rounds" -ge 5 ] || rounds=5

command -v openssl >/dev/null 2>&1 || { echo "smime: skipped: no openssl"; exit 0; }
if [ -z "$work" ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/seemail-bench-smime.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
cd "$work"
if [ -z "${RUNONE:-}" ] || [ ! -x "$RUNONE" ]; then
	${CC:-cc} -O2 -o runone "$here/runone.c"
	RUNONE=$work/runone
fi

# ---- the PKI, a large directory, the messages ----
sh "$here/../tests/pki/make-pki.sh" pki >/dev/null
P=$work/pki
cp "$P/directory" "$P/directory.small"
i=0
while [ $i -lt 120 ]; do
	cp "$P/gamma.pem" "$P/agency$i.pem"
	printf 'agency%d.test standard agency%d.pem Agency Number %d\n' $i $i $i >>"$P/directory"
	i=$((i + 1))
done

# message FILE BYTES [FROM]: a message with a text body and a base64 attachment
# of pseudo-random bytes (fixed: AES-CTR of zeros) making BYTES in all.
message() {
	{
		printf 'From: Ann Example <%s>\nTo: Bob <bob@beta.test>\n' "${3:-ann@alpha.test}"
		printf 'Subject: Quarterly figures\nDate: Mon, 1 Jan 2024 10:00:00 +1300\n'
		printf 'Message-ID: <bench@alpha.test>\nMIME-Version: 1.0\n'
		printf 'Content-Type: multipart/mixed; boundary="b"\n\n--b\n'
		printf 'Content-Type: text/plain; charset=utf-8\n\n'
		awk 'BEGIN { for (i = 0; i < 20; i++) print "The figures for the quarter are attached; the forecast follows the plan agreed in March." }'
		printf -- '--b\nContent-Type: application/octet-stream; name="figures.bin"\n'
		printf 'Content-Transfer-Encoding: base64\n\n'
		openssl enc -aes-128-ctr -K 00000000000000000000000000000000 \
		    -iv 00000000000000000000000000000000 -in /dev/zero 2>/dev/null |
		    head -c $(( ($2 - 2200) * 3 / 4 )) | base64 -w 76
		printf -- '--b--\n'
	} >"$1"
}
message m5k.eml 5120
message m25m.eml 26214400
message m5k-gamma.eml 5120 ann@gamma.test

openssl_sign() {
	# openssl_sign SIGNER IN OUT
	openssl cms -sign -signer "$P/$1.pem" -inkey "$P/$1.key" -md sha256 <"$2" |
	    openssl cms -encrypt -aes256 "$P/beta.pem" >"$3"
}
for m in m5k m25m; do
	openssl_sign alpha $m.eml $m.openssl.p7m
	"$bindir/seem-sign" -c "$P/alpha.conf" bob@beta.test <$m.eml >$m.seemail.p7m
done
openssl_sign gamma m5k-gamma.eml m5k.ecdsa.p7m
for f in m5k.openssl.p7m m25m.openssl.p7m m5k.ecdsa.p7m m5k.seemail.p7m m25m.seemail.p7m; do
	"$bindir/seem-verify" -c "$P/beta.conf" $f >verified
	head -1 verified | grep -q '^X-SEEMail-Verified: pass' ||
	    { echo "smime: seem-verify does not pass $f"; exit 1; }
done

# ---- measuring ----
# case NAME REPEAT INPUT -- OURS... -- THEIRS: median CPU of both, ratio.
status=0
printf '%-34s %10s %10s %7s %6s %9s %s\n' case seemail openssl ratio goal peak-MB verdict
measure() {
	name=$1 repeat=$2 input=$3 goal=$4 peak_goal=$5 ours=$6 theirs=$7
	: >times
	r=0
	while [ $r -lt "$rounds" ]; do
		# shellcheck disable=SC2086 # ours is words without blanks
		a=$("$RUNONE" "$repeat" "$input" $ours)
		b=$("$RUNONE" "$repeat" "$input" sh -c "$theirs")
		echo "$a $b" >>times
		r=$((r + 1))
	done
	sort -n -k1 times | awk -v n="$rounds" 'NR == int((n + 1) / 2) { print $1 }' >ours.med
	sort -n -k3 times | awk -v n="$rounds" 'NR == int((n + 1) / 2) { print $3 }' >theirs.med
	peak=$(awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' times)
	awk -v name="$name" -v rep="$repeat" -v a="$(cat ours.med)" -v b="$(cat theirs.med)" \
	    -v goal="$goal" -v peak="$peak" -v pg="$peak_goal" 'BEGIN {
		ratio = a / b; mb = peak / 1024
		ok = ratio <= goal && (pg == 0 || mb <= pg)
		printf "%-34s %8.2fms %8.2fms %6.2fx %5.2fx %9s %s\n", name, a / rep * 1000,
		    b / rep * 1000, ratio, goal, pg ? sprintf("%.1f/%d", mb, pg) : sprintf("%.1f", mb),
		    ok ? "ok" : "MISSED"
		exit ok ? 0 : 1 }' || status=1
}

B=$bindir
sign_theirs() {
	echo "openssl cms -sign -signer $P/$1.pem -inkey $P/$1.key -md sha256 |
	    openssl cms -encrypt -aes256 $P/beta.pem"
}
verify_theirs="openssl cms -decrypt -recip $P/beta.pem -inkey $P/beta.key |
    openssl cms -verify -CAfile $P/ca.pem"

# Ours run as an MTA runs them, with no shell; the pipelines need one.
measure "sign 5 KB, RSA signer" 20 m5k.eml 0.55 0 \
    "$B/seem-sign -c $P/alpha.conf bob@beta.test" "$(sign_theirs alpha)"
measure "sign 5 KB, ECDSA signer" 20 m5k-gamma.eml 0.55 0 \
    "$B/seem-sign -c $P/gamma.conf bob@beta.test" "$(sign_theirs gamma)"
measure "verify 5 KB (openssl's message)" 20 m5k.openssl.p7m 0.6 0 \
    "$B/seem-verify -c $P/beta.conf" "$verify_theirs"
measure "verify 5 KB, ECDSA signer" 20 m5k.ecdsa.p7m 0.6 0 \
    "$B/seem-verify -c $P/beta.conf" "$verify_theirs"
measure "verify 5 KB (seem-sign's message)" 20 m5k.seemail.p7m 0.6 0 \
    "$B/seem-verify -c $P/beta.conf" "$verify_theirs"
measure "sign 25 MB" 1 m25m.eml 0.8 82 \
    "$B/seem-sign -c $P/alpha.conf bob@beta.test" "$(sign_theirs alpha)"
measure "verify 25 MB (openssl's message)" 1 m25m.openssl.p7m 0.5 100 \
    "$B/seem-verify -c $P/beta.conf" "$verify_theirs"
measure "verify 25 MB (seem-sign's message)" 1 m25m.seemail.p7m 0.5 100 \
    "$B/seem-verify -c $P/beta.conf" "$verify_theirs"
exit $status
