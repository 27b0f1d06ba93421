package org.mailwright.accounts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mailwright.model.DomainName;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.SpecValidator;

/**
 * The three tables that say who gets mail on a server (credentials, virtuals, domains), as data: the mailboxes,
 * the aliases and forwarders, and the domains. Every edit checks that mail still works afterwards and returns new
 * tables; a refused edit throws a {@link MailTablesException} with a sentence a person can act on, and changes nothing.
 */
public record MailTables(CredentialsFile credentials, VirtualsFile virtuals, DomainsFile domains) {

    /** A mailbox: an address that can log in and has a maildir. */
    public record Mailbox(String address) {
        public String domain() {
            return EmailAddress.domainOf(address);
        }

        public String localPart() {
            return EmailAddress.localPartOf(address);
        }
    }

    /** An address that delivers to others; a target outside the server's domains makes it (also) a forwarder. */
    public record Alias(String address, List<String> targets) {
        public Alias {
            targets = List.copyOf(targets);
        }
    }

    public static MailTables parse(String credentials, String virtuals, String domains) {
        List<TableProblem> problems = new ArrayList<>();
        CredentialsFile c = collect(problems, () -> CredentialsFile.parse(credentials));
        VirtualsFile v = collect(problems, () -> VirtualsFile.parse(virtuals));
        DomainsFile d = collect(problems, () -> DomainsFile.parse(domains));
        if (!problems.isEmpty()) {
            throw new TableParseException(problems);
        }
        return new MailTables(c, v, d);
    }

    private static <T> T collect(List<TableProblem> problems, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (TableParseException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    public List<String> domainList() {
        return domains.domains();
    }

    /** Every address with a password, in file order. */
    public List<Mailbox> mailboxes() {
        return credentials.entries().stream().map(e -> new Mailbox(e.address())).toList();
    }

    public boolean isMailbox(String address) {
        return credentials.find(address).isPresent();
    }

    /**
     * Every virtuals entry whose key is an address or a catch-all ({@code @example.com}, {@link EmailAddress#isCatchAll})
     * and which does not deliver to a maildir.
     */
    public List<Alias> aliases() {
        return virtuals.entries().stream()
                .filter(e -> !e.isMailbox() && (e.key().indexOf('@') > 0 || isCatchAllKey(e.key())))
                .map(e -> new Alias(e.key(), e.targets())).toList();
    }

    public Optional<Alias> alias(String address) {
        return aliases().stream().filter(a -> a.address().equals(address)).findFirst();
    }

    /** The aliases that deliver to {@code address} directly. */
    public List<Alias> aliasesPointingAt(String address) {
        return aliasesByTarget().getOrDefault(address, List.of());
    }

    /**
     * {@link #aliasesPointingAt} for every address at once, in one pass over the aliases (the users window lists a
     * thousand mailboxes, and a scan per mailbox took 300 ms): each target address to the aliases naming it, in table
     * order, each alias once.
     */
    public java.util.Map<String, List<Alias>> aliasesByTarget() {
        java.util.Map<String, List<Alias>> out = new java.util.HashMap<>();
        for (Alias a : aliases()) {
            for (String t : new LinkedHashSet<>(a.targets())) {
                out.computeIfAbsent(t, k -> new ArrayList<>()).add(a);
            }
        }
        return out;
    }

    /**
     * The mailboxes mail to {@code address} lands in: itself when it is a mailbox, else every mailbox its aliases reach
     * (through other aliases, each followed once), in order. Forwarded targets outside the server are not listed.
     */
    public List<String> deliveredTo(String address) {
        List<String> out = new ArrayList<>();
        List<String> todo = new ArrayList<>(List.of(address));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String next = todo.remove(0);
            if (!seen.add(next)) {
                continue;
            }
            if (isMailbox(next)) {
                out.add(next);
            } else {
                alias(next).ifPresent(a -> todo.addAll(a.targets()));
            }
        }
        return out;
    }

    private static boolean isCatchAllKey(String key) {
        return EmailAddress.isCatchAll(key) && EmailAddress.aliasKeyProblem(key).isEmpty();
    }

    /**
     * The warning for a new catch-all, for plans, the command line and the window alike: it takes mail to every made-up
     * address of its domain, so it draws spam (issue 17); exact addresses still win.
     *
     * @param key the catch-all, {@code @example.com}
     */
    public static String catchAllWarning(String key, List<String> targets) {
        String domain = EmailAddress.domainOf(key);
        return "the catch-all " + key + " takes mail to every address of " + domain + " that is no mailbox or alias, made-up ones "
                + "included, so it draws spam to " + String.join(", ", targets) + "; mailboxes and aliases of " + domain
                + " still get their own mail";
    }

    public boolean isLocal(String address) {
        return domains.contains(EmailAddress.domainOf(address));
    }

    /** A target outside the server's domains: mail to it leaves the server. */
    public boolean isForwarder(String target) {
        return target.indexOf('@') > 0 && !isLocal(target);
    }

    // ---- edits

    public MailTables addMailbox(String rawAddress, String hash) {
        String address = newAddress(rawAddress);
        requireLocalDomain(address);
        requireFree(address, true);
        requireHash(hash);
        return new MailTables(credentials.withAdded(address, hash), virtuals.with(address, List.of(VirtualsFile.VMAIL)), domains);
    }

    public MailTables setPasswordHash(String rawAddress, String hash) {
        String address = address(rawAddress);
        requireMailbox(address);
        requireHash(hash);
        return new MailTables(credentials.withHash(address, hash), virtuals, domains);
    }

    /**
     * Sets (or, with an empty {@code quota}, removes) a mailbox's storage limit, in the userdb field of the Dovecot
     * release the server runs ({@link CredentialsFile.QuotaField}).
     *
     * @throws MailTablesException when the address is not a mailbox here
     */
    public MailTables setQuota(String rawAddress, java.util.Optional<org.mailwright.model.QuotaSize> quota, boolean dovecot24) {
        String address = address(rawAddress);
        requireMailbox(address);
        return new MailTables(credentials.withQuota(address, quota, dovecot24), virtuals, domains);
    }

    /**
     * Removes a mailbox and takes it out of every alias's targets; an alias left with no target goes too. Refused
     * when a required alias (postmaster, abuse, ...) points only at it: repoint that alias first.
     */
    public MailTables removeMailbox(String rawAddress) {
        String address = address(rawAddress);
        requireMailbox(address);
        VirtualsFile v = virtuals.without(address);
        for (Alias a : aliasesPointingAt(address)) {
            List<String> rest = a.targets().stream().filter(t -> !t.equals(address)).toList();
            if (rest.isEmpty() && isRequired(a.address())) {
                throw new MailTablesException(a.address() + " is required (RFC 2142) and points only at " + address
                        + ": point it at another mailbox first (aliases add " + a.address() + " OTHER-MAILBOX)");
            }
            v = rest.isEmpty() ? v.without(a.address()) : v.with(a.address(), rest);
        }
        return checked(new MailTables(credentials.without(address), v, domains));
    }

    /**
     * Adds an alias or forwarder, or replaces the targets of an existing one. {@code rawAddress} may be a catch-all
     * ({@code @example.com}) of a served domain: it gets the mail of the domain's addresses that are no mailbox or
     * alias ({@link #catchAllWarning}).
     *
     * @throws MailTablesException when the key or a target is not valid, the domain is not served, or the edit would
     *                             leave mail nowhere to go or aliases in a loop
     */
    public MailTables putAlias(String rawAddress, List<String> rawTargets) {
        String address = aliasKey(rawAddress);
        requireLocalDomain(address);
        requireFree(address, false);
        if (rawTargets.isEmpty()) {
            throw new MailTablesException(address + " points nowhere: give at least one address");
        }
        Set<String> targets = new LinkedHashSet<>();
        for (String t : rawTargets) {
            String target = EmailAddress.normalize(t);
            EmailAddress.problem(target).ifPresent(p -> {
                throw new MailTablesException("target " + p);
            });
            if (target.equals(address)) {
                throw new MailTablesException(address + " cannot point at itself");
            }
            targets.add(target);
        }
        return checked(new MailTables(credentials, virtuals.with(address, List.copyOf(targets)), domains));
    }

    /** Removes an alias. Refused for a required one (edit its targets instead) and when other aliases still point at it. */
    public MailTables removeAlias(String rawAddress) {
        String address = EmailAddress.isCatchAll(rawAddress) ? aliasKey(rawAddress) : address(rawAddress);
        if (alias(address).isEmpty()) {
            throw new MailTablesException(address + " is not an alias on this server");
        }
        if (isRequired(address) && isLocal(address)) {
            throw new MailTablesException(address + " is required (RFC 2142) for " + EmailAddress.domainOf(address)
                    + ": point it at another address instead of removing it");
        }
        return checked(new MailTables(credentials, virtuals.without(address), domains));
    }

    /** Adds a domain with its required aliases (abuse, noc, security, postmaster, hostmaster) delivering to {@code postmaster}. */
    public MailTables addDomain(String rawDomain, String rawPostmaster) {
        String domain = DomainName.normalize(rawDomain);
        DomainName.problem(domain).ifPresent(p -> {
            throw new MailTablesException("the domain " + p);
        });
        if (domains.contains(domain)) {
            throw new MailTablesException(domain + " is served by this server already");
        }
        String postmaster = address(rawPostmaster);
        requireMailbox(postmaster);
        VirtualsFile v = virtuals;
        for (String name : ServerSpec.REQUIRED_ALIASES) {
            String a = name + "@" + domain;
            if (v.find(a).isEmpty()) {
                v = v.with(a, List.of(postmaster));
            }
        }
        return checked(new MailTables(credentials, v, domains.with(domain)));
    }

    /**
     * Why {@code rawAddress} cannot become a new mailbox ({@code asMailbox}) or alias in these tables, or empty: the
     * checks {@link #addMailbox} and {@link #putAlias} make on the address, for a form to show before it stages.
     */
    public Optional<String> newAddressProblem(String rawAddress, boolean asMailbox) {
        try {
            String address = asMailbox || !EmailAddress.isCatchAll(rawAddress) ? address(rawAddress) : aliasKey(rawAddress);
            requireLocalDomain(address);
            requireFree(address, asMailbox);
            return Optional.empty();
        } catch (MailTablesException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** An address is either a mailbox or an alias (the model's rule); replacing an alias's targets is allowed. */
    private void requireFree(String address, boolean asMailbox) {
        SpecValidator.addressTaken(address, asMailbox,
                a -> isMailbox(a) || virtuals.find(a).filter(VirtualsFile.Entry::isMailbox).isPresent(),
                a -> asMailbox && virtuals.find(a).filter(e -> !e.isMailbox()).isPresent())
                .ifPresent(m -> {
                    throw new MailTablesException(m);
                });
    }

    private static boolean isRequired(String address) {
        return ServerSpec.REQUIRED_ALIASES.contains(EmailAddress.localPartOf(address));
    }

    /** An address to make a mailbox or alias of: as {@link #address}, and without the subaddress separator. */
    private static String newAddress(String raw) {
        EmailAddress.ownAddressProblem(raw).ifPresent(p -> {
            throw new MailTablesException(p.startsWith("'") ? p : "the address " + p);
        });
        return EmailAddress.normalize(raw);
    }

    /** An alias key to add: an address of our own or a catch-all ({@link EmailAddress#aliasKeyProblem}), normalized. */
    private static String aliasKey(String raw) {
        EmailAddress.aliasKeyProblem(raw).ifPresent(p -> {
            throw new MailTablesException(p.startsWith("'") ? p : "the address " + p);
        });
        return EmailAddress.normalize(raw);
    }

    private static String address(String raw) {
        EmailAddress.problem(raw).ifPresent(p -> {
            throw new MailTablesException(p.startsWith("'") ? p : "the address " + p);
        });
        return EmailAddress.normalize(raw);
    }

    private void requireLocalDomain(String address) {
        if (!isLocal(address) && EmailAddress.isCatchAll(address)) {
            throw new MailTablesException(address + " is a catch-all for " + EmailAddress.domainOf(address) + ", which is not one of "
                    + "this server's domains " + domainList() + ": add the domain first (domains add " + EmailAddress.domainOf(address) + ")");
        }
        if (!isLocal(address)) {
            throw new MailTablesException(address + " is not in one of this server's domains " + domainList()
                    + ": add the domain first (domains add " + EmailAddress.domainOf(address) + ")");
        }
    }

    private void requireMailbox(String address) {
        if (!isMailbox(address)) {
            throw new MailTablesException(address + " is not a mailbox on this server");
        }
    }

    private static void requireHash(String hash) {
        org.mailwright.model.PasswordPolicy.hashProblem(hash).ifPresent(p -> {
            throw new MailTablesException("the password hash " + p);
        });
    }

    /**
     * Refuses an edit that leaves a local address delivering nowhere, or aliases in a loop, where the tables before
     * it did not (a hand-made oddity already there does not block unrelated edits).
     */
    private MailTables checked(MailTables after) {
        Set<String> before = new HashSet<>(dangling());
        for (String d : after.dangling()) {
            if (!before.contains(d)) {
                throw new MailTablesException(d);
            }
        }
        Set<String> loopsBefore = new HashSet<>(loops());
        for (String l : after.loops()) {
            if (!loopsBefore.contains(l)) {
                throw new MailTablesException(l + " would be part of a loop of aliases that never reaches a mailbox");
            }
        }
        return after;
    }

    /** Sentences about each alias target in a local domain that is neither a mailbox nor an alias. */
    private List<String> dangling() {
        List<String> out = new ArrayList<>();
        for (Alias a : aliases()) {
            for (String t : a.targets()) {
                if (t.indexOf('@') > 0 && isLocal(t) && virtuals.find(t).isEmpty() && !isMailbox(t)) {
                    out.add(a.address() + ": " + EmailAddress.danglingTargetProblem(t, x -> isMailbox(x) || virtuals.find(x).isPresent()));
                }
            }
        }
        return out;
    }

    private List<String> loops() {
        List<String> out = new ArrayList<>();
        for (Alias a : aliases()) {
            List<String> todo = new ArrayList<>(a.targets());
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                String next = todo.remove(todo.size() - 1);
                if (next.equals(a.address())) {
                    out.add(a.address());
                    break;
                }
                if (seen.add(next)) {
                    alias(next).ifPresent(n -> todo.addAll(n.targets()));
                }
            }
        }
        return out;
    }
}
