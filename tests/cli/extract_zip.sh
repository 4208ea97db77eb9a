# extract_zip.sh: ZIP archives, Office Open XML, OpenDocument and gzip
# through the real seem-classify and seem-extract, as attachments of a
# message: places, split runs, labels, nesting, and every limit (encrypted
# entries, bombs, entities, entry count).  The archives are made here by
# python3's zipfile (with a header patched where a test needs a lie), and
# the LibreOffice-style fixtures of tests/fixtures/docs are run as their
# MANIFEST.tsv says.

DOCS=$SRC/tests/fixtures/docs
W_NS=http://schemas.openxmlformats.org/wordprocessingml/2006/main

# classify FILE NAME [CONF]: runs seem-classify on FILE attached as NAME;
# the stamps, unfolded, one per line, are in $T/stamps.
classify() {
	attach "$1" "$2" >m
	if [ -n "${3:-}" ]; then
		run seem-classify -c "$3" m
	else
		run seem-classify m
	fi
	expect_rc 0
	stamps_of "$T/out" >"$T/stamps"
}

test_docx_header_term_split_across_runs_is_found() {
	need_python || return 77
	mkzip a.docx '[Content_Types].xml=<Types/>' \
	    "word/document.xml=<w:document xmlns:w=\"$W_NS\"><w:body><w:p><w:r><w:t>hello</w:t></w:r></w:p></w:body></w:document>" \
	    "word/header1.xml=<w:hdr xmlns:w=\"$W_NS\"><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>[RESTR</w:t></w:r>
	<w:r><w:rPr><w:i/></w:rPr><w:t>ICTED:CABINET]</w:t></w:r></w:p></w:hdr>"
	classify a.docx budget.docx
	expect_stamp '^X-SEEMail-Classification: RESTRICTED$'
	expect_stamp '^X-SEEMail-Trigger: RESTRICTED "\[RESTRICTED:CABINET\]" in attachment "budget\.docx" .* > word/header1\.xml$'
	expect_no_stamp Uninspectable
}

test_xlsx_sheet_name_and_header_codes() {
	need_python || return 77
	S=http://schemas.openxmlformats.org/spreadsheetml/2006/main
	mkzip a.xlsx '[Content_Types].xml=<Types/>' \
	    "xl/workbook.xml=<workbook xmlns=\"$S\"><sheets><sheet name=\"[SEEMAIL] costs\" sheetId=\"1\"/></sheets></workbook>" \
	    "xl/worksheets/sheet1.xml=<worksheet xmlns=\"$S\"><headerFooter><oddHeader>&amp;L&amp;\"Arial,Bold\"[SENS&amp;BITIVE]</oddHeader></headerFooter></worksheet>"
	classify a.xlsx costs.xlsx
	expect_stamp '^X-SEEMail-Classification: SENSITIVE$'
	expect_stamp 'SEEMAIL "\[SEEMAIL\]" in .* > xl/workbook\.xml$'
	expect_stamp 'SENSITIVE "\[SENSITIVE\]" in .* > xl/worksheets/sheet1\.xml$'
}

test_plain_zip_names_contents_and_nesting() {
	need_python || return 77
	mkzip inner.zip 'deep/memo.txt=for the minister: [SEC=SECRET]'
	printf 'gzipped [IN-CONFIDENCE:STAFF]\n' >list.txt
	gzip -9 list.txt
	mkzip a.zip '[CONFIDENTIAL] old/=' '[RESTRICTED] plan.txt=nothing to see' \
	    'inner.zip=@inner.zip' 'list.txt.gz=@list.txt.gz'
	classify a.zip files.zip
	expect_stamp '^X-SEEMail-Classification: SECRET$'
	expect_stamp 'CONFIDENTIAL "\[CONFIDENTIAL\]" in attachment "files\.zip" \(part 2, application/octet-stream\)$'
	expect_stamp 'RESTRICTED "\[RESTRICTED\]" in .* > "\[RESTRICTED\] plan\.txt"$'
	expect_stamp 'SECRET "\[SEC=SECRET\]" in .* > inner\.zip > deep/memo\.txt$'
	expect_stamp 'IN-CONFIDENCE "\[IN-CONFIDENCE:STAFF\]" in .* > list\.txt\.gz > list\.txt$'
	expect_no_stamp Uninspectable
}

test_gzipped_tar_entries_are_read() {
	need_python || return 77
	mkdir -p d/sub
	printf 'budget [SENSITIVE:BUDGET]\n' >d/sub/budget.txt
	printf 'nothing\n' >'d/[SEEMAIL] list.txt'
	tar -czf d.tgz d
	classify d.tgz d.tgz
	expect_stamp '^X-SEEMail-Classification: SENSITIVE$'
	expect_stamp 'SENSITIVE "\[SENSITIVE:BUDGET\]" in .* > d/sub/budget\.txt$'
	expect_stamp 'SEEMAIL "\[SEEMAIL\]" in .* > "d/\[SEEMAIL\] list\.txt"$'
}

test_encrypted_zip_entry_is_uninspectable() {
	need_python || return 77
	mkzip a.zip 'minutes.txt=[SECRET] minutes' 'open.txt=[SEEMAIL]'
	# Set the "encrypted" flag of the first entry, in both its headers.
	python3 - a.zip <<'EOF'
import sys
p = sys.argv[1]
d = bytearray(open(p, "rb").read())
d[6] |= 1
cd = d.find(b"PK\x01\x02")
d[cd + 8] |= 1
open(p, "wb").write(d)
EOF
	classify a.zip a.zip
	expect_stamp '^X-SEEMail-Uninspectable: "an encrypted \(password-protected\) ZIP entry" in .* > minutes\.txt$'
	expect_stamp '^X-SEEMail-Classification: SEEMAIL$'
}

test_not_a_zip_is_uninspectable() {
	printf 'PK\003\004 and nothing more' >broken.zip
	classify broken.zip broken.zip
	expect_stamp '^X-SEEMail-Uninspectable: "not a readable ZIP archive .*" in attachment "broken\.zip"'
	expect_stamp '^X-SEEMail-Classification: UNCLASSIFIED$'
}

test_zip_bomb_is_uninspectable() {
	need_python || return 77
	python3 - <<'EOF'
import zipfile
with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("zeros.bin", bytes(64 << 20))
    z.writestr("after.txt", "[SEEMAIL]")
EOF
	[ "$(wc -c <bomb.zip)" -lt 200000 ] || fail "the bomb is not small"
	classify bomb.zip bomb.zip
	expect_stamp '^X-SEEMail-Uninspectable: "expands more than max_expansion_ratio .*" in .* > zeros\.bin$'
	expect_stamp '^X-SEEMail-Classification: SEEMAIL$'
}

test_nested_zip_bomb_stops_at_max_expanded_size() {
	need_python || return 77
	python3 - <<'EOF'
import io, zipfile
def z(entries):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as f:
        for n, d in entries:
            f.writestr(n, d)
    return b.getvalue()
inner = z([("zeros.bin", bytes(900 << 10))])          # under the ratio floor
mid = z([("inner%d.zip" % i, inner) for i in range(16)])
outer = z([("mid%d.zip" % i, mid) for i in range(16)])
open("bomb.zip", "wb").write(outer)
EOF
	printf 'max_expanded_size = 32M\n' >c.conf
	classify bomb.zip bomb.zip c.conf
	expect_stamp '^X-SEEMail-Uninspectable: "expands past max_expanded_size.*" in attachment "bomb\.zip"'
}

test_xml_entities_are_refused_and_never_read() {
	need_python || return 77
	printf '[TOP SECRET] in a file the document must never read\n' >"$T/secret.txt"
	mkzip a.docx '[Content_Types].xml=<Types/>' \
	    "word/document.xml=<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"[SECRET]\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><w:document xmlns:w=\"$W_NS\"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>" \
	    "word/header1.xml=<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file://$T/secret.txt\">]><w:hdr xmlns:w=\"$W_NS\"><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:hdr>"
	classify a.docx a.docx
	expect_stamp '^X-SEEMail-Uninspectable: "XML entity declarations are not allowed" in .* > word/document\.xml$'
	expect_stamp '^X-SEEMail-Uninspectable: "XML entity declarations are not allowed" in .* > word/header1\.xml$'
	expect_stamp '^X-SEEMail-Classification: UNCLASSIFIED$'
}

test_too_many_entries_is_uninspectable() {
	need_python || return 77
	python3 - <<'EOF'
import zipfile
with zipfile.ZipFile("many.zip", "w") as z:
    for i in range(30):
        z.writestr("f%02d.txt" % i, "[SECRET]" if i == 25 else "x")
EOF
	printf 'max_archive_entries = 20\n' >c.conf
	classify many.zip many.zip c.conf
	expect_stamp '^X-SEEMail-Uninspectable: "30 entries, more than max_archive_entries \(20\): the rest were not read" in attachment "many\.zip"'
	expect_no_stamp 'Trigger'
}

test_msip_label_maps_to_its_level() {
	need_python || return 77
	G=5f4c2e95-d9c1-4c2c-9f1c-0a7d0e5a3d6b
	P='fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"'
	mkzip a.docx '[Content_Types].xml=<Types/>' \
	    "docProps/custom.xml=<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><property $P pid=\"2\" name=\"MSIP_Label_${G}_Enabled\"><vt:lpwstr>true</vt:lpwstr></property><property $P pid=\"3\" name=\"MSIP_Label_${G}_Name\"><vt:lpwstr>Sensitive Budget</vt:lpwstr></property></Properties>"
	classify a.docx a.docx
	expect_stamp '^X-SEEMail-Classification: UNCLASSIFIED$'
	printf 'label = {%s} SENSITIVE\n' "$(echo $G | tr a-z A-Z)" >c.conf
	classify a.docx a.docx c.conf
	expect_stamp '^X-SEEMail-Classification: SENSITIVE$'
	expect_stamp '^X-SEEMail-Trigger: SENSITIVE "MSIP label \\"Sensitive Budget\\"" in .* > docProps/custom\.xml$'
	printf 'label = Sensitive_Budget RESTRICTED\n' >c.conf
	classify a.docx a.docx c.conf
	expect_stamp '^X-SEEMail-Classification: RESTRICTED$'
}

test_encrypted_opendocument_is_uninspectable() {
	need_python || return 77
	mkzip a.odt 'mimetype=application/vnd.oasis.opendocument.text' \
	    'META-INF/manifest.xml=<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry></manifest:manifest>' \
	    'content.xml=not XML at all: encrypted bytes'
	classify a.odt a.odt
	expect_stamp '^X-SEEMail-Uninspectable: "encrypted by the OpenDocument package \(a password-protected document\)" in .* > content\.xml$'
	expect_no_stamp 'malformed'
}

# The fixtures made by real producers: every ZIP-based file of MANIFEST.tsv.
test_zip_based_fixtures_are_classified_as_their_manifest_says() {
	[ -f "$DOCS/MANIFEST.tsv" ] || { skip "no tests/fixtures/docs/MANIFEST.tsv"; return 77; }
	printf 'triggers = %s/site.triggers\nlabel = 3c9b7d2e-41a6-4f0b-9e57-d2a8c61f0b94 RESTRICTED\n' \
	    "$DOCS" >site.conf
	n=0
	while IFS='	' read -r file expect level term place; do
		case $file in '#'*|'') continue ;; esac
		[ "$(head -c 2 "$DOCS/$file")" = PK ] || continue
		attach "$DOCS/$file" "$file" >m
		run seem-classify -c site.conf --explain m
		expect_rc 0
		grep -q "^Classification: $level\$" "$T/out" ||
		    fail "$file: not $level: $(head -c 600 "$T/out")"
		case $expect in
		find)
			grep -A1 -F -- "$term" "$T/out" | grep -qF -e "> $place" -e "> \"$place\"" ||
			    fail "$file: $term not found in $place: $(head -c 800 "$T/out")" ;;
		none)
			if grep -q 'Could not be inspected' "$T/out"; then
				fail "$file: uninspectable: $(grep -A3 'Could not be inspected' "$T/out")"
			fi ;;
		uninspectable)
			sed -n '/^Could not be inspected/,$p' "$T/out" | grep -qF -e "> $place" -e "> \"$place\"" ||
			    fail "$file: $place not uninspectable: $(head -c 800 "$T/out")" ;;
		esac
		n=$((n + 1))
	done <"$DOCS/MANIFEST.tsv"
	[ "$n" -ge 40 ] || fail "only $n ZIP-based fixtures"
}
