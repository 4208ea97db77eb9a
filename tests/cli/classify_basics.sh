# classify_basics.sh: seem-classify as a filter: output, exit status, bad input.

test_passes_message_through_byte_for_byte() {
	printf 'From: a@example.org\r\nSubject: hello\r\n\r\nbody\r\n' >m
	run seem-classify m
	expect_rc 0
	# The output is the stamps, then the input unchanged.
	tail -c "$(wc -c <m)" "$T/out" | cmp -s - m || fail "input not passed through byte for byte"
	expect_out '^X-SEEMail-Classification: UNCLASSIFIED'
}

test_stamps_use_the_message_line_ends() {
	printf 'Subject: [SECRET]\r\n\r\nx\r\n' >crlf
	printf 'Subject: [SECRET]\n\nx\n' >lf
	run seem-classify crlf
	head -1 "$T/out" | grep -q "$(printf '\r')$" || fail "CRLF message got LF stamps"
	run seem-classify lf
	if head -1 "$T/out" | grep -q "$(printf '\r')$"; then fail "LF message got CRLF stamps"; fi
}

test_empty_input_is_not_a_message() {
	: >empty
	run seem-classify empty
	expect_rc 65
	[ ! -s "$T/out" ] || fail "wrote output for empty input"
}

test_text_without_header_is_not_a_message() {
	echo "just some text" >t
	run seem-classify t
	expect_rc 65
	[ ! -s "$T/out" ] || fail "wrote output"
}

test_replaces_incoming_classification_stamps() {
	printf 'X-SEEMail-Classification: UNCLASSIFIED\nX-SEEMail-Trigger: forged\n  continued\nSubject: [RESTRICTED]\n\nx\n' >m
	run seem-classify m
	expect_rc 0
	[ "$(grep -c '^X-SEEMail-Classification' "$T/out")" = 1 ] || fail "more than one classification stamp"
	expect_out '^X-SEEMail-Classification: RESTRICTED'
	expect_no_out 'forged|continued'
}

test_write_error_exits_75() {
	printf 'Subject: x\n\nbody\n' >m
	if [ -w /dev/full ]; then
		rc=0
		seem-classify m >/dev/full 2>err || rc=$?
		expect_rc 75
	else
		skip "no /dev/full"
	fi
}

test_help_and_version() {
	for t in seem-classify seem-policy seem-sign seem-verify seem-notify; do
		run $t --help
		expect_rc 0
		expect_out "^usage: $t"
		run $t --version
		expect_rc 0
		expect_out "^$t \(seemail\) [0-9]"
	done
}

test_unknown_option_is_a_usage_error() {
	run seem-classify --no-such-option
	expect_rc 64
	expect_err 'unknown option'
}

test_the_harness_catches_a_failure() {
	# A test that cannot fail is a defect: so is a harness.
	out=$(cd "$T" && sh -c '. "$SRC/tests/lib.sh"; set -e; f() { false || fail "x"; echo reached; }; f' 2>/dev/null || true)
	[ "$out" != reached ] || fail "fail did not stop the test"
}

test_help_version_and_check_report_write_errors() {
	[ -w /dev/full ] || skip "no /dev/full"
	for t in seem-classify seem-policy seem-sign seem-verify seem-notify; do
		rc=0; $t --help >/dev/full 2>/dev/null || rc=$?
		[ "$rc" = 75 ] || fail "$t --help to a full disk: exit $rc"
		rc=0; $t --version >/dev/full 2>/dev/null || rc=$?
		[ "$rc" = 75 ] || fail "$t --version to a full disk: exit $rc"
	done
	rc=0; seem-policy -c /dev/null --check >/dev/full 2>/dev/null || rc=$?
	[ "$rc" = 75 ] || fail "seem-policy --check to a full disk: exit $rc"
	rc=0; seem-notify -c /dev/null --check >/dev/full 2>/dev/null || rc=$?
	[ "$rc" = 75 ] || fail "seem-notify --check to a full disk: exit $rc"
}

test_output_options_are_alternatives_and_a_missing_file_is_66() {
	printf 'Subject: x\n\nhi\n' >m
	run seem-classify --explain --json m
	expect_rc 64
	expect_err 'alternatives'
	run seem-policy --json --routes -- a@b.test
	expect_rc 64
	# One given twice is fine.
	run seem-classify --json --json m
	expect_rc 0
	for t in seem-classify seem-verify seem-notify; do
		run $t -c /dev/null "$T/no-such-file"
		[ "$rc" = 66 ] || fail "$t on a missing file: exit $rc, not 66"
	done
}
