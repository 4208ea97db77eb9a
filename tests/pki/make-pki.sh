#!/bin/sh
# make-pki.sh OUTDIR: the test PKI of seem-sign and seem-verify, made with
# the openssl command line at test time (nothing secret is in the tree).
#
# Names, serial numbers and validity dates are fixed, so every run makes
# the same certificates apart from the keys:
#
#   ca          SEEMail Test Root CA (RSA 2048), the trusted root
#   alpha       gateway of Agency Alpha (RSA 2048)        alpha.test
#   beta        gateway of Agency Beta (RSA 2048)         beta.test
#   gamma       gateway of Agency Gamma (ECDSA P-256)     gamma.test
#   expired     gateway of Expired Agency (P-256), valid 2020 only
#   rogue-ca    a CA no one trusts (P-256), and untrusted: a gateway
#               certificate it issued (Untrusted Agency)
#   nods        gateway of NoDS Agency (P-256) without digitalSignature
#
# Each NAME has NAME.key (PKCS#8, mode 600) and NAME.pem.  directory and one
# seemail.conf per gateway (NAME.conf, absolute paths) use them.  Takes about a second
# (three RSA keys); tests make it once per run and share it.
set -eu
mkdir -p "$1"
cd "$1"
out=$(pwd)
umask 077

cat >ca.cnf <<'EOF'
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = $dir/index.txt
serial = $dir/serial
new_certs_dir = $dir/new
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
organizationName = optional
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ gw_rsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = email:$ENV::GW_EMAIL
[ gw_ec ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyAgreement
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = email:$ENV::GW_EMAIL
[ gw_nods ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyAgreement
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = email:$ENV::GW_EMAIL
EOF

GW_EMAIL=unused
export GW_EMAIL

key() {
	# key NAME rsa|ec
	case $2 in
	rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null ;;
	ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" ;;
	esac
	chmod 600 "$1.key"
}

# ca_init DIR SERIAL: an empty CA database in DIR
ca_init() {
	mkdir -p "$1/new"
	: >"$1/index.txt"
	echo "$2" >"$1/serial"
}

start=20200101000000Z
end=20491231235959Z

# The CAs sign themselves.  openssl ca keeps its database in the current
# directory, so each CA gets its own directory through -config overrides.
selfsign() {
	# selfsign NAME SUBJECT SERIAL
	ca_init "db.$1" "$3"
	openssl req -new -config ca.cnf -key "$1.key" -subj "$2" -out "$1.csr"
	(cd "db.$1" && openssl ca -batch -config ../ca.cnf -name test_ca -notext -selfsign \
	    -keyfile "../$1.key" -extfile ../ca.cnf -extensions v3_ca \
	    -startdate $start -enddate $end -in "../$1.csr" -out "../$1.pem" \
	    2>/dev/null >/dev/null) || { echo "make-pki: cannot make $1" >&2; exit 1; }
	rm -f "$1.csr"
}

# issue_by CA NAME EXT SUBJECT EMAIL [START END]
issue_by() {
	GW_EMAIL=$5
	openssl req -new -config ca.cnf -key "$2.key" -subj "$4" -out "$2.csr"
	(cd "db.$1" && openssl ca -batch -config ../ca.cnf -name test_ca -notext \
	    -keyfile "../$1.key" -cert "../$1.pem" -extfile ../ca.cnf -extensions "$3" \
	    -startdate "${6:-$start}" -enddate "${7:-$end}" -in "../$2.csr" -out "../$2.pem" \
	    2>/dev/null >/dev/null) || { echo "make-pki: cannot issue $2" >&2; exit 1; }
	rm -f "$2.csr"
}

# RSA keys take a while to find: make them side by side.
key ca rsa &
key alpha rsa &
key beta rsa &
wait
key gamma ec
key expired ec
key rogue-ca ec
key untrusted ec
key nods ec

selfsign ca "/CN=SEEMail Test Root CA/O=seemail tests" 1000
selfsign rogue-ca "/CN=Rogue Test CA/O=nobody" 9000

issue_by ca alpha gw_rsa "/CN=gateway.alpha.test/O=Agency Alpha" gateway@alpha.test
issue_by ca beta gw_rsa "/CN=gateway.beta.test/O=Agency Beta" gateway@beta.test
issue_by ca gamma gw_ec "/CN=gateway.gamma.test/O=Agency Gamma" gateway@gamma.test
issue_by ca expired gw_ec "/CN=gateway.expired.test/O=Expired Agency" gateway@expired.test \
    20200101000000Z 20210101000000Z
issue_by ca nods gw_nods "/CN=gateway.nods.test/O=NoDS Agency" gateway@nods.test
issue_by rogue-ca untrusted gw_ec "/CN=gateway.untrusted.test/O=Untrusted Agency" \
    gateway@untrusted.test

cat >directory <<'EOF'
# The test directory: three agencies with certificates, some broken ones,
# one that sends by Secure Government Email and one with no certificate.
alpha.test       restricted   alpha.pem      Agency Alpha
.alpha.test      restricted   alpha.pem      Agency Alpha
alpha.example    standard     alpha.pem      Agency Alpha
beta.test        restricted   beta.pem       Agency Beta
gamma.test       standard     gamma.pem      Agency Gamma
expired.test     standard     expired.pem    Expired Agency
untrusted.test   standard     untrusted.pem  Untrusted Agency
nods.test        standard     nods.pem       NoDS Agency
sge.test         standard,sge -              Agency by SGE
nocert.test      standard     -              Agency Without Certificate
EOF

for n in alpha beta gamma expired untrusted nods; do
	case $n in
	alpha) agency="Agency Alpha" ;;
	beta) agency="Agency Beta" ;;
	gamma) agency="Agency Gamma" ;;
	expired) agency="Expired Agency" ;;
	untrusted) agency="Untrusted Agency" ;;
	nods) agency="NoDS Agency" ;;
	esac
	cat >$n.conf <<EOF
agency = $agency
local_domains = $n.test
directory = $out/directory
ca_file = $out/ca.pem
cert = $out/$n.pem
key = $out/$n.key
log = none
EOF
done
rm -rf db.ca db.rogue-ca
chmod 644 ./*.pem ./*.conf directory
