# classify_mime_evasion.sh: MIME structure and file formats read the way
# a reader's client reads them, so that a term cannot hide in what we
# would skip: a close delimiter with junk after it, an RFC 2231 boundary,
# a part of a multipart/signed that is not a signature, text whose first
# bytes look like media, a ZIP with data in front of it, and encrypted
# objects in the forms gpg and openssl write by default.

# classify FILE: stamps of seem-classify (no configuration) into $T/stamps.
classify() {
	run seem-classify -c /dev/null "$1"
	expect_rc 0
	stamps_of "$T/out" >"$T/stamps"
}

test_close_delimiter_with_junk_does_not_hide_later_parts() {
	printf 'From: a@x\nSubject: t\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nhello\n--b--x\n--b\nContent-Type: text/plain\n\nBudget [RESTRICTED]\n--b--\n' >m
	classify m
	expect_stamp '^X-SEEMail-Classification: RESTRICTED'
}

test_rfc2231_boundary_is_understood() {
	body='--bnd\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\nQnVkZ2V0IFtSRVNUUklDVEVEXQ==\n--bnd--\n'
	printf "From: a@x\nSubject: t\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary*=''bnd\n\n$body" >single
	classify single
	expect_stamp '^X-SEEMail-Classification: RESTRICTED'
	printf "From: a@x\nSubject: t\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary*0=b; boundary*1=nd\n\n$body" >sections
	classify sections
	expect_stamp '^X-SEEMail-Classification: RESTRICTED'
}

test_only_real_signatures_are_skipped_in_multipart_signed() {
	for t in application/x-signature-notes text/signature; do
		printf 'From: a@x\nSubject: t\nMIME-Version: 1.0\nContent-Type: multipart/signed; boundary="b"; protocol="application/pkcs7-signature"\n\n--b\nContent-Type: text/plain\n\nhello\n--b\nContent-Type: %s\n\nBudget [RESTRICTED]\n--b--\n' "$t" >m
		classify m
		expect_stamp '^X-SEEMail-Classification: RESTRICTED' || fail "$t was skipped"
	done
	# A real detached signature is not content, and not uninspectable.
	printf 'From: a@x\nSubject: t\nMIME-Version: 1.0\nContent-Type: multipart/signed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nhello\n--b\nContent-Type: application/pkcs7-signature\nContent-Transfer-Encoding: base64\n\nMIIB\n--b--\n' >real
	classify real
	expect_stamp '^X-SEEMail-Classification: UNCLASSIFIED'
	expect_no_stamp Uninspectable
}

test_declared_text_is_read_as_text_whatever_its_first_bytes() {
	for magic in GIF89a ID3 RIFF; do
		printf 'From: a@x\nSubject: t\nContent-Type: text/html\n\n%s <p>[RESTR<b></b>ICTED]</p>\n' "$magic" >m
		classify m
		expect_stamp '^X-SEEMail-Classification: RESTRICTED' || fail "text/html after $magic"
	done
}

test_zip_with_data_in_front_is_read() {
	need_python || return $?
	python3 - <<-'PY'
	import base64, io, zipfile
	for name, prefix in (("junk", b"junk"), ("mz", b"MZ\x90\x00" + bytes(range(256)) * 8),
	                     ("gif", b"GIF89a" + bytes(300))):
	    z = io.BytesIO()
	    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as f:
	        f.writestr("notes.txt", "Budget [RESTRICTED]\n" * 3)
	    data = prefix + z.getvalue()
	    open(name + ".eml", "w").write(
	        "From: a@x\nSubject: t\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
	        "--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"setup.bin\"\n"
	        "Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(data).decode() + "--b--\n")
	PY
	for m in junk mz gif; do
		classify $m.eml
		expect_stamp '^X-SEEMail-Trigger: RESTRICTED .*notes.txt' || fail "$m: the ZIP was not read"
	done
}

test_encrypted_objects_as_gpg_and_openssl_write_them_are_uninspectable() {
	printf 'Budget [RESTRICTED]\n' >plain
	if command -v gpg >/dev/null; then
		# A short home: the agent's socket path must fit in 108 bytes.
		g=$(mktemp -d /tmp/seemail-gpg.XXXXXX)
		GNUPGHOME=$g gpg --batch --pinentry-mode loopback --passphrase x \
		    --symmetric -o sym.bin plain 2>gpg.err || fail "gpg --symmetric: $(cat gpg.err)"
		GNUPGHOME=$g gpgconf --kill all 2>/dev/null
		rm -rf "$g"
		attach sym.bin data.bin >m
		classify m
		expect_stamp '^X-SEEMail-Uninspectable: "an OpenPGP-encrypted object"'
		attach plain notes.gpg >m
		classify m
		expect_stamp '^X-SEEMail-Uninspectable: "an OpenPGP-encrypted object"'
	fi
	openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem -subj /CN=t -days 2 2>/dev/null
	openssl cms -encrypt -aes256 -outform PEM -in plain -out enc.pem c.pem
	grep -q 'BEGIN CMS' enc.pem || { fail "openssl wrote no PEM CMS"; return 1; }
	attach enc.pem data.pem >m
	classify m
	expect_stamp '^X-SEEMail-Uninspectable: "an S/MIME \(PKCS #7\) object'
}

test_both_names_of_an_attachment_are_read() {
	printf 'From: a@x\nSubject: t\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n--b\nContent-Type: application/octet-stream; name="[RESTRICTED] budget.bin"\nContent-Disposition: attachment; filename="budget.bin"\n\nxx\n--b--\n' >m
	classify m
	expect_stamp '^X-SEEMail-Trigger: RESTRICTED "\[RESTRICTED\]" in file name of part 2'
}

test_files_uuencoded_in_body_text_are_read() {
	need_python || return $?
	python3 - <<-'PY'
	import base64, binascii
	def uu(name, data):
	    lines = ["begin 644 %s" % name]
	    for i in range(0, len(data), 45):
	        lines.append(binascii.b2a_uu(data[i:i + 45]).decode().rstrip("\n"))
	    return "\n".join(lines + ["`", "end"]) + "\n"
	block = uu("notes.txt", b"Budget [RESTRICTED] figures\n" * 4)
	# No MIME at all, as before 1992.
	open("plain.eml", "w").write("From: a@x\nSubject: t\n\nSee the file.\n\n" + block + "Thanks\n")
	# Inside a base64-encoded text/plain part.
	open("b64.eml", "w").write("From: a@x\nSubject: t\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
	    + base64.encodebytes(("Here:\n" + block).encode()).decode())
	PY
	for m in plain b64; do
		classify $m.eml
		expect_stamp '^X-SEEMail-Trigger: RESTRICTED "\[RESTRICTED\]" in attachment "notes.txt" \(uuencoded in part 1\)' ||
		    fail "$m: the uuencoded file was not read"
	done
}

test_xml_documents_and_web_archives_are_read_through_their_markup() {
	# Flat OpenDocument and SVG, as octet-stream: the term is split by
	# markup and written with character references.
	fodt='<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body><office:text><text:p>[RESTR<text:span text:style-name="T1">ICT</text:span>ED]</text:p></office:text></office:body></office:document>'
	svg='<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="9">&#91;SEC<tspan>RET</tspan>&#93;</text></svg>'
	for f in "report.fodt:$fodt:RESTRICTED" "chart.bin:$svg:SECRET"; do
		name=${f%%:*} rest=${f#*:}
		printf '%s' "${rest%:*}" >doc
		attach doc "$name" >m
		classify m
		expect_stamp "^X-SEEMail-Classification: ${rest##*:}\$" || fail "$name not read through its markup"
	done
	# A web archive (.mht) is a message: its parts are read.
	printf 'MIME-Version: 1.0\nContent-Type: multipart/related; boundary=w\n\n--w\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\n%s\n--w--\n' \
	    "$(printf '<p>[IN-CONFIDENCE]</p>' | base64)" >page.mht
	attach page.mht page.mht >m
	classify m
	expect_stamp '^X-SEEMail-Classification: IN-CONFIDENCE$'
}

test_utf16_of_no_stated_byte_order_is_read_in_both() {
	need_python || return $?
	# The first characters put the zero bytes where big-endian text has
	# them; the rest is little-endian, as Windows writes it.
	python3 -c '
import sys, base64
t = ("\u4100" * 40 + " Budget [RESTRICTED] draft").encode("utf-16-le")
sys.stdout.write("From: a@x\nSubject: t\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-16\n"
    "Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(t).decode())' >m
	classify m
	expect_stamp '^X-SEEMail-Classification: RESTRICTED$'
}

test_bare_cr_line_ends_are_read_both_ways() {
	# Old Macintosh line ends throughout: the Subject and the body.
	printf 'From: a@x\rSubject: [RESTRICTED]\rMIME-Version: 1.0\rContent-Type: text/plain\r\r[SECRET] body\r' >mac
	classify mac
	expect_stamp '^X-SEEMail-Trigger: RESTRICTED "\[RESTRICTED\]" in header Subject'
	expect_stamp '^X-SEEMail-Trigger: SECRET "\[SECRET\]" in body'
	# CRLF headers, but the parts delimited with lone CRs.
	printf 'From: a@x\r\nSubject: t\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\rContent-Type: text/plain\rContent-Transfer-Encoding: base64\r\rQnVkZ2V0IFtSRVNUUklDVEVEXQ==\r--b--\r' >mixed
	classify mixed
	expect_stamp '^X-SEEMail-Classification: RESTRICTED'
	# What both readings find is stamped once, and the message passes
	# through byte for byte.
	printf 'From: a@x\r\nSubject: [SECRET] x\r\n\r\na stray\rCR\r\n' >stray
	classify stray
	[ "$(grep -c 'SECRET' "$T/stamps")" = 2 ] || fail "stamped twice: $(cat "$T/stamps")"
	tail -c "$(wc -c <stray)" "$T/out" | cmp -s - stray || fail "not passed through"
}

test_tar_without_the_ustar_mark_is_read() {
	# V7 tars (and old GNU ones) have no "ustar" mark: a header block
	# whose checksum holds is the sign, plain or gzipped.
	printf 'Budget [RESTRICTED]\n' >notes.txt
	tar --format=v7 -cf old.tar notes.txt
	! grep -q ustar old.tar || { fail "tar wrote a ustar mark"; return 1; }
	gzip -c old.tar >old.tgz
	for f in old.tar old.tgz; do
		attach "$f" data.bin >m
		classify m
		expect_stamp '^X-SEEMail-Trigger: RESTRICTED .*notes.txt' || fail "$f was not read"
	done
	# Random bytes are not a tar.
	head -c 2048 /dev/urandom >rand.bin
	attach rand.bin data.bin >m
	classify m
	expect_no_stamp 'tar'
}

test_uuencoded_files_past_one_hundred_in_a_body_are_uninspectable() {
	need_python || return $?
	# UU_MAX_BLOCKS (100): the first ones are read, the rest stamped.
	python3 - <<-'PY'
	import binascii
	def uu(name, data):
	    return "begin 644 %s\n%s`\nend\n" % (name, binascii.b2a_uu(data).decode())
	body = uu("first.txt", b"[RESTRICTED]\n") + "".join(uu("f%d.txt" % i, b"x\n") for i in range(120))
	open("many.eml", "w").write("From: a@x\nSubject: t\n\n" + body)
	open("hundred.eml", "w").write("From: a@x\nSubject: t\n\n" + uu("first.txt", b"[RESTRICTED]\n")
	    + "".join(uu("f%d.txt" % i, b"x\n") for i in range(99)))
	PY
	classify many.eml
	expect_stamp '^X-SEEMail-Trigger: RESTRICTED .*"first.txt"'
	expect_stamp '^X-SEEMail-Uninspectable: "more uuencoded files in one body than seemail reads"'
	classify hundred.eml
	expect_no_stamp 'Uninspectable'
}
