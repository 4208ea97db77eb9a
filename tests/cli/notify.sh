# notify.sh: seem-notify: pass-through, a block notice for every outbound
# code and a warning for every inbound one (checked with an independent
# MIME parser, tests/tools/check_notice.py), no notice for a null sender
# or an auto-submitted message, injection through everything the original
# controls, line ends, the size limit, templates and their errors.
#
# The X-SEEMail-Policy stamps are written by hand here, as seem-policy
# writes them (verdict.h), so that these tests do not depend on it.

CHECK="$SRC/tests/tools/check_notice.py"

setup_conf() {
	cat >seemail.conf <<-'EOF'
	agency = Department of Tests
	local_domains = dia.test
	notify_from = SEEMail Gateway <seemail@dia.test>
	EOF
}

notify() {   # notify ARGS... <in.eml: runs seem-notify with the test config
	run_in in.eml seem-notify -c seemail.conf --log stderr "$@"
}

# block_msg CODE RECIPIENTS [LEVEL]: a blocked message (one code) in in.eml.
block_msg() {
	cat >in.eml <<-EOF
	X-SEEMail-Policy: block; code=$1; recipients="$2"; refused="$2"
	X-SEEMail-Classification: ${3:-RESTRICTED}
	X-SEEMail-Trigger: ${3:-RESTRICTED} "[${3:-RESTRICTED}]" in header Subject
	X-SEEMail-Trigger: ${3:-RESTRICTED} "[${3:-RESTRICTED}:BUDGET]" in attachment
	 "budget.docx" (part 2, application/msword) > word/document.xml
	From: Ana Tamihana <ana@dia.test>
	To: Eve <eve@example.com>, sam@acc.test
	Subject: [${3:-RESTRICTED}] Budget figures
	Date: Tue, 24 Nov 2026 09:04:00 +1300
	Message-ID: <orig1@dia.test>
	MIME-Version: 1.0
	Content-Type: text/plain; charset=utf-8

	The figures are attached.
	EOF
}

# warn_msg CODE [EXTRA-PARAMS]: an inbound message with a warning, in in.eml.
warn_msg() {
	cat >in.eml <<-EOF
	X-SEEMail-Policy: warn; code=$1; from="eve@example.com"${2:-}
	X-SEEMail-Classification: IN-CONFIDENCE
	X-SEEMail-Trigger: IN-CONFIDENCE "[IN-CONFIDENCE]" in body (part 1, text/plain)
	From: Eve <eve@example.com>
	To: Ana Tamihana <ana@dia.test>, bob@dia.test
	Cc: "Carol, HR" <carol@dia.test>
	Subject: Quarterly report
	Date: Tue, 24 Nov 2026 09:04:00 +1300
	Message-ID: <in1@example.com>

	[IN-CONFIDENCE] Here it is.
	EOF
}

check_block() {   # check_block ARGS...: check_notice.py block on out/in.eml
	python3 "$CHECK" block "$T/out" in.eml "$@" >check.out 2>&1 ||
		fail "$(cat check.out)"
}

check_warn() {
	python3 "$CHECK" warn "$T/out" in.eml "$@" >check.out 2>&1 ||
		fail "$(cat check.out)"
}

# ---- pass-through ----

test_no_stamp_passes_through_byte_for_byte() {
	setup_conf
	printf 'From: a@dia.test\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nbody\xff\x00\r\nno end' >in.eml
	notify
	expect_rc 0
	cmp -s in.eml "$T/out" || fail "output differs from input"
}

test_deliver_passes_through_byte_for_byte() {
	setup_conf
	for p in 'deliver' 'deliver; recipients="rawiri@treasury.test"'; do
		printf 'X-SEEMail-Policy: %s\nX-SEEMail-Classification: RESTRICTED\nFrom: a@dia.test\nSubject: s\n\nbody\n' "$p" >in.eml
		notify -f a@dia.test
		expect_rc 0
		cmp -s in.eml "$T/out" || fail "deliver ($p): output differs from input"
	done
	# An mbox line stays too: pass-through means every byte.
	printf 'From a@dia.test Tue Nov 24 09:04:00 2026\nX-SEEMail-Policy: deliver\nFrom: a@dia.test\n\nx\n' >in.eml
	notify
	cmp -s in.eml "$T/out" || fail "mbox line: output differs from input"
}

# ---- block notices, one per outbound code ----

test_block_1A_notice() {
	need_python
	setup_conf
	block_msg 1A "eve@example.com" IN-CONFIDENCE
	notify -f ana@dia.test
	expect_rc 0
	expect_err 'block notice for <orig1@dia.test> \(code 1A\) to ana@dia.test'
	check_block --code 1A --to ana@dia.test --refused eve@example.com \
	    --subject 'Not sent (SEEMail 1A): [IN-CONFIDENCE] Budget figures' \
	    --text 'NOT SEEMail' --text '"[IN-CONFIDENCE]" (IN-CONFIDENCE) in header Subject' \
	    --text 'attachment "budget.docx" (part 2, application/msword) > word/document.xml' \
	    --text 'remove the marking'
	grep -q '^From: SEEMail Gateway <seemail@dia.test>$' "$T/out" || fail "From"
}

test_block_1C_notice() {
	need_python
	setup_conf
	block_msg 1C "sam@acc.test"
	notify -f ana@dia.test
	expect_rc 0
	check_block --code 1C --to ana@dia.test --refused sam@acc.test \
	    --text 'Contains RESTRICTED' --text 'marked RESTRICTED' --text 'standard community'
}

test_block_above_seemail_notice() {
	need_python
	setup_conf
	block_msg above-seemail "rawiri@treasury.test" SECRET
	notify -f ana@dia.test
	expect_rc 0
	check_block --code above-seemail --refused rawiri@treasury.test \
	    --text 'marked SECRET' --text '"[SECRET:BUDGET]" (SECRET) in attachment'
}

test_block_cannot_sign_notice_lists_uninspectable_parts() {
	need_python
	setup_conf
	cat >in.eml <<-'EOF'
	X-SEEMail-Policy: block; code=cannot-sign; recipients="rawiri@treasury.test";
	 refused="rawiri@treasury.test"
	X-SEEMail-Classification: UNCLASSIFIED
	X-SEEMail-Uninspectable: "encrypted ZIP entry" in attachment "a.zip" (part 2,
	 application/zip) > report.docx
	X-SEEMail-Uninspectable: "encrypted PDF" in attachment "b.pdf" (part 3, application/pdf)
	From: ana@dia.test
	To: rawiri@treasury.test
	Subject: Files
	Message-ID: <cs@dia.test>

	see attached
	EOF
	notify -f ana@dia.test
	expect_rc 0
	check_block --code cannot-sign --refused rawiri@treasury.test \
	    --text '- attachment "a.zip" (part 2, application/zip) > report.docx: encrypted ZIP entry' \
	    --text '- attachment "b.pdf" (part 3, application/pdf): encrypted PDF' \
	    --no-text 'Markings found elsewhere'
}

test_block_several_codes_primary_leads_others_listed() {
	need_python
	setup_conf
	cat >in.eml <<-'EOF'
	X-SEEMail-Policy: block; code=above-seemail; recipients="rawiri@treasury.test,
	 sam@acc.test, eve@example.com"; refused="rawiri@treasury.test, sam@acc.test,
	 eve@example.com"
	X-SEEMail-Policy: block; code=1A; recipients="eve@example.com"
	X-SEEMail-Policy: block; code=cannot-sign; recipients="rawiri@treasury.test,
	 sam@acc.test"
	X-SEEMail-Classification: SECRET
	X-SEEMail-Trigger: SECRET "[SECRET]" in header Subject
	X-SEEMail-Uninspectable: "encrypted PDF" in attachment "b.pdf"
	From: ana@dia.test
	Subject: [SECRET] plan
	Message-ID: <multi@dia.test>

	x
	EOF
	notify -f ana@dia.test
	expect_rc 0
	check_block --code above-seemail --code 1A --code cannot-sign \
	    --refused rawiri@treasury.test --refused sam@acc.test --refused eve@example.com \
	    --text '- SEEMail 1A (NOT SEEMail): It carries a SEEMail marking, and these recipients are not in SEEMail: eve@example.com.' \
	    --text '- SEEMail cannot-sign (Cannot be signed):'
	# The delivery status names the codes that concern each recipient.
	tr -d '\n' <"$T/out" | grep -q 'eve@example.comAction: failedStatus: 5.7.1Diagnostic-Code: smtp; 550 5.7.1 SEEMail above-seemail (Classified above what email may carry), 1A (NOT SEEMail)' ||
		fail "diagnostic of eve: $(grep -A3 'rfc822; eve' "$T/out")"
}

test_block_uncleared_says_who_still_got_it() {
	need_python
	setup_conf
	cat >in.eml <<-'EOF'
	X-SEEMail-Policy: block; code=1C; recipients="sam@acc.test"; refused="sam@acc.test"
	X-SEEMail-Policy: deliver; recipients="rawiri@treasury.test"
	X-SEEMail-Classification: RESTRICTED
	X-SEEMail-Trigger: RESTRICTED "[RESTRICTED]" in header Subject
	From: ana@dia.test
	Subject: [RESTRICTED] x
	Message-ID: <unc@dia.test>

	x
	EOF
	notify -f ana@dia.test
	expect_rc 0
	check_block --code 1C --refused sam@acc.test --text 'It was still sent to: rawiri@treasury.test'
	block_msg 1C "sam@acc.test"
	notify -f ana@dia.test
	check_block --code 1C --no-text 'still sent'
}

test_block_sender_is_f_then_return_path_then_from() {
	need_python
	setup_conf
	block_msg 1A "eve@example.com"
	notify -f '<boss@dia.test>'
	check_block --to boss@dia.test
	{ printf 'Return-Path: <rp@dia.test>\n'; cat in.eml; } >rp.eml
	mv rp.eml in.eml
	notify
	check_block --to rp@dia.test
	grep -v '^Return-Path' in.eml >x.eml
	mv x.eml in.eml
	notify
	check_block --to ana@dia.test
}

# ---- no notice: loops ----

test_null_sender_gets_no_notice() {
	setup_conf
	block_msg 1A "eve@example.com"
	for s in '' '<>' 'MAILER-DAEMON'; do
		notify -f "$s"
		expect_rc 0
		[ ! -s "$T/out" ] || fail "a notice for the null sender \"$s\""
		expect_err 'no notice for <orig1@dia.test> .*null'
	done
	# Return-Path: <> is a null sender too, and From is not used then.
	{ printf 'Return-Path: <>\n'; cat in.eml; } >rp.eml
	run_in rp.eml seem-notify -c seemail.conf --log stderr
	expect_rc 0
	[ ! -s "$T/out" ] || fail "a notice for Return-Path: <>"
}

test_auto_submitted_original_gets_no_notice() {
	need_python
	setup_conf
	for v in 'auto-replied' 'auto-generated; owner-email="x@dia.test"' 'AUTO-NOTIFIED (x)'; do
		block_msg 1A "eve@example.com"
		{ printf 'Auto-Submitted: %s\n' "$v"; cat in.eml; } >a.eml
		mv a.eml in.eml
		notify -f ana@dia.test
		expect_rc 0
		[ ! -s "$T/out" ] || fail "a notice for Auto-Submitted: $v"
		expect_err 'no notice .*auto-submitted'
	done
	# "no" is a person's message: it gets its notice.
	block_msg 1A "eve@example.com"
	{ printf 'Auto-Submitted: no\n'; cat in.eml; } >a.eml
	mv a.eml in.eml
	notify -f ana@dia.test
	expect_rc 0
	check_block --code 1A
}

test_unusable_sender_gets_no_notice() {
	setup_conf
	block_msg 1A "eve@example.com"
	notify -f 'no-domain'
	expect_rc 0
	[ ! -s "$T/out" ] || fail "a notice to an unusable address"
	expect_err 'no usable sender'
}

test_sender_outside_the_agency_gets_no_notice() {
	setup_conf
	# A notice repeats what was blocked: to an outside sender (-f, or a
	# forged Return-Path) it would carry it out of the agency.
	block_msg 1A "eve@example.com"
	notify -f eve@example.com
	expect_rc 0
	[ ! -s "$T/out" ] || fail "a notice to a sender outside local_domains"
	expect_err 'no notice for <orig1@dia.test> .*the sender eve@example.com is outside local_domains'
	{ printf 'Return-Path: <eve@example.com>\n'; cat in.eml; } >rp.eml
	run_in rp.eml seem-notify -c seemail.conf --log stderr
	expect_rc 0
	[ ! -s "$T/out" ] || fail "a notice to an outside Return-Path"
	# Inside, a subdomain rule too, it goes.
	printf 'local_domains = dia.test, .dia.test\n' >>seemail.conf
	notify -f ana@policy.dia.test
	expect_rc 0
	expect_out '^To: ana@policy.dia.test'
}

# ---- inbound warnings ----

test_warn_4A() {
	need_python
	setup_conf
	warn_msg 4A
	notify
	expect_rc 0
	check_warn --code 4A --to ana@dia.test --to bob@dia.test --to carol@dia.test \
	    --subject '[SEEMail warning] Quarterly report' \
	    --text 'From: eve@example.com' --text '"[IN-CONFIDENCE]" (IN-CONFIDENCE) in body'
	expect_err 'warning for <in1@example.com> \(code 4A\) to 3 recipients'
}

test_warn_unsigned_agency_names_the_agency() {
	need_python
	setup_conf
	warn_msg unsigned-agency '; agency="Te Puni Kōkiri"'
	notify
	expect_rc 0
	check_warn --code unsigned-agency --text 'an address of Te Puni Kōkiri, an agency' \
	    --text 'did not come through that agency'
	# Without agency=, the domain stands for it.
	warn_msg unsigned-agency
	notify
	check_warn --code unsigned-agency --text 'an address of example.com'
}

test_warn_own_domain() {
	need_python
	setup_conf
	warn_msg own-domain
	notify
	expect_rc 0
	check_warn --code own-domain --text 'forged' --subject '[SEEMail warning] Quarterly report'
}

test_warn_several_codes_and_no_to() {
	need_python
	setup_conf
	cat >in.eml <<-'EOF'
	X-SEEMail-Policy: warn; code=4A; from="x@dia.test"
	X-SEEMail-Policy: warn; code=own-domain; from="x@dia.test"
	X-SEEMail-Classification: SEEMAIL
	From: x@dia.test
	Subject: =?utf-8?q?Hui_M=C4=81ori?=
	Message-ID: <w2@example.com>

	[SEEMAIL]
	EOF
	notify
	expect_rc 0
	check_warn --code 4A --code own-domain --subject '[SEEMail warning] Hui Māori' \
	    --text '- SEEMail own-domain (Our own address, but it came from outside):'
	grep -q '^To: undisclosed-recipients:;$' "$T/out" || fail "To for a message without To"
	# Auto-submitted or null-sender inbound mail is still wrapped: the
	# warning stands in for the message.
	{ printf 'Return-Path: <>\nAuto-Submitted: auto-generated\n'; cat in.eml; } >a.eml
	mv a.eml in.eml
	notify -f ''
	expect_rc 0
	check_warn --code 4A
}

test_warning_prefix_is_configurable_and_encoded() {
	need_python
	setup_conf
	echo 'warning_prefix = [Whakatūpato]' >>seemail.conf
	warn_msg 4A
	notify
	check_warn --subject '[Whakatūpato] Quarterly report'
	grep -q '^Subject: =?UTF-8?' "$T/out" || fail "the Subject is not encoded"
}

# ---- the original, line ends, size ----

test_crlf_original_gives_crlf_notice() {
	need_python
	setup_conf
	block_msg 1A "eve@example.com"
	sed 's/$/\r/' in.eml >crlf.eml
	mv crlf.eml in.eml
	notify -f ana@dia.test
	expect_rc 0
	check_block --code 1A --refused eve@example.com
	grep -q 'line ends: CRLF' check.out || fail "$(cat check.out)"
	warn_msg 4A
	sed 's/$/\r/' in.eml >crlf.eml
	mv crlf.eml in.eml
	notify
	check_warn --code 4A
}

test_large_original_attached_as_headers_only() {
	need_python
	setup_conf
	echo 'notice_max_original = 2k' >>seemail.conf
	block_msg 1A "eve@example.com"
	awk 'BEGIN { for (i = 0; i < 200; i++) print "line " i " of a long body" }' >>in.eml
	notify -f ana@dia.test
	expect_rc 0
	check_block --code 1A --headers-only
	# Inbound warnings always carry the whole message.
	warn_msg 4A
	awk 'BEGIN { for (i = 0; i < 200; i++) print "line " i " of a long body" }' >>in.eml
	notify
	check_warn --code 4A
}

test_original_with_8bit_and_no_final_newline_is_intact() {
	need_python
	setup_conf
	block_msg 1A "eve@example.com"
	printf 'caf\303\251\n--=_SEEMail_0000000000000000\n--=_SEEMail_0000000000000000--\nlast line without end' >>in.eml
	notify -f ana@dia.test
	expect_rc 0
	check_block --code 1A
	grep -q '^Content-Transfer-Encoding: 8bit' "$T/out" || fail "8bit not declared"
}

# ---- injection ----

test_injection_through_the_subject() {
	need_python
	setup_conf
	# Encoded CR LF, a header, a boundary-like line and encoded-word tricks.
	block_msg 1A "eve@example.com"
	sed 's/^Subject: .*/Subject: =?utf-8?q?Hi=0D=0ABcc:_evil@example.com=0A=0A--=3D=5FSEEMail=5Fx?= =?utf-8?b?Cg==?= =?utf-8?q?=3D=3Futf-8=3Fq=3Fx=3F=3D?=/' in.eml >x.eml
	mv x.eml in.eml
	notify -f ana@dia.test
	expect_rc 0
	check_block --code 1A
	expect_no_out '^Bcc:'
	grep -q '^subject: Not sent (SEEMail 1A): Hi Bcc: evil@example.com --=_SEEMail_x =?utf-8?q?x?=$' check.out ||
		fail "subject: $(grep '^subject' check.out)"
	# The same in an inbound warning.
	warn_msg 4A
	sed 's/^Subject: .*/Subject: =?utf-8?q?a=0D=0AX-Evil:_1?=/' in.eml >x.eml
	mv x.eml in.eml
	notify
	check_warn --subject '[SEEMail warning] a X-Evil: 1'
	expect_no_out '^X-Evil'
}

test_injection_through_stamps_file_names_terms_and_addresses() {
	need_python
	setup_conf
	cat >in.eml <<-'EOF'
	X-SEEMail-Policy: block; code=1A; recipients="eve@example.com,
	 x\u{D}\u{A}Bcc: evil@example.com"; refused="eve@example.com,
	 x\u{D}\u{A}Bcc: evil@example.com, m\u{101}ori@example.com"
	X-SEEMail-Classification: SECRET
	X-SEEMail-Trigger: SECRET "[SECRET]\u{A}\u{A}--=_SEEMail_\u{202E}xcod.exe" in attachment "a\u{D}\u{A}Content-Type: text/html\u{A}\u{A}<b>.docx"
	X-SEEMail-Uninspectable: "\u{0}\u{1B}[31mred" in attachment "\u{A}--=_SEEMail_0\u{A}"
	From: ana@dia.test
	Subject: x
	Message-ID: <inj@dia.test>

	x
	EOF
	notify -f ana@dia.test
	expect_rc 0
	check_block --code 1A \
	    --text '"[SECRET] --=_SEEMail_xcod.exe" (SECRET, written with hidden characters) in attachment "a Content-Type: text/html <b>.docx"'
	expect_no_out '^Bcc:|^Content-Type: text/html'
	# A recipient that is not plain ASCII is written as RFC 6533 utf-8 xtext.
	expect_out '^Final-Recipient: utf-8; x\\x\{20\}Bcc:\\x\{20\}evil@example.com$'
	expect_out '^Final-Recipient: utf-8; m\\x\{101\}ori@example.com$'
	# Control characters in an uninspectable part's reason and place.
	sed 's/code=1A/code=cannot-sign/' in.eml >x.eml
	mv x.eml in.eml
	notify -f ana@dia.test
	expect_rc 0
	check_block --code cannot-sign --text '- attachment " --=_SEEMail_0 ": [31mred'
}

test_injection_through_sender_and_recipient_addresses() {
	need_python
	setup_conf
	block_msg 1A "eve@example.com"
	notify -f "$(printf 'ana@dia.test\r\nBcc: evil@example.com')"
	expect_rc 0
	[ ! -s "$T/out" ] || fail "a notice to a sender with a line break"
	# From: with a quoted name and tricks: only the address is used.
	block_msg 1A "eve@example.com"
	sed 's/^From: .*/From: "x\\"\\r\\nBcc: a@b" <ana@dia.test>/' in.eml >x.eml
	mv x.eml in.eml
	notify
	check_block --to ana@dia.test
	# Inbound: addresses that cannot be written as they are are left out.
	warn_msg 4A
	sed 's/^Cc: .*/Cc: "a" <x@y>, <"bad local"@dia.test>, <ok@dia.test>/' in.eml >x.eml
	mv x.eml in.eml
	notify
	check_warn --to x@y --to ok@dia.test
	sed '/^$/q' "$T/out" | grep -q 'bad local' && fail "an unusable address in the header"
	sed '/^$/q' "$T/out" | grep -q '^Cc: x@y, ok@dia.test$' || fail "Cc: $(grep '^Cc' "$T/out")"
}

test_very_long_and_non_ascii_subjects() {
	need_python
	setup_conf
	long=$(awk 'BEGIN { for (i = 0; i < 3000; i++) printf "A" }')
	block_msg 1A "eve@example.com"
	sed "s/^Subject: .*/Subject: $long/" in.eml >x.eml
	mv x.eml in.eml
	notify -f ana@dia.test
	expect_rc 0
	check_block --code 1A
	warn_msg 4A
	words=$(awk 'BEGIN { for (i = 0; i < 400; i++) printf "wörd%d ", i }')
	sed "s/^Subject: .*/Subject: $words/" in.eml >x.eml
	mv x.eml in.eml
	notify
	check_warn --code 4A
	grep -q '^subject: \[SEEMail warning\] wörd0 wörd1 .*\.\.\.$' check.out ||
		fail "long subject: $(grep '^subject' check.out | head -c 300)"
}

# ---- failures ----

test_malformed_policy_stamp_fails_closed() {
	setup_conf
	printf 'X-SEEMail-Policy: block; code=9Z\nFrom: a@dia.test\n\nx\n' >in.eml
	notify -f a@dia.test
	expect_rc 75
	[ ! -s "$T/out" ] || fail "output on failure"
	printf 'X-SEEMail-Policy: warn; code=1A\nFrom: a@dia.test\n\nx\n' >in.eml
	notify -f a@dia.test
	expect_rc 75
	[ ! -s "$T/out" ] || fail "output on failure"
	expect_err 'contradict'
}

test_not_a_message() {
	setup_conf
	: >in.eml
	notify
	expect_rc 65
	[ ! -s "$T/out" ] || fail "output for an empty input"
}

# ---- templates ----

test_templates_directory_overrides_one_code() {
	need_python
	setup_conf
	mkdir tpl
	cat >tpl/1A.txt <<-'EOF'
	Subject: Held: {subject}

	Kia ora. SEEMail {code} for {recipients}.

	Only when there are some: {delivered}
	{findings}
	EOF
	echo 'templates = tpl' >>seemail.conf
	block_msg 1A "eve@example.com"
	notify -f ana@dia.test
	expect_rc 0
	check_block --code 1A --subject 'Held: [RESTRICTED] Budget figures' \
	    --text 'Kia ora. SEEMail 1A for eve@example.com.' --no-text 'Only when'
	# The other codes keep their built-in text.
	block_msg 1C "sam@acc.test"
	notify -f ana@dia.test
	check_block --code 1C --text 'standard community'
}

test_template_errors_name_file_and_line() {
	setup_conf
	mkdir tpl
	echo 'templates = tpl' >>seemail.conf
	printf 'Subject: x\n\nfine {code}\nbad {nosuch} here\n' >tpl/1C.txt
	block_msg 1A "eve@example.com"
	notify -f ana@dia.test
	expect_rc 78
	[ ! -s "$T/out" ] || fail "output on a configuration error"
	expect_err 'tpl/1C.txt:4: unknown placeholder \{nosuch\}'
	printf 'text {code\n' >tpl/1C.txt
	run seem-notify -c seemail.conf --check
	expect_rc 78
	expect_err 'tpl/1C.txt:1: a "\{" with no "\}"'
	rm tpl/1C.txt
	printf 'Subject: no\n\nbody\n' >tpl/4A.txt
	run seem-notify -c seemail.conf --check
	expect_rc 78
	expect_err '4A.txt: an inbound warning cannot have a Subject'
	rm tpl/4A.txt
	printf 'x\n' >tpl/1a.txt
	run seem-notify -c seemail.conf --check
	expect_rc 0
	expect_out 'OK'
	expect_err '1a.txt: not the template of any code'
	echo 'templates = nowhere' >>seemail.conf
	run seem-notify -c seemail.conf --check
	expect_rc 78
	expect_err 'not a directory'
}

test_bad_notify_from_is_a_config_error() {
	setup_conf
	echo 'notify_from = Gateway <not an address>' >>seemail.conf
	run seem-notify -c seemail.conf --check
	expect_rc 78
	expect_err 'notify_from'
}

test_builtin_configuration_works() {
	need_python
	block_msg 1A "eve@example.com"
	run_in in.eml seem-notify --log none -f ana@dia.test
	expect_rc 0
	check_block --code 1A
	grep -q '^From: MAILER-DAEMON@' "$T/out" || fail "default From"
}

# ---- the real pipeline ----

test_pipeline_classify_policy_notify() {
	need_python
	setup_conf
	printf 'dia.test restricted - Department of Tests\nacc.test standard - ACC of Tests\n' >directory
	echo 'directory = directory' >>seemail.conf
	cat >m.eml <<-'EOF'
	From: Ana <ana@dia.test>
	To: sam@acc.test
	Subject: [RESTRICTED] plan
	Message-ID: <pipe@dia.test>

	text
	EOF
	seem-classify -c seemail.conf m.eml >c.eml
	rc=0
	seem-policy -c seemail.conf --log none -f ana@dia.test sam@acc.test <c.eml >in.eml || rc=$?
	[ "$rc" = 77 ] || skip "seem-policy did not block (status $rc)"
	notify -f ana@dia.test
	expect_rc 0
	check_block --code 1C --refused sam@acc.test --text '"[RESTRICTED]" (RESTRICTED) in header Subject'
}
