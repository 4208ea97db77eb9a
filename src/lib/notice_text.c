/*
 * notice_text.c: the words of notices, from one template per code.
 *
 * Templates are "CODE.txt" (1A.txt, above-seemail.txt, ...): built in
 * from share/seemail/templates, or from the directory named by
 * "templates", where a file replaces the built-in one of the same name.
 * An inbound warning's Subject is warning_prefix and the original's, so
 * an inbound template with a Subject: line is an error.  A file in that
 * directory that no code uses is logged (a misspelt name would otherwise
 * be silently ignored).
 *
 * The text of a notice is the primary code's template; the other codes
 * that apply are listed through {others} (one line each, from their
 * Summary:), or after the text when the template has no {others}.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "embedded.h"
#include "log.h"
#include "notice_priv.h"
#include "status.h"

static int load_one(const struct config *cfg, int code, struct template **out)
{
	char name[64], builtin[80];
	char *path = NULL, *text = NULL;
	size_t len = 0;
	struct stat sb;
	int st;

	(void)!snprintf(name, sizeof name, "%s.txt", code_name(code));
	(void)!snprintf(builtin, sizeof builtin, "templates/%s", name);
	if (cfg->templates) {
		struct buf p = BUF_INIT_MAX(0);
		buf_printf(&p, "%s/%s", cfg->templates, name);
		if (p.err)
			return EX_TEMPFAIL;
		path = buf_take(&p, NULL);
		if (stat(path, &sb) < 0 && errno == ENOENT) {
			free(path);
			path = NULL;
		}
	}
	if (path == NULL && embedded_get(builtin, NULL) == NULL) {
		log_msg(LOG_ERR, "%s: no built-in template (a broken build?)", builtin);
		return EX_CONFIG;
	}
	st = config_read_file(path, builtin, &text, &len);
	if (st == 0)
		st = template_parse(text, len, path ? path : builtin, out);
	if (st == 0 && code_is_inbound(code) && template_has(*out, TPL_SEC_SUBJECT)) {
		log_msg(LOG_ERR, "%s: an inbound warning cannot have a Subject: line "
		    "(its Subject is warning_prefix and the original's)",
		    path ? path : builtin);
		template_free(*out);
		*out = NULL;
		st = EX_CONFIG;
	}
	free(text);
	free(path);
	return st;
}

/* Logs the .txt files in the directory that are no code's template. */
static void unknown_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".txt") != 0)
			continue;
		int c = code_parse(e->d_name, l - 4);
		/* Names are compared exactly: "1a.txt" is not "1A.txt". */
		if (c < 0 || strncmp(code_name(c), e->d_name, l - 4) != 0) {
			char shown[128];
			log_msg(LOG_WARNING, "%s/%s: not the template of any code (ignored)", dir,
			    log_sanitize(shown, sizeof shown, e->d_name, l));
		}
	}
	closedir(d);
}

int notice_templates_load(const struct config *cfg, struct template *tpl[CODE_COUNT])
{
	struct stat sb;
	int st = 0;

	if (cfg->templates) {
		if (stat(cfg->templates, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
			log_msg(LOG_ERR, "templates = %s: not a directory", cfg->templates);
			return EX_CONFIG;
		}
		unknown_files(cfg->templates);
	}
	for (int c = 0; c < CODE_COUNT; c++) {
		int s = load_one(cfg, c, &tpl[c]);
		st = status_worse(st, s);
	}
	if (st)
		for (int c = 0; c < CODE_COUNT; c++) {
			template_free(tpl[c]);
			tpl[c] = NULL;
		}
	return st;
}

/* ---- rendering ---- */

struct ctx {
	const struct notice *nt;
	size_t field;           /* index into nt->v.f */
	const char *others;
	char code[40], title[160];
};

static const char *value(void *p, enum tpl_var v)
{
	struct ctx *c = p;
	const struct notice *nt = c->nt;
	const struct verdict_field *f = &nt->v.f[c->field];

	switch (v) {
	case TPL_CODE: return c->code;
	case TPL_TITLE: return c->title;
	case TPL_LEVEL: return nt->level;
	case TPL_SUBJECT: return nt->subject && *nt->subject ? nt->subject : "(no subject)";
	case TPL_DATE: return nt->date;
	case TPL_SENDER: return nt->sender;
	case TPL_FROM: return f->from ? nt->ffrom[c->field] : nt->from;
	case TPL_AGENCY:
		if (f->agency)
			return nt->fagency[c->field];
		if (f->code == CODE_OWN_DOMAIN)
			return nt->ns->cfg->agency;
		/* No agency named: the domain stands for it. */
		const char *from = f->from ? nt->ffrom[c->field] : nt->from;
		const char *at = from ? strrchr(from, '@') : NULL;
		return at ? at + 1 : NULL;
	case TPL_RECIPIENTS:
		return nt->kind == VERDICT_WARN ? nt->recipients_in : nt->frcpt[c->field];
	case TPL_REFUSED: return nt->refused;
	case TPL_DELIVERED: return nt->delivered;
	case TPL_FINDINGS: return nt->findings.p;
	case TPL_UNINSPECTABLE: return nt->uninspectable.p;
	case TPL_OTHERS: return c->others;
	default: return NULL;
	}
}

static void ctx_init(struct ctx *c, const struct notice *nt, size_t field)
{
	memset(c, 0, sizeof *c);
	c->nt = nt;
	c->field = field;
	(void)!snprintf(c->code, sizeof c->code, "%s", code_name(nt->v.f[field].code));
	(void)!snprintf(c->title, sizeof c->title, "%s", code_title(nt->v.f[field].code));
}

/* One line per code after the primary: "- SEEMail 1C (title): summary". */
static void others(const struct notice *nt, struct buf *out)
{
	for (size_t k = 1; k < nt->nfields; k++) {
		struct ctx c;
		size_t i = nt->fields[k];
		const struct template *t = nt->ns->tpl[nt->v.f[i].code];
		ctx_init(&c, nt, i);
		buf_printf(out, "- SEEMail %s (%s)", c.code, c.title);
		if (template_has(t, TPL_SEC_SUMMARY)) {
			buf_puts(out, ": ");
			template_render(t, TPL_SEC_SUMMARY, value, &c, out);
		} else if (nt->frcpt[i] && *nt->frcpt[i]) {
			buf_printf(out, ": %s", nt->frcpt[i]);
		}
		buf_putc(out, '\n');
	}
}

void notice_text(const struct notice *nt, struct buf *text, struct buf *subject)
{
	size_t primary = nt->fields[0];
	const struct template *t = nt->ns->tpl[nt->v.f[primary].code];
	struct buf oth = BUF_INIT_MAX(0), subj = BUF_INIT_MAX(1 << 16);
	struct ctx c;

	others(nt, &oth);
	ctx_init(&c, nt, primary);
	c.others = oth.p;
	template_render(t, TPL_SEC_BODY, value, &c, text);
	if (oth.len && !template_uses(t, TPL_SEC_BODY, TPL_OTHERS)) {
		buf_putc(text, '\n');
		buf_put(text, oth.p, oth.len);
	}

	if (nt->kind == VERDICT_WARN) {
		buf_puts(&subj, nt->ns->prefix);
		if (nt->subject && *nt->subject) {
			if (subj.len)
				buf_putc(&subj, ' ');
			buf_puts(&subj, nt->subject);
		}
	} else if (template_has(t, TPL_SEC_SUBJECT)) {
		template_render(t, TPL_SEC_SUBJECT, value, &c, &subj);
	} else {
		buf_printf(&subj, "SEEMail %s: %s", c.code, c.title);
	}
	notice_clean(subject, subj.p ? subj.p : "", subj.len, NOTICE_SUBJECT_MAX, NULL);
	if (oth.err || subj.err)
		text->err = oth.err ? oth.err : subj.err;
	buf_free(&oth);
	buf_free(&subj);
}
