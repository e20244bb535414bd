#!/usr/bin/env bash
# Generates the platform's private keys and certificates with openssl:
#   ca.pem / ca.key          a private CA that clients trust (and nothing else)
#   server.pem / server.key  the services' TLS certificate: localhost, 127.0.0.1, ::1
#                            (plus names in $JOBMATCH_CERT_HOSTS, comma-separated)
#   client.pem / client.key  a client certificate for servers run with mutual TLS
#   token.key / token.pub    the RS256 key pair for caller tokens: token.key signs
#                            (jobmatch-token), services verify with token.pub
#   revoked-tokens           subjects whose tokens are revoked (jobmatch-token revoke),
#                            read by services (--token_revocation_file); starts empty
# Usage: deploy/certs.sh [DIR] [--force]     DIR defaults to var/certs in the checkout.
# Existing files are kept unless --force is given. Keys are mode 0600. Nothing
# here is ever committed (var/ is ignored).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir=""
force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) dir="$arg" ;;
  esac
done
dir="${dir:-$root/var/certs}"
mkdir -p "$dir"
chmod 700 "$dir"
cd "$dir"
# Kept across --force: revocations outlive a new token key only if the key is
# not replaced, but a revocation is never lost by regenerating certificates.
[ -e revoked-tokens ] || (umask 077; : > revoked-tokens)

if ((force == 0)) && [[ -s ca.pem && -s server.pem && -s client.pem && -s token.pub ]]; then
  echo "certs: already in $dir (use --force to regenerate)"
  exit 0
fi
umask 077
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

serial() { echo "0x$(openssl rand -hex 16)"; }

# EC P-256 for TLS: small and fast handshakes.
openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -key ca.key -sha256 -days 1825 -subj "/O=jobmatch/CN=jobmatch private CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out ca.pem

issue() {  # issue NAME CN EXTENSIONS
  local name="$1" cn="$2" ext="$3"
  openssl ecparam -name prime256v1 -genkey -noout -out "$name.key"
  openssl req -new -key "$name.key" -subj "/O=jobmatch/CN=$cn" -out "$tmp/$name.csr"
  printf '%s\n' "$ext" > "$tmp/$name.ext"
  openssl x509 -req -in "$tmp/$name.csr" -CA ca.pem -CAkey ca.key -set_serial "$(serial)" \
    -days 825 -sha256 -extfile "$tmp/$name.ext" -out "$name.pem" 2>/dev/null
}

sans="DNS:localhost,IP:127.0.0.1,IP:::1"
if [[ -n "${JOBMATCH_CERT_HOSTS:-}" ]]; then
  IFS=',' read -ra extra <<< "$JOBMATCH_CERT_HOSTS"
  for h in "${extra[@]}"; do sans="$sans,DNS:$h"; done
fi
issue server localhost "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$sans"
issue client jobmatch-client "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"

# RSA for RS256 caller tokens.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out token.key 2>/dev/null
openssl pkey -in token.key -pubout -out token.pub

chmod 600 ./*.key
chmod 644 ./*.pem token.pub
openssl verify -CAfile ca.pem server.pem client.pem >/dev/null
echo "certs: wrote CA, server, client and token keys to $dir"
