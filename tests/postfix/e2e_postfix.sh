# e2e_postfix.sh: the kit's Postfix examples end to end, with the real
# Postfix of an unpacked postfix package (tests/postfix/lib.sh): gateway
# G for alpha.test (Agency Alpha) built from main.cf.example,
# master.cf.example and kit.conf.example, Exim sinks for gamma.test (a
# standard member) and other.test (not a member).
#
# Not part of make check (Postfix is not installed, and the package must
# be fetched): make check-postfix runs it as root; elsewhere, or without
# the package, every test is skipped with the reason.

# shellcheck source=lib.sh
. "$SRC/tests/postfix/lib.sh"

# the_wire: the one message the gamma.test sink got.
the_wire() {
	the S all
}

test_postfix_unclassified_to_a_member_leaves_signed_and_encrypted() {
	pf_begin
	msg m.eml "Lunch on Friday" marker-pf-plain-1 "" "Carol <carol@gamma.test>"
	pf_send_in alice@alpha.test carol@gamma.test m.eml
	settle
	# The filter ran as the example's pipe, and handed the message back.
	grep -q "$qid: to=<carol@gamma.test>, relay=seemail-out, .*status=sent" "$E/G/log/maillog" ||
		{ e2e_dump; fail "not delivered to the seemail-out pipe"; }
	has "$E/G/log/kit.log" 'seemail-outbound '"$qid"': from <alice@alpha.test>: UNCLASSIFIED, deliver; S/MIME to 1'
	wire=$(the_wire)
	has "$wire" '^Envelope-to: carol@gamma.test'
	has "$wire" '^Return-path: <alice@alpha.test>'
	has "$wire" '^Content-Type: application/(x-)?pkcs7-mime'
	hasnt "$wire" 'marker-pf-plain-1'
	hasnt "$wire" '^X-SEEMail-'
	# Gamma's key opens it, and the signature is Agency Alpha's gateway's.
	run openssl cms -decrypt -recip "$P/gamma.pem" -inkey "$P/gamma.key" -in "$wire"
	expect_rc 0
	expect_out 'application/(x-)?pkcs7-(mime|signature)|multipart/signed'
	run_in "$wire" seem-verify -c "$P/gamma.conf" --log none
	expect_rc 0
	expect_out '^X-SEEMail-Verified: pass; agency="Agency Alpha"; domain="alpha.test"'
	expect_out '^Subject: Lunch on Friday'
	expect_out 'marker-pf-plain-1'
	[ -z "$(pf_held)" ] || fail "G held a message it delivered"
	expect_count G alice 0
}

test_postfix_restricted_to_a_non_member_is_refused_and_the_sender_noticed() {
	pf_begin
	msg m.eml "[RESTRICTED] Budget bid" marker-pf-1a-2 "" "Xavier <xavier@other.test>"
	pf_send_in alice@alpha.test xavier@other.test m.eml
	settle
	# Nothing left: the sink is empty, Postfix saw a delivery to the pipe
	# (no bounce, no deferral).
	expect_count X all 0
	expect_count S all 0
	grep -q "$qid: to=<xavier@other.test>, relay=seemail-out, .*status=sent" "$E/G/log/maillog" ||
		{ e2e_dump; fail "not delivered to the seemail-out pipe"; }
	# The notice came back through seemail-outbound and sendmail, with a
	# null envelope sender, to alice's Maildir.
	n=$(the G alice)
	has "$n" '^Return-Path: <>'
	has "$n" '^Content-Type: multipart/report; report-type=delivery-status'
	has "$n" '^Subject: Not sent \(SEEMail 1A\)'
	has "$n" '^Auto-Submitted: auto-replied'
	has "$n" '^Content-Type: message/rfc822'
	has "$n" '^Status: 5\.7\.1'
	has "$n" 'xavier@other.test'
	has "$n" 'marker-pf-1a-2'
	grep -q "postfix/pickup\[[0-9]*\]: [0-9A-F]*: uid=$(id -u seemail) from=<>\$" "$E/G/log/maillog" ||
		fail "the notice was not handed to sendmail by the seemail user with a null sender"
	# The refused message is held, with its envelope.
	h=$(pf_held)
	[ "$(echo "$h" | grep -c .)" = 1 ] || fail "G holds: $h"
	has "$h" '^X-SEEMail-Held-From: <alice@alpha.test>'
	has "$h" '^X-SEEMail-Held-For: <xavier@other.test>'
	has "$h" "^X-SEEMail-Held-Queue-ID: $qid"
	has "$h" '^X-SEEMail-Policy: block; code=1A'
	has "$h" 'marker-pf-1a-2'
	has "$E/G/log/kit.log" "seemail-outbound $qid: from <alice@alpha.test>: RESTRICTED, block 1A; refused 1, held as"
}

test_postfix_a_filter_exit_75_defers_and_a_flush_delivers_once() {
	pf_begin
	# Gamma's certificate is not installed on G yet: seem-sign exits 75.
	sed -i 's/^gamma\.test .*/gamma.test  standard  -  Agency Gamma/' "$E/G/seemail/directory"
	msg m.eml "Minutes" marker-pf-75-3 "" "Carol <carol@gamma.test>"
	pf_send_in alice@alpha.test carol@gamma.test m.eml
	echo "$qid: to=<carol@gamma.test>, relay=seemail-out" >>"$E/expect_defer"
	pf_log_wait "$qid: to=<carol@gamma.test>, relay=seemail-out, .*status=deferred"
	# The deferral says why (pipe(8) quotes the kit's standard error).
	grep "$qid: to=<carol@gamma.test>" "$E/G/log/maillog" | grep -q 'Agency Gamma has no gateway certificate' ||
		fail "the deferral does not say why: $(grep "$qid" "$E/G/log/maillog")"
	[ -n "$(find "$E/G/spool/deferred" -type f -name "$qid")" ] || fail "$qid is not in the deferred queue"
	run pf postqueue -p
	expect_out "^${qid}[*!]? "
	expect_count S all 0
	# The certificate arrives; a flush delivers the message, once.
	sed -i 's/^gamma\.test .*/gamma.test  standard  gamma.pem  Agency Gamma/' "$E/G/seemail/directory"
	pf postqueue -f
	settle
	wire=$(the_wire)
	hasnt "$wire" 'marker-pf-75-3'
	run_in "$wire" seem-verify -c "$P/gamma.conf" --log none
	expect_out '^X-SEEMail-Verified: pass; agency="Agency Alpha"'
	expect_out 'marker-pf-75-3'
	[ "$(grep -c "$qid: to=<carol@gamma.test>, relay=seemail-out, .*status=sent" "$E/G/log/maillog")" = 1 ] ||
		fail "the filter did not deliver it exactly once"
	[ "$(pf_queued)" = 0 ] || fail "still queued: $(pf postqueue -p)"
	# Nothing more arrives later (a second copy would be a second batch).
	sleep 1
	expect_count S all 1
}

test_postfix_public_service_relays_for_nobody_not_even_mynetworks() {
	pf_begin
	# An inside host (in mynetworks) that talks to the public service:
	# mail there passes only the inbound filter, so relaying it to an
	# outside domain would skip the outbound policy.  It is refused.
	msg m.eml "[RESTRICTED] Budget bid" marker-pf-relay-4 "" "Xavier <xavier@other.test>"
	swaks --server "127.0.0.1:$(cat "$E/G/port.out")" --local-interface 127.0.0.2 \
	    --helo client.test --from alice@alpha.test --to xavier@other.test --data m.eml \
	    </dev/null >"$E/swaks.out" 2>&1 && { cat "$E/swaks.out"; fail "the public service relayed"; }
	grep -q '554 5\.7\.1 .*Relay access denied' "$E/swaks.out" ||
		{ cat "$E/swaks.out"; fail "no relay refusal"; }
	# Mail for the agency still comes in there.
	msg m2.eml "Hello" marker-pf-in-4 "Xavier <xavier@other.test>" "Alice <alice@alpha.test>"
	pf_send_out xavier@other.test alice@alpha.test m2.eml
	settle
	expect_count X all 0
	n=$(the G alice)
	has "$n" 'marker-pf-in-4'
}

test_postfix_test_files_are_shellcheck_clean() {
	command -v shellcheck >/dev/null 2>&1 || skip "shellcheck is not installed"
	cd "$SRC/tests/postfix" || return 1
	run shellcheck -x -s sh e2e_postfix.sh lib.sh prepare.sh
	expect_rc 0
}
