/*
 * smime_sign.c: seem-sign's library call.
 *
 * Two passes over the message, both through the canonicaliser and never
 * into a copy: the first feeds the signature's hash, the second the
 * encryption, whose base64 lands in the output buffer after the outer
 * header.  Memory is the input plus the output.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>

#include "certs.h"
#include "cms_err.h"
#include "cms_sign.h"
#include "directory.h"
#include "log.h"
#include "mime.h"
#include "output.h"
#include "smime_b64.h"
#include "smime_canon.h"
#include "smime_header.h"
#include "smime_rcpt.h"
#include "emit.h"
#include "smime_sign.h"
#include "stamp.h"
#include "status.h"

static const char *const stamps[] = { "X-SEEMail-*", NULL };

/* What the canonicaliser's pieces go to, and the first failure. */
struct sink {
	struct cms_sig *sig;
	struct cms_env *env;
	int st;
};

static int to_sig(void *ctx, const char *p, size_t n)
{
	struct sink *s = ctx;
	return (s->st = cms_sig_update(s->sig, p, n)) ? -1 : 0;
}

static int to_env(void *ctx, const char *p, size_t n)
{
	struct sink *s = ctx;
	return (s->st = cms_env_update(s->env, p, n)) ? -1 : 0;
}

/* The message to sign: its spans without stamps, from the header on. */
struct message {
	struct span *spans;
	size_t nspans;
	size_t len;
	int eightbit;
};

static int has_8bit(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;

	/* OR blocks together (the compiler vectorises this loop). */
	while (n) {
		size_t k = n < 4096 ? n : 4096;
		unsigned char acc = 0;
		for (size_t i = 0; i < k; i++)
			acc |= s[i];
		if (acc & 0x80)
			return 1;
		s += k;
		n -= k;
	}
	return 0;
}

static int message_spans(const struct input *in, struct span hdr, struct message *m)
{
	memset(m, 0, sizeof *m);
	if (stamp_strip(in->p, in->len, stamps, &m->spans, &m->nspans) < 0)
		return -1;
	/* Drop what comes before the header: a byte order mark, an mbox
	 * "From " line (the envelope, not the message). */
	size_t k = 0;
	for (size_t i = 0; i < m->nspans; i++) {
		struct span s = m->spans[i];
		if (s.p + s.n <= hdr.p)
			continue;
		if (s.p < hdr.p) {
			s.n -= (size_t)(hdr.p - s.p);
			s.p = hdr.p;
		}
		m->spans[k++] = s;
		m->len += s.n;
		m->eightbit = m->eightbit || has_8bit(s.p, s.n);
	}
	m->nspans = k;
	return 0;
}

/* The signed entity: the message/rfc822 wrapper and the message. */
static void feed_entity(struct canon *cn, const struct message *m)
{
	canon_str(cn, "Content-Type: message/rfc822\r\n");
	if (m->eightbit)
		canon_str(cn, "Content-Transfer-Encoding: 8bit\r\n");
	canon_str(cn, "\r\n");
	for (size_t i = 0; i < m->nspans; i++)
		canon_text(cn, m->spans[i].p, m->spans[i].n);
}

static const EVP_MD *digest(const struct config *c)
{
	switch (c->digest) {
	case DIGEST_SHA384: return EVP_sha384();
	case DIGEST_SHA512: return EVP_sha512();
	default: return EVP_sha256();
	}
}

/* Pass 1: the detached signature, base64 with CRLF, and the boundary. */
static int sign_pass(const struct config *c, const struct gateway *g, const struct message *m,
    struct canon *cn, struct buf *sig64, char *boundary, size_t bsz)
{
	struct cms_signer signer = { g->cert, g->chain, g->key, digest(c),
		c->rsa_padding == PADDING_PSS };
	struct sink s = { NULL, NULL, 0 };
	unsigned char md[EVP_MAX_MD_SIZE], *der = NULL;
	size_t mdlen = 0, derlen = 0;
	int st = cms_sig_begin(&s.sig, &signer);

	if (st == 0) {
		canon_init(cn, to_sig, &s);
		feed_entity(cn, m);
		if (canon_end(cn) < 0)
			st = s.st ? s.st : EX_TEMPFAIL;
	}
	if (st == 0)
		st = cms_sig_end(s.sig, &der, &derlen, md, &mdlen);
	cms_sig_free(s.sig);
	if (st)
		return st;
	struct b64enc e;
	b64_enc_init(&e, sig64, "\r\n");
	b64_enc_put(&e, der, derlen);
	b64_enc_end(&e);
	OPENSSL_free(der);
	/* The content cannot hold a string made from its own digest. */
	static const char hex[] = "0123456789abcdef";
	size_t k = strlen("=_seemail_");
	if (bsz < k + 33)
		abort();        /* the caller's buffer is fixed */
	memcpy(boundary, "=_seemail_", k);
	for (size_t i = 0; i < 16 && i < mdlen; i++) {
		boundary[k++] = hex[md[i] >> 4];
		boundary[k++] = hex[md[i] & 15];
	}
	boundary[k] = '\0';
	return sig64->err ? EX_TEMPFAIL : 0;
}

/* Pass 2: the multipart/signed entity, encrypted, base64 into out. */
static int encrypt_pass(const struct config *c, const struct message *m, STACK_OF(X509) *rcpts,
    const char *boundary, const struct buf *sig64, const char *micalg, struct canon *cn,
    struct b64enc *e)
{
	struct sink s = { NULL, NULL, 0 };
	int st = cms_env_begin(&s.env, rcpts, c->cipher == CIPHER_AES256_GCM, e);
	char head[512];

	if (st) {
		cms_env_free(s.env);
		return st;
	}
	canon_init(cn, to_env, &s);
	int k = snprintf(head, sizeof head,
	    "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\";\r\n"
	    " micalg=%s; boundary=\"%s\"\r\n\r\n"
	    "This is a signed message in MIME format (S/MIME).\r\n\r\n--%s\r\n",
	    micalg, boundary, boundary);
	if (k < 0 || (size_t)k >= sizeof head)
		abort();        /* a boundary of fixed length cannot overflow */
	canon_str(cn, head);
	feed_entity(cn, m);
	canon_str(cn, "\r\n--");
	canon_str(cn, boundary);
	canon_str(cn, "\r\nContent-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "Content-Disposition: attachment; filename=\"smime.p7s\"\r\n\r\n");
	canon_raw(cn, sig64->p, sig64->len);
	canon_str(cn, "\r\n--");
	canon_str(cn, boundary);
	canon_str(cn, "--\r\n");
	if (canon_end(cn) < 0)
		st = s.st ? s.st : EX_TEMPFAIL;
	if (st == 0)
		st = cms_env_end(s.env);
	cms_env_free(s.env);
	b64_enc_end(e);
	return st;
}

static int load_recipients(const struct directory *d, const struct smime_plan *p,
    STACK_OF(X509) **out)
{
	char date[32];

	if ((*out = sk_X509_new_null()) == NULL)
		return EX_TEMPFAIL;
	for (size_t i = 0; i < p->ndest; i++) {
		const struct dir_entry *e = p->dest[i].entry;
		X509 *x;
		int st = certs_read_cert(e->cert, &x, NULL);
		if (st) {
			log_msg(LOG_ERR, "%s:%u: the certificate of %s cannot be used", d->name,
			    e->line, e->agency);
			return st;
		}
		if (!sk_X509_push(*out, x)) {
			X509_free(x);
			return EX_TEMPFAIL;
		}
		/* Its gateway may still hold the key: warn, and encrypt. */
		if (X509_cmp_current_time(X509_get0_notAfter(x)) < 0)
			log_msg(LOG_WARNING, "%s:%u: the certificate of %s expired on %s; update "
			    "the directory", d->name, e->line, e->agency,
			    certs_date(X509_get0_notAfter(x), date, sizeof date));
	}
	return 0;
}

static void log_done(const struct config *c, const struct smime_plan *p, size_t nrcpt)
{
	struct buf b = BUF_INIT_MAX(4096);

	buf_printf(&b, "signed and encrypted for");
	for (size_t i = 0; i < p->ndest; i++)
		buf_printf(&b, "%s %s", i ? "," : "", p->dest[i].entry->agency);
	buf_printf(&b, " (%zu recipient%s; %s, %s%s)", nrcpt, nrcpt == 1 ? "" : "s",
	    c->cipher == CIPHER_AES256_GCM ? "aes-256-gcm" : "aes-256-cbc",
	    cms_micalg(digest(c)), c->rsa_padding == PADDING_PSS ? ", pss" : "");
	if (!b.err)
		log_msg(LOG_INFO, "%s", b.p);
	buf_free(&b);
}

static int sign_and_encrypt(const struct config *c, const struct sign_request *r,
    const struct input *in, struct span hdr, const struct gateway *g,
    STACK_OF(X509) *rcpts, struct buf *out)
{
	const char *nl = stamp_newline(in->p, in->len);
	struct buf sig64 = BUF_INIT_MAX(1 << 20);
	struct canon *cn = malloc(sizeof *cn);
	struct message m;
	char boundary[64];
	int st;

	if (cn == NULL || message_spans(in, hdr, &m) < 0) {
		free(cn);
		log_msg(LOG_ERR, "out of memory");
		return EX_TEMPFAIL;
	}
	st = sign_pass(c, g, &m, cn, &sig64, boundary, sizeof boundary);
	if (st == 0) {
		const char *subject = NULL;
		if (c->hide_subject || r->hide_subject)
			subject = c->hidden_subject ? c->hidden_subject : "SEEMail message";
		/* Room for everything at once: no copy as the body grows. */
		size_t body = m.len + sig64.len + 1024 + 1024 * (size_t)sk_X509_num(rcpts);
		buf_reserve(out, hdr.n + 1024 + b64_enc_size(body + body / 64, strlen(nl)));
		smime_outer_fields(out, hdr, nl, subject);
		buf_printf(out, "MIME-Version: 1.0%s"
		    "Content-Type: application/pkcs7-mime; smime-type=%s;%s name=\"smime.p7m\"%s"
		    "Content-Transfer-Encoding: base64%s"
		    "Content-Disposition: attachment; filename=\"smime.p7m\"%s%s", nl,
		    c->cipher == CIPHER_AES256_GCM ? "authEnveloped-data" : "enveloped-data", nl,
		    nl, nl, nl, nl);
		struct b64enc e;
		b64_enc_init(&e, out, nl);
		st = encrypt_pass(c, &m, rcpts, boundary, &sig64, cms_micalg(digest(c)), cn, &e);
	}
	if (st == 0 && (out->err || sig64.err)) {
		log_msg(LOG_ERR, "out of memory building the message");
		st = EX_TEMPFAIL;
	}
	buf_free(&sig64);
	free(m.spans);
	free(cn);
	return st;
}

static int write_out(int fd, const char *p, size_t n)
{
	struct output *o = malloc(sizeof *o);
	int st;

	if (o == NULL) {
		log_msg(LOG_ERR, "out of memory");
		return EX_TEMPFAIL;
	}
	out_init(o, fd);
	out_put(o, p, n);
	st = out_finish(o);
	free(o);
	return st;
}

int smime_sign(const struct config *c, const struct sign_request *r, const struct input *in)
{
	struct directory dir;
	struct smime_plan plan = { 0 };
	struct gateway g = { 0 };
	STACK_OF(X509) *rcpts = NULL;
	struct buf out = BUF_INIT_MAX(0);
	struct span hdr, body;
	size_t nu;
	int st;

	if (mime_split(in->p, in->len, &hdr, &body) == 0) {
		log_msg(LOG_ERR, "%s: not a message (%s)", in->name,
		    in->len ? "no header fields" : "empty");
		return EX_DATAERR;
	}
	if ((st = smime_policy_allows(c, in->p, in->len, r->rcpt, r->nrcpt)) != 0)
		return st;
	if ((st = directory_load(c, &dir)) != 0) {
		directory_free(&dir);
		return st;
	}
	if ((st = smime_plan(c, &dir, r->rcpt, r->nrcpt, &plan)) != 0)
		goto done;
	if (plan.nmember == 0) {
		/* Not signed or encrypted; but our own stamps (levels, terms,
		 * file names) never leave the agency. */
		static const char *const internal[] = { "X-SEEMail-*", NULL };
		struct buf none = BUF_INIT_MAX(0);
		log_msg(LOG_INFO, "no recipient is a SEEMail member that takes S/MIME: passed "
		    "unchanged but for our X-SEEMail-* stamps");
		st = emit_stamped(in->p, in->len, &none, internal);
		goto done;
	}
	if ((nu = stamp_find(in->p, in->len, "X-SEEMail-Uninspectable", NULL, NULL)) > 0) {
		log_msg(LOG_ERR, "cannot-sign: refused: the message holds %zu part%s that could "
		    "not be inspected (X-SEEMail-Uninspectable), and mail to a SEEMail member "
		    "must be signed", nu, nu == 1 ? "" : "s");
		st = EX_NOPERM;
		goto done;
	}
	if ((st = certs_load_gateway(c, &g, 1)) != 0 ||
	    (st = load_recipients(&dir, &plan, &rcpts)) != 0 ||
	    (st = sign_and_encrypt(c, r, in, hdr, &g, rcpts, &out)) != 0)
		goto done;
	st = write_out(r->outfd, out.p, out.len);
	if (st == 0)
		log_done(c, &plan, r->nrcpt);
done:
	buf_free(&out);
	sk_X509_pop_free(rcpts, X509_free);
	certs_gateway_free(&g);
	smime_plan_free(&plan);
	directory_free(&dir);
	return st;
}
