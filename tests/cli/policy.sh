# policy.sh: seem-policy's decisions (SPEC's level table, every code,
# mixtures, on_block, subdomains, case, IDN, inbound warnings), its
# configuration errors and --check.

# A test configuration: our agency is dia.test; members of both
# communities, one that sends by Secure Government Email, a subdomain rule
# and an IDN in its ASCII form.
setup_conf() {
	cat >directory <<-'EOF'
	# test directory
	dia.test          restricted  -  Department of Tests
	treasury.test     restricted  -  Treasury of Tests
	acc.test          standard    -  Accident Compensation of Tests
	.region.acc.test  standard    -  Accident Compensation of Tests
	sge.test          restricted,sge - Agency Sending By SGE
	xn--mori-qsa.test standard    -  Maori Test Agency
	EOF
	cat >seemail.conf <<-'EOF'
	agency = Department of Tests
	local_domains = dia.test
	directory = directory
	authserv_id = mx.dia.test
	EOF
}

# msg LEVEL [UNINSPECTABLE-COUNT]: a classified message on stdout.
msg() {
	printf 'X-SEEMail-Classification: %s\n' "$1"
	i=0
	while [ "$i" -lt "${2:-0}" ]; do
		printf 'X-SEEMail-Uninspectable: "encrypted ZIP entry" in attachment "a.zip"\n'
		i=$((i + 1))
	done
	printf 'From: Ann <ann@dia.test>\nTo: x@example.com\nSubject: test\nMessage-ID: <t1@dia.test>\n\nbody\n'
}

# decide LEVEL RCPT...: outbound decision; sets rc, and $T/out holds the message.
decide() {
	level=$1
	shift
	msg "$level" >in.eml
	run_in in.eml seem-policy -c seemail.conf --log none -f ann@dia.test -- "$@"
}

expect_deliver() {
	expect_rc 0
	expect_out '^X-SEEMail-Policy: deliver$'
	expect_no_out 'block'
}

expect_block() {     # expect_block CODE [RCPTS-REGEX]
	expect_rc 77
	expect_out "^X-SEEMail-Policy: block; code=$1"
}

test_level_table_internal_recipients_always_deliver() {
	setup_conf
	for l in UNCLASSIFIED SEEMAIL IN-CONFIDENCE SENSITIVE RESTRICTED CONFIDENTIAL SECRET TOP-SECRET; do
		decide "$l" bob@dia.test
		expect_deliver
	done
}

test_level_table_non_member() {
	setup_conf
	decide UNCLASSIFIED eve@example.com
	expect_deliver
	for l in SEEMAIL IN-CONFIDENCE SENSITIVE RESTRICTED; do
		decide "$l" eve@example.com
		expect_block 1A
		expect_out 'refused="eve@example.com"'
	done
	for l in CONFIDENTIAL SECRET TOP-SECRET; do
		decide "$l" eve@example.com
		expect_block above-seemail
		# 1A applies too, reported after the primary code.
		expect_out '^X-SEEMail-Policy: block; code=1A'
	done
}

test_level_table_standard_member() {
	setup_conf
	for l in UNCLASSIFIED SEEMAIL IN-CONFIDENCE; do
		decide "$l" sam@acc.test
		expect_deliver
	done
	for l in SENSITIVE RESTRICTED; do
		decide "$l" sam@acc.test
		expect_block 1C
		expect_no_out 'code=1A'
	done
	for l in CONFIDENTIAL SECRET TOP-SECRET; do
		decide "$l" sam@acc.test
		expect_block above-seemail
		expect_no_out 'code=1C|code=1A'
	done
}

test_level_table_restricted_member() {
	setup_conf
	for l in UNCLASSIFIED SEEMAIL IN-CONFIDENCE SENSITIVE RESTRICTED; do
		decide "$l" rawiri@treasury.test
		expect_deliver
	done
	for l in CONFIDENTIAL SECRET TOP-SECRET; do
		decide "$l" rawiri@treasury.test
		expect_block above-seemail
	done
}

test_one_refusal_refuses_every_external_recipient() {
	setup_conf
	decide RESTRICTED rawiri@treasury.test sam@acc.test bob@dia.test
	expect_block 1C
	# The primary stamp lists what the code concerns, and every external refused.
	expect_out 'code=1C; recipients="sam@acc.test"'
	expect_out 'refused="rawiri@treasury.test,'
	tr -d '\n' <"$T/out" | grep -q 'refused="rawiri@treasury.test, *sam@acc.test"' || fail "refused list"
	expect_no_out 'refused=.*bob@dia.test'
}

test_all_codes_reported_primary_first() {
	setup_conf
	msg RESTRICTED 1 >in.eml
	run_in in.eml seem-policy -c seemail.conf --log none -- rawiri@treasury.test sam@acc.test eve@example.com
	expect_rc 77
	grep '^X-SEEMail-Policy' "$T/out" | sed 's/;.*//' >got
	head -1 got | grep -q 'block' || fail "first stamp is not a block"
	codes=$(grep -o 'code=[A-Za-z0-9-]*' "$T/out" | tr '\n' ' ')
	[ "$codes" = "code=1A code=1C code=cannot-sign " ] || fail "codes in order: $codes"
}

test_on_block_uncleared_refuses_only_the_uncleared() {
	setup_conf
	echo "on_block = uncleared" >>seemail.conf
	decide RESTRICTED rawiri@treasury.test sam@acc.test
	expect_block 1C
	tr -d '\n' <"$T/out" | grep -q 'refused="sam@acc.test"' || fail "refused should be sam only"
	expect_out '^X-SEEMail-Policy: deliver; recipients="rawiri@treasury.test"'
}

test_cannot_sign_for_members_with_uninspectable_content() {
	setup_conf
	msg UNCLASSIFIED 1 >in.eml
	run_in in.eml seem-policy -c seemail.conf --log none -- rawiri@treasury.test
	expect_block cannot-sign
	# To a non-member nothing is signed, so uninspectable content may go.
	run_in in.eml seem-policy -c seemail.conf --log none -- eve@example.com
	expect_deliver
	# Nor to an agency that receives by Secure Government Email.
	run_in in.eml seem-policy -c seemail.conf --log none -- a@sge.test
	expect_deliver
}

test_subdomains_case_and_idn() {
	setup_conf
	decide RESTRICTED Sam@Lower.Region.ACC.Test
	expect_block 1C                          # leading-dot rule, any case
	decide RESTRICTED sam@region.acc.test
	expect_block 1A                          # the rule covers subdomains only
	decide RESTRICTED sam@x.treasury.test
	expect_block 1A                          # no rule for treasury's subdomains
	decide IN-CONFIDENCE kiri@XN--MORI-QSA.test
	expect_deliver                           # the IDN's ASCII form
	decide IN-CONFIDENCE 'rawiri@treasury.test.'
	expect_deliver                           # a trailing dot is the same domain
}

test_classification_stamp_is_required() {
	setup_conf
	printf 'Subject: x\n\nbody\n' >none.eml
	run_in none.eml seem-policy -c seemail.conf --log none -- eve@example.com
	expect_rc 65
	expect_err 'no X-SEEMail-Classification'
	[ ! -s "$T/out" ] || fail "wrote output"
	{ msg SEEMAIL; } | sed '1p' >two.eml
	run_in two.eml seem-policy -c seemail.conf --log none -- eve@example.com
	expect_rc 65
	expect_err 'more than one'
	printf 'X-SEEMail-Classification: PUBLIC\n\nx\n' >bad.eml
	run_in bad.eml seem-policy -c seemail.conf --log none -- eve@example.com
	expect_rc 65
}

test_recipients_are_required_outbound() {
	setup_conf
	msg SEEMAIL >in.eml
	run_in in.eml seem-policy -c seemail.conf
	expect_rc 64
}

test_replaces_incoming_policy_stamps() {
	setup_conf
	{ echo 'X-SEEMail-Policy: deliver'; msg RESTRICTED; } >in.eml
	run_in in.eml seem-policy -c seemail.conf --log none -- sam@acc.test
	expect_rc 77
	[ "$(grep -c '^X-SEEMail-Policy' "$T/out")" = 1 ] || fail "old policy stamp kept"
}

test_explain_and_json_show_lookups_and_rules() {
	setup_conf
	decide RESTRICTED sam@acc.test bob@dia.test eve@example.com --explain
	msg RESTRICTED >in.eml
	run_in in.eml seem-policy -c seemail.conf --log none --explain -- sam@acc.test bob@dia.test
	expect_rc 77
	expect_out 'standard member: Accident Compensation of Tests \(.*directory line 4\)'
	expect_out 'only the restricted community may receive it'
	expect_out 'not affected \(internal\)'
	run_in in.eml seem-policy -c seemail.conf --log none --json -- sam@acc.test
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d["recipients"][0]; assert r["codes"]==["1C"] and r["refused"] and r["directory_line"]==4, d' "$T/out" ||
		fail "json: $(cat "$T/out")"
}

test_audit_line() {
	setup_conf
	msg SEEMAIL >in.eml
	run_in in.eml seem-policy -c seemail.conf --log stderr -q 1abcDE-000001-XY -f ann@dia.test -- eve@example.com
	expect_rc 77
	expect_err 'queue=1abcDE-000001-XY direction=outbound message-id=<t1@dia.test> sender=<ann@dia.test> level=SEEMAIL verdict=block codes=1A rcpts=eve@example.com\(refused\)'
}

# inbound MESSAGE-HEADERS...: an inbound decision on a classified message.
inbound() {
	level=$1
	shift
	{
		printf 'X-SEEMail-Classification: %s\n' "$level"
		for h in "$@"; do printf '%s\n' "$h"; done
		printf 'To: bob@dia.test\nSubject: hi\n\nbody\n'
	} >in.eml
	run_in in.eml seem-policy -c seemail.conf --log none --inbound -f "${SENDER:-x@example.com}"
}

test_inbound_4A() {
	setup_conf
	inbound SEEMAIL 'From: x@example.com' 'X-SEEMail-Verified: none'
	expect_rc 0
	expect_out '^X-SEEMail-Policy: warn; code=4A'
	inbound UNCLASSIFIED 'From: x@example.com' 'X-SEEMail-Verified: none'
	expect_out '^X-SEEMail-Policy: deliver$'
	# From a member's gateway: no 4A.
	SENDER=r@treasury.test inbound RESTRICTED 'From: r@treasury.test' \
	    'X-SEEMail-Verified: pass; agency="Treasury of Tests"; domain="treasury.test"'
	expect_out '^X-SEEMail-Policy: deliver$'
}

test_inbound_unsigned_agency() {
	setup_conf
	SENDER=r@treasury.test inbound UNCLASSIFIED 'From: Rawiri <r@treasury.test>' 'X-SEEMail-Verified: none'
	expect_rc 0
	expect_out '^X-SEEMail-Policy: warn; code=unsigned-agency'
	expect_out 'agency="Treasury of Tests"'
	# A valid signature by another agency does not count.
	SENDER=r@treasury.test inbound UNCLASSIFIED 'From: r@treasury.test' \
	    'X-SEEMail-Verified: pass; agency="Accident Compensation of Tests"; domain="acc.test"'
	expect_out 'code=unsigned-agency'
	SENDER=r@treasury.test inbound UNCLASSIFIED 'From: r@treasury.test' 'X-SEEMail-Verified: fail; reason="bad signature"'
	expect_out 'code=unsigned-agency'
	# Two Verified stamps: neither is trusted.
	SENDER=r@treasury.test inbound UNCLASSIFIED 'From: r@treasury.test' \
	    'X-SEEMail-Verified: pass; agency="Treasury of Tests"' 'X-SEEMail-Verified: pass; agency="Treasury of Tests"'
	expect_out 'code=unsigned-agency'
}

test_inbound_sge_agency_proven_by_our_dmarc_pass() {
	setup_conf
	SENDER=a@sge.test inbound SEEMAIL 'From: a@sge.test' 'X-SEEMail-Verified: none' \
	    'Authentication-Results: mx.dia.test; dkim=pass header.d=sge.test; dmarc=pass (p=reject) header.from=sge.test'
	expect_out '^X-SEEMail-Policy: deliver$'
	# Another host's Authentication-Results proves nothing.
	SENDER=a@sge.test inbound SEEMAIL 'From: a@sge.test' 'X-SEEMail-Verified: none' \
	    'Authentication-Results: mx.dia.test.evil; dmarc=pass header.from=sge.test'
	expect_out 'code=unsigned-agency'
	expect_out 'code=4A'
	# dmarc=pass for another domain proves nothing either.
	SENDER=a@sge.test inbound UNCLASSIFIED 'From: a@sge.test' \
	    'Authentication-Results: mx.dia.test; dmarc=pass header.from=example.com'
	expect_out 'code=unsigned-agency'
}

test_inbound_own_domain() {
	setup_conf
	SENDER=ann@dia.test inbound UNCLASSIFIED 'From: Ann <ann@dia.test>' 'X-SEEMail-Verified: none'
	expect_rc 0
	expect_out '^X-SEEMail-Policy: warn; code=unsigned-agency'   # dia.test is also a member
	expect_out '^X-SEEMail-Policy: warn; code=own-domain'
	SENDER=x@example.com inbound UNCLASSIFIED 'From: x@example.com'
	expect_out '^X-SEEMail-Policy: deliver$'
	# The envelope sender alone is enough.
	SENDER=ann@dia.test inbound UNCLASSIFIED 'From: x@example.com'
	expect_out 'code=own-domain'
}

test_inbound_every_author_counts() {
	setup_conf
	# A reader's client shows every mailbox of every From field: a
	# second author at an agency or at our own domain is not hidden
	# behind a first one from outside.
	inbound UNCLASSIFIED 'From: x@example.com, Rawiri <r@treasury.test>' 'X-SEEMail-Verified: none'
	expect_out '^X-SEEMail-Policy: warn; code=unsigned-agency; from="r@treasury.test"'
	inbound UNCLASSIFIED 'From: x@example.com' 'From: r@treasury.test' 'X-SEEMail-Verified: none'
	expect_out 'code=unsigned-agency; from="r@treasury.test"'
	inbound UNCLASSIFIED 'From: x@example.com, boss@dia.test' 'X-SEEMail-Verified: none'
	expect_out '^X-SEEMail-Policy: warn; code=own-domain'
	# Signed by Treasury, with a second author at another agency.
	inbound UNCLASSIFIED 'From: r@treasury.test, a@acc.test' \
	    'X-SEEMail-Verified: pass; agency="Treasury of Tests"; domain="treasury.test"'
	expect_out 'code=unsigned-agency; from="a@acc.test"'
	# Signed by Treasury, only Treasury's authors: delivered.
	inbound UNCLASSIFIED 'From: r@treasury.test, s@treasury.test' \
	    'X-SEEMail-Verified: pass; agency="Treasury of Tests"; domain="treasury.test"'
	expect_out '^X-SEEMail-Policy: deliver$'
}

test_configuration_errors_name_file_and_line() {
	setup_conf
	printf 'agency = x\nno_such_key = 1\nmax_parts = lots\non_block = some\n' >bad.conf
	msg SEEMAIL >in.eml
	run_in in.eml seem-policy -c bad.conf -- eve@example.com
	expect_rc 78
	expect_err 'bad.conf:2: unknown key "no_such_key"'
	expect_err 'bad.conf:3: max_parts: expected a whole number'
	expect_err 'bad.conf:4: on_block: "some" is not one of: all uncleared'
	[ ! -s "$T/out" ] || fail "wrote output"
	printf 'dia.test restricted - A\nbad..domain standard - B\nx.test secret - C\nDIA.TEST standard - D\n' >dir2
	printf 'directory = dir2\n' >d.conf
	run seem-policy -c d.conf --check
	expect_rc 78
	expect_err 'dir2:2: "bad..domain" is not a domain'
	expect_err 'dir2:3: community "secret"'
	expect_err 'dir2:4: dia.test is already listed at line 1'
	# A whole top-level domain, a line too long, a quote left open.
	{ printf '.test standard - Everyone\n'; printf 'x%05000d.test standard - Long\n' 0; } >dir3
	printf 'directory = dir3\n' >d.conf
	run seem-policy -c d.conf --check
	expect_rc 78
	expect_err 'dir3:1: ".test" is not a domain of two labels or more'
	expect_err 'dir3:2: line too long'
	# A triggers line past 64 KB.
	{ printf 'RESTRICTED '; head -c 70000 /dev/zero | tr '\0' x; printf '\n'; } >long.triggers
	printf 'triggers = long.triggers\n' >t.conf
	run seem-policy -c t.conf --check
	expect_rc 78
	expect_err 'long.triggers:1: line too long'
	printf 'agency = "Department of Tests\n' >q.conf
	run seem-policy -c q.conf --check
	expect_rc 78
	expect_err "q.conf:1: the value's double quote is not closed"
	run seem-policy -c nonexistent.conf --check
	expect_rc 78
}

test_check_passes_on_a_good_configuration() {
	setup_conf
	run seem-policy -c seemail.conf --check
	expect_rc 0
	expect_out 'OK: 6 domains'
	# The shipped defaults check clean too.
	run seem-policy -c /dev/null --check
	expect_rc 0
}

test_works_with_no_configuration_and_with_a_minimal_one() {
	setup_conf
	printf 'Subject: [RESTRICTED] budget\n\nx\n' >m.eml
	seem-classify -c /dev/null m.eml | seem-policy -c /dev/null --log none -- ann@treasury.govt.nz >out
	grep -q '^X-SEEMail-Policy: deliver$' out || fail "treasury.govt.nz is restricted in the shipped directory"
	rc=0
	seem-classify m.eml | seem-policy --log none -- x@ea.govt.nz >out || rc=$?
	[ "$rc" = 77 ] && grep -q 'code=1C' out || fail "ea.govt.nz is standard: expected 1C, got $rc"
	printf 'agency = Department of Internal Affairs\nlocal_domains = dia.govt.nz\ndirectory = %s\n' \
	    "$SRC/share/seemail/directory" >min.conf
	rc=0
	seem-classify -c min.conf m.eml | seem-policy -c min.conf --log none -- me@dia.govt.nz eve@gmail.com >out || rc=$?
	[ "$rc" = 77 ] && grep -q 'code=1A; recipients="eve@gmail.com"' out || fail "minimal conf: $rc $(cat out)"
}

test_shipped_directory_holds_every_agency_of_the_seed() {
	[ -n "$SHARED" ] || skip "../shared absent"
	seed=$(ls "$SHARED"/seeds/*.txt | head -1)
	dir=$SRC/share/seemail/directory
	community=""
	missing=0
	while IFS= read -r line; do
		case $line in
		*"SEEMail Standard agencies"*) community=standard; continue ;;
		*"SEEMail Restricted agencies"*) community=restricted; continue ;;
		"More information"*) community="" ;;
		esac
		[ -n "$community" ] || continue
		name=$(printf '%s' "$line" | sed 's/ *|$//')
		[ -n "$name" ] || continue
		# An active line, or an unconfirmed (commented) one, in the right community.
		if ! grep -E "^(# unconfirmed: )?[^ ]+ +$community(,sge)? +[^ ]+ +$(printf '%s' "$name" | sed 's/[][().&]/\\&/g')\$" "$dir" >/dev/null; then
			echo "    missing: $name ($community)"
			missing=$((missing + 1))
		fi
	done <"$seed"
	[ "$missing" = 0 ] || fail "$missing agencies of the seed missing from the directory"
	[ "$(grep -c 'CHECK THIS FILE AGAINST THE CURRENT SEEMAIL MEMBERSHIP LIST' "$dir")" = 1 ] || fail "header"
	grep -q '^health.govt.nz  *restricted .* Ministry of Health$' "$dir" || fail "health.govt.nz overlap"
	seem-policy -c /dev/null --check >/dev/null || fail "shipped directory does not check clean"
}

test_check_reads_every_certificate_and_warns_of_expiry() {
	command -v openssl >/dev/null || skip "no openssl"
	setup_conf
	openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out soon.pem -days 10 \
	    -subj "/CN=gw.treasury.test" >/dev/null 2>&1 || fail "openssl req"
	printf 'not a certificate\n' >bad.pem
	sed -i 's|^treasury.test     restricted  -|treasury.test     restricted  soon.pem|' directory
	run seem-policy -c seemail.conf --check
	expect_rc 0
	expect_err 'directory:3: .*soon.pem.*expires'
	expect_no_err 'chain'
	# With a ca_file that did not issue it: a warning that names it.
	openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 10 \
	    -subj "/CN=Another CA" >/dev/null 2>&1 || fail "openssl req"
	cp seemail.conf plain.conf
	printf 'ca_file = ca.pem\n' >>seemail.conf
	run seem-policy -c seemail.conf --check
	expect_rc 0
	expect_err 'directory:3: .*soon.pem: the certificate of .* does not chain to ca_file'
	cp plain.conf seemail.conf
	sed -i 's|^acc.test          standard    -|acc.test          standard    bad.pem|' directory
	run seem-policy -c seemail.conf --check
	expect_rc 78
	expect_err 'directory:4: .*bad.pem'
}

test_check_loads_our_gateway_key_and_certificate() {
	command -v openssl >/dev/null || skip "no openssl"
	setup_conf
	openssl req -x509 -newkey rsa:2048 -nodes -keyout gw.key -out gw.pem -days 100 \
	    -subj "/CN=gw.dia.test" >/dev/null 2>&1 || fail "openssl req"
	chmod 600 gw.key
	printf 'cert = gw.pem\nkey = gw.key\n' >>seemail.conf
	run seem-policy -c seemail.conf --check
	expect_rc 0
	expect_out 'gateway key and certificate'
	chmod 644 gw.key
	run seem-policy -c seemail.conf --check
	[ "$rc" != 0 ] || fail "a key others can read passed --check"
	chmod 600 gw.key
	printf 'garbage\n' >gw.pem
	run seem-policy -c seemail.conf --check
	[ "$rc" != 0 ] || fail "a broken certificate passed --check"
}

test_routes_split_a_batch_for_the_mta() {
	setup_conf
	msg IN-CONFIDENCE >in.eml
	run_in in.eml seem-policy -c seemail.conf --log none --routes -- rawiri@treasury.test bob@dia.test a@sge.test
	expect_rc 0
	printf 'smime\trawiri@treasury.test\nplain\tbob@dia.test\nplain\ta@sge.test\n' | cmp -s - "$T/out" ||
		fail "routes: $(cat "$T/out")"
	run_in in.eml seem-policy -c seemail.conf --log none --routes -- eve@example.com bob@dia.test
	expect_rc 77
	printf 'held\teve@example.com\nplain\tbob@dia.test\n' | cmp -s - "$T/out" || fail "routes: $(cat "$T/out")"
	run_in in.eml seem-policy -c seemail.conf --log none --routes --inbound
	expect_rc 64
	# An address with a line end or a control character in it is one
	# line, escaped, and is not a valid address (so it is held).
	nl=$(printf 'a@x.test\nsmime\tr@treasury.test')
	run_in in.eml seem-policy -c seemail.conf --log none --routes -- "$nl" bob@dia.test
	[ "$(wc -l <"$T/out")" = 2 ] || fail "routes: not one line per recipient: $(cat "$T/out")"
	expect_out '^held'"$(printf '\t')"'a@x.test'
	run_in in.eml seem-policy -c seemail.conf --log none --explain -- "$(printf 'e\033[31m@x.test')"
	expect_no_out "$(printf '\033')"
}

test_inbound_only_the_topmost_authentication_results_counts() {
	# A sender can write a field with our authserv-id under the one our
	# MTA prepends: it must not count.
	setup_conf
	SENDER=a@sge.test inbound UNCLASSIFIED 'Authentication-Results: mx.dia.test; dmarc=fail header.from=sge.test' \
	    'From: a@sge.test' 'Authentication-Results: mx.dia.test; dmarc=pass header.from=sge.test'
	expect_out 'code=unsigned-agency'
	SENDER=a@sge.test inbound UNCLASSIFIED 'Authentication-Results: mx.dia.test; dmarc=pass header.from=sge.test' \
	    'From: a@sge.test'
	expect_out '^X-SEEMail-Policy: deliver$'
}
