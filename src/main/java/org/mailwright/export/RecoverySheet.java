package org.mailwright.export;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The recovery sheet: one printable page (HTML, styles inline, well-formed XML like {@link HtmlSettings}) with what
 * someone needs to get the mail back when the server and this computer are gone: where the backups are, the
 * repository password (without it restic cannot read them; nobody can reset it), the spec, and the steps of a restore.
 * It is shown once and written readable by its owner only; Mailwright never writes the password anywhere else on this
 * computer.
 *
 * @param hostname     the mail server's name (mail.example.com)
 * @param server       how the server was reached ({@code root@203.0.113.7:22})
 * @param locations    where the repository is: the server's path, a folder on this computer, an offsite URL
 * @param password     the repository password
 * @param spec         the spec, as YAML
 * @param made         when the sheet was made
 */
public record RecoverySheet(String hostname, String server, List<String> locations, String password, String spec, ZonedDateTime made) {

    public RecoverySheet {
        locations = List.copyOf(locations);
    }

    /** The file name a sheet is saved under unless the person picks another. */
    public String defaultFileName() {
        return "mailwright-recovery-" + hostname + ".html";
    }

    /** The page. The password is in {@code <code id="backup-password">}, the spec in {@code <pre id="spec">}. */
    public String html() {
        String e = HtmlSettings.escape(hostname);
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>Recovery sheet for ").append(e).append("</title>\n");
        h.append("<style>\n").append("""
                body { font-family: -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #111; margin: 2em auto; max-width: 44em; line-height: 1.4; }
                h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; margin: 1.4em 0 0.4em; border-bottom: 1px solid #999; }
                code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
                #backup-password { font-size: 1.3em; padding: 0.2em 0.4em; border: 2px solid #111; word-break: break-all; }
                pre { background: #f4f4f4; padding: 0.6em; white-space: pre-wrap; font-size: 0.85em; }
                .warn { border-left: 4px solid #b00; padding-left: 0.8em; }
                @media print { body { margin: 0; max-width: none; } pre { background: none; } }
                """).append("</style>\n</head>\n<body>\n");
        h.append("<h1>Recovery sheet: ").append(e).append("</h1>\n");
        h.append("<p>Made ").append(made.withZoneSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(" for the server ").append(HtmlSettings.escape(server)).append(".</p>\n");
        h.append("<p class=\"warn\">Print this page or keep it offline, away from the server. Its password is the only key to the backups: "
                + "without it nobody, Mailwright included, can read them. Anyone holding it and a copy of the backups can read all the mail.</p>\n");
        h.append("<h2>Backup password</h2>\n<p><code id=\"backup-password\">").append(HtmlSettings.escape(password)).append("</code></p>\n");
        h.append("<h2>Where the backups are</h2>\n<ul id=\"locations\">\n");
        locations.forEach(l -> h.append("<li><code>").append(HtmlSettings.escape(l)).append("</code></li>\n"));
        h.append("</ul>\n<p>Each is a <a href=\"https://restic.readthedocs.io/\">restic</a> repository: <code>restic -r LOCATION snapshots</code> lists its "
                + "snapshots and <code>restic -r LOCATION restore latest --target DIR</code> unpacks one, with the password above.</p>\n");
        h.append("<h2>Restore onto a new server</h2>\n<ol id=\"steps\">\n");
        for (String step : List.of(
                "Make a fresh Debian 13 (or 12) server and note its address.",
                "Save the spec below as server.yaml and change server: host: to the new address.",
                "Have a copy of the backups on this computer (mailwright backup server.yaml --to DIR made one; or restic copy from the offsite location).",
                "Run: mailwright restore server.yaml --from DIR, and type the password above when asked. Or in the window: Restore from a backup.",
                "When it ends, change the DNS records it lists (the A/AAAA records of " + hostname + " and the reverse DNS of the new address). "
                        + "The MX, SPF, DKIM and DMARC records stay as they are: the DKIM key comes back with the mail.")) {
            h.append("<li>").append(HtmlSettings.escape(step)).append("</li>\n");
        }
        h.append("</ol>\n<h2>The spec</h2>\n<pre id=\"spec\">").append(HtmlSettings.escape(spec)).append("</pre>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }
}
