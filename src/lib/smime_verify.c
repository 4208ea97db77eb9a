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
#include "smime_b64.h"
#include "smime_header.h"
#include "smime_verify.h"
#include "smime_verify_priv.h"
#include "status.h"

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

/* The first author (From mailbox) not of the signer's agency, if any. */
struct foreign_author {
	struct verify *v;
	const char *agency;
	char who[256];
};

static void foreign_author(const char *a, size_t an, void *ctx)
{
	struct foreign_author *fa = ctx;
	const struct dir_entry *e = NULL;
	char addr[512], dom[256];

	if (fa->who[0])
		return;
	if (an > 0 && an < sizeof addr) {
		memcpy(addr, a, an);
		addr[an] = '\0';
		if (addr_domain(addr, dom, sizeof dom) == 0)
			e = directory_lookup(&fa->v->dir, dom);
	}
	if (e == NULL || strcasecmp(e->agency, fa->agency) != 0)
		log_sanitize(fa->who, sizeof fa->who, an ? a : "(unreadable)", an ? an : 12);
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
	/* A signed entity without a header of its own (as most S/MIME
	 * clients sign): the From, Subject and the rest came from outside
	 * the signature, and the stamp says so. */
	v->header_unsigned = kind == OUT_ENTITY;
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
		cms_vresult_free(&r);
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
		struct foreign_author fa = { v, e->agency, "" };
		if (st == 0 && match)
			smime_each_author(msghdr, foreign_author, &fa);
		if (st == 0 && match && fa.who[0]) {
			fail(v, "the From field also names %s, who is not of %s, the signer's agency",
			    fa.who, e->agency);
		} else if (st == 0 && match) {
			v->status = V_PASS;
			cms_why(v->agency, sizeof v->agency, "%s", e->agency);
		} else if (st == 0) {
			who_signed(v, r.signer, who, sizeof who);
			fail(v, "signed by %s, not by the gateway of %s, the agency of %s", who,
			    e->agency, v->domain);
		}
	}
	if (st == 0 && v->out == OUT_INNER) {
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
	int parts = mp_next(&it, &content);
	parts += parts ? mp_next(&it, &sigpart) : 0;
	/* A third part would be shown to the reader but is not signed. */
	struct span extra;
	parts += parts == 2 ? mp_next(&it, &extra) : 0;
	buf_free(&bnd);         /* the iterator reads the boundary: not before */
	if (parts == 3)
		return fail(v, "malformed multipart/signed (more than two parts)");
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
		smime_log_verdict(&v);
		st = smime_write_result(&v, outfd);
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
