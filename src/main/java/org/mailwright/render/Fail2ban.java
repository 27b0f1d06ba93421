package org.mailwright.render;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.mailwright.model.MailPorts;
import org.mailwright.model.ProtectionSettings;

/**
 * fail2ban's configuration for the brute-force protection (Debian's fail2ban 1.0.2 on 12, 1.1.0 on 13): Mailwright's
 * files sit beside Debian's and override them (jail.d/*.local is read after jail.conf and jail.d/*.conf, jail.conf(5)
 * "CONFIGURATION FILES FORMAT"), so a package update never conflicts with them.
 *
 * <p>Choices (docs/design/issue-18-groundwork.md, section 1):
 * <ul>
 *   <li>the journal ({@code backend = systemd}) on both releases: without rsyslog there is no /var/log/mail.log, and
 *       Debian 12's default sshd jail dies on the missing /var/log/auth.log (fail2ban/fail2ban#3567);</li>
 *   <li>bans in fail2ban's own nftables table ({@code nftables[type=multiport]}, hook input priority -1), in front of
 *       ufw's rules and beside them: ufw stays the firewall and its rule list is never edited; a ban covers only the
 *       login ports, cuts open connections, and leaves no stale rule behind a crash;</li>
 *   <li>repeat offenders: {@code bantime.increment} doubles each ban across jails up to 4 weeks, and the database
 *       keeps 30 days of history ({@code dbpurgeage}) for it;</li>
 *   <li>Dovecot 2.4's "Login aborted" line, which fail2ban 1.1.0's dovecot filter misses (fixed upstream in 1.1.1,
 *       commit 04ff4c06), and an OpenSMTPD filter, which fail2ban does not ship.</li>
 * </ul>
 */
public final class Fail2ban {
    private Fail2ban() {
    }

    public static final String DIR = "/etc/fail2ban";
    /** The jails: defaults, the Dovecot and OpenSMTPD jails, and the sshd jail's state. */
    public static final String JAIL = DIR + "/jail.d/mailwright.local";
    /** The server settings: how long ban history is kept. */
    public static final String SERVER = DIR + "/fail2ban.d/mailwright.local";
    public static final String DOVECOT_FILTER = DIR + "/filter.d/dovecot.local";
    public static final String OPENSMTPD_FILTER = DIR + "/filter.d/mailwright-opensmtpd.conf";

    /** The jail that bans on failed IMAP and ManageSieve logins (fail2ban's own name, filter and journal match). */
    public static final String DOVECOT_JAIL = "dovecot";
    /** The jail that bans on failed SMTP AUTH on 465 and 587 (Mailwright's filter). */
    public static final String OPENSMTPD_JAIL = "mailwright-opensmtpd";
    /** fail2ban's SSH jail, on only when the person opts in ({@code protection.ssh}). */
    public static final String SSHD_JAIL = "sshd";

    /** Addresses never banned whatever the spec says: the server talking to itself. */
    public static final List<String> LOOPBACK = List.of("127.0.0.1/8", "::1");

    /** The Debian packages: fail2ban, nft for its ban action, and python3-systemd for the journal (only a Recommends on 12). */
    public static final List<String> PACKAGES = List.of("fail2ban", "nftables", "python3-systemd");

    /**
     * What the SSH jail does: turned on by the spec, turned off (Debian 13 turns it on when fail2ban is installed),
     * or left to the person's own fail2ban settings (fail2ban was on the server before Mailwright).
     */
    public enum Ssh { ON, OFF, UNTOUCHED }

    /** The jails this configuration runs for {@code ssh}: always Dovecot and OpenSMTPD, sshd when on. */
    public static List<String> jails(Ssh ssh) {
        return ssh == Ssh.ON ? List.of(DOVECOT_JAIL, OPENSMTPD_JAIL, SSHD_JAIL) : List.of(DOVECOT_JAIL, OPENSMTPD_JAIL);
    }

    /**
     * The addresses never banned, in fail2ban's ignoreip order: loopback, the address Mailwright connects from (when
     * known), then the spec's own ({@code protection.ignore}), without repeats.
     */
    public static List<String> ignored(ProtectionSettings p, Collection<String> connectingFrom) {
        Set<String> out = new LinkedHashSet<>(LOOPBACK);
        out.addAll(connectingFrom);
        out.addAll(p.ignore());
        return List.copyOf(out);
    }

    /**
     * jail.d/mailwright.local.
     *
     * @param ssh       what the sshd jail does
     * @param sshPorts  the ports sshd listens on (the jail bans those when {@link Ssh#ON})
     * @param ignoreip  {@link #ignored}
     */
    public static String jail(ProtectionSettings p, Ssh ssh, Collection<Integer> sshPorts, List<String> ignoreip) {
        String login = MailPorts.LOGIN.stream().map(String::valueOf).collect(Collectors.joining(","));
        StringBuilder out = new StringBuilder();
        out.append("# ").append(MailLayout.HEADER).append("\n")
                .append("# Brute-force protection: an address that fails to log in ").append(p.maxretry()).append(" times within ")
                .append(ProtectionSettings.text(p.findtimeSeconds())).append(" cannot reach the login ports (").append(login)
                .append(") for ").append(ProtectionSettings.text(p.bantimeSeconds())).append(",\n")
                .append("# twice as long at each repeat, up to ").append(ProtectionSettings.text(ProtectionSettings.MAX_BANTIME_SECONDS))
                .append(". Bans live in fail2ban's own nftables table, in front of ufw; ufw's rules are not touched.\n")
                .append("[DEFAULT]\n")
                .append("backend = systemd\n")
                .append("banaction = nftables[type=multiport]\n")
                .append("banaction_allports = nftables[type=allports]\n")
                .append("ignoreself = true\n")
                .append("ignoreip = ").append(String.join(" ", ignoreip)).append("\n")
                .append("maxretry = ").append(p.maxretry()).append("\n")
                .append("findtime = ").append(p.findtimeSeconds()).append("\n")
                .append("bantime = ").append(p.bantimeSeconds()).append("\n")
                .append("bantime.increment = true\n")
                .append("bantime.maxtime = ").append(ProtectionSettings.MAX_BANTIME_SECONDS).append("\n")
                .append("bantime.overalljails = true\n\n");
        // Debian's jail.conf names per-release backends for these jails; the journal is the one source on both
        out.append("[").append(DOVECOT_JAIL).append("]\n")
                .append("enabled = true\nbackend = systemd\nport = ").append(login).append("\n\n");
        out.append("[").append(OPENSMTPD_JAIL).append("]\n")
                .append("enabled = true\nbackend = systemd\nfilter = mailwright-opensmtpd\nport = ").append(login).append("\n");
        switch (ssh) {
            case ON -> out.append("\n[").append(SSHD_JAIL).append("]\n")
                    // Debian's unit is ssh.service; the upstream filter matches sshd.service (Debian 13 fixes it in
                    // defaults-debian.conf, Debian 12 does not)
                    .append("enabled = true\nbackend = systemd\njournalmatch = _SYSTEMD_UNIT=ssh.service + _COMM=sshd\nport = ")
                    .append(sshPorts.stream().map(String::valueOf).collect(Collectors.joining(","))).append("\n");
            case OFF -> out.append("\n# SSH keeps its own settings (protection.ssh: true bans on failed SSH logins too)\n[")
                    .append(SSHD_JAIL).append("]\nenabled = false\n");
            case UNTOUCHED -> out.append("\n# SSH: fail2ban was here before Mailwright, so its sshd jail is left as it was set\n");
        }
        return out.toString();
    }

    /** fail2ban.d/mailwright.local: ban history kept 30 days, so a repeat offender's bans keep growing. */
    public static String server() {
        return "# " + MailLayout.HEADER + "\n[DEFAULT]\ndbpurgeage = 30d\n";
    }

    /** filter.d/dovecot.local: the stock Dovecot filter plus Dovecot 2.4's wording. */
    public static String dovecotFilter() {
        return "# " + MailLayout.HEADER + "\n" + Template.render("fail2ban-dovecot.local", Map.of());
    }

    /** filter.d/mailwright-opensmtpd.conf: failed SMTP AUTH, linked to the client address by smtpd's session id. */
    public static String opensmtpdFilter() {
        return "# " + MailLayout.HEADER + "\n" + Template.render("fail2ban-opensmtpd.conf", Map.of());
    }

    /** Every file: path to content, in the order written. */
    public static Map<String, String> files(ProtectionSettings p, Ssh ssh, Collection<Integer> sshPorts, List<String> ignoreip) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put(SERVER, server());
        out.put(DOVECOT_FILTER, dovecotFilter());
        out.put(OPENSMTPD_FILTER, opensmtpdFilter());
        out.put(JAIL, jail(p, ssh, sshPorts, ignoreip));
        return out;
    }

    /**
     * Whether a jail file of Mailwright's says anything about the sshd jail ({@link Ssh#ON} or {@link Ssh#OFF} wrote
     * it); {@link Ssh#UNTOUCHED} writes no section, which later applies keep.
     */
    public static boolean hasSshSection(String jailFile) {
        return jailFile.lines().map(String::strip).anyMatch(l -> l.equals("[" + SSHD_JAIL + "]"));
    }
}
