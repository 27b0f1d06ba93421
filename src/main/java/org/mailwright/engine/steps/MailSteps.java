package org.mailwright.engine.steps;

import java.util.List;
import org.mailwright.engine.Step;
import org.mailwright.model.ServerSpec;

/** The steps that set up a mail server, in the order they must run. */
public final class MailSteps {
    private MailSteps() {
    }

    public static List<Step> forSpec(ServerSpec spec) {
        return forSpec(spec, DnsRecords.Options.defaults());
    }

    public static List<Step> forSpec(ServerSpec spec, DnsRecords.Options dns) {
        return restoring(spec, dns, List.of(), List.of());
    }

    /**
     * What sets the server up, after preflight: the same in an apply and a restore. Dovecot comes before OpenSMTPD:
     * smtpd.conf hands mail to Dovecot's LMTP socket, which must exist first (docs/design/issue-17-delivery-notes.md
     * section 2: a server that delivered with smtpd's maildir action switches without mail waiting).
     */
    private static List<Step> setUp(ServerSpec spec, DnsRecords.Options dns, Backups backups) {
        // OpenSMTPD asks the DNS step's resolver whether mail may leave over IPv6 (the IPv6 PTR, Ipv6Sending).
        // MTA-STS's web server after TLS (its certbot uses the TLS step's port-80 hooks) and before the firewall opens 443.
        // rspamd's files go in before its package, so its slow first start loads them once; Dovecot's and OpenSMTPD's
        // unit drop-ins too, so no daemon-reload is needed for them; fail2ban's jails too, so Debian's never run; DKIM
        // keys are made and a private ACME CA is trusted while apt works, and a fresh server's first certificate, the
        // firewall's rules and the backup repository are made in the background right after it (Packages.PackageHooks).
        // rspamd, which needs no certificate, comes before TLS so that certbot's seconds pass while it is set up.
        // The firewall comes after TLS: certbot's standalone server needs port 80, which ufw would close
        Rspamd rspamd = new Rspamd(spec);
        Dkim dkim = new Dkim(spec);
        Dovecot dovecot = new Dovecot(spec);
        OpenSmtpd opensmtpd = new OpenSmtpd(spec, dns.resolver());
        Protection protection = new Protection(spec);
        Tls tls = new Tls(spec);
        Firewall firewall = new Firewall(spec);
        return List.of(new Packages(List.of(tls, rspamd, dkim, dovecot, opensmtpd, firewall, protection, backups)), new Vmail(), dkim, rspamd, tls,
                dovecot, opensmtpd, new MtaStsWeb(spec), firewall, protection, new Services());
    }

    /**
     * A restore: {@code before} (copy and unpack the backup, put its identity back) ahead of the set-up, and
     * {@code mail} (the maildirs) once the services run, before the backups are set up and everything is verified.
     */
    public static List<Step> restoring(ServerSpec spec, DnsRecords.Options dns, List<Step> before, List<Step> mail) {
        List<Step> out = new java.util.ArrayList<>();
        out.add(new Preflight());
        if (spec.relay().isPresent()) {
            // a missing or unusable relay password stops the run before anything on the server changes
            out.add(new RelayPassword(spec));
        }
        out.addAll(before);
        Backups backups = new Backups(spec);
        out.addAll(setUp(spec, dns, backups));
        out.addAll(mail);
        out.addAll(List.of(backups, new Alerts(spec), new Verify(spec), new DnsRecords(spec, dns)));
        return List.copyOf(out);
    }

    /**
     * {@code mailwright backup}: make sure the backups are set up, then {@code before} (offsite credentials), make a
     * snapshot, and {@code after} (a copy to this computer).
     */
    public static List<Step> backup(ServerSpec spec, boolean snapshot, List<Step> before, List<Step> after) {
        List<Step> out = new java.util.ArrayList<>(List.of(new Preflight(), new Packages(), new Backups(spec, true)));
        out.addAll(before);
        if (snapshot) {
            out.add(new org.mailwright.engine.backup.Snapshot());
        }
        out.addAll(after);
        return out;
    }
}
