#!/bin/bash
# The hand-written guide's commands (../shared/seed/mail-server-guide.md), as a person would paste them over ssh,
# made to work on Debian 13 (opensmtpd-table-passwd, Dovecot 2.4 settings, certbot against the lab's ACME server).
# Run on the server: ACME=<directory url> HASH=<bcrypt> bash -s < seed-commands.sh
set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q redis-server rspamd opensmtpd opensmtpd-filter-rspamd opensmtpd-filter-senderscore \
    opensmtpd-table-passwd dovecot-imapd certbot ufw
mkdir -p /etc/dkim
openssl genrsa -out /etc/dkim/example.com.dkim.key 2048
chmod 0440 /etc/dkim/example.com.dkim.key
chown root:_rspamd /etc/dkim/example.com.dkim.key
cp /tmp/acme-ca.crt /usr/local/share/ca-certificates/ && update-ca-certificates
certbot certonly --standalone -n --agree-tos -m john@example.com -d mail.example.com --server "$ACME"
cat > /etc/rspamd/local.d/actions.conf <<'X'
reject = 15;
add_header = 6;
greylist = 4;
X
cat > /etc/rspamd/local.d/dkim_signing.conf <<'X'
selector = "dkim";
path = "/etc/dkim/$domain.$selector.key";
allow_username_mismatch = true;
X
cat > /etc/smtpd.conf <<'X'
pki mail.example.com cert "/etc/letsencrypt/live/mail.example.com/fullchain.pem"
pki mail.example.com key "/etc/letsencrypt/live/mail.example.com/privkey.pem"
filter check_dyndns phase connect match rdns regex { '.*\.dyn\..*', '.*\.dsl\..*' } junk
filter check_rdns phase connect match !rdns junk
filter check_fcrdns phase connect match !fcrdns junk
filter senderscore proc-exec "filter-senderscore -junkBelow 70 -slowFactor 5000"
filter rspamd proc-exec "filter-rspamd"
table domains file:/etc/mail/domains
table virtuals file:/etc/mail/virtuals
table credentials passwd:/etc/mail/credentials
listen on eth0 tls pki mail.example.com filter { check_dyndns, check_rdns, check_fcrdns, senderscore, rspamd }
listen on eth0 port submission tls-require pki mail.example.com auth <credentials> filter rspamd
action "domain_mail" maildir "/var/vmail/%{dest.domain}/%{dest.user}" junk virtual <virtuals>
action "outbound" relay
match for local reject
match from any for domain <domains> action "domain_mail"
match from any auth for any action "outbound"
X
adduser --system --home /var/vmail --disabled-login --uid 2000 --group vmail
mkdir -p /etc/mail
echo example.com > /etc/mail/domains
echo "john@example.com:$HASH::::::" > /etc/mail/credentials
chown opensmtpd:dovecot /etc/mail/credentials && chmod 0440 /etc/mail/credentials
cat > /etc/mail/virtuals <<'X'
abuse@example.com: john@example.com
noc@example.com: john@example.com
security@example.com: john@example.com
postmaster@example.com: john@example.com
hostmaster@example.com: john@example.com
john@example.com: vmail
X
smtpd -n
cat > /etc/dovecot/conf.d/99-seed.conf <<'X'
ssl = required
ssl_server_cert_file = /etc/letsencrypt/live/mail.example.com/fullchain.pem
ssl_server_key_file = /etc/letsencrypt/live/mail.example.com/privkey.pem
mail_driver = maildir
mail_home = /var/vmail/%{user | domain}/%{user | username}
mail_path = ~/
mail_inbox_path = ~/
first_valid_uid = 2000
first_valid_gid = 2000
passdb passwd-file {
  default_password_scheme = CRYPT
  passwd_file_path = /etc/mail/credentials
}
userdb static {
  fields {
    uid = vmail
    gid = vmail
    home = /var/vmail/%{user | domain}/%{user | username}
  }
}
X
doveconf -n >/dev/null
service opensmtpd restart
service dovecot restart
service rspamd restart
ufw allow 22; ufw allow 25; ufw allow 465; ufw allow 587; ufw allow 993
ufw --force enable
