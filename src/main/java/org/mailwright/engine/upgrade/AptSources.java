package org.mailwright.engine.upgrade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's apt sources as data: both formats apt reads (sources.list(5)): the one-line style of
 * {@code /etc/apt/sources.list} and {@code *.list} ({@code deb [opts] URI SUITE COMPONENT...}) and the deb822 style of
 * {@code *.sources} (stanzas of {@code Types: URIs: Suites: Components: Signed-By: Enabled:}). Parsed from captured
 * text, so the upgrade's decisions (which source is Debian's own, what to rewrite) are unit-tested on data.
 */
public final class AptSources {
    /** Debian's suites of the two releases Mailwright knows; the pocket (-updates, -security, ...) is kept on rewrite. */
    private static final Pattern DEBIAN_SUITE = Pattern.compile("(bookworm|trixie)(-updates|-security|-backports|-proposed-updates)?");
    private static final Pattern BOOKWORM_WORD = Pattern.compile("(?<![\\w.-])bookworm(-updates|-security|-backports|-proposed-updates)?(?![\\w.-])");
    /** Debian's archive areas (bookworm added non-free-firmware). */
    private static final Set<String> DEBIAN_COMPONENTS = Set.of("main", "contrib", "non-free", "non-free-firmware");
    private static final String MARK = "@@mailwright-source:";

    /**
     * One source: a line of a one-line file or a stanza of a deb822 file (which may name several URIs and suites).
     *
     * @param file       where it is
     * @param line       the line it starts on, from 1
     * @param uris       the archive URIs
     * @param suites     the suites (bookworm, bookworm-security, ...)
     * @param components the components (main, ...)
     * @param signedBy   the Signed-By option or field (a keyring path, or an inline key's first line)
     * @param enabled    false for a deb822 stanza with {@code Enabled: no}
     */
    public record Entry(String file, int line, List<String> uris, List<String> suites, List<String> components, Optional<String> signedBy,
                        boolean enabled) {
        public Entry {
            uris = List.copyOf(uris);
            suites = List.copyOf(suites);
            components = List.copyOf(components);
        }

        /**
         * Whether this is Debian's own archive (the server's mirror, security or backports): Debian suites of 12 or 13
         * only, Debian's components only, and no keyring besides Debian's. A vendor repository for Debian (Docker's
         * {@code https://download.docker.com/linux/debian bookworm stable}) fails on its component or its key.
         */
        public boolean isDebian() {
            return !suites.isEmpty() && suites.stream().allMatch(s -> DEBIAN_SUITE.matcher(s).matches())
                    && DEBIAN_COMPONENTS.containsAll(components)
                    && signedBy.map(k -> k.contains("debian-archive-keyring")).orElse(true)
                    && uris.stream().allMatch(u -> u.replaceFirst("/+$", "").matches("(?i)(https?|mirror\\+https?|cdrom):.*/debian(-security)?"));
        }

        /** Whether apt still reads it for bookworm. */
        public boolean onBookworm() {
            return suites.stream().anyMatch(s -> s.startsWith("bookworm"));
        }

        /** How a person reads it in a message: {@code FILE: URI SUITES}. */
        public String describe() {
            return file + ": " + String.join(" ", uris) + " " + String.join(" ", suites);
        }
    }

    private AptSources() {
    }

    /**
     * The shell line that prints every source file apt reads, each after a marker line. apt ignores files in
     * sources.list.d with other endings (a {@code .mailwright-*} backup, {@code .disabled}), so they are not read.
     */
    public static String dumpCommand() {
        return "for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do"
                + " [ -f \"$f\" ] && printf '" + MARK + "%s\\n' \"$f\" && cat -- \"$f\" && echo; done; true";
    }

    /** File -> content, from {@link #dumpCommand()}'s output. */
    public static Map<String, String> splitDump(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        String file = null;
        StringBuilder body = new StringBuilder();
        // the output's last newline ends its last line; it is not an empty line of its own
        String text = output.endsWith("\n") ? output.substring(0, output.length() - 1) : output;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith(MARK)) {
                if (file != null) {
                    out.put(file, trimOneNewline(body.toString()));
                }
                file = line.substring(MARK.length());
                body.setLength(0);
            } else if (file != null) {
                body.append(line).append('\n');
            }
        }
        if (file != null) {
            out.put(file, trimOneNewline(body.toString()));
        }
        return out;
    }

    /** The dump adds a newline after each file and split adds one more: take the two off, keep the file's own. */
    private static String trimOneNewline(String s) {
        String t = s.endsWith("\n\n") ? s.substring(0, s.length() - 1) : s;
        return t.equals("\n") ? "" : t;
    }

    /** The entries of one file, in its format (by name: {@code .sources} is deb822, anything else one-line). */
    public static List<Entry> parse(String file, String content) {
        return file.endsWith(".sources") ? parseDeb822(file, content) : parseOneLine(file, content);
    }

    static List<Entry> parseOneLine(String file, String content) {
        List<Entry> out = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String l = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!(l.startsWith("deb ") || l.startsWith("deb-src ") || l.startsWith("deb\t") || l.startsWith("deb-src\t"))) {
                continue;
            }
            String rest = l.substring(l.indexOf(l.startsWith("deb-src") ? "deb-src" : "deb") + (l.startsWith("deb-src") ? 7 : 3)).strip();
            Optional<String> signedBy = Optional.empty();
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    continue;
                }
                for (String opt : rest.substring(1, close).strip().split("\\s+")) {
                    if (opt.toLowerCase(Locale.ROOT).startsWith("signed-by=")) {
                        signedBy = Optional.of(opt.substring(opt.indexOf('=') + 1));
                    }
                }
                rest = rest.substring(close + 1).strip();
            }
            String[] w = rest.split("\\s+");
            if (w.length < 2) {
                continue;
            }
            List<String> components = new ArrayList<>(List.of(w).subList(2, w.length));
            out.add(new Entry(file, i + 1, List.of(w[0]), List.of(w[1]), components, signedBy, true));
        }
        return out;
    }

    static List<Entry> parseDeb822(String file, String content) {
        List<Entry> out = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        int start = 0;
        String[] lines = content.split("\n", -1);
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : "";
            if (line.strip().isEmpty()) {
                if (!fields.isEmpty()) {
                    stanza(file, start, fields).ifPresent(out::add);
                }
                fields.clear();
                last = null;
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                // a continuation line (an inline Signed-By key): part of the field above
                if (last != null) {
                    fields.merge(last, " " + line.strip(), String::concat);
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                if (fields.isEmpty()) {
                    start = i + 1;
                }
                last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                fields.put(last, line.substring(colon + 1).strip());
            }
        }
        return out;
    }

    private static Optional<Entry> stanza(String file, int line, Map<String, String> f) {
        List<String> types = words(f.get("types"));
        if (!types.contains("deb") && !types.contains("deb-src")) {
            return Optional.empty();
        }
        boolean enabled = !f.getOrDefault("enabled", "yes").strip().equalsIgnoreCase("no");
        String key = f.get("signed-by");
        Optional<String> signedBy = key == null || key.isBlank() ? Optional.empty() : Optional.of(key.strip());
        return Optional.of(new Entry(file, line, words(f.get("uris")), words(f.get("suites")), words(f.get("components")), signedBy, enabled));
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
    }

    /**
     * {@code content} with Debian's bookworm suites made trixie ({@code bookworm-security} -> {@code trixie-security}):
     * in one-line files the suite word of each {@code deb}/{@code deb-src} line, in deb822 files the {@code Suites:}
     * fields; comments, URIs and everything else stay as they are. Only for a file whose entries are all Debian's own.
     */
    public static String toTrixie(String file, String content) {
        StringBuilder out = new StringBuilder();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.stripLeading();
            boolean rewrite = file.endsWith(".sources")
                    ? stripped.regionMatches(true, 0, "Suites:", 0, 7) && !line.startsWith("#")
                    : stripped.startsWith("deb") && !stripped.startsWith("#");
            out.append(rewrite ? rewriteLine(line, file.endsWith(".sources")) : line);
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String rewriteLine(String line, boolean deb822) {
        if (deb822) {
            int colon = line.indexOf(':');
            return line.substring(0, colon + 1) + BOOKWORM_WORD.matcher(line.substring(colon + 1)).replaceAll("trixie$1");
        }
        // one-line: only the suite, the word after the URI; a URI with "bookworm" in its path is not touched
        int hash = line.indexOf('#');
        String body = hash >= 0 ? line.substring(0, hash) : line;
        String comment = hash >= 0 ? line.substring(hash) : "";
        Matcher m = Pattern.compile("^(\\s*deb(?:-src)?\\s+(?:\\[[^\\]]*\\]\\s*)?\\S+\\s+)(\\S+)(.*)$", Pattern.DOTALL).matcher(body);
        if (!m.matches()) {
            return line;
        }
        return m.group(1) + BOOKWORM_WORD.matcher(m.group(2)).replaceAll("trixie$1") + m.group(3) + comment;
    }
}
