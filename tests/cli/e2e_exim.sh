# e2e_exim.sh: the MTA kit of share/seemail end to end, through real Exim
# daemons on loopback (tests/e2e/lib.sh): two agency gateways A
# (alpha.test) and B (beta.test), both restricted members, a sink for a
# standard member (gamma.test) and one for a non-member (other.test).
# A's inbound side is the kit's procmail recipe, B's the seemail-inbound
# pipe.  Then the kit's scripts alone, with a fake MTA, and their lint.
#
# The Exim tests need root, exim, swaks and procmail (make deps installs
# them); elsewhere they are skipped with the reason.

# shellcheck source=../e2e/lib.sh
. "$SRC/tests/e2e/lib.sh"

# notice_for BOX CODE MARKER: the one notice in A's BOX says CODE and
# carries the original.
notice_for() {
	n=$(the A "$1")
	has "$n" '^Content-Type: multipart/report; report-type=delivery-status'
	has "$n" "^Subject: Not sent \\(SEEMail $2\\)"
	has "$n" '^Content-Type: message/rfc822'
	has "$n" "^Status: 5\\.7\\.1"
	has "$n" "$3"
}

test_unclassified_mail_a_to_b_travels_encrypted_and_arrives_verified() {
	e2e_begin
	msg m.eml "Lunch on Friday" marker-plain-7731
	send_in A alice@alpha.test bob@beta.test m.eml
	settle
	# What B received from A: S/MIME, not a word of the text.
	wire=$(the B wire)
	has "$wire" '^Content-Type: application/(x-)?pkcs7-mime'
	hasnt "$wire" 'marker-plain-7731'
	hasnt "$wire" '^X-SEEMail-'
	got=$(the B bob)
	has "$got" '^X-SEEMail-Verified: pass; agency="Agency Alpha"; domain="alpha.test"'
	has "$got" '^X-SEEMail-Classification: UNCLASSIFIED'
	has "$got" '^X-SEEMail-Policy: deliver'
	has "$got" '^Subject: Lunch on Friday'
	has "$got" 'marker-plain-7731'
}

test_restricted_a_to_b_is_delivered() {
	e2e_begin
	msg m.eml "[RESTRICTED] Budget bid" marker-r-2208
	send_in A alice@alpha.test bob@beta.test m.eml
	settle
	# The Subject stays outside unless hide_subject = yes; the text does not.
	hasnt "$(the B wire)" 'marker-r-2208'
	got=$(the B bob)
	has "$got" '^X-SEEMail-Verified: pass; agency="Agency Alpha"'
	has "$got" '^X-SEEMail-Classification: RESTRICTED'
	has "$got" '^Subject: \[RESTRICTED\] Budget bid'
	expect_count A alice 0
	[ -z "$(held A)" ] || fail "A held a message it delivered"
}

test_restricted_to_a_standard_member_is_refused_with_1c_notice() {
	e2e_begin
	msg m.eml "[RESTRICTED] Budget bid" marker-1c-5512 "" "carol@gamma.test"
	send_in A alice@alpha.test carol@gamma.test m.eml
	settle
	expect_count S all 0
	notice_for alice 1C marker-1c-5512
	has "$n" '^Final-Recipient: rfc822; ?carol@gamma.test'
	has "$n" '^Auto-Submitted: auto-replied'
	# The notice went with a null envelope sender, and the refused
	# message is held with its envelope.
	grep -q "<= <> .*P=local" "$E/A/log/mainlog" || fail "the notice did not have a null sender"
	h=$(held A)
	[ "$(echo "$h" | grep -c .)" = 1 ] || fail "A holds: $h"
	has "$h" '^X-SEEMail-Held-From: <alice@alpha.test>'
	has "$h" '^X-SEEMail-Held-For: <carol@gamma.test>'
	has "$h" '^X-SEEMail-Policy: block; code=1C'
	has "$h" 'marker-1c-5512'
	# Exim delivered the message to the filter: no bounce, no deferral.
	grep -q "=> .*carol@gamma.test.* R=seemail_outbound T=seemail_outbound" "$E/A/log/mainlog" ||
		fail "no delivery to the filter logged"
}

test_seemail_to_a_non_member_is_refused_with_1a_notice() {
	e2e_begin
	msg m.eml "[SEEMAIL] Survey results" marker-1a-9012 "" "xavier@other.test"
	send_in A alice@alpha.test xavier@other.test m.eml
	settle
	expect_count X all 0
	notice_for alice 1A marker-1a-9012
	has "$n" 'xavier@other.test'
	[ -n "$(held A)" ] || fail "nothing held"
}

test_a_mixed_batch_with_a_refusal_goes_to_no_external_recipient() {
	e2e_begin
	msg m.eml "[RESTRICTED] Cabinet paper" marker-mix-3141 "" \
	    "bob@beta.test, carol@gamma.test, xavier@other.test, dave@alpha.test"
	send_in A alice@alpha.test bob@beta.test,carol@gamma.test,xavier@other.test,dave@alpha.test m.eml
	settle
	expect_count B bob 0
	expect_count B wire 0
	expect_count S all 0
	expect_count X all 0
	# Internal recipients are not the policy's business.
	has "$(the A dave)" marker-mix-3141
	# One run of the filter saw every external recipient: one notice,
	# both codes, one held message for the three of them.
	notice_for alice 1A marker-mix-3141
	has "$n" '1C'
	h=$(held A)
	[ "$(grep -c '^X-SEEMail-Held-For:' "$h")" = 3 ] || fail "held for: $(grep Held-For "$h")"
}

test_a_forged_plain_message_from_b_domain_reaches_a_as_an_unsigned_agency_warning() {
	e2e_begin
	msg m.eml "Urgent: new bank account" marker-forged-6060 "Bob <bob@beta.test>" "alice@alpha.test"
	send_out A bob@beta.test alice@alpha.test m.eml
	settle
	w=$(the A alice)
	# Delivered by procmail, as the kit's recipe filtered it.
	grep -q "=> alice <alice@alpha.test> R=seemail_procmail T=seemail_procmail" "$E/A/log/mainlog" ||
		fail "not delivered by procmail"
	has "$w" '^Subject: \[SEEMail warning\]'
	has "$w" 'unsigned-agency'
	has "$w" 'Agency Beta'
	has "$w" '^Content-Type: message/rfc822'
	has "$w" '^X-SEEMail-Verified: none'
	has "$w" 'marker-forged-6060'
}

test_in_confidence_from_a_non_member_is_warned_4a_through_the_pipe() {
	e2e_begin
	msg m.eml "[IN-CONFIDENCE] Staff list" marker-4a-4444 "Xavier <xavier@other.test>" "erin@beta.test"
	send_out B xavier@other.test erin@beta.test m.eml
	settle
	w=$(the B erin)
	grep -q "R=seemail_inbound T=seemail_inbound" "$E/B/log/mainlog" || fail "not filtered by the pipe"
	has "$w" '^Subject: \[SEEMail warning\]'
	has "$w" '4A'
	has "$w" 'marker-4a-4444'
}

test_b_to_a_is_encrypted_and_decrypted_by_procmail() {
	e2e_begin
	msg m.eml "[IN-CONFIDENCE] Reply" marker-ba-8080 "Bob <bob@beta.test>" "alice@alpha.test"
	send_in B bob@beta.test alice@alpha.test m.eml
	settle
	wire=$(the A wire)
	has "$wire" '^Content-Type: application/(x-)?pkcs7-mime'
	hasnt "$wire" 'marker-ba-8080'
	got=$(the A alice)
	has "$got" '^X-SEEMail-Verified: pass; agency="Agency Beta"'
	has "$got" '^X-SEEMail-Classification: IN-CONFIDENCE'
	has "$got" '^X-SEEMail-Policy: deliver'
	has "$got" 'marker-ba-8080'
}

test_a_filter_that_exits_75_leaves_the_message_queued_and_a_retry_delivers_it_once() {
	e2e_begin
	# B's certificate is not installed on A yet: seem-sign exits 75.
	sed -i 's/^beta\.test .*/beta.test restricted - Agency Beta/' "$E/A/etc/directory"
	msg m.eml "Minutes" marker-75-7575
	send_in A alice@alpha.test bob@beta.test m.eml
	echo "$qid ==" >>"$E/expect_defer"
	w=0
	until grep -q "$qid == bob@beta.test R=seemail_outbound T=seemail_outbound defer" "$E/A/log/mainlog"; do
		w=$((w + 1))
		[ $w -lt 200 ] || { e2e_dump; fail "no deferral logged"; }
		sleep 0.05
	done
	# The deferral says why (log_defer_output), the message waits.
	grep "$qid" "$E/A/log/mainlog" | grep -q "Agency Beta has no gateway certificate" ||
		fail "the deferral does not say why: $(grep "$qid" "$E/A/log/mainlog")"
	[ "$(exim_of A -bpc)" = 1 ] || fail "A's queue: $(exim_of A -bp)"
	exim_of A -bp | grep -q "$qid" || fail "$qid is not in the queue"
	expect_count B bob 0
	# The certificate arrives; a retry delivers the message, once.
	sed -i 's/^beta\.test .*/beta.test restricted beta.pem Agency Beta/' "$E/A/etc/directory"
	retry A "$qid"
	settle
	has "$(the B bob)" 'marker-75-7575'
	has "$(the B bob)" '^X-SEEMail-Verified: pass'
	[ "$(exim_of A -bpc)" = 0 ] || fail "still queued"
}

test_on_block_uncleared_refuses_only_the_uncleared_recipients() {
	e2e_begin
	echo "on_block = uncleared" >>"$E/A/etc/seemail.conf"
	msg m.eml "[RESTRICTED] Budget bid" marker-unc-1234 "" "bob@beta.test, carol@gamma.test"
	send_in A alice@alpha.test bob@beta.test,carol@gamma.test m.eml
	settle
	has "$(the B bob)" 'marker-unc-1234'
	expect_count S all 0
	notice_for alice 1C marker-unc-1234
	h=$(held A)
	has "$h" '^X-SEEMail-Held-For: <carol@gamma.test>'
	hasnt "$h" '^X-SEEMail-Held-For: <bob@beta.test>'
}

test_a_held_message_is_triaged_and_released_after_the_fix() {
	e2e_begin
	Q="env SEEMAIL_KIT_CONF=$E/A/kit.conf $E/share/seemail/kit/seemail-quarantine"
	msg m.eml "[RESTRICTED] Joint operation" marker-rel-5150 "" "carol@gamma.test"
	send_in A alice@alpha.test carol@gamma.test m.eml
	settle
	h=$(held A)
	[ -n "$h" ] || fail "nothing held"
	name=$(basename "$h")
	# Triage: the list, the explanation, the JSON.
	run $Q list
	expect_rc 0
	expect_out "^$name  RESTRICTED 1C  from <alice@alpha.test>  to <carol@gamma.test>"
	run $Q explain "$name"
	expect_rc 77
	expect_out 'RESTRICTED  "\[RESTRICTED\]"'
	expect_out 'where: +header Subject'
	expect_out 'standard member: Agency Gamma'
	expect_out 'codes: 1C'
	run $Q explain --json "$name"
	expect_out '"verdict":"block"'
	# Released before the fix: the same policy refuses it; it stays.
	run $Q release "$name"
	expect_rc 77
	expect_err 'still refused \(RESTRICTED, block 1C\)'
	[ -f "$h" ] || fail "the held message left the quarantine"
	# The fix: Agency Gamma joins the restricted community.
	sed -i 's/^gamma\.test  standard/gamma.test  restricted/' "$E/A/etc/directory"
	run $Q release "$name"
	expect_rc 0
	expect_out "released $name to carol@gamma.test"
	settle
	got=$(the S all)
	has "$got" '^Envelope-to: carol@gamma.test'
	has "$got" '^Content-Type: application/(x-)?pkcs7-mime'
	hasnt "$got" 'marker-rel-5150'
	[ -z "$(held A)" ] || fail "still held"
	[ -f "$E/A/quarantine/.released/cur/$name" ] || fail "not kept in .released"
	# Through the gateway again, with the original sender, one notice only.
	grep -q "<= alice@alpha.test U=root P=local" "$E/A/log/mainlog" || fail "not re-submitted as alice"
	expect_count A alice 1
}

test_a_failing_inbound_filter_under_procmail_defers_and_never_delivers_unfiltered() {
	e2e_begin
	# A broken configuration: the tools exit 78, the kit 75, and the
	# recipe's "e" branch makes procmail exit 75.
	cp "$E/A/etc/seemail.conf" good.conf
	echo "no_such_key = 1" >>"$E/A/etc/seemail.conf"
	msg m.eml "Hello" marker-pm-7500 "Xavier <xavier@other.test>" "alice@alpha.test"
	send_out A xavier@other.test alice@alpha.test m.eml
	echo "$qid ==" >>"$E/expect_defer"
	w=0
	until grep -q "$qid == alice@alpha.test R=seemail_procmail T=seemail_procmail defer" "$E/A/log/mainlog"; do
		w=$((w + 1))
		[ $w -lt 200 ] || { e2e_dump; fail "no deferral logged"; }
		sleep 0.05
	done
	expect_count A alice 0
	[ "$(exim_of A -bpc)" = 1 ] || fail "not queued"
	cp good.conf "$E/A/etc/seemail.conf"
	retry A "$qid"
	settle
	has "$(the A alice)" '^X-SEEMail-Verified: none'
}

test_the_exim_snippets_fit_debian_split_configuration() {
	[ -d /etc/exim4/conf.d ] && command -v update-exim4.conf >/dev/null 2>&1 ||
		skip "no Debian exim4 configuration here"
	[ -x "$EXIM" ] || skip "exim is not installed"
	# As seemail(7) says: three files in conf.d, then update-exim4.conf.
	mkdir ex4
	cp -R /etc/exim4/conf.d /etc/exim4/update-exim4.conf.conf ex4/
	sed -i "s/^dc_use_split_config=.*/dc_use_split_config='true'/" ex4/update-exim4.conf.conf
	k=$SRC/share/seemail/exim
	printf 'recipients_max = 1000\n.include %s/seemail-macros\n' "$k" >ex4/conf.d/main/00_seemail
	echo ".include $k/seemail-routers" >ex4/conf.d/router/050_seemail
	echo ".include $k/seemail-transports" >ex4/conf.d/transport/50_seemail
	run update-exim4.conf -d "$T/ex4" -o "$T/exim.conf"
	expect_rc 0
	run "$EXIM" -C "$T/exim.conf" -bV
	expect_rc 0
	# Outbound to the filter; from outside to the inbound pipe; from
	# inside, local mail as before; re-injected mail past the filters.
	run "$EXIM" -C "$T/exim.conf" -bt someone@example.com
	expect_out 'router = seemail_outbound, transport = seemail_outbound'
	run "$EXIM" -C "$T/exim.conf" -bt -oMa 192.0.2.1 -oMr esmtp postmaster
	expect_out 'router = seemail_inbound, transport = seemail_inbound'
	run "$EXIM" -C "$T/exim.conf" -bt postmaster
	expect_no_out seemail
	run "$EXIM" -C "$T/exim.conf" -oMr seemail-out -bt someone@example.com
	expect_no_out seemail
}

# The kit's scripts alone: seemail-outbound and seemail-inbound with a
# fake MTA that records each hand-over ($T/calls/N: args, msg).

fake_kit() {
	e2e_pki
	mkdir -p calls
	cat >mta <<-EOF
	#!/bin/sh
	d=$T/calls/\$(ls $T/calls | wc -l)
	mkdir -p "\$d"
	printf '%s\n' "\$@" >"\$d/args"
	cat >"\$d/msg"
	exit \${FAKE_MTA_RC:-0}
	EOF
	chmod 755 mta
	cat >kit.conf <<-EOF
	SEEMAIL_BIN=$SEEMAIL_BIN
	SEEMAIL_CONF=$T/seemail.conf
	SEEMAIL_REINJECT="$T/mta reinject"
	SEEMAIL_REINJECT_IN="$T/mta reinject-in"
	SEEMAIL_SUBMIT="$T/mta submit"
	SEEMAIL_QUARANTINE=$T/q
	SEEMAIL_KIT_LOG=$T/kit.log
	EOF
	cp "$P/alpha.conf" seemail.conf
	echo "notify_from = SEEMail Gateway <seemail@alpha.test>" >>seemail.conf
	SEEMAIL_KIT_CONF=$T/kit.conf
	export SEEMAIL_KIT_CONF
	KIT=$SRC/share/seemail/kit
}

# call N: "args" of the Nth hand-over on one line.
call() {
	tr '\n' ' ' <"calls/$1/args" | sed 's/ $//'
}

test_outbound_kit_splits_the_recipients_by_destination() {
	fake_kit
	msg m.eml "Lunch" marker-split-1
	run_in m.eml "$KIT/seemail-outbound" -f alice@alpha.test -q Q1 -- \
	    bob@beta.test xavier@other.test gina@gamma.test sam@sge.test ian@alpha.test
	expect_rc 0
	[ "$(ls calls | wc -l)" = 2 ] || fail "hand-overs: $(ls calls)"
	# Members that take S/MIME: one message encrypted to both agencies.
	[ "$(call 0)" = "reinject -f alice@alpha.test -- bob@beta.test gina@gamma.test" ] ||
		fail "S/MIME batch: $(call 0)"
	has calls/0/msg '^Content-Type: application/(x-)?pkcs7-mime'
	hasnt calls/0/msg 'marker-split-1'
	# Everyone else, the message as it was (our stamps removed).
	[ "$(call 1)" = "reinject -f alice@alpha.test -- xavier@other.test sam@sge.test ian@alpha.test" ] ||
		fail "plain batch: $(call 1)"
	cmp m.eml calls/1/msg || fail "the plain batch is not the original"
	has kit.log 'seemail-outbound Q1: from <alice@alpha.test>: UNCLASSIFIED, deliver; S/MIME to 2; as it is to 3'
	[ ! -d q/new ] || [ -z "$(ls q/new)" ] || fail "something was held"
}

test_outbound_kit_on_a_block_holds_notifies_and_delivers_internal_only() {
	fake_kit
	msg m.eml "[RESTRICTED] Budget" marker-block-2
	run_in m.eml "$KIT/seemail-outbound" -f alice@alpha.test -- \
	    bob@beta.test gina@gamma.test ian@alpha.test
	expect_rc 0
	[ "$(ls calls | wc -l)" = 2 ] || fail "hand-overs: $(ls calls)"
	[ "$(call 0)" = "reinject -f alice@alpha.test -- ian@alpha.test" ] || fail "internal: $(call 0)"
	[ "$(call 1)" = "submit -f <> -- alice@alpha.test" ] || fail "notice: $(call 1)"
	has calls/1/msg '^Subject: Not sent \(SEEMail 1C\)'
	h=$(ls q/new/*)
	has "$h" '^X-SEEMail-Held-For: <bob@beta.test>'
	has "$h" '^X-SEEMail-Held-For: <gina@gamma.test>'
	hasnt "$h" 'Held-For: <ian@alpha.test>'
	# A null sender gets no notice (and nothing loops).
	rm -rf calls q && mkdir calls
	run_in m.eml "$KIT/seemail-outbound" -f '<>' -- gina@gamma.test
	expect_rc 0
	[ "$(ls calls | wc -l)" = 0 ] || fail "hand-overs: $(call 0)"
	has "$(ls q/new/*)" '^X-SEEMail-Held-From: <>'
}

test_outbound_kit_sends_notices_through_itself_when_there_is_no_submit_command() {
	fake_kit
	echo 'SEEMAIL_SUBMIT=' >>kit.conf
	msg m.eml "[SEEMAIL] Survey" marker-self-3
	run_in m.eml "$KIT/seemail-outbound" -f alice@alpha.test -- xavier@other.test
	expect_rc 0
	# The notice went through seemail-outbound again: internal, as it is.
	[ "$(call 0)" = "reinject -f <> -- alice@alpha.test" ] || fail "notice: $(call 0)"
	has calls/0/msg '^Subject: Not sent \(SEEMail 1A\)'
}

test_outbound_kit_exits_75_and_sends_nothing_on_any_failure() {
	fake_kit
	msg m.eml "[RESTRICTED] Budget" marker-fail-4
	# A broken configuration: the tools exit 78, the kit 75.
	cp seemail.conf good.conf
	echo "no_such_key = 1" >>seemail.conf
	run_in m.eml "$KIT/seemail-outbound" -f alice@alpha.test -- gina@gamma.test
	expect_rc 75
	expect_err 'seem-classify exited with status 78'
	[ "$(ls calls | wc -l)" = 0 ] || fail "handed over: $(call 0)"
	# The MTA refuses the hand-over: 75, and nothing stays held.
	cp good.conf seemail.conf
	FAKE_MTA_RC=1 run_in m.eml "$KIT/seemail-outbound" -f alice@alpha.test -- gina@gamma.test ian@alpha.test
	expect_rc 75
	[ -z "$(ls q/new)" ] || fail "held although the MTA kept the message"
	# No recipients, a usage error: still 75, never a bounce.
	run_in m.eml "$KIT/seemail-outbound" -f alice@alpha.test
	expect_rc 75
	# A quarantine it cannot write: 75.
	echo "SEEMAIL_QUARANTINE=/dev/null/q" >>kit.conf
	run_in m.eml "$KIT/seemail-outbound" -f alice@alpha.test -- gina@gamma.test
	expect_rc 75
}

test_inbound_kit_filters_or_reinjects() {
	fake_kit
	msg m.eml "[IN-CONFIDENCE] Staff" marker-in-5 "Xavier <xavier@other.test>" "alice@alpha.test"
	run_in m.eml "$KIT/seemail-inbound" -f xavier@other.test
	expect_rc 0
	expect_out '^Subject: \[SEEMail warning\]'
	expect_out 'marker-in-5'
	[ "$(ls calls | wc -l)" = 0 ] || fail "handed over in filter mode"
	run_in m.eml "$KIT/seemail-inbound" -f xavier@other.test -- alice@alpha.test ian@alpha.test
	expect_rc 0
	[ "$(call 0)" = "reinject-in -f xavier@other.test -- alice@alpha.test ian@alpha.test" ] ||
		fail "re-injection: $(call 0)"
	echo "no_such_key = 1" >>seemail.conf
	run_in m.eml "$KIT/seemail-inbound" -f xavier@other.test
	expect_rc 75
	[ ! -s "$T/out" ] || fail "wrote a message although it failed"
}

test_kit_scripts_are_shellcheck_clean() {
	command -v shellcheck >/dev/null 2>&1 || skip "shellcheck is not installed"
	cd "$SRC/share/seemail/kit"
	run shellcheck -x -s sh seemail-outbound seemail-inbound seemail-quarantine seemail-kit.sh
	expect_rc 0
	cd "$SRC/share/seemail/examples"
	run shellcheck -x -s sh demo.sh
	expect_rc 0
}

# Postfix cannot be installed beside exim4 (Debian's packages conflict):
# its examples are linted with the postconf of an unpacked postfix
# package (make check-postfix fetches it), or of an installed Postfix.
test_postfix_examples_lint_clean_with_postconf() {
	r=${SEEMAIL_POSTFIX_ROOT:-}
	[ -n "$r" ] || [ ! -x /usr/sbin/postconf ] || r=/
	[ -n "$r" ] || skip "no Postfix here; make check-postfix unpacks its package to lint the examples"
	[ -f "$r/usr/share/postfix/master.cf.dist" ] || fail "$r: not an unpacked postfix package"
	LD_LIBRARY_PATH=$r/usr/lib/postfix
	export LD_LIBRARY_PATH
	pf=$SRC/share/seemail/postfix
	# The stock master.cf with the examples' smtp services instead of its own.
	mkdir cf
	cp "$pf/main.cf.example" cf/main.cf
	sed '/^smtp  *inet/d' "$r/usr/share/postfix/master.cf.dist" >cf/master.cf
	cat "$pf/master.cf.example" >>cf/master.cf
	# No warnings: every parameter is known, and the recipient limits
	# name the services of master.cf.
	run "$r/usr/sbin/postconf" -c "$T/cf" -n
	expect_rc 0
	[ ! -s "$T/err" ] || fail "postconf -n: $(cat "$T/err")"
	expect_out '^seemail-out_destination_recipient_limit = 1000'
	run "$r/usr/sbin/postconf" -c "$T/cf" -M
	expect_rc 0
	[ ! -s "$T/err" ] || fail "postconf -M: $(cat "$T/err")"
	expect_out '^seemail-out +unix .* pipe user=seemail null_sender= argv=/usr/local/share/seemail/kit/seemail-outbound -f \$\{sender\} -q \$\{queue_id\} -- \$\{recipient\}'
	expect_out '^seemail-in +unix .* pipe .*seemail-inbound'
	run "$r/usr/sbin/postconf" -c "$T/cf" -P
	expect_out 'smtp/inet/content_filter = seemail-in:dummy'
	expect_out 'smtp/inet/content_filter = seemail-out:dummy'
	# The scripts it runs are the kit's.
	for s in $(sed -n 's|.*argv=/usr/local/share/seemail/\([^ ]*\).*|\1|p' "$pf/master.cf.example"); do
		[ -x "$SRC/share/seemail/$s" ] || fail "master.cf.example runs $s, which the kit lacks"
	done
	# The kit.conf for Postfix is a shell fragment.
	sh -n "$pf/kit.conf.example" || fail "kit.conf.example is not sh"
	(. "$pf/kit.conf.example" && [ "$SEEMAIL_REINJECT" = "/usr/sbin/sendmail -G -i" ] &&
		[ -z "$SEEMAIL_SUBMIT" ]) || fail "kit.conf.example: wrong settings"
}

# make demo: both directions between two demo gateways with a throwaway
# PKI, through the kit, no daemon.
test_the_demo_shows_what_happened_to_each_message() {
	command -v openssl >/dev/null 2>&1 || skip "openssl is not installed"
	run sh "$SRC/share/seemail/examples/demo.sh" "$SEEMAIL_BIN"
	expect_rc 0
	[ ! -s "$T/err" ] || fail "demo.sh wrote to stderr: $(head -c 600 "$T/err")"
	expect_out 'to treasury.govt.nz: S/MIME, signed and encrypted'
	expect_out 'delivered +to rawiri@treasury.govt.nz: "Budget bid \[RESTRICTED\]" \(X-SEEMail-Verified: pass\)'
	expect_out 'DIA gateway +RESTRICTED, block 1C; refused 1, held as'
	expect_out '=> REFUSED \(1C\)'
	expect_out '=> REFUSED \(above-seemail\)'
	expect_out 'delivered +to ana@dia.govt.nz: "Re: Budget bid \[SENSITIVE:BUDGET\]" \(X-SEEMail-Verified: pass\)'
	expect_out '=> delivered with a warning \(unsigned-agency\)'
	expect_out '=> delivered with a warning \(4A\)'
	expect_out 'to example.com: as it is, in clear'
	expect_out '^\$ seemail-quarantine list'
	[ "$(grep -c '^=== ' "$T/out")" -ge 20 ] || fail "fewer messages than expected"
	# It cleans up after itself.
	! grep -q 'Kept:' "$T/out" || fail "kept its directory"
}
