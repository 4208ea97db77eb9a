/* test_template.c: the notice template engine: header lines, placeholders,
 * "{{", errors, indentation of lists, lines and paragraphs left out when
 * their placeholders are empty, one-line sections. */
#include <string.h>

#include "check_main.h"
#include "status.h"
#include "template.h"

/* Values for the tests: set per test. */
static const char *vals[TPL_VAR_COUNT];

static const char *val(void *ctx, enum tpl_var v)
{
	(void)ctx;
	return vals[v];
}

static void clear(void)
{
	memset(vals, 0, sizeof vals);
}

static struct template *parse_ok(const char *text)
{
	struct template *t = NULL;
	ck_assert_int_eq(template_parse(text, strlen(text), "t.txt", &t), 0);
	ck_assert_ptr_nonnull(t);
	return t;
}

static int parse_st(const char *text)
{
	struct template *t = NULL;
	int st = template_parse(text, strlen(text), "t.txt", &t);
	ck_assert(st == 0 || t == NULL);
	template_free(t);
	return st;
}

/* Renders a section into a static string. */
static const char *render(const struct template *t, enum tpl_section s)
{
	static char out[4096];
	struct buf b = BUF_INIT_MAX(0);
	template_render(t, s, val, NULL, &b);
	ck_assert_int_eq(b.err, 0);
	ck_assert_uint_lt(b.len, sizeof out);
	memcpy(out, b.p ? b.p : "", b.len);
	out[b.len] = '\0';
	buf_free(&b);
	return out;
}

START_TEST(plain_body_and_placeholders)
{
	clear();
	vals[TPL_CODE] = "1A";
	vals[TPL_SUBJECT] = "Budget";
	struct template *t = parse_ok("Code {code}: {subject}.\nBraces: {{code} and }.\n");
	ck_assert(!template_has(t, TPL_SEC_SUBJECT));
	ck_assert(!template_has(t, TPL_SEC_SUMMARY));
	ck_assert(template_has(t, TPL_SEC_BODY));
	ck_assert(template_uses(t, TPL_SEC_BODY, TPL_CODE));
	ck_assert(!template_uses(t, TPL_SEC_BODY, TPL_OTHERS));
	ck_assert_str_eq(render(t, TPL_SEC_BODY), "Code 1A: Budget.\nBraces: {code} and }.\n");
	template_free(t);
}
END_TEST

START_TEST(header_lines)
{
	clear();
	vals[TPL_CODE] = "1C";
	vals[TPL_RECIPIENTS] = "a@x\nb@y";
	struct template *t = parse_ok("Subject: Not sent ({code})\r\nSummary: For\r\n"
	    "   {recipients}, sorry.\r\n\r\nBody {code}\r\n");
	ck_assert(template_has(t, TPL_SEC_SUBJECT));
	ck_assert_str_eq(render(t, TPL_SEC_SUBJECT), "Not sent (1C)");
	/* Continuation joined with one space; line breaks in values become ", ". */
	ck_assert_str_eq(render(t, TPL_SEC_SUMMARY), "For a@x, b@y, sorry.");
	ck_assert_str_eq(render(t, TPL_SEC_BODY), "Body 1C\n");
	template_free(t);

	/* A first line that is no header line: all body. */
	t = parse_ok("Note: this is body\n\nmore\n");
	ck_assert(!template_has(t, TPL_SEC_SUBJECT));
	ck_assert_str_eq(render(t, TPL_SEC_BODY), "Note: this is body\n\nmore\n");
	template_free(t);

	/* An empty value keeps a one-line section. */
	clear();
	t = parse_ok("Subject: Held: {subject}\n\nx\n");
	ck_assert_str_eq(render(t, TPL_SEC_SUBJECT), "Held: ");
	template_free(t);
}
END_TEST

START_TEST(errors)
{
	ck_assert_int_eq(parse_st("hello {nosuch}\n"), EX_CONFIG);
	ck_assert_int_eq(parse_st("hello {code\n}\n"), EX_CONFIG);
	ck_assert_int_eq(parse_st("hello {Code}\n"), EX_CONFIG);
	ck_assert_int_eq(parse_st("hello { code }\n"), EX_CONFIG);
	ck_assert_int_eq(parse_st("bad \xff byte\n"), EX_CONFIG);
	ck_assert_int_eq(parse_st("bell \a\n"), EX_CONFIG);
	ck_assert_int_eq(parse_st("nul \0x"), 0);   /* strlen stops at the NUL */
	ck_assert_int_eq(parse_st("Subject: a\nSubject: b\n\nx\n"), EX_CONFIG);
	ck_assert_int_eq(parse_st("Subject: a\nbody without a blank line\n"), EX_CONFIG);
	ck_assert_int_eq(parse_st("Subject: {bad}\n\nx\n"), EX_CONFIG);
	ck_assert_int_eq(parse_st("tab\tis fine {{ and } too\n"), 0);
	ck_assert_int_eq(parse_st(""), 0);

	/* A NUL inside the text is a control character. */
	struct template *t = NULL;
	ck_assert_int_eq(template_parse("a\0b\n", 4, "t.txt", &t), EX_CONFIG);
	ck_assert_ptr_null(t);

	/* The size limit. */
	static char big[TEMPLATE_MAX + 2];
	memset(big, 'x', sizeof big - 1);
	ck_assert_int_eq(template_parse(big, sizeof big - 1, "t.txt", &t), EX_CONFIG);
	ck_assert_int_eq(template_parse(big, TEMPLATE_MAX, "t.txt", &t), 0);
	template_free(t);
}
END_TEST

START_TEST(lists_keep_their_indentation)
{
	clear();
	vals[TPL_FINDINGS] = "- one\n- two\n\n- four\n";
	struct template *t = parse_ok("Found:\n  {findings}\nend\n");
	ck_assert_str_eq(render(t, TPL_SEC_BODY), "Found:\n  - one\n  - two\n\n  - four\nend\n");
	template_free(t);
	/* After text on the line, continuation lines start at column 0. */
	t = parse_ok("Found: {findings}\n");
	ck_assert_str_eq(render(t, TPL_SEC_BODY), "Found: - one\n- two\n\n- four\n");
	template_free(t);
}
END_TEST

START_TEST(empty_lines_and_paragraphs_are_left_out)
{
	clear();
	vals[TPL_FROM] = "eve@example.com";
	vals[TPL_DELIVERED] = "";
	struct template *t = parse_ok(
	    "Intro.\n\n"
	    "From: {from}\nSent: {date}\nSubject: {subject}\n\n"
	    "Still sent to: {delivered}\n\n"
	    "Found here:\n{findings}\n\n\n\n"
	    "Both {from} and {date}.\n\n"
	    "End.\n");
	ck_assert_str_eq(render(t, TPL_SEC_BODY),
	    "Intro.\n\nFrom: eve@example.com\n\nBoth eve@example.com and .\n\nEnd.\n");
	template_free(t);

	/* The last line of a paragraph left out takes its line end with it. */
	t = parse_ok("A {from}\nB {date}\n");
	ck_assert_str_eq(render(t, TPL_SEC_BODY), "A eve@example.com\n");
	template_free(t);

	/* Nothing at all: an empty text. */
	clear();
	t = parse_ok("{findings}\n\n{others}\n");
	ck_assert_str_eq(render(t, TPL_SEC_BODY), "");
	template_free(t);
}
END_TEST

START_TEST(blank_lines_collapse_and_trailing_blanks_go)
{
	clear();
	struct template *t = parse_ok("\n\n  \nfirst   \n\t\n\n\nsecond\n\n");
	ck_assert_str_eq(render(t, TPL_SEC_BODY), "first\n\nsecond\n");
	template_free(t);
}
END_TEST

START_TEST(values_are_inserted_verbatim)
{
	/* The engine does not interpret values: no recursion into braces. */
	clear();
	vals[TPL_SUBJECT] = "{code} {{";
	vals[TPL_CODE] = "X";
	struct template *t = parse_ok("{subject}|{code}\n");
	ck_assert_str_eq(render(t, TPL_SEC_BODY), "{code} {{|X\n");
	template_free(t);
	ck_assert_str_eq(template_var_name(TPL_RECIPIENTS), "recipients");
	ck_assert_str_eq(template_var_name(TPL_VAR_COUNT), "?");
}
END_TEST

static Suite *template_suite(void)
{
	Suite *s = suite_create("template");
	TCase *t = tcase_create("core");
	tcase_add_test(t, plain_body_and_placeholders);
	tcase_add_test(t, header_lines);
	tcase_add_test(t, errors);
	tcase_add_test(t, lists_keep_their_indentation);
	tcase_add_test(t, empty_lines_and_paragraphs_are_left_out);
	tcase_add_test(t, blank_lines_collapse_and_trailing_blanks_go);
	tcase_add_test(t, values_are_inserted_verbatim);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(template_suite)
