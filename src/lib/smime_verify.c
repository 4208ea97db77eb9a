/*
 * smime_verify.c: seem-verify's library call.
 *
 * The message is read once into memory; an encrypted body is decoded
 * into one buffer and decrypted where it lies, and every later step
 * (the MIME split of multipart/signed, the signature, the output) looks
 * at spans of that buffer.  Keys, CAs and the directory are loaded only
 * when a message needs them, and of the directory's certificates only
 * those of the From domain's agency.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "certs.h"
#include "cms_ber.h"
#include "cms_decrypt.h"
#include "cms_err.h"
#include "cms_verify.h"
#include "codec.h"
#include "directory.h"
#include "log.h"
#include "mime.h"
#include "output.h"
#include "smime_b64.h"
#include "smime_canon.h"
#include "smime_header.h"
#include "smime_verify.h"
#include "stamp.h"
#include "status.h"

enum { V_NONE, V_PASS, V_FAIL };
enum { OUT_ORIGINAL, OUT_INNER, OUT_ENTITY };

struct verify {
	const struct config *c;
	const struct input *in;
	struct span hdr, body;          /* the outer message */
	/* loaded when needed */
	struct directory dir;
	int have_dir;
	X509_STORE *store;
	struct gateway g;
	int have_key;
	/* buffers the spans below point into */
	unsigned char *outer;           /* the outer body, decoded (and decrypted) */
	unsigned char *sig;             /* a decoded signature */
	struct buf opaque;              /* an opaque SignedData's content */
	int decrypted;
	/* the verdict */
	int status;
	char why[400], agency[256], domain[256], mismatch[32];
	/* the output */
	int out;
	struct span msg;
};

static const char *const own_stamps[] = { "X-SEEMail-*", NULL };
static const char *const entity_drop[] = {
	"X-SEEMail-*", "Content-*", "MIME-Version", NULL,
};

static int fail(struct verify *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Records a failure verdict (not an error of the tool): returns 0. */
static int fail(struct verify *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->why, sizeof v->why, fmt, ap);  /* truncation is acceptable */
	va_end(ap);
	v->status = V_FAIL;
	return 0;
}

static void content_type(struct span hdr, struct ctype *ct)
{
	struct span v;

	if (hdr_find(hdr, "Content-Type", &v))
		ctype_parse(v.p, v.n, ct);
	else
		memset(ct, 0, sizeof *ct);
}

static int is(const struct ctype *ct, const char *type, const char *subtype)
{
	return strcmp(ct->type, type) == 0 && strcmp(ct->subtype, subtype) == 0;
}

/* An S/MIME object: pkcs7-mime, or a smime.p7m that a client labelled
 * application/octet-stream (RFC 8551 section 3.2.2). */
static int is_p7m(struct span hdr, const struct ctype *ct)
{
	struct buf name = BUF_INIT_MAX(1024);
	struct span d;
	int r = 0;

	if (is(ct, "application", "pkcs7-mime") || is(ct, "application", "x-pkcs7-mime"))
		return 1;
	if (!is(ct, "application", "octet-stream"))
		return 0;
	if (!mime_param(ct->params, "name", &name) && hdr_find(hdr, "Content-Disposition", &d)) {
		struct ctype cd;
		ctype_parse(d.p, d.n, &cd);
		mime_param(cd.params, "filename", &name);
	}
	r = name.len > 4 && strcasecmp(name.p + name.len - 4, ".p7m") == 0;
	buf_free(&name);
	return r;
}

static int is_smime_signed(const struct ctype *ct)
{
	struct buf proto = BUF_INIT_MAX(256);
	int r = 0;

	if (is(ct, "multipart", "signed") && mime_param_raw(ct->params, "protocol", &proto))
		r = strcasecmp(proto.p, "application/pkcs7-signature") == 0 ||
		    strcasecmp(proto.p, "application/x-pkcs7-signature") == 0;
	buf_free(&proto);
	return r;
}

/* Decodes an entity's body into malloc'd memory that may be changed.
 * 0, 1 (malformed: v->why set) or EX_TEMPFAIL. */
static int decode(struct verify *v, struct span hdr, struct span body, unsigned char **out,
    size_t *n)
{
	struct span cte = { "", 0 };
	int bad = 0;

	hdr_find(hdr, "Content-Transfer-Encoding", &cte);
	enum cte e = cte_parse(cte.p, cte.n);
	*out = malloc(body.n / 4 * 3 + 4);
	if (*out == NULL) {
		log_msg(LOG_ERR, "out of memory decoding %zu bytes", body.n);
		return EX_TEMPFAIL;
	}
	if (e == CTE_BASE64) {
		*n = b64_decode(body.p, body.n, *out, &bad);
	} else if (e == CTE_IDENTITY) {
		free(*out);
		if ((*out = malloc(body.n + 1)) == NULL)
			return EX_TEMPFAIL;
		memcpy(*out, body.p, body.n);
		*n = body.n;
	} else {
		bad = 1;
	}
	if (bad || *n == 0) {
		fail(v, "malformed S/MIME object (%s)", bad ? "bad base64 or transfer encoding"
		    : "empty");
		return 1;
	}
	return 0;
}

static int need_dir(struct verify *v)
{
	int st;

	if (v->have_dir)
		return 0;
	st = directory_load(v->c, &v->dir);
	v->have_dir = 1;
	return st;
}

static int need_store(struct verify *v)
{
	if (v->store)
		return 0;
	if (v->c->ca_file == NULL) {
		log_msg(LOG_ERR, "%s: ca_file is not set: signed mail cannot be verified",
		    v->c->path ? v->c->path : "configuration");
		return EX_CONFIG;
	}
	return certs_read_store(v->c->ca_file, &v->store);
}

/* What the signed entity is: a whole message (restored as it is), or
 * an entity without a header of its own (kept under the outer one). */
static void restore(struct verify *v, struct span entity, int *kind, struct span *msg,
    struct span *msghdr)
{
	struct span eh, eb, bh, bb;
	struct ctype ct;

	mime_split(entity.p, entity.n, &eh, &eb);
	content_type(eh, &ct);
	*msg = entity;
	*kind = OUT_INNER;
	*msghdr = eh;
	if (is(&ct, "message", "rfc822")) {
		mime_split(eb.p, eb.n, &bh, &bb);
		*msg = eb;
		*msghdr = bh;
	} else if (!hdr_find(eh, "From", &bh)) {
		*kind = OUT_ENTITY;
		*msghdr = v->hdr;
	}
}

/* Names the agency whose certificate this is, if any.  Only on failure:
 * it reads the whole directory. */
static void who_signed(struct verify *v, X509 *signer, char *out, size_t n)
{
	const struct dir_entry *e;
	char name[128];

	if (certs_find(&v->dir, NULL, signer, &e) == 0 && e != NULL)
		cms_why(out, n, "the gateway of %s", e->agency);
	else
		cms_why(out, n, "\"%s\"", certs_name(signer, name, sizeof name));
}

/* A signature over content (detached, or inside der when inside). */
static int check(struct verify *v, const unsigned char *der, size_t len, struct span content,
    int detached, int level)
{
	STACK_OF(X509) *cands = NULL;
	const struct dir_entry *e = NULL;
	struct cms_vresult r = { 0 };
	struct span msg, msghdr;
	char from[512], who[300];
	int kind, st, have_from;

	restore(v, content, &kind, &msg, &msghdr);
	/* Outside any encryption a multipart/signed stays as it came (the
	 * reader's client can check it again), unless it wraps a message. */
	if (level > 0 || !detached || kind == OUT_INNER) {
		v->out = kind;
		v->msg = msg;
	}
	have_from = smime_from_addr(msghdr, from, sizeof from) == 0 &&
	    addr_domain(from, v->domain, sizeof v->domain) == 0;
	if (!have_from)
		v->domain[0] = '\0';
	if ((st = need_store(v)) != 0 || (st = need_dir(v)) != 0)
		return st;
	if (have_from)
		e = directory_lookup(&v->dir, v->domain);
	st = cms_verify_signed(der, len, detached ? content.p : NULL, content.n, NULL, v->store,
	    &r);
	if (st == 0 && r.no_signer && e != NULL) {
		/* Not in the message: the directory's certificates, parsed. */
		if ((st = certs_load_agency(&v->dir, e->agency, &cands)) == 0)
			st = cms_verify_signed(der, len, detached ? content.p : NULL, content.n, cands,
			    v->store, &r);
	}
	if (st == 0 && !r.ok)
		fail(v, "%s", r.why);
	else if (st == 0 && !have_from)
		fail(v, "no From address to match the signer with an agency");
	else if (st == 0 && e == NULL)
		fail(v, "the From domain %s is not a SEEMail member's (not in the directory)",
		    v->domain);
	else if (st == 0) {
		const struct dir_entry *match = NULL;
		st = certs_find(&v->dir, e->agency, r.signer, &match);
		if (st == 0 && match) {
			v->status = V_PASS;
			cms_why(v->agency, sizeof v->agency, "%s", e->agency);
		} else if (st == 0) {
			who_signed(v, r.signer, who, sizeof who);
			fail(v, "signed by %s, not by the gateway of %s, the agency of %s", who,
			    e->agency, v->domain);
		}
	}
	if (st == 0 && kind == OUT_INNER && (level > 0 || !detached)) {
		int f = !smime_same_from(v->hdr, msghdr), s = !smime_same_subject(v->hdr, msghdr);
		cms_why(v->mismatch, sizeof v->mismatch, "%s%s%s", f ? "From" : "",
		    f && s ? "," : "", s ? "Subject" : "");
	}
	cms_vresult_free(&r);
	sk_X509_pop_free(cands, X509_free);
	return st;
}

static int pkcs7(struct verify *v, struct span hdr, struct span body, int level);

/* multipart/signed: the first part is the content, the second the
 * signature (RFC 1847); the MIME work is ours, over spans. */
static int detached(struct verify *v, const struct ctype *ct, struct span body, int level)
{
	struct buf bnd = BUF_INIT_MAX(256);
	struct span content, sigpart, sh, sb;
	struct mp_iter it;
	size_t n;
	int st;

	if (!mime_param_raw(ct->params, "boundary", &bnd) || bnd.len == 0) {
		buf_free(&bnd);
		return fail(v, "malformed multipart/signed (no boundary)");
	}
	mp_init(&it, body, bnd.p, bnd.len);
	int parts = mp_next(&it, &content) + mp_next(&it, &sigpart);
	buf_free(&bnd);
	if (parts != 2)
		return fail(v, "malformed multipart/signed (%d part%s)", parts, parts == 1 ? "" : "s");
	mime_split(sigpart.p, sigpart.n, &sh, &sb);
	if ((st = decode(v, sh, sb, &v->sig, &n)) != 0)
		return st == 1 ? 0 : st;
	if (cms_content_type(v->sig, n) != CMS_TYPE_SIGNED)
		return fail(v, "malformed signature part (not a SignedData)");
	return check(v, v->sig, n, content, 1, level);
}

/* What was inside the encryption. */
static int inner(struct verify *v, struct span entity)
{
	struct span h, b, msg, msghdr;
	struct ctype ct;
	int kind;

	mime_split(entity.p, entity.n, &h, &b);
	content_type(h, &ct);
	if (is_smime_signed(&ct))
		return detached(v, &ct, b, 1);
	if (is_p7m(h, &ct))
		return pkcs7(v, h, b, 1);
	restore(v, entity, &kind, &msg, &msghdr);
	v->out = kind;
	v->msg = msg;
	return fail(v, "encrypted but not signed");
}

static int need_key(struct verify *v)
{
	int st;

	if (v->have_key)
		return 0;
	if ((st = certs_load_gateway(v->c, &v->g, 0)) != 0)
		return st;
	v->have_key = 1;
	return 0;
}

/* application/pkcs7-mime: enveloped (level 0 only) or signed. */
static int pkcs7(struct verify *v, struct span hdr, struct span body, int level)
{
	unsigned char *der;
	size_t n;
	int st;

	if ((st = decode(v, hdr, body, &der, &n)) != 0) {
		free(der);
		return st == 1 ? 0 : st;
	}
	if (level == 0)
		v->outer = der;
	else
		v->sig = der;
	switch (cms_content_type(der, n)) {
	case CMS_TYPE_ENVELOPED:
	case CMS_TYPE_AUTH_ENVELOPED: {
		struct span plain;
		char why[sizeof v->why];
		if (level > 0)
			return fail(v, "encrypted twice: not supported");
		if ((st = need_key(v)) != 0)
			return st;
		st = cms_decrypt_inplace(der, n, v->g.key, v->g.cert, &plain, why, sizeof why);
		if (st == CMS_DECRYPT_FAILED)
			return fail(v, "%s", why);
		if (st)
			return st;
		v->decrypted = 1;
		return inner(v, plain);
	}
	case CMS_TYPE_SIGNED:
		if (!cms_signed_content(der, n, &v->opaque) || v->opaque.err)
			return v->opaque.err ? EX_TEMPFAIL : fail(v, "malformed signature (no content)");
		return check(v, der, n, (struct span){ v->opaque.p, v->opaque.len }, 0, level);
	default:
		return fail(v, "malformed or unsupported S/MIME object");
	}
}

static void stamp_value(const struct verify *v, struct buf *b)
{
	static const char *const names[] = { "none", "pass", "fail" };

	buf_puts(b, names[v->status]);
	if (v->status == V_PASS) {
		buf_puts(b, "; agency=\"");
		stamp_escape(b, v->agency, strlen(v->agency), 1);
		buf_puts(b, "\"");
	}
	if (v->status == V_FAIL) {
		buf_puts(b, "; reason=\"");
		stamp_escape(b, v->why, strlen(v->why), 1);
		buf_puts(b, "\"");
	}
	if (v->status != V_NONE && v->domain[0]) {
		buf_puts(b, "; domain=\"");
		stamp_escape(b, v->domain, strlen(v->domain), 1);
		buf_puts(b, "\"");
	}
	if (v->status == V_PASS && v->mismatch[0])
		buf_printf(b, "; mismatch=\"%s\"", v->mismatch);
}

/* Writes spans of a message without the named fields, in our line ends. */
static int put_without(struct output *o, struct span m, const char *const *names, int lf)
{
	struct span *spans;
	size_t n;

	if (stamp_strip(m.p, m.n, names, &spans, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		out_lines(o, spans[i].p, spans[i].n, lf);
	free(spans);
	return 0;
}

static int write_result(struct verify *v, int fd)
{
	const char *nl = stamp_newline(v->in->p, v->in->len);
	int lf = strcmp(nl, "\n") == 0, err = 0;
	struct span whole = { v->in->p, v->in->len };
	struct buf b = BUF_INIT_MAX(1 << 20), val = BUF_INIT_MAX(1 << 16);
	struct output *o = malloc(sizeof *o);

	stamp_value(v, &val);
	if (!val.err)
		stamp_field(&b, "X-SEEMail-Verified", val.p, nl);
	if (v->out == OUT_INNER)
		smime_trace_fields(&b, v->hdr, nl);
	if (b.err || val.err || o == NULL) {
		buf_free(&b);
		buf_free(&val);
		free(o);
		log_msg(LOG_ERR, "out of memory writing the result");
		return EX_TEMPFAIL;
	}
	out_init(o, fd);
	out_put(o, b.p, b.len);
	if (v->out == OUT_INNER) {
		err = put_without(o, v->msg, smime_inner_drop, lf);
	} else if (v->out == OUT_ENTITY) {
		err = put_without(o, v->hdr, entity_drop, 0);
		out_puts(o, "MIME-Version: 1.0");
		out_puts(o, nl);
		out_lines(o, v->msg.p, v->msg.n, lf);
	} else {
		err = put_without(o, whole, own_stamps, 0);
	}
	buf_free(&b);
	buf_free(&val);
	int st = out_finish(o);
	free(o);
	if (err) {
		log_msg(LOG_ERR, "out of memory writing the result");
		return EX_TEMPFAIL;
	}
	return st;
}

static void log_verdict(const struct verify *v)
{
	char why[400];

	if (v->status == V_PASS)
		log_msg(LOG_INFO, "pass: signed by the gateway of %s for %s%s%s%s", v->agency,
		    v->domain, v->decrypted ? ", decrypted" : "", v->mismatch[0] ? "; outer " : "",
		    v->mismatch[0] ? v->mismatch : "");
	else if (v->status == V_FAIL)
		log_msg(LOG_INFO, "fail: %s", log_sanitize(why, sizeof why, v->why, strlen(v->why)));
	else
		log_msg(LOG_INFO, "none: not S/MIME");
	if (v->status == V_PASS && v->mismatch[0])
		log_msg(LOG_WARNING, "the outer %s differs from the signed one; the signed one "
		    "is delivered", v->mismatch);
}

int smime_verify(const struct config *c, const struct input *in, int outfd)
{
	struct verify v;
	struct ctype ct;
	int st = 0;

	memset(&v, 0, sizeof v);
	v.c = c;
	v.in = in;
	v.opaque.max = c->lim.max_message_size;
	if (mime_split(in->p, in->len, &v.hdr, &v.body) == 0) {
		log_msg(LOG_ERR, "%s: not a message (%s)", in->name,
		    in->len ? "no header fields" : "empty");
		return EX_DATAERR;
	}
	content_type(v.hdr, &ct);
	if (is_p7m(v.hdr, &ct))
		st = pkcs7(&v, v.hdr, v.body, 0);
	else if (is_smime_signed(&ct))
		st = detached(&v, &ct, v.body, 0);
	if (st == 0) {
		log_verdict(&v);
		st = write_result(&v, outfd);
	}
	free(v.outer);
	free(v.sig);
	buf_free(&v.opaque);
	X509_STORE_free(v.store);
	certs_gateway_free(&v.g);
	if (v.have_dir)
		directory_free(&v.dir);
	return st;
}
