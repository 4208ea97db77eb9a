# extract_hidden_text.sh: text a reader does not see in line (hidden
# runs, hidden paragraph marks, field codes, phonetic guides, hidden
# OpenDocument spans, RTF \v) must neither split the visible term around
# it nor hide a term of its own; and text a reader does see outside the
# runs (a Word watermark, the literal text of an Excel number format)
# is read.  Documents are made here by python3's zipfile, and, when
# LibreOffice is installed, converted by it as real ones.

W_NS=http://schemas.openxmlformats.org/wordprocessingml/2006/main
S_NS=http://schemas.openxmlformats.org/spreadsheetml/2006/main
ODF_NS='xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'

# mkdocx OUT BODY [NAME=TEXT...]: a Word document whose body is BODY
# (WordprocessingML, w: bound), with the package parts Word needs.
mkdocx() {
	_out=$1 _body=$2
	shift 2
	mkzip "$_out" \
	    '[Content_Types].xml=<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>' \
	    '_rels/.rels=<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>' \
	    "word/document.xml=<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"$W_NS\"><w:body>$_body</w:body></w:document>" \
	    "$@"
}

# A run of text T; a hidden one (w:vanish or PROP in its properties).
r() { printf '<w:r><w:t>%s</w:t></w:r>' "$1"; }
hidden() { printf '<w:r><w:rPr><w:i/>%s</w:rPr><w:t>%s</w:t></w:r>' "${2:-<w:vanish/>}" "$1"; }

# classify FILE NAME: seem-classify on FILE attached as NAME; the stamps
# are in $T/stamps, one per line.
classify() {
	attach "$1" "$2" >m
	run seem-classify m
	expect_rc 0
	stamps_of "$T/out" >"$T/stamps"
}

test_docx_hidden_run_does_not_split_a_term() {
	need_python || return 77
	mkdocx a.docx "<w:p>$(r '[RESTR')$(hidden zzz)$(r 'ICTED]')</w:p>"
	classify a.docx a.docx
	expect_stamp '^X-SEEMail-Classification: RESTRICTED$'
	expect_stamp '^X-SEEMail-Trigger: RESTRICTED "\[RESTRICTED\]" in attachment "a\.docx" .* > word/document\.xml$'
	mkdocx b.docx "<w:p>$(r '[SENS')$(hidden zzz '<w:specVanish/>')$(r 'ITIVE]')</w:p>"
	classify b.docx b.docx
	expect_stamp '^X-SEEMail-Classification: SENSITIVE$'
	expect_no_stamp Uninspectable
}

test_docx_run_with_vanish_switched_off_is_seen() {
	need_python || return 77
	mkdocx a.docx "<w:p>$(r '[RESTR')$(hidden zzz '<w:vanish w:val="0"/>')$(r 'ICTED]')</w:p>
	    <w:p>$(r '[SECR')$(hidden zzz '<w:vanish w:val="false"/>')$(r 'ET]')</w:p>"
	classify a.docx a.docx
	expect_stamp '^X-SEEMail-Classification: UNCLASSIFIED$'
	expect_no_stamp Trigger
}

test_docx_term_in_hidden_text_is_still_found() {
	need_python || return 77
	mkdocx a.docx "<w:p>$(r 'budget ')$(hidden '[SEC=')$(hidden 'SECRET]')$(r ' notes')</w:p>"
	classify a.docx a.docx
	expect_stamp '^X-SEEMail-Classification: SECRET$'
	expect_stamp 'SECRET "\[SEC=SECRET\]" in attachment "a\.docx" .* > word/document\.xml$'
}

test_docx_hidden_paragraph_mark_runs_on() {
	need_python || return 77
	mkdocx a.docx "<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>$(r '[IN-CONF')</w:p><w:p>$(r 'IDENCE]')</w:p>"
	classify a.docx a.docx
	expect_stamp '^X-SEEMail-Classification: IN-CONFIDENCE$'
}

test_docx_field_code_does_not_split_a_term() {
	need_python || return 77
	mkdocx a.docx "<w:p>$(r '[RESTR')<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> QUOTE zz </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>$(r 'ICTED]')</w:p>"
	classify a.docx a.docx
	expect_stamp '^X-SEEMail-Classification: RESTRICTED$'
}

# mkwatermark OUT TERM [alt]: a Word document with TERM as its watermark,
# as Word writes Design > Watermark: VML WordArt in the header (with
# "alt", in the fallback of an mc:AlternateContent).
mkwatermark() {
	_pict="<w:pict><v:shapetype id=\"_x0000_t136\" coordsize=\"21600,21600\" o:spt=\"136\" adj=\"10800\" path=\"m@7,l@8,m@5,21600l@6,21600e\"><v:path textpathok=\"t\" o:connecttype=\"custom\"/><v:textpath on=\"t\" fitshape=\"t\"/></v:shapetype><v:shape id=\"PowerPlusWaterMarkObject1\" o:spid=\"_x0000_s2049\" type=\"#_x0000_t136\" style=\"position:absolute;margin-left:0;margin-top:0;width:500pt;height:100pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin\" o:allowincell=\"f\" fillcolor=\"silver\" stroked=\"f\"><v:fill opacity=\".5\"/><v:textpath style=\"font-family:&quot;Calibri&quot;;font-size:1pt\" string=\"$2\"/></v:shape></w:pict>"
	[ "${3:-}" = alt ] &&
	    _pict="<mc:AlternateContent><mc:Choice Requires=\"wps\"/><mc:Fallback>$_pict</mc:Fallback></mc:AlternateContent>"
	mkzip "$1" \
	    '[Content_Types].xml=<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>' \
	    '_rels/.rels=<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>' \
	    'word/_rels/document.xml.rels=<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>' \
	    "word/document.xml=<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"$W_NS\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body><w:p>$(r minutes)</w:p><w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdH\"/></w:sectPr></w:body></w:document>" \
	    "word/header1.xml=<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:hdr xmlns:w=\"$W_NS\" xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:p><w:r>$_pict</w:r></w:p></w:hdr>"
}

test_docx_watermark_is_found() {
	need_python || return 77
	mkwatermark a.docx '[RESTRICTED]' alt
	classify a.docx a.docx
	expect_stamp '^X-SEEMail-Classification: RESTRICTED$'
	expect_stamp '"\[RESTRICTED\]" in attachment "a\.docx" .* > word/header1\.xml$'
}

test_odt_hidden_span_does_not_split_a_term() {
	need_python || return 77
	# As LibreOffice writes Format > Character > Hidden: an automatic
	# style whose text properties say text:display="none".
	mkzip a.odt 'mimetype=application/vnd.oasis.opendocument.text' \
	    "content.xml=<office:document-content $ODF_NS><office:automatic-styles><style:style style:name=\"T1\" style:family=\"text\"><style:text-properties text:display=\"none\"/></style:style></office:automatic-styles><office:body><office:text><text:p>[RESTR<text:span text:style-name=\"T1\">zzz</text:span>ICTED]</text:p><text:p>[SECR<text:span text:display=\"none\">zz</text:span>ET]</text:p></office:text></office:body></office:document-content>"
	classify a.odt a.odt
	expect_stamp '^X-SEEMail-Classification: SECRET$'
	expect_stamp 'RESTRICTED "\[RESTRICTED\]" in attachment "a\.odt" .* > content\.xml$'
	expect_stamp 'SECRET "\[SECRET\]" in attachment "a\.odt" .* > content\.xml$'
}

test_xlsx_number_format_text_is_found() {
	need_python || return 77
	# Every cell with style 1 shows [RESTRICTED], whatever its value;
	# the second format shows it too, written in pieces.
	mkzip a.xlsx '[Content_Types].xml=<Types/>' \
	    "xl/styles.xml=<styleSheet xmlns=\"$S_NS\"><numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"&quot;[RESTRICTED]&quot;\"/><numFmt numFmtId=\"165\" formatCode=\"&quot;[SEC&quot;\\=&quot;SECRET]&quot; 0\"/></numFmts><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>" \
	    "xl/worksheets/sheet1.xml=<worksheet xmlns=\"$S_NS\"><sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c></row></sheetData></worksheet>"
	classify a.xlsx a.xlsx
	expect_stamp '^X-SEEMail-Classification: SECRET$'
	expect_stamp 'RESTRICTED "\[RESTRICTED\]" in attachment "a\.xlsx" .* > xl/styles\.xml$'
	expect_stamp 'SECRET "\[SEC=SECRET\]" in attachment "a\.xlsx" .* > xl/styles\.xml$'
}

test_xlsx_phonetic_run_does_not_split_a_term() {
	need_python || return 77
	mkzip a.xlsx '[Content_Types].xml=<Types/>' \
	    "xl/sharedStrings.xml=<sst xmlns=\"$S_NS\" count=\"1\" uniqueCount=\"1\"><si><r><t>[RESTR</t></r><rPh sb=\"0\" eb=\"1\"><t>zz</t></rPh><r><t>ICTED]</t></r><phoneticPr fontId=\"1\"/></si></sst>"
	classify a.xlsx a.xlsx
	expect_stamp '^X-SEEMail-Classification: RESTRICTED$'
	expect_stamp '"\[RESTRICTED\]" in attachment "a\.xlsx" .* > xl/sharedStrings\.xml$'
}

test_rtf_hidden_text_does_not_split_a_term() {
	printf '{\\rtf1\\ansi [RESTR{\\v zzz}ICTED] and \\v [SEC=SECRET]\\v0  end\\par}\n' >a.rtf
	classify a.rtf a.rtf
	expect_stamp '^X-SEEMail-Classification: SECRET$'
	expect_stamp 'RESTRICTED "\[RESTRICTED\]" in attachment "a\.rtf" .* > body$'
	expect_stamp 'SECRET "\[SEC=SECRET\]" in attachment "a\.rtf" .* > hidden$'
}

# LibreOffice's own files: a hidden run and a watermark made in Word's
# form, converted by LibreOffice to OpenDocument, RTF, Word 97 and back
# to OOXML.  (A hidden run in a Word 97 file is not read apart yet.)
test_libreoffice_documents_with_hidden_text_and_a_watermark() {
	need_python || return 77
	command -v soffice >/dev/null 2>&1 || { skip "no LibreOffice"; return 77; }
	mkdocx h.docx "<w:p>$(r '[RESTR')$(hidden zzz)$(r 'ICTED]')</w:p>"
	mkwatermark wm.docx '[SEC=SECRET]'
	for to in odt rtf doc docx; do
		mkdir -p "conv.$to"
		HOME=$T timeout 180 soffice -env:UserInstallation=file://$T/lo --headless \
		    --convert-to $to --outdir "conv.$to" h.docx wm.docx >lo.log 2>&1 ||
		    { cat lo.log; fail "soffice --convert-to $to"; return 1; }
	done
	for f in conv.odt/h.odt conv.rtf/h.rtf conv.docx/h.docx; do
		classify "$f" "${f#*/}"
		expect_stamp '^X-SEEMail-Classification: RESTRICTED$'
	done
	for f in conv.odt/wm.odt conv.rtf/wm.rtf conv.doc/wm.doc conv.docx/wm.docx; do
		classify "$f" "${f#*/}"
		expect_stamp '^X-SEEMail-Classification: SECRET$'
	done
}
