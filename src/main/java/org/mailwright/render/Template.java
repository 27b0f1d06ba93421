package org.mailwright.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Config templates under resources/org/mailwright/templates with {@code {{name}}} placeholders. Every placeholder
 * must be given and every value used, so a renamed key cannot leave a literal {{x}} in a server's config.
 */
public final class Template {
    private static final Pattern VAR = Pattern.compile("\\{\\{([a-z_]+)}}");

    private Template() {
    }

    public static String render(String name, Map<String, String> values) {
        String text = load(name);
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        java.util.Set<String> used = new java.util.HashSet<>();
        while (m.find()) {
            String key = m.group(1);
            String value = values.get(key);
            if (value == null) {
                throw new IllegalArgumentException("template " + name + " needs a value for {{" + key + "}}");
            }
            used.add(key);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!used.containsAll(values.keySet())) {
            throw new IllegalArgumentException("template " + name + " does not use " + values.keySet().stream().filter(k -> !used.contains(k)).toList());
        }
        return out.toString();
    }

    static String load(String name) {
        try (InputStream in = Template.class.getResourceAsStream("/org/mailwright/templates/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no template " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
