/*
 * smime_verify.h: seem-verify's work, from an incoming message to the
 * message to deliver with its X-SEEMail-Verified stamp.
 *
 * Every X-SEEMail-* field of the message (and of a restored inner
 * message) is removed.  Then, by the top-level Content-Type:
 *   application/pkcs7-mime (or x-pkcs7-mime, or a smime.p7m attachment)
 *     EnvelopedData or AuthEnvelopedData: decrypted with the gateway key
 *     (cms_decrypt.h); the content must then be signed, as
 *     multipart/signed or as an opaque SignedData.  SignedData: verified.
 *   multipart/signed with protocol application/pkcs7-signature: verified.
 *   anything else: "none", and the message passes as it came.
 * A signature is checked by cms_verify.h; then its signer must be one of
 * the certificates the directory lists for the agency of the From
 * domain (an exact match: the same certificate, not merely one issued
 * to a similar name), so that a valid signature by one agency never
 * passes for another agency's domain.  The From that counts is the
 * signed one: the From of the message inside a message/rfc822 wrapper
 * (RFC 8551 section 3.1), or of a signed entity that is a whole message;
 * only when the signed entity has no header of its own is the outer
 * From used.
 *
 * The output is the stamp, then: the restored inner message, with the
 * outer trace fields (smime_header.h), when something was decrypted or
 * the signed entity is a whole message; the outer header with the
 * signed entity, for an opaque SignedData; else the message as it came.
 * An outer From or Subject that differs from the signed one is
 * reported in the stamp (mismatch="From,Subject") and logged; the
 * signed ones are what is delivered.  Line ends follow the incoming
 * message.
 *
 * Stamp values (stamp.h encoding):
 *   pass; agency="NAME"; domain="DOMAIN"[; mismatch="From,Subject"]
 *   fail; reason="WHY"[; domain="DOMAIN"]
 *   none
 * Returns 0 whatever the verdict; EX_DATAERR (not a message),
 * EX_TEMPFAIL (memory, I/O, our key unreadable), EX_CONFIG (ca_file,
 * cert or key not set when needed, the key file's mode, the directory):
 * then nothing is written.
 */
#ifndef SEEMAIL_SMIME_VERIFY_H
#define SEEMAIL_SMIME_VERIFY_H

#include "config.h"
#include "input.h"

int smime_verify(const struct config *c, const struct input *in, int outfd);

#endif
