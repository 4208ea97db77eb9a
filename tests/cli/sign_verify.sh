# sign_verify.sh: seem-sign and seem-verify, with the test PKI of
# tests/pki/make-pki.sh (made once per run and shared by these tests):
# round trips, our output read by openssl cms and gpgsm, their messages
# read by seem-verify, every tamper, weak-algorithm and bad-signer case,
# and the exit statuses of both tools.
#
# Gateways: alpha.test (Agency Alpha, RSA), beta.test (Agency Beta, RSA),
# gamma.test (Agency Gamma, ECDSA); see make-pki.sh for the broken ones.

# pki: sets P to the shared PKI directory, making it on first use.
pki() { test_pki sign_verify; }

# conf NAME LINE...: $T/NAME-x.conf, the gateway NAME's with more lines.
conf() {
	_n=$1
	shift
	{ cat "$P/$_n.conf"; for l in "$@"; do echo "$l"; done; } >"$T/$_n-x.conf"
}

# msg FILE [FROM [SUBJECT]]: a test message with CRLF line ends, 8-bit
# text and a long line.
msg() {
	{
		printf 'Received: from desk.alpha.test by mx.alpha.test; Mon, 1 Jan 2024 10:00:00 +1300\n'
		printf 'From: Ann Example <%s>\n' "${2:-ann@alpha.test}"
		printf 'To: Bob <bob@beta.test>, Cy <cy@gamma.test>\n'
		printf 'Cc: dee@beta.test\n'
		printf 'Subject: %s\n' "${3:-Budget [IN-CONFIDENCE]}"
		printf 'Date: Mon, 1 Jan 2024 10:00:00 +1300\n'
		printf 'Message-ID: <test.1@alpha.test>\n'
		printf 'X-Mailer: test\n'
		printf 'MIME-Version: 1.0\n'
		printf 'Content-Type: text/plain; charset=utf-8\n'
		printf 'Content-Transfer-Encoding: 8bit\n'
		printf '\n'
		printf 'Kia ora Bob,\n\nThe numbers for M\303\244ori Development are below.\n'
		printf '%0300d\n' 0
		printf -- '--\nAnn\n'
	} | sed 's/$/\r/' >"$1"
}

# body FILE: the DER of an S/MIME message's base64 body, on stdout.
body() {
	tr -d '\r' <"$1" | sed '1,/^$/d' | base64 -d
}

# unstamp FILE: FILE without its first field if that is the stamp.
unstamp() {
	awk 'NR == 1 && /^X-SEEMail-Verified:/ { s = 1; next }
	     s && /^[ \t]/ { next } { s = 0; print }' "$1"
}

# verdict: the unfolded X-SEEMail-Verified value of $T/out.
verdict() {
	awk 'NR == 1 && /^X-SEEMail-Verified:/ { s = 1; sub(/^X-SEEMail-Verified: */, "");
	     sub(/\r$/, ""); v = $0; next }
	     s && /^[ \t]/ { sub(/\r$/, ""); v = v $0; next } { exit } END { print v }' "$T/out"
}

expect_verdict() {
	v=$(verdict)
	printf '%s\n' "$v" | grep -Eq -- "$1" || {
		fail "X-SEEMail-Verified: $v; expected /$1/"
		return 1
	}
}

# absent RE FILE: FILE must not match RE.
absent() { expect_no_match "$2" "$2" "$1"; }

# flip_content DER: flips the last byte of the next-to-last block of the
# encrypted content of an EnvelopedData: the CBC padding (or the GCM
# tag) cannot hold after that.
flip_content() {
	python3 - "$1" <<-'EOF'
	import re, subprocess, sys
	path = sys.argv[1]
	d = bytearray(open(path, 'rb').read())
	out = subprocess.run(['openssl', 'asn1parse', '-inform', 'DER', '-in', path],
	                     capture_output=True, text=True, check=True).stdout
	rows = []
	for l in out.splitlines():
	    m = re.match(r'\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+|inf)\s+(prim|cons):\s*(.*)', l)
	    if m:
	        rows.append((int(m[1]), int(m[2]), int(m[3]), m[4], m[5], m[6]))
	# The encrypted content: the last constructed [0]; its OCTET STRINGs.
	i = max(k for k, r in enumerate(rows) if r[4] == 'cons' and r[5].startswith('cont [ 0 ]'))
	depth = rows[i][1]
	pieces = []
	for r in rows[i + 1:]:
	    if r[1] != depth + 1 or 'OCTET STRING' not in r[5]:
	        break
	    pieces.append((r[0] + r[2], int(r[3])))
	target = sum(n for _, n in pieces) - 17
	for off, n in pieces:
	    if target < n:
	        d[off + target] ^= 1
	        break
	    target -= n
	open(path, 'wb').write(d)
	EOF
}

# sign CONF RCPT... < $T/m: seem-sign into $T/s, which must succeed.
sign() {
	_c=$1
	shift
	run_in "$T/m" seem-sign -c "$_c" "$@"
	expect_rc 0
	cp "$T/out" "$T/s"
}

# openssl_open GATEWAY FILE: decrypted with GATEWAY's key, to stdout.
openssl_open() {
	openssl cms -decrypt -in "$2" -recip "$P/$1.pem" -inkey "$P/$1.key"
}

# encrypt_to_beta FILE: FILE (an entity) encrypted by openssl to beta,
# under a From and Subject, into $T/w.
encrypt_to_beta() {
	openssl cms -encrypt -aes256 -from 'ann@alpha.test' -to bob@beta.test \
	    -subject 'Budget [IN-CONFIDENCE]' "$P/beta.pem" <"$1" >"$T/w"
}

test_round_trip_restores_the_message_byte_for_byte() {
	pki
	msg m
	sign "$P/alpha.conf" bob@beta.test
	grep -q '^Content-Type: application/pkcs7-mime; smime-type=enveloped-data' s ||
	    fail "not an enveloped-data message"
	if grep -q 'Maori\|IN-CONFIDENCE' s; then :; else fail "outer Subject missing"; fi
	absent numbers s
	run_in s seem-verify -c "$P/beta.conf"
	expect_rc 0
	expect_verdict '^pass; agency="Agency Alpha"; domain="alpha.test"$'
	unstamp out >inner
	cmp -s inner m || fail "the restored message is not the original"
}

test_lf_message_keeps_lf_line_ends() {
	pki
	msg crlf
	tr -d '\r' <crlf >m
	sign "$P/alpha.conf" bob@beta.test
	absent "$(printf '\r')" s
	run_in s seem-verify -c "$P/beta.conf"
	expect_verdict '^pass;'
	unstamp out >inner
	cmp -s inner m || fail "the restored message is not the original"
}

test_default_output_is_read_by_openssl_cms() {
	pki
	msg m
	sign "$P/alpha.conf" bob@beta.test
	body s | openssl cms -inform DER -cmsout -print >info
	grep -q 'aes-256-cbc' info || fail "not AES-256-CBC"
	grep -q 'rsaEncryption' info || fail "not RSA key transport"
	openssl_open beta s >signed || fail "openssl cannot decrypt"
	grep -q '^Content-Type: multipart/signed; protocol="application/pkcs7-signature";' signed ||
	    fail "not multipart/signed"
	openssl cms -verify -CAfile "$P/ca.pem" -in signed -out content 2>err ||
	    fail "openssl cannot verify: $(cat err)"
	openssl cms -verify -CAfile "$P/ca.pem" -in signed -cmsout -print -noout >sinfo 2>/dev/null
	grep -q 'sha256WithRSAEncryption\|rsaEncryption' sinfo || fail "not PKCS#1 v1.5"
	absent rsassaPss sinfo
	# The signed content is the whole message in a message/rfc822 wrapper.
	{ printf 'Content-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'; cat m; } >want
	cmp -s content want || fail "signed content is not the wrapped message"
}

test_pss_output_has_salt_of_hash_length_and_is_read_by_openssl() {
	pki
	msg m
	conf alpha "rsa_padding = pss"
	sign "$T/alpha-x.conf" bob@beta.test
	openssl_open beta s >signed
	openssl cms -verify -CAfile "$P/ca.pem" -in signed -out /dev/null 2>err ||
	    fail "openssl cannot verify PSS: $(cat err)"
	openssl cms -verify -CAfile "$P/ca.pem" -in signed -cmsout -print -noout >sinfo 2>/dev/null
	grep -q 'rsassaPss' sinfo || fail "not RSASSA-PSS"
	# saltLength [2] INTEGER 32, after the hash and MGF1 (both SHA-256).
	tr -d ' \n' <sinfo | grep -q 'cont\[2\].*INTEGER:20' || fail "salt length is not 32"
	run_in s seem-verify -c "$P/beta.conf"
	expect_verdict '^pass;'
}

test_gcm_output_is_read_by_openssl_cms() {
	pki
	msg m
	conf alpha "cipher = aes-256-gcm"
	sign "$T/alpha-x.conf" bob@beta.test
	grep -q 'smime-type=authEnveloped-data' s || fail "not authEnveloped-data"
	body s | openssl cms -inform DER -cmsout -print | grep -q 'aes-256-gcm' || fail "not GCM"
	openssl_open beta s | openssl cms -verify -CAfile "$P/ca.pem" -out /dev/null 2>err ||
	    fail "openssl cannot read GCM: $(cat err)"
	run_in s seem-verify -c "$P/beta.conf"
	expect_verdict '^pass;'
}

test_ecdsa_signer_and_every_destination_agency_decrypts() {
	pki
	msg m ann@gamma.test
	# Gamma (ECDSA) writes to Alpha and Beta (RSA); Beta's domain twice.
	sign "$P/gamma.conf" bob@beta.test dee@beta.test amy@alpha.test
	body s | openssl cms -inform DER -cmsout -print >info
	[ "$(grep -c 'd\.ktri:' info)" = 2 ] || fail "not one RecipientInfo per agency"
	for g in alpha beta; do
		openssl_open $g s | openssl cms -verify -CAfile "$P/ca.pem" -out /dev/null 2>err ||
		    fail "$g cannot read it: $(cat err)"
		run_in s seem-verify -c "$P/$g.conf"
		expect_verdict '^pass; agency="Agency Gamma"; domain="gamma.test"$'
	done
	# And to Gamma's EC key: ECDH with the SHA-256 KDF.
	msg m
	sign "$P/alpha.conf" cy@gamma.test
	body s | openssl cms -inform DER -cmsout -print | grep -q 'dhSinglePass-stdDH-sha256kdf' ||
	    fail "not ECDH with the SHA-256 KDF"
	run_in s seem-verify -c "$P/gamma.conf"
	expect_verdict '^pass; agency="Agency Alpha"'
}

# gpgsm_home: a private GNUPGHOME that trusts the test CA and holds beta's
# and alpha's keys; its agent is killed when the test ends.
gpgsm_home() {
	command -v gpgsm >/dev/null || { skip "no gpgsm"; return 77; }
	GNUPGHOME=$T/gnupg
	export GNUPGHOME
	mkdir -m 700 "$GNUPGHOME"
	trap 'gpgconf --kill all 2>/dev/null' EXIT
	echo allow-loopback-pinentry >"$GNUPGHOME/gpg-agent.conf"
	echo disable-crl-checks >"$GNUPGHOME/gpgsm.conf"
	gpgsm --batch --import "$P/ca.pem" 2>/dev/null
	fp=$(openssl x509 -in "$P/ca.pem" -noout -fingerprint -sha1 | sed 's/.*=//')
	echo "$fp S relax" >"$GNUPGHOME/trustlist.txt"
	for k in alpha beta; do
		gpgsm_import_key $k || return 1
	done
}

# gpgsm_import_key NAME: NAME's key and certificate into gpgsm, by a
# PKCS#12 file.  gpgsm 2.2 reads neither the AES nor the ECC keys of a
# PKCS#12 file from OpenSSL 3, so the RSA ones use the old PBE, with no
# password so that its agent never asks for one.  Its PKCS#12 key
# derivation drops a leading zero byte of an intermediate value (about 2
# files in 100, by the random salt), so a file it cannot read is made
# again with a new salt: that is gpgsm's defect, not the key's.
gpgsm_import_key() {
	tries=0
	until openssl pkcs12 -export -inkey "$P/$1.key" -in "$P/$1.pem" -name "$1" \
	    -passout pass: -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 \
	    -out "$T/$1.p12" && gpgsm --batch --pinentry-mode loopback --passphrase '' \
	    --import "$T/$1.p12" 2>gpg.err; do
		tries=$((tries + 1))
		[ $tries -lt 8 ] || { fail "gpgsm cannot import $1: $(cat gpg.err)"; return 1; }
	done
}

gpg() {
	gpgsm --batch --pinentry-mode loopback --passphrase '' "$@"
}

# split_signed FILE: the content and signature of a multipart/signed
# entity into content.bin and sig.der.
split_signed() {
	python3 - "$1" <<-'EOF'
	import base64, re, sys
	d = open(sys.argv[1], 'rb').read()
	b = re.search(rb'boundary="([^"]+)"', d).group(1)
	start = d.index(b'--' + b + b'\r\n') + len(b) + 4
	end = d.index(b'\r\n--' + b, start)
	open('content.bin', 'wb').write(d[start:end])
	s = d.index(b'\r\n\r\n', end) + 4
	open('sig.der', 'wb').write(base64.b64decode(d[s:d.index(b'\r\n--' + b + b'--')]))
	EOF
}

test_gpgsm_decrypts_and_verifies_our_output() {
	pki
	gpgsm_home || return $?
	msg m
	for padding in pkcs1 pss; do
		conf alpha "rsa_padding = $padding"
		sign "$T/alpha-x.conf" bob@beta.test
		body s >s.der
		gpg --decrypt s.der >signed 2>gpg.err || fail "gpgsm cannot decrypt: $(cat gpg.err)"
		split_signed signed
		gpg --verify sig.der content.bin 2>gpg.err ||
		    fail "gpgsm cannot verify ($padding): $(cat gpg.err)"
		grep -q 'Good signature from "/CN=gateway.alpha.test' gpg.err ||
		    fail "gpgsm: $(cat gpg.err)"
	done
}

test_message_made_by_gpgsm_passes() {
	pki
	gpgsm_home || return $?
	msg m
	{ printf 'Content-Type: message/rfc822\r\n\r\n'; cat m; } >content
	gpg --local-user gateway@alpha.test --detach-sign content >sig.der 2>gpg.err ||
	    fail "gpgsm cannot sign: $(cat gpg.err)"
	{
		printf 'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; '
		printf 'micalg=sha-256; boundary="b1"\r\n\r\n--b1\r\n'
		cat content
		printf '\r\n--b1\r\nContent-Type: application/pkcs7-signature\r\n'
		printf 'Content-Transfer-Encoding: base64\r\n\r\n'
		base64 sig.der | sed 's/$/\r/'
		printf '\r\n--b1--\r\n'
	} >signed
	gpg --recipient gateway@beta.test --encrypt signed >enc.der 2>gpg.err ||
	    fail "gpgsm cannot encrypt: $(cat gpg.err)"
	{
		printf 'From: ann@alpha.test\nTo: bob@beta.test\nSubject: x\nMIME-Version: 1.0\n'
		printf 'Content-Type: application/pkcs7-mime; smime-type=enveloped-data\n'
		printf 'Content-Transfer-Encoding: base64\n\n'
		base64 enc.der
	} >w
	run_in w seem-verify -c "$P/beta.conf"
	expect_rc 0
	expect_verdict '^pass; agency="Agency Alpha"; domain="alpha.test"; mismatch="Subject"$'
	unstamp out | tr -d '\r' >inner
	tr -d '\r' <m | cmp -s - inner || fail "the restored message is not gpgsm's content"
}

test_messages_made_by_openssl_cms_pass() {
	pki
	msg m
	# The whole message signed as one entity (openssl's own way) ...
	openssl cms -sign -signer "$P/alpha.pem" -inkey "$P/alpha.key" -md sha256 <m >signed
	encrypt_to_beta signed
	run_in w seem-verify -c "$P/beta.conf"
	expect_verdict '^pass; agency="Agency Alpha"; domain="alpha.test"$'
	expect_out '^Subject: Budget \[IN-CONFIDENCE\]'
	# ... in a message/rfc822 wrapper, opaque, with GCM and an EC signer.
	msg m ann@gamma.test
	{ printf 'Content-Type: message/rfc822\r\n\r\n'; cat m; } >wrapped
	openssl cms -sign -nodetach -binary -signer "$P/gamma.pem" -inkey "$P/gamma.key" <wrapped |
	    openssl cms -encrypt -aes-256-gcm "$P/beta.pem" >w
	run_in w seem-verify -c "$P/beta.conf"
	expect_verdict '^pass; agency="Agency Gamma"; domain="gamma.test"$'
	# In the line ends of openssl's outer message (LF).
	unstamp out >inner
	tr -d '\r' <m | cmp -s - inner || fail "the restored message is not the original"
	# Signed only, not encrypted: verified.
	msg m
	openssl cms -sign -signer "$P/alpha.pem" -inkey "$P/alpha.key" <m >signed
	run_in signed seem-verify -c "$P/beta.conf"
	expect_verdict '^pass; agency="Agency Alpha"'
}

test_tampered_ciphertext_fails_and_passes_the_original() {
	pki
	msg m
	for cipher in aes-256-cbc aes-256-gcm; do
		conf alpha "cipher = $cipher"
		sign "$T/alpha-x.conf" bob@beta.test
		body s >s.der
		flip_content s.der
		{ tr -d '\r' <s | sed '/^$/q'; base64 s.der; } >t
		run_in t seem-verify -c "$P/beta.conf"
		expect_rc 0
		expect_verdict '^fail; reason="decryption failed: the ciphertext was altered'
		unstamp out | cmp -s - t || fail "the original was not passed unchanged ($cipher)"
	done
}

test_tampered_content_fails() {
	pki
	msg m
	sign "$P/alpha.conf" bob@beta.test
	openssl_open beta s >signed
	sed 's/Kia ora Bob/Kia ora Bib/' signed >changed
	encrypt_to_beta changed
	run_in w seem-verify -c "$P/beta.conf"
	expect_verdict '^fail; reason="the signed content was altered'
	# A changed signature value (the last bytes of the SignedData).
	split_signed signed
	python3 -c 'import sys; d = bytearray(open("sig.der", "rb").read()); d[-5] ^= 1; open("sig.der", "wb").write(d)'
	b=$(sed -n 's/.*boundary="\([^"]*\)".*/\1/p' signed | head -1)
	{
		sed -n "1,/^--$b/p" signed
		cat content.bin
		printf '\r\n--%s\r\nContent-Type: application/pkcs7-signature\r\n' "$b"
		printf 'Content-Transfer-Encoding: base64\r\n\r\n'
		base64 sig.der | sed 's/$/\r/'
		printf '\r\n--%s--\r\n' "$b"
	} >changed
	encrypt_to_beta changed
	run_in w seem-verify -c "$P/beta.conf"
	expect_verdict '^fail; reason="the signature does not verify'
}

test_signature_by_another_agency_fails() {
	pki
	# Beta's gateway signs a message whose From is Alpha's.
	msg m ann@alpha.test
	sign "$P/beta.conf" cy@gamma.test
	run_in s seem-verify -c "$P/gamma.conf"
	expect_verdict '^fail; reason="signed by the gateway of Agency Beta, not by the gateway of Agency Alpha, the agency of alpha.test"; domain="alpha.test"'
	# Alpha's certificate signs for all of Alpha's domains, subdomains too ...
	for from in ann@alpha.example ann@mail.alpha.test; do
		msg m $from
		sign "$P/alpha.conf" cy@gamma.test
		run_in s seem-verify -c "$P/gamma.conf"
		expect_verdict "^pass; agency=\"Agency Alpha\"; domain=\"${from#*@}\"\$"
	done
	# ... but for no domain outside the directory.
	msg m ann@example.com
	sign "$P/alpha.conf" cy@gamma.test
	run_in s seem-verify -c "$P/gamma.conf"
	expect_verdict '^fail; reason="the From domain example.com is not'
}

test_weak_algorithms_fail() {
	pki
	msg m
	for md in sha1 md5; do
		openssl cms -sign -signer "$P/alpha.pem" -inkey "$P/alpha.key" -md $md <m >signed 2>/dev/null
		encrypt_to_beta signed
		run_in w seem-verify -c "$P/beta.conf"
		expect_verdict "^fail; reason=\"weak digest $(echo $md | tr a-z A-Z) refused\""
	done
	openssl cms -sign -signer "$P/alpha.pem" -inkey "$P/alpha.key" <m >signed
	openssl cms -encrypt -des3 "$P/beta.pem" <signed >w
	run_in w seem-verify -c "$P/beta.conf"
	expect_verdict '^fail; reason="weak cipher DES-EDE3-CBC refused"'
	unstamp out | cmp -s - w || fail "the original was not passed unchanged"
	# RC2 and single DES need OpenSSL's legacy provider to be made at all.
	for c in rc2-40 des; do
		if openssl cms -encrypt -$c -provider legacy -provider default "$P/beta.pem" \
		    <signed >w 2>/dev/null; then
			run_in w seem-verify -c "$P/beta.conf"
			expect_verdict '^fail; reason="weak cipher (RC2|DES)-CBC refused"'
		fi
	done
	# PSS whose mask generation hash is SHA-1, though its digest is not.
	openssl cms -sign -signer "$P/alpha.pem" -inkey "$P/alpha.key" -md sha256 \
	    -keyopt rsa_padding_mode:pss -keyopt rsa_mgf1_md:sha1 <m >signed
	encrypt_to_beta signed
	run_in w seem-verify -c "$P/beta.conf"
	expect_verdict '^fail; reason="RSASSA-PSS mask generation hash SHA1 refused"'
	# ECDH to Gamma: AES-256 content, but Triple DES key wrap.
	msg m
	openssl cms -sign -signer "$P/alpha.pem" -inkey "$P/alpha.key" <m >signed
	openssl cms -encrypt -aes256 -wrap des3-wrap -recip "$P/gamma.pem" \
	    -keyopt ecdh_kdf_md:sha256 <signed >w
	run_in w seem-verify -c "$P/gamma.conf"
	expect_verdict '^fail; reason="key wrap id-smime-alg-CMS3DESwrap refused"'
	# OpenSSL's defaults (SHA-1 KDF, AES wrap) pass, and SHA-512.
	openssl cms -encrypt -aes256 "$P/gamma.pem" <signed >w
	run_in w seem-verify -c "$P/gamma.conf"
	expect_verdict '^pass; agency="Agency Alpha"'
	openssl cms -encrypt -aes256 -recip "$P/gamma.pem" -keyopt ecdh_kdf_md:sha512 <signed >w
	run_in w seem-verify -c "$P/gamma.conf"
	expect_verdict '^pass; agency="Agency Alpha"'
}

test_expired_untrusted_and_non_signing_signers_fail() {
	pki
	for who in expired untrusted nods; do
		msg m ann@$who.test
		openssl cms -sign -signer "$P/$who.pem" -inkey "$P/$who.key" <m >signed
		encrypt_to_beta signed
		run_in w seem-verify -c "$P/beta.conf"
		expect_rc 0
		case $who in
		expired) expect_verdict '^fail; reason="the signer.s certificate \(gateway.expired.test\) expired on 2021-01-01"' ;;
		untrusted) expect_verdict '^fail; reason="the signer.s certificate \(gateway.untrusted.test\) is not issued by a trusted CA' ;;
		nods) expect_verdict '^fail; reason="the signer.s certificate \(gateway.nods.test\) lacks the digitalSignature key usage"' ;;
		esac
	done
}

test_not_encrypted_for_us_passes_unchanged_with_fail() {
	pki
	msg m
	sign "$P/alpha.conf" cy@gamma.test
	run_in s seem-verify -c "$P/beta.conf"
	expect_verdict '^fail; reason="not encrypted for this gateway'
	unstamp out | cmp -s - s || fail "the original was not passed unchanged"
	# Encrypted to us but not signed.
	encrypt_to_beta m
	run_in w seem-verify -c "$P/beta.conf"
	expect_verdict '^fail; reason="encrypted but not signed"'
	expect_out '^Subject: Budget'
}

test_plain_mail_is_none_and_every_stamp_goes() {
	pki
	{
		printf 'X-SEEMail-Verified: pass; agency="Agency Alpha"; domain="alpha.test"\n'
		printf 'From: ann@alpha.test\nX-SEEMail-Policy: deliver\nX-SEEMail-Trigger: x\n'
		printf '  folded\nSubject: hi\n\nbody\nX-SEEMail-Verified: in the body stays\n'
	} >m
	run_in m seem-verify -c "$P/beta.conf"
	expect_rc 0
	[ "$(sed '/^$/q' out | grep -c '^X-SEEMail-')" = 1 ] || fail "stamps left: $(grep '^X-SEEMail' out)"
	expect_verdict '^none$'
	printf 'From: ann@alpha.test\nSubject: hi\n\nbody\nX-SEEMail-Verified: in the body stays\n' >want
	unstamp out | cmp -s - want || fail "not the message without its stamps"
}

test_restored_message_loses_inner_stamps_and_authentication_results() {
	pki
	{
		printf 'From: ann@alpha.test\r\nAuthentication-Results: mx.beta.test; dmarc=pass header.from=sge.test\r\n'
		printf 'X-SEEMail-Verified: pass; agency="Agency Beta"\r\nSubject: hi\r\n\r\nbody\r\n'
	} >inner
	{ printf 'Content-Type: message/rfc822\r\n\r\n'; cat inner; } >wrapped
	openssl cms -sign -signer "$P/alpha.pem" -inkey "$P/alpha.key" -binary <wrapped |
	    openssl cms -encrypt -aes256 "$P/beta.pem" >enc
	{
		printf 'Received: from mx.alpha.test by mx.beta.test\r\n'
		printf 'Authentication-Results: mx.beta.test; spf=pass\r\n'
		printf 'From: ann@alpha.test\r\nSubject: hi\r\n'
		cat enc
	} >w
	run_in w seem-verify -c "$P/beta.conf"
	expect_verdict '^pass;'
	[ "$(grep -c '^X-SEEMail-' out)" = 1 ] || fail "an inner stamp survived"
	expect_no_out 'dmarc=pass'
	expect_out '^Authentication-Results: mx.beta.test; spf=pass'
	expect_out '^Received: from mx.alpha.test by mx.beta.test'
}

# clear_signed_entity FILE: a multipart/signed of Alpha's over a body
# entity with no header of its own (as most S/MIME clients sign), from
# ann@alpha.test, into FILE.
clear_signed_entity() {
	printf 'Content-Type: text/plain\r\n\r\nPay the invoice.\r\n' >entity
	{
		printf 'From: ann@alpha.test\r\nTo: bob@beta.test\r\nSubject: invoice\r\n'
		openssl cms -sign -signer "$P/alpha.pem" -inkey "$P/alpha.key" -md sha256 <entity
	} >"$1"
}

test_signature_wrapping_and_unsigned_headers_are_not_a_pass() {
	pki
	clear_signed_entity signed
	run_in signed seem-verify -c "$P/beta.conf"
	# Signed, but the header is not: the stamp says so.
	expect_verdict '^pass; agency="Agency Alpha"; domain="alpha.test"; header="not signed"$'
	# A third part, shown by the reader's client but outside the
	# signature, is not a pass.
	b=$(sed -n 's/.*boundary="\([^"]*\)".*/\1/p' signed | head -1)
	[ -n "$b" ] || { fail "no boundary in openssl's output"; return 1; }
	awk -v b="--$b--" '$0 == b || $0 == b "\r" { print "--" substr(b, 3, length(b) - 4) "\r";
	    print "Content-Type: text/html\r\n\r\n<p>Wire it to 12-3456</p>\r"; }
	    { print }' signed >three
	grep -q '12-3456' three || { fail "no third part made"; return 1; }
	run_in three seem-verify -c "$P/beta.conf"
	expect_verdict '^fail; reason="malformed multipart/signed \(more than two parts\)"'
	# A second author outside the signer's agency is not a pass either.
	sed 's/^From: ann@alpha.test/From: ann@alpha.test, Boss <ceo@beta.test>/' signed >two
	run_in two seem-verify -c "$P/beta.conf"
	expect_verdict '^fail; reason="the From field also names ceo@beta.test, who is not of Agency Alpha'
	sed '1a\
From: x@example.com\r' signed >twofields
	run_in twofields seem-verify -c "$P/beta.conf"
	expect_verdict '^fail; reason="the From field also names x@example.com'
}

test_stamps_in_an_unsigned_entity_header_are_removed() {
	pki
	{
		printf 'X-SEEMail-Verified: pass; agency="Agency Alpha"\r\n'
		printf 'X-SEEMail-Policy: deliver\r\nContent-Type: text/plain\r\n\r\nhello\r\n'
	} >entity
	openssl cms -encrypt -aes256 -from ann@alpha.test -to bob@beta.test -subject x \
	    "$P/beta.pem" <entity >w
	run_in w seem-verify -c "$P/beta.conf"
	expect_verdict '^fail; reason="encrypted but not signed"'
	[ "$(grep -c '^X-SEEMail-' out)" = 1 ] || fail "a forged stamp survived: $(grep '^X-SEEMail-' out)"
	expect_out '^hello'
}

test_hidden_subject_and_outer_mismatches_are_reported() {
	pki
	msg m
	sign "$P/alpha.conf" --hide-subject bob@beta.test
	grep -q '^Subject: SEEMail message' s || fail "outer Subject not hidden"
	absent IN-CONFIDENCE s
	conf alpha "hide_subject = yes" "hidden_subject = Message sécurisé"
	sign "$T/alpha-x.conf" bob@beta.test
	grep -q '^Subject: =?UTF-8?' s || fail "hidden_subject not encoded"
	run_in s seem-verify -c "$P/beta.conf"
	expect_verdict '^pass; agency="Agency Alpha"; domain="alpha.test"; mismatch="Subject"$'
	expect_out '^Subject: Budget \[IN-CONFIDENCE\]'
	# An outer From changed on the way: reported, the signed one delivered.
	sed '1,/^From:/s/^From: .*/From: boss@beta.test\r/' s >t
	run_in t seem-verify -c "$P/beta.conf"
	expect_verdict 'mismatch="From,Subject"'
	expect_out '^From: Ann Example <ann@alpha.test>'
}

test_internal_stamps_are_removed_before_signing() {
	pki
	msg body
	{
		printf 'X-SEEMail-Classification: IN-CONFIDENCE\r\n'
		printf 'X-SEEMail-Policy: deliver; rcpt="bob@beta.test"\r\n'
		cat body
	} >m
	sign "$P/alpha.conf" bob@beta.test
	absent X-SEEMail s
	openssl_open beta s >signed
	absent X-SEEMail signed
	grep -q '^Subject: Budget' signed || fail "no inner header"
}

test_recipients_that_are_not_members_get_the_message_unchanged() {
	pki
	msg m
	# Our stamps never leave the agency; everything else is unchanged.
	printf 'X-SEEMail-Classification: RESTRICTED\r\nX-SEEMail-Trigger: RESTRICTED "[RESTRICTED]"\r\n  in attachment "budget.docx"\r\n' |
	    cat - m >m2
	for r in someone@example.com pat@sge.test amy@beta.test; do
		run_in m2 seem-sign -c "$P/beta.conf" -- "$r"
		expect_rc 0
		cmp -s out m || fail "$r: not passed unchanged but for the stamps"
	done
}

test_mixed_batch_exits_64_and_asks_for_a_split() {
	pki
	msg m
	run_in m seem-sign -c "$P/alpha.conf" bob@beta.test someone@example.com
	expect_rc 64
	[ ! -s out ] || fail "wrote output"
	expect_err 'split the batch'
	run_in m seem-sign -c "$P/alpha.conf"
	expect_rc 64
}

test_uninspectable_content_is_refused_with_77() {
	pki
	msg body
	printf 'X-SEEMail-Uninspectable: "encrypted ZIP entry" in attachment "a.zip"\r\n' |
	    cat - body >m
	run_in m seem-sign -c "$P/alpha.conf" bob@beta.test
	expect_rc 77
	[ ! -s out ] || fail "wrote output"
	expect_err 'cannot-sign'
	# To non-members it is not ours to refuse.
	run_in m seem-sign -c "$P/alpha.conf" x@example.com
	expect_rc 0
}

test_documented_pipeline_does_not_send_a_blocked_message() {
	pki
	# SPEC's outbound pipeline ends in seem-sign, so its exit status is
	# the pipeline's: a blocked message must stop there, for members and
	# non-members alike, and nothing may be written.
	msg m ann@alpha.test 'Cabinet paper [SECRET]'
	for r in eve@example.com bob@beta.test; do
		rc=0
		sh -c 'seem-classify -c "$1" | seem-policy -c "$1" -f ann@alpha.test -- "$2" |
		    seem-sign -c "$1" -- "$2"' sh "$P/alpha.conf" "$r" <m >out 2>err || rc=$?
		[ $rc = 77 ] || fail "$r: the pipeline exited $rc, not 77"
		[ ! -s out ] || fail "$r: the blocked message was written"
		grep -q "refused: seem-policy blocked this message (code above-seemail)" err ||
		    fail "$r: no reason given: $(cat err)"
	done
	# After a block, internal recipients are the MTA's business, and
	# with on_block = uncleared the cleared ones still get the message.
	msg m ann@alpha.test 'Budget [RESTRICTED]'
	conf alpha 'on_block = uncleared'
	rc=0
	seem-classify <m | seem-policy -c "$T/alpha-x.conf" -f ann@alpha.test -- \
	    cy@gamma.test bob@beta.test >stamped || rc=$?
	expect_rc 77
	grep -q '^X-SEEMail-Policy: block; code=1C' stamped || fail "not blocked: $(head -3 stamped)"
	run_in stamped seem-sign -c "$T/alpha-x.conf" -- bob@beta.test
	expect_rc 0
	grep -q '^Content-Type: application/pkcs7-mime' out || fail "not signed for bob@beta.test"
	run_in stamped seem-sign -c "$T/alpha-x.conf" -- ann2@alpha.test
	expect_rc 0
	run_in stamped seem-sign -c "$T/alpha-x.conf" -- cy@gamma.test
	expect_rc 77
	expect_err 'cy@gamma.test is not among'
	# A policy stamp that cannot be read is not a licence either.
	{ printf 'X-SEEMail-Policy: block; code=nonsense\r\n'; cat m; } >forged
	run_in forged seem-sign -c "$P/alpha.conf" -- eve@example.com
	expect_rc 77
	[ ! -s out ] || fail "wrote output for an unreadable stamp"
}

test_expired_certificate_and_unreadable_key_exit_75() {
	pki
	msg m
	run_in m seem-sign -c "$P/expired.conf" bob@beta.test
	expect_rc 75
	[ ! -s out ] || fail "wrote output"
	expect_err 'expired on 2021-01-01'
	conf alpha "key = $T/missing.key"
	run_in m seem-sign -c "$T/alpha-x.conf" bob@beta.test
	expect_rc 75
	expect_err 'missing.key: open'
	# A destination agency without a certificate: the mail waits.
	run_in m seem-sign -c "$P/alpha.conf" x@nocert.test
	expect_rc 75
	expect_err 'no gateway certificate'
}

test_key_open_to_others_is_refused_with_78() {
	pki
	msg m
	cp "$P/alpha.key" k
	for mode in 640 604; do
		chmod $mode k
		conf alpha "key = $T/k"
		run_in m seem-sign -c "$T/alpha-x.conf" bob@beta.test
		expect_rc 78
		[ ! -s out ] || fail "wrote output"
		expect_err 'open to group or others'
	done
	chmod 600 k
	run_in m seem-sign -c "$T/alpha-x.conf" bob@beta.test
	expect_rc 0
	# A key that is not the certificate's.
	conf alpha "key = $P/beta.key"
	run_in m seem-sign -c "$T/alpha-x.conf" bob@beta.test
	expect_rc 78
	expect_err 'X509_check_private_key'
}

test_verify_config_and_input_errors() {
	pki
	msg m
	sign "$P/alpha.conf" bob@beta.test
	conf beta "ca_file ="
	run_in s seem-verify -c "$T/beta-x.conf"
	expect_rc 78
	[ ! -s out ] || fail "wrote output"
	: >empty
	run_in empty seem-verify -c "$P/beta.conf"
	expect_rc 65
	run_in empty seem-sign -c "$P/alpha.conf" bob@beta.test
	expect_rc 65
	run seem-verify -c "$P/beta.conf" "$T/s"
	expect_rc 0
	expect_verdict '^pass;'
}

test_write_error_exits_75() {
	pki
	[ -w /dev/full ] || { skip "no /dev/full"; return 77; }
	msg m
	rc=0
	seem-sign -c "$P/alpha.conf" bob@beta.test <m >/dev/full 2>err || rc=$?
	expect_rc 75
	rc=0
	seem-verify -c "$P/beta.conf" <m >/dev/full 2>err || rc=$?
	expect_rc 75
}

test_large_message_round_trip() {
	pki
	msg head
	{ cat head; head -c 3000000 /dev/urandom | base64 | sed 's/$/\r/'; } >m
	sign "$P/alpha.conf" bob@beta.test
	run_in s seem-verify -c "$P/beta.conf"
	expect_verdict '^pass;'
	unstamp out | cmp -s - m || fail "the restored message is not the original"
}
