package org.mailwright.session;

import java.util.List;
import java.util.Optional;
import org.mailwright.accounts.MailTables;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.SpecProblem;
import org.mailwright.model.SpecValidator;

/**
 * The problems of a spec, or of a part of one, as a driver shows them: the rules themselves live in
 * {@link SpecValidator} (the spec and its addresses) and {@link MailTables} (a running server's tables); this only
 * selects and words them, so no page keeps a copy.
 */
public final class SpecCheck {
    private SpecCheck() {
    }

    /** Every problem of {@code spec}; empty when it can be applied. */
    public static List<SpecProblem> problems(ServerSpec spec) {
        return SpecValidator.validate(spec);
    }

    /**
     * The problems of the part of {@code spec} under the given YAML paths ({@code "users"}, {@code "aliases"},
     * {@code "spam"}, {@code "dkim"}...): a page checks only what it edits.
     */
    public static List<SpecProblem> problems(ServerSpec spec, String... paths) {
        return SpecValidator.validate(spec).stream().filter(p -> under(p.path(), paths)).toList();
    }

    private static boolean under(String path, String... parts) {
        for (String part : parts) {
            if (path.equals(part) || path.startsWith(part + ".") || path.startsWith(part + "[")) {
                return true;
            }
        }
        return false;
    }

    /** The first problem under {@code paths} as a sentence for a form ("Thresholds must rise: ..."), or empty. */
    public static Optional<String> firstProblem(ServerSpec spec, String... paths) {
        return problems(spec, paths).stream().findFirst().map(p -> sentence(p.message()));
    }

    /** The first of {@code problems} as a sentence, or empty. */
    public static Optional<String> first(List<SpecProblem> problems) {
        return problems.stream().findFirst().map(p -> sentence(p.message()));
    }

    /** {@code message} with a capital and a full stop, for a form. */
    public static String sentence(String message) {
        if (message.isEmpty()) {
            return message;
        }
        String s = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return s.endsWith(".") ? s : s + ".";
    }

    /** {@code message} ending with a full stop; its start is left alone (it may be an address, which has no capital). */
    private static String fullStop(String message) {
        return message.endsWith(".") ? message : message + ".";
    }

    /**
     * Why {@code address} cannot become a new mailbox ({@code asMailbox}) or alias on a server whose tables are
     * {@code tables}, or empty: the checks the engine makes when the change is staged, asked before.
     */
    public static Optional<String> newAddressProblem(MailTables tables, String address, boolean asMailbox) {
        return tables.newAddressProblem(address, asMailbox).map(SpecCheck::fullStop);
    }

    /**
     * Why {@code address} cannot be made a mailbox ({@code asMailbox}) or an alias next to the given ones in a spec
     * being written (the wizard), or empty: an address is either a mailbox or an alias.
     */
    public static Optional<String> addressTaken(String address, boolean asMailbox, List<String> mailboxes, List<String> aliases) {
        return SpecValidator.addressTaken(address, asMailbox, mailboxes::contains, aliases::contains).map(SpecCheck::fullStop);
    }
}
