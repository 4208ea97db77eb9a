# extract_isolation.sh: an extractor child that crashes, hangs, is killed
# or writes garbage leaves seem-classify alive (exit 0, the message passed
# through), its part stamped X-SEEMail-Uninspectable with the reason, and
# the findings it reported before it went wrong kept (issue 3 item 7,
# issue 8 item 4; the child protocol is in src/lib/extract.h).
#
# The extractors here are fakes: shell scripts in $T/fake, which
# SEEMAIL_LIBEXEC puts before the real ones.  A child runs with no file
# writes allowed (RLIMIT_FSIZE 0), so a fake says nothing on stderr.

# fake HELPER BODY: an extractor that runs the shell code BODY.
fake() {
	mkdir -p "$T/fake"
	printf '#!/bin/sh\n%s\n' "$2" >"$T/fake/$1"
	chmod 755 "$T/fake/$1"
}

# A message with a PDF attachment (a real one: the fakes do not read it)
# and a subject that may carry a term.
message() {
	sh "$SRC/tests/fixtures/pdf/make-pdf.sh" -o "$T/r.pdf" "just a page"
	printf 'From: a@example.govt.nz\nTo: b@example.govt.nz\nSubject: %s\n' "${1:-report}"
	printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="=b"\n\n'
	printf -- '--=b\nContent-Type: text/plain\n\nSee attached.\n'
	for name in ${2:-r.pdf}; do
		printf -- '--=b\nContent-Type: application/pdf; name="%s"\n' "$name"
		printf 'Content-Disposition: attachment; filename="%s"\n' "$name"
		printf 'Content-Transfer-Encoding: base64\n\n'
		base64 "$T/r.pdf"
	done
	printf -- '--=b--\n'
}

conf() {
	printf 'extract_cpu = %s\nextract_timeout = %s\n' "${1:-1}" "${2:-3}" >"$T/c.conf"
}

# classify MSG: seem-classify with the fakes; $T/out holds the stamps
# with folded lines joined, $T/raw the whole output; checks that the
# message passed through byte for byte.
classify() {
	t0=$(date +%s%N)
	rc=0
	SEEMAIL_LIBEXEC=$T/fake seem-classify -c "$T/c.conf" "$1" >"$T/raw" 2>"$T/err" </dev/null || rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	stamps_of "$T/raw" >"$T/out"
	if [ "$rc" = 0 ]; then
		tail -c "$(wc -c <"$1")" "$T/raw" | cmp -s - "$1" || fail "message not passed through"
	fi
}

within() {
	[ "$ms" -lt $(($1 * 1000)) ] || fail "took ${ms} ms, more than $1 s"
}

uninspectable() {
	expect_out "^X-SEEMail-Uninspectable: \"$1\" in attachment \"r\\.pdf\""
}

test_crashing_pdf_extractor_leaves_the_part_uninspectable() {
	conf
	message >m
	for sig in SEGV BUS ABRT ILL FPE TERM; do
		fake seem-extract-pdf "kill -$sig \$\$"
		classify m
		expect_rc 0
		expect_out '^X-SEEMail-Classification: UNCLASSIFIED$'
		uninspectable "the PDF extractor was killed by signal [0-9]+"
		expect_err 'PDF extractor was killed by signal'
	done
}

test_killed_pdf_extractor_leaves_the_part_uninspectable() {
	# Issue 8 item 4: the child killed from outside (the OOM killer, an
	# operator) is a part that was not read, not a clean one.
	conf
	message >m
	fake seem-extract-pdf 'kill -KILL $$'
	classify m
	expect_rc 0
	uninspectable "the PDF extractor was killed by signal 9"
}

test_pdf_extractor_in_a_cpu_loop_is_stopped_by_extract_cpu() {
	conf 1 30
	message >m
	fake seem-extract-pdf 'while :; do :; done'
	classify m
	expect_rc 0
	# Stopped by its CPU limit (1 s), long before extract_timeout.
	within 10
	uninspectable "the PDF extractor was killed by signal (9|24)[^\"]*"
}

test_pdf_extractor_that_sleeps_is_stopped_by_extract_timeout() {
	conf 1 2
	message >m
	# Its own child, in its process group, sleeps too: both are killed.
	# The durations are this run's own, so that another run of the tests
	# at the same time is not taken for survivors.
	tag=$$$(date +%N)
	fake seem-extract-pdf "sleep 97.$tag & sleep 98.$tag"
	classify m
	expect_rc 0
	within 10
	uninspectable "the PDF extractor ran out of time \\(extract_timeout\\)"
	sleep 0.2
	if grep -qa -e "97\\.$tag" -e "98\\.$tag" /proc/[0-9]*/cmdline 2>/dev/null; then
		fail "the extractor's process group was not killed"
	fi
}

test_pdf_extractor_that_writes_garbage() {
	conf
	message >m
	fake seem-extract-pdf 'echo "%PDF-1.4 this is not a record"'
	classify m
	expect_rc 0
	uninspectable "the PDF extractor's output could not be read"
}

test_pdf_extractor_that_writes_without_end_is_bounded() {
	conf 5 20
	message >m
	fake seem-extract-pdf 'exec yes "garbage garbage garbage"'
	classify m
	expect_rc 0
	within 15
	uninspectable "the PDF extractor wrote too much"
}

test_pdf_extractor_that_fails() {
	conf
	message >m
	fake seem-extract-pdf 'exit 3'
	classify m
	expect_rc 0
	uninspectable "the PDF extractor failed \\(exit status 3\\)"
}

test_malformed_records_make_the_part_uninspectable() {
	conf
	message >m
	for rec in 'F\t0\tNO-SUCH-LEVEL\t[X]\t\t\t1' 'F\t7\tSECRET\t[SECRET]\t\t\t1' \
	    'W\t2\tskipped one\t\t\t\t\t' 'U\t0' 'Z' 'E\textra'; do
		fake seem-extract-pdf "printf '$rec\\nE\\n'"
		classify m
		expect_rc 0
		uninspectable "the PDF extractor's output could not be read"
	done
}

test_findings_reported_before_a_crash_are_kept() {
	conf
	message >m
	fake seem-extract-pdf 'printf "W\t1\tattachment \"r.pdf\" > page 2\t2\tapplication/pdf\tr.pdf\t\tpage 2\n"
printf "F\t1\tSECRET\t[SECRET]\tbefore \tafter\t1\n"
kill -SEGV $$'
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: SECRET$'
	expect_out '^X-SEEMail-Trigger: SECRET "\[SECRET\]" in attachment "r\.pdf" > page 2$'
	uninspectable "the PDF extractor was killed by signal 11"
}

test_findings_before_garbage_or_a_missing_end_are_kept() {
	conf
	message >m
	fake seem-extract-pdf 'printf "F\t0\tRESTRICTED\t[RESTRICTED]\t\t\t1\nnot a record\nE\n"'
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: RESTRICTED$'
	uninspectable "the PDF extractor's output could not be read"

	fake seem-extract-pdf 'printf "F\t0\tSENSITIVE\t[SENSITIVE]\t\t\t1\n"'
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: SENSITIVE$'
	uninspectable "the PDF extractor stopped before the end"
}

test_rest_of_the_message_is_still_classified() {
	conf
	message "[IN-CONFIDENCE] budget" >m
	fake seem-extract-pdf 'kill -SEGV $$'
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: IN-CONFIDENCE$'
	expect_out '^X-SEEMail-Trigger: IN-CONFIDENCE "\[IN-CONFIDENCE\]" in header Subject'
	uninspectable "the PDF extractor was killed by signal 11"
}

test_each_part_of_a_crashing_extractor_is_stamped() {
	conf
	message report "a.pdf b.pdf c.pdf" >m
	fake seem-extract-pdf 'kill -SEGV $$'
	classify m
	expect_rc 0
	[ "$(grep -c '^X-SEEMail-Uninspectable: "the PDF extractor was killed by signal 11"' "$T/out")" = 3 ] ||
	    fail "expected one stamp per part: $(cat "$T/out")"
	for n in a b c; do
		expect_out "^X-SEEMail-Uninspectable: .* in attachment \"$n\\.pdf\""
	done
}

test_crashing_document_extractor_leaves_the_part_uninspectable() {
	# The same isolation for seem-extract (ZIP, Office, ...).
	conf
	printf 'PK\003\004 not much of a zip' >z.zip
	{
		printf 'From: a@example.govt.nz\nSubject: files\nMIME-Version: 1.0\n'
		printf 'Content-Type: application/zip; name="z.zip"\nContent-Transfer-Encoding: base64\n\n'
		base64 z.zip
	} >m
	fake seem-extract 'kill -SEGV $$'
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Uninspectable: "the ZIP extractor was killed by signal 11"'
}

test_extractor_that_cannot_start_loses_nothing() {
	# An extractor that cannot be executed: either the part is
	# uninspectable or the whole message is retried (75, nothing
	# written); never a clean pass.
	conf
	message >m
	fake seem-extract-pdf ''
	printf '#!/nonexistent/interpreter\n' >"$T/fake/seem-extract-pdf"
	classify m
	case $rc in
	0) uninspectable "the PDF extractor could not be started" ;;
	75) [ ! -s "$T/raw" ] || fail "exit 75 with output" ;;
	*) fail "exit status $rc" ;;
	esac
}

test_extractor_that_closes_its_output_then_hangs_is_bounded() {
	# The records are complete, then the child hangs without exiting:
	# extract_timeout must still bound the wait.
	conf 1 2
	message >m
	fake seem-extract-pdf 'printf "E\n"; exec >&-; exec sleep 8'
	classify m
	expect_rc 0
	[ "$ms" -lt 6000 ] ||
	    fail "waited ${ms} ms for a child that closed its output (extract_timeout 2 s):" \
	        "extract_run (src/lib/extract.c) waits for the child without a deadline after EOF"
	uninspectable "the PDF extractor ran out of time \\(extract_timeout\\)"
}
