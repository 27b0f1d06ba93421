package org.mailwright.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mailbox addresses as this server handles them: an ASCII dot-atom local part (RFC 5322 3.4.1; no quoted strings,
 * no SMTPUTF8) at a valid domain. The mail tables match addresses byte for byte, so they are kept lower-case.
 *
 * <p>Three characters RFC 5322 allows are refused because the server gives them a meaning: {@code /} (the local part
 * is a directory under /var/vmail/DOMAIN, so {@code bob/cur} would be inside bob's maildir, and removing it would
 * delete bob's mail), {@code |} (OpenSMTPD reads a table value starting with it as a command to pipe mail to) and
 * {@code #} (a table line starting with it is a comment, so the mailbox would silently not exist).
 */
public final class EmailAddress {
    /**
     * The subaddress separator: mail to {@code john+news@example.com} belongs to {@code john@example.com} (the tag after
     * it is for the person's own filing, RFC 5233). OpenSMTPD is told this character ({@code smtp sub-addr-delim},
     * smtpd.conf(5)) and drops it and what follows from the maildir path ({@code %{dest.user:strip}}); client settings
     * can cite it. A mailbox or alias of our own cannot have it in its name: its mail would go to the name before it.
     */
    public static final char SUBADDRESS_SEPARATOR = '+';

    private static final Pattern LOCAL = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private EmailAddress() {
    }

    public static String normalize(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    public static Optional<String> problem(String address) {
        if (address == null || address.isBlank()) {
            return Optional.of("is empty");
        }
        String a = normalize(address);
        int at = a.lastIndexOf('@');
        if (a.indexOf('"') >= 0) {
            return Optional.of("'" + address + "' has quotes: quoted names (\"john doe\"@example.com) are not supported, "
                    + "use letters, digits and . - _ + before the @");
        }
        if (at < 0 || at == a.length() - 1) {
            return Optional.of("'" + address + "' is not an address like name@example.com");
        }
        if (a.indexOf('@') != at) {
            return Optional.of("'" + address + "' has more than one @: an address is name@example.com");
        }
        if (at == 0) {
            return Optional.of("'" + address + "' has nothing before the @: an address is name@example.com");
        }
        String local = a.substring(0, at);
        if (local.length() > 64) {
            return Optional.of("'" + address + "' has a name part longer than 64 characters");
        }
        if (local.chars().anyMatch(c -> c == '/' || c == '|' || c == '#')) {
            return Optional.of("'" + address + "' has / | or #, which the server's maildir paths and mail tables give a meaning: "
                    + "use letters, digits and . - _ +");
        }
        if (!LOCAL.matcher(local).matches()) {
            return Optional.of("'" + address + "' has characters a mailbox name cannot have (use letters, digits, . - _ +)");
        }
        // ':' and whitespace would break the colon-separated credentials and virtuals tables
        return DomainName.problem(a.substring(at + 1)).map(p -> "the domain of '" + address + "' " + p);
    }

    /**
     * {@link #problem}, and for an address this server delivers (a mailbox or an alias of ours) also the
     * {@link #SUBADDRESS_SEPARATOR}, since smtpd would deliver {@code john+x@} to {@code john@}.
     *
     * @return a sentence about what is wrong, or empty when the address can be a mailbox or an alias here
     */
    public static Optional<String> ownAddressProblem(String address) {
        Optional<String> p = problem(address);
        if (p.isPresent()) {
            return p;
        }
        String local = localPartOf(address);
        int tag = local.indexOf(SUBADDRESS_SEPARATOR);
        if (tag >= 0) {
            return Optional.of("'" + address + "' has " + SUBADDRESS_SEPARATOR + ", the subaddress separator: mail to it goes to "
                    + local.substring(0, tag) + "@" + domainOf(address) + ", so a mailbox or alias cannot be named with it");
        }
        return Optional.empty();
    }

    /**
     * Whether {@code key} is a catch-all: {@code @example.com}, an alias key that takes the mail of every address of the
     * domain no mailbox or other alias has (OpenSMTPD's virtual table matches {@code user@domain}, then {@code user},
     * then {@code @domain}, table(5); verified in docs/design/issue-17-delivery-notes.md section 5).
     */
    public static boolean isCatchAll(String key) {
        return key != null && normalize(key).startsWith("@");
    }

    /**
     * Why {@code key} cannot name an alias of ours, or empty: a catch-all ({@link #isCatchAll}) needs a valid domain
     * after its {@code @}; any other key is an address of our own ({@link #ownAddressProblem}). The one rule for alias
     * keys: the spec check, the mail tables' edits and the drivers' forms all ask it. Whether the domain is served is
     * theirs to check ({@link #domainOf} works for both forms).
     *
     * @return a sentence about what is wrong, or empty
     */
    public static Optional<String> aliasKeyProblem(String key) {
        if (isCatchAll(key)) {
            String domain = normalize(key).substring(1);
            if (domain.indexOf('@') >= 0) {
                return Optional.of("'" + key + "' has more than one @: a catch-all is @ and a domain, like @example.com");
            }
            return DomainName.problem(domain).map(p -> "the catch-all '" + key + "' needs a domain after the @: the domain " + p);
        }
        return ownAddressProblem(key);
    }

    /** The address without its subaddress tag, lower-case: {@code John+News@Example.com} is {@code john@example.com}. */
    public static String withoutTag(String address) {
        String local = localPartOf(address);
        int tag = local.indexOf(SUBADDRESS_SEPARATOR);
        return (tag < 0 ? local : local.substring(0, tag)) + "@" + domainOf(address);
    }

    /**
     * Why an alias target in a served domain that is neither a mailbox nor an alias cannot stay: mail to it would
     * bounce; or, when it only carries a subaddress tag ({@code john+all@}) of one that exists, that the tag is not
     * needed (it reaches that address anyway, and an alias cannot point at a tagged form).
     *
     * @param target a valid address in one of the server's domains that is no mailbox or alias
     * @param exists whether an address (normalised, untagged) is a mailbox or alias
     * @return the sentence, starting with the target
     */
    public static String danglingTargetProblem(String target, java.util.function.Predicate<String> exists) {
        String untagged = withoutTag(target);
        if (!untagged.equals(normalize(target)) && exists.test(untagged)) {
            return "'" + target + "' carries a subaddress tag: write " + untagged + " (mail to " + target + " reaches it anyway)";
        }
        return "'" + target + "' is in a local domain but is neither a mailbox nor an alias: mail to it would bounce";
    }

    public static boolean isValid(String address) {
        return problem(address).isEmpty();
    }

    public static String domainOf(String address) {
        return normalize(address).substring(normalize(address).lastIndexOf('@') + 1);
    }

    public static String localPartOf(String address) {
        String a = normalize(address);
        return a.substring(0, a.lastIndexOf('@'));
    }
}
