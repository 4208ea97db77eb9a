# extract_nested.sh: documents inside documents across the extractor
# children: seem-extract runs seem-extract-pdf for a PDF it finds, and a
# term deep inside is reported with its whole path.

attach() {   # attach FILE TYPE: a message with FILE attached, base64
	python3 - "$1" "$2" <<'EOF'
import base64, os, sys
data = open(sys.argv[1], "rb").read()
sys.stdout.write("Subject: nested\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
                 "--b\nContent-Type: text/plain\n\nSee attached.\n--b\nContent-Type: %s\n"
                 "Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=\"%s\"\n\n%s--b--\n"
                 % (sys.argv[2], os.path.basename(sys.argv[1]), base64.encodebytes(data).decode()))
EOF
}

test_pdf_inside_a_zip_is_read_by_the_pdf_child() {
	cp "$SRC/tests/fixtures/docs/page3.pdf" .
	python3 -c 'import zipfile; z = zipfile.ZipFile("outer.zip", "w"); z.write("page3.pdf", "reports/page3.pdf"); z.close()'
	attach outer.zip application/zip >m
	run seem-classify -c /dev/null m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: IN-CONFIDENCE'
	tr -d '\n' <"$T/out" | grep -q 'outer.zip.*> reports/page3.pdf > "page 3"' || fail "path: $(head -5 "$T/out")"
	expect_no_out 'Uninspectable'
}

test_docx_inside_a_zip_inside_a_zip() {
	cp "$SRC/tests/fixtures/docs/footer.docx" .
	python3 -c '
import zipfile
z = zipfile.ZipFile("inner.zip", "w"); z.write("footer.docx"); z.close()
z = zipfile.ZipFile("outer.zip", "w"); z.write("inner.zip"); z.close()'
	attach outer.zip application/zip >m
	run seem-classify -c /dev/null m
	expect_rc 0
	want=$(awk -F'\t' '$1 == "footer.docx" { print $3 }' "$SRC/tests/fixtures/docs/MANIFEST.tsv")
	expect_out "^X-SEEMail-Classification: $want"
	tr -d '\n' <"$T/out" | grep -q 'inner.zip > footer.docx > word/footer' || fail "path: $(head -5 "$T/out")"
}

test_nesting_is_bounded_by_extract_depth() {
	printf 'extract_depth = 2\n' >c.conf
	echo "[SECRET] deep" >a.txt
	python3 -c '
import zipfile
name = "a.txt"
for i in range(5):
    out = "z%d.zip" % i
    z = zipfile.ZipFile(out, "w"); z.write(name); z.close()
    name = out'
	attach z4.zip application/zip >m
	run seem-classify -c c.conf m
	expect_rc 0
	expect_out 'nested deeper than extract_depth'
}

test_container_attached_inside_a_pdf_goes_to_seem_extract() {
	# The PDF child hands an attached RTF to seem-extract: a child of a
	# child, fed through a pipe (a memory file would break the children's
	# file size limit).
	sh "$SRC/tests/fixtures/pdf/make-pdf.sh" -o a.pdf -A 'notes.rtf={\rtf1\ansi [SECRET] briefing}' "cover page" ||
		fail "make-pdf"
	attach a.pdf application/pdf >m
	run seem-classify -c /dev/null m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: SECRET'
	tr -d '\n' <"$T/out" | grep -q 'a.pdf.*> notes.rtf' || fail "path: $(head -4 "$T/out")"
	expect_no_out 'Uninspectable'
}
