# classify_html_evasion.sh: HTML that a browser renders as a trigger term,
# written so that a naive HTML-to-text reading breaks the term: character
# references without their ';', and hidden text inside the term.  Hidden
# text is still read: a term written only there is found too.

# html_msg FILE BODY: a one-part text/html message.
html_msg() {
	printf 'From: a@example.org\nSubject: notes\nContent-Type: text/html; charset=utf-8\n\n%s\n' "$2" >"$1"
}

# expect_level LEVEL MESSAGE: seem-classify stamps MESSAGE with LEVEL.
expect_level() {
	run seem-classify "$2"
	expect_rc 0
	stamps_of "$T/out" >"$T/stamps"
	expect_stamp "^X-SEEMail-Classification: $1\$"
}

test_numeric_references_without_semicolon_are_decoded() {
	html_msg dec '<p>&#91RESTRICTED&#93</p>'
	expect_level RESTRICTED dec
	html_msg hex '<p>&#x5bSEC=SECRET&#X5D and more</p>'
	expect_level SECRET hex
	# The digits end at the first non-digit, whatever it is.
	html_msg zeros '<p>&#0000091IN-CONFIDENCE&#x00005d</p>'
	expect_level IN-CONFIDENCE zeros
}

test_only_legacy_named_references_need_no_semicolon() {
	html_msg legacy '<p>[SENSITIVE&nbsp]</p>'
	expect_level SENSITIVE legacy
	# "lsqb" is not one of the legacy names: without ';' it is text.
	html_msg other '<p>&lsqbSECRET]</p>'
	expect_level UNCLASSIFIED other
}

test_hidden_text_inside_a_term_does_not_break_it() {
	for style in 'display:none;mso-hide:all' 'DISPLAY : NONE !important' 'font-size:0' \
	    'font-size: 0px' 'visibility:hidden' 'mso-hide:all' 'opacity:0' 'color:red;opacity:0.0'; do
		html_msg m "<p>[RESTR<span style=\"$style\">zzz</span>ICTED]</p>"
		expect_level RESTRICTED m || fail "style \"$style\""
	done
	html_msg attr '<p>[SEC=<b hidden>zzz</b>SECRET]</p>'
	expect_level SECRET attr
	# Nested elements and a void one inside the hidden one.
	html_msg nest '<div>[IN-<span style="display:none"><b>z<br>z</b><img src=x alt=q>z</span>CONFIDENCE]</div>'
	expect_level IN-CONFIDENCE nest
}

test_a_term_in_hidden_text_is_still_found() {
	html_msg m '<p>Hello<span style="display:none">[SEC=SECRET]</span> world</p>'
	expect_level SECRET m
	expect_stamp 'SECRET "\[SEC=SECRET\]" in body \(part 1, text/html\)'
}

test_visible_text_after_a_hidden_element_is_not_hidden() {
	# The hidden span ends at its end tag, at an ancestor's end tag, or
	# where HTML ends it implicitly (a <p> ends an open <p>); text after
	# it is in the visible flow again, where hidden junk must not split it.
	html_msg end '<p><span hidden>x</span>[RESTR<span hidden>zz</span>ICTED]</p>'
	expect_level RESTRICTED end
	html_msg ancestor '<p><font><span hidden>x</font>[RESTR<i hidden>zz</i>ICTED]</p>'
	expect_level RESTRICTED ancestor
	html_msg implied '<p hidden>x<p>[SEC=<span hidden>zz</span>SECRET]'
	expect_level SECRET implied
	# A descendant that sets a size of its own is visible again.
	html_msg size '<p>[RESTR<span style="font-size:0">zz<span style="font-size:12pt">ICTED]</span></span></p>'
	expect_level RESTRICTED size
}

test_style_that_does_not_hide_keeps_text_inline() {
	# None of these hides anything in a browser, so the text is in the
	# flow and the term is not there.
	for style in 'display:inline' 'font-size:10px' 'opacity:0.5' 'x-display:none' \
	    "font-family:'a;display:none'" 'visibility:hidden;visibility:visible' \
	    'display:none\21 important;' 'font-size:\30'; do
		html_msg m "<p>[RESTR<span style=\"$style\">zzz</span>ICTED]</p>"
		expect_level UNCLASSIFIED m || fail "style \"$style\""
	done
}

test_hidden_text_nested_too_deep_is_uninspectable() {
	# Past the depth html.c tracks, which text is hidden cannot be
	# told: the part is never passed as clean.
	deep=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "<span>" }')
	html_msg m "$deep[RESTR<span style=\"display:none\">zz</span>ICTED]"
	run seem-classify m
	expect_rc 0
	stamps_of "$T/out" >"$T/stamps"
	expect_stamp '^X-SEEMail-Uninspectable: "HTML elements nested deeper than 256 in a part that hides text"'
	# As deep, but nothing hidden: the text reads as before.
	html_msg plain "$deep[RESTRICTED]"
	expect_level RESTRICTED plain
	expect_no_stamp 'Uninspectable'
}

test_a_part_that_hides_text_is_read_again_with_it_in_the_flow() {
	# Outlook versions that ignore display:none show "[RESTRICTED]" here;
	# a term found by both readings is one finding.
	printf 'Subject: x\nContent-Type: text/html\n\n<p>[RESTR<span style="display:none">ICTED]</span> and [SECRET]</p>\n' >m
	run seem-classify -c /dev/null m
	expect_rc 0
	stamps_of "$T/out" >"$T/stamps"
	expect_stamp '^X-SEEMail-Trigger: RESTRICTED "\[RESTRICTED\]" in body'
	[ "$(grep -c 'SECRET' "$T/stamps")" = 2 ] || fail "SECRET stamped more than once: $(cat "$T/stamps")"
	run seem-classify -c /dev/null --json m
	grep -q '"term":"\[SECRET\]"[^}]*"count":1,' "$T/out" || fail "the count doubled: $(cat "$T/out")"
}

test_outlook_conditional_sections_are_read_both_ways() {
	# Outlook shows the first section, other clients the second; a term
	# only Outlook sees, and one a section splits for Outlook only.
	printf 'Subject: x\nContent-Type: text/html\n\n<p>a <!--[if mso]><b>[SECRET]</b><![endif]--> b [IN-<!--[if mso]>zz<![endif]-->CONFIDENCE] c [RESTR<!--[if !mso]><!-->ICTED]<!--<![endif]--></p>\n' >m
	run seem-classify -c /dev/null m
	expect_rc 0
	stamps_of "$T/out" >"$T/stamps"
	expect_stamp '^X-SEEMail-Trigger: SECRET "\[SECRET\]"'
	expect_stamp '^X-SEEMail-Trigger: IN-CONFIDENCE "\[IN-CONFIDENCE\]"'
	expect_stamp '^X-SEEMail-Trigger: RESTRICTED "\[RESTRICTED\]"'
	# A plain comment is nobody's text.
	printf 'Subject: x\nContent-Type: text/html\n\n<p>a <!-- [TOP SECRET] --> b</p>\n' >c
	run seem-classify -c /dev/null c
	expect_out '^X-SEEMail-Classification: UNCLASSIFIED'
}
