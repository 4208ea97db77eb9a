# lib.sh: helpers for the CLI tests (sourced by tests/run-cli.sh).
#
# Each test script defines functions named test_*; the runner calls each
# in a fresh temporary directory ($T) with stdin from /dev/null and the
# tools first on PATH, under "set -e": a test fails at the first command
# that fails, including the expect_* helpers and fail.
#
#   run CMD...        runs CMD, stdout to $T/out, stderr to $T/err,
#                     exit status in $rc (never fails by itself)
#   expect_rc N       $rc must be N
#   expect_out RE     $T/out must match the extended regex RE (grep -E)
#   expect_no_out RE  $T/out must not match
#   expect_err RE     $T/err must match (expect_no_err: must not)
#   fail MSG          the test fails
#   skip MSG          the test is skipped
#
# $SRC is the source tree; $SHARED is ../shared beside it (fixtures that
# no one on the team made); $SEEMAIL_BIN the tools.

fail() {
	echo "    FAIL: $*" >&2
	return 1
}

skip() {
	echo "    skip: $*" >&2
	return 77
}

# attach FILE NAME [TYPE]: a message with FILE attached (base64) as NAME,
# of TYPE (application/octet-stream), after a text part; on stdout.
attach() {
	printf 'From: a@example.govt.nz\nTo: b@example.govt.nz\nSubject: report\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain\n\nsee attached\n'
	printf -- '--b1\nContent-Type: %s\n' "${3:-application/octet-stream}"
	printf 'Content-Disposition: attachment; filename="%s"\nContent-Transfer-Encoding: base64\n\n' "$2"
	base64 "$1"
	printf -- '--b1--\n'
}

# mkzip OUT NAME=TEXT...: a ZIP of the entries, deflated; NAME ending in
# "/" is a directory; TEXT "@FILE" takes the bytes of FILE; "mimetype" is
# stored, as OpenDocument wants it (put it first).
mkzip() {
	python3 - "$@" <<'EOF'
import sys, zipfile
out, entries = sys.argv[1], sys.argv[2:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for e in entries:
        name, text = e.split("=", 1)
        data = open(text[1:], "rb").read() if text.startswith("@") else text.encode()
        kind = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
        z.writestr(name, data, compress_type=kind)
EOF
}

# need_python: skips the test (77) where python3 is missing.
need_python() {
	command -v python3 >/dev/null 2>&1 || { skip "no python3"; return 77; }
}

run() {
	rc=0
	"$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
}

run_in() {
	# run_in FILE CMD...: as run, with FILE on stdin
	_in=$1
	shift
	rc=0
	"$@" >"$T/out" 2>"$T/err" <"$_in" || rc=$?
}

expect_rc() {
	[ "$rc" = "$1" ] || {
		fail "exit status $rc, expected $1; stderr: $(head -c 600 "$T/err")"
		return 1
	}
}

# expect_match WHAT FILE ERE / expect_no_match WHAT FILE ERE: FILE (called
# WHAT in the failure) must, or must not, match ERE; the expect_* below
# are these over $T/out, $T/err and $T/stamps.
expect_match() {
	grep -Eq -- "$3" "$2" || {
		fail "$1 does not match /$3/: $(head -c 1500 "$2")"
		return 1
	}
}

expect_no_match() {
	if grep -Eq -- "$3" "$2"; then
		fail "$1 matches /$3/ but should not: $(grep -E -- "$3" "$2" | head -3)"
		return 1
	fi
}

expect_out() { expect_match output "$T/out" "$1"; }
expect_no_out() { expect_no_match output "$T/out" "$1"; }
expect_err() { expect_match stderr "$T/err" "$1"; }
expect_no_err() { expect_no_match stderr "$T/err" "$1"; }

# A message from here-document text, with CRLF line ends if $2 is "crlf".
mkmsg() {
	if [ "${2:-}" = crlf ]; then
		sed 's/$/\r/' >"$1"
	else
		cat >"$1"
	fi
}

# test_pki NAME: sets P to the test PKI of tests/pki/make-pki.sh in
# pki.NAME beside the tests' directories, made on first use in a run and
# shared by the tests that name it.
test_pki() {
	P=${T%/*}/pki.$1
	if [ ! -f "$P/done" ]; then
		rm -rf "$P"
		sh "$SRC/tests/pki/make-pki.sh" "$P" >"$P.log" 2>&1 || {
			cat "$P.log" >&2
			fail "make-pki.sh failed"
			return 1
		}
		: >"$P/done"
	fi
}

# stamps_of FILE: the X-SEEMail-* fields of the header of the message in
# FILE (a tool's output), each on one line (folded lines joined).
stamps_of() {
	awk '/^$/ { exit } /^[ \t]/ { sub(/^[ \t]+/, " "); line = line $0; next }
	    { if (line != "") print line; line = $0 } END { if (line != "") print line }' \
	    "$1" | grep '^X-SEEMail-' || true
}

# expect_stamp ERE / expect_no_stamp ERE: over $T/stamps (stamps_of).
expect_stamp() { expect_match stamps "$T/stamps" "$1"; }
expect_no_stamp() { expect_no_match stamps "$T/stamps" "$1"; }
