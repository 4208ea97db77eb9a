# e2e_exim.sh: end to end through real Exim daemons (tests/e2e/lib.sh).
. "$SRC/tests/e2e/lib.sh"

test_unclassified_mail_a_to_b_travels_encrypted_and_arrives_verified() {
	e2e_begin
	mkmsg m.eml <<-'EOF'
	From: Alice <alice@alpha.test>
	To: Bob <bob@beta.test>
	Subject: Lunch on Friday
	Message-ID: <e2e-1@alpha.test>

	marker-plain-7731: shall we meet at noon?
	EOF
	send_in A alice@alpha.test bob@beta.test m.eml
	settle
	wire=$(the B wire)
	has "$wire" 'application/(x-)?pkcs7-mime'
	hasnt "$wire" 'marker-plain-7731'
	got=$(the B bob)
	has "$got" '^X-SEEMail-Verified: pass; agency="Agency Alpha"'
	has "$got" 'marker-plain-7731'
}
