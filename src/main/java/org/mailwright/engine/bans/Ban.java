package org.mailwright.engine.bans;

/**
 * One address fail2ban bans now, in one jail.
 *
 * @param address  the banned IPv4 or IPv6 address, as fail2ban prints it
 * @param jail     the jail that banned it: {@code dovecot} (IMAP, ManageSieve), {@code mailwright-opensmtpd}
 *                 (submission) or {@code sshd}
 * @param since    when the ban began, the server's local time as fail2ban prints it ({@code 2026-12-05 12:01:07})
 * @param seconds  how long this ban lasts, seconds (it grows for repeat offenders)
 * @param until    when it ends, same form as {@code since}
 */
public record Ban(String address, String jail, String since, long seconds, String until) {
}
