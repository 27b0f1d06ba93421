package org.mailwright.export;

import org.mailwright.export.ClientSettings.Endpoint;

/**
 * The settings as one printable page: no external files, styles in the page, every value HTML-escaped. The markup
 * is also well-formed XML, so tests (and any tool) can read it back with an XML parser.
 */
public final class HtmlSettings {
    private HtmlSettings() {
    }

    private static final String STYLE = """
            body { font-family: -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #111; margin: 2em auto; max-width: 40em; line-height: 1.4; }
            h1 { font-size: 1.5em; margin-bottom: 0.2em; }
            h2 { font-size: 1.15em; margin: 1.4em 0 0.4em; border-bottom: 1px solid #999; }
            table { border-collapse: collapse; width: 100%; }
            th, td { text-align: left; padding: 0.3em 0.6em 0.3em 0; vertical-align: top; }
            th { width: 12em; font-weight: normal; color: #444; }
            td { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; word-break: break-all; }
            .note { color: #444; font-size: 0.9em; }
            @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table { break-inside: avoid; } }
            """;

    public static String render(ClientSettings settings, ClientAccount account) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        h.append("<title>Mail settings for ").append(escape(account.address())).append("</title>\n");
        h.append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>Mail settings</h1>\n");
        h.append("<p class=\"who\">");
        if (account.hasName()) {
            h.append("<span class=\"name\">").append(escape(account.displayName())).append("</span> ");
        }
        h.append("<span class=\"address\">").append(escape(account.address())).append("</span></p>\n");

        h.append("<h2>Incoming mail (IMAP)</h2>\n<table id=\"incoming\">\n");
        endpoint(h, settings.imap());
        login(h, account);
        h.append("</table>\n");

        h.append("<h2>Outgoing mail (SMTP)</h2>\n<table id=\"outgoing\">\n");
        endpoint(h, settings.submission());
        login(h, account);
        h.append("</table>\n");
        Endpoint alt = settings.submissionAlternative();
        h.append("<p class=\"note\" id=\"alternative\">If your network blocks port ").append(settings.submission().port())
                .append(", use port ").append(alt.port()).append(" with ").append(escape(alt.security().label()))
                .append(" on ").append(escape(alt.host())).append(" instead.</p>\n");
        h.append("<h2>Filters (ManageSieve)</h2>\n<table id=\"filters\">\n");
        endpoint(h, settings.manageSieve());
        login(h, account);
        h.append("</table>\n");
        h.append("<p class=\"note\" id=\"managesieve\">For mail apps with a Sieve filter editor (RFC 5804).</p>\n");
        h.append("<p class=\"note\">Password: the one set for this mailbox. It is not printed on this page.</p>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void endpoint(StringBuilder h, Endpoint e) {
        row(h, "Server", e.host());
        row(h, "Port", String.valueOf(e.port()));
        row(h, "Security", e.security().label());
    }

    private static void login(StringBuilder h, ClientAccount account) {
        row(h, "Username", account.username());
        row(h, "Authentication", "password (\"normal password\")");
    }

    private static void row(StringBuilder h, String label, String value) {
        h.append("<tr><th>").append(escape(label)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
    }

    /** Escapes text for element content and quoted attributes alike. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
