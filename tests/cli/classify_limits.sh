# classify_limits.sh: hostile shapes of message: each is classified in
# bounded time with the right exit status and stamps (issue 8 item 3, the
# parts that concern the MIME reader).

# within SECONDS CMD...: runs CMD like run, failing if it takes longer.
within() {
	secs=$1
	shift
	rc=0
	timeout "$secs" "$@" >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" != 124 ] || fail "took longer than ${secs}s: $*"
}

test_one_megabyte_header_line_of_unclosed_encoded_words() {
	python3 -c 'import sys; sys.stdout.write("Subject: " + "=?a?q?x" * 150000 + " [SECRET]\n\nbody\n")' >m
	within 5 seem-classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: SECRET'
}

test_one_megabyte_header_line_of_text() {
	python3 -c 'import sys; sys.stdout.write("Subject: " + "word " * 210000 + "[RESTRICTED]\n\nbody\n")' >m
	within 5 seem-classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: RESTRICTED'
}

test_hundred_thousand_header_fields() {
	python3 -c '
import sys
w = sys.stdout.write
for i in range(100000):
    w("X-Filler-%d: value %d\n" % (i, i))
w("Subject: [SEEMAIL] at the end\n\nbody\n")' >m
	within 5 seem-classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: SEEMAIL'
}

test_ten_thousand_nested_multiparts() {
	python3 -c '
import sys
w = sys.stdout.write
w("Subject: deep\n")
for i in range(10000):
    w("Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (i, i))
w("Content-Type: text/plain\n\n[RESTRICTED]\n")' >m
	within 10 seem-classify m
	expect_rc 0
	expect_out '^X-SEEMail-Uninspectable: "multiparts nested deeper than mime_depth"'
}

test_thousand_nested_attached_messages() {
	python3 -c '
import sys
w = sys.stdout.write
for i in range(1000):
    w("Subject: level %d\nContent-Type: message/rfc822\n\n" % i)
w("Subject: [SECRET] innermost\n\nbody\n")' >m
	within 10 seem-classify m
	expect_rc 0
	expect_out '^X-SEEMail-Uninspectable: "attached messages nested deeper than mime_depth"'
}

test_many_parts_past_max_parts() {
	python3 -c '
import sys
w = sys.stdout.write
w("Subject: many\nContent-Type: multipart/mixed; boundary=b\n\n")
for i in range(20000):
    w("--b\nContent-Type: text/plain\n\npart %d\n" % i)
w("--b--\n")' >m
	within 10 seem-classify m
	expect_rc 0
	expect_out 'more MIME parts than max_parts'
}

test_many_candidate_brackets() {
	python3 -c 'import sys; sys.stdout.write("Subject: x\n\n" + "[SEC=TOP SECRE" * 300000 + "\n")' >m
	within 5 seem-classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: UNCLASSIFIED'
}

test_message_larger_than_max_message_size() {
	printf 'max_message_size = 2K\n' >small.conf
	python3 -c 'import sys; sys.stdout.write("Subject: x\n\n" + "a" * 5000 + "\n")' >m
	run seem-classify -c small.conf m
	expect_rc 65
	expect_err 'max_message_size'
	[ ! -s "$T/out" ] || fail "wrote output"
}
