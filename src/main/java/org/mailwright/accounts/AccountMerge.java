package org.mailwright.accounts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.MailUser;

/**
 * What {@code apply} does to the accounts of a server: the spec's domains, mailboxes and aliases are created when
 * they are missing, and nothing that exists on the server is removed or re-hashed. Once an account exists the
 * server is its truth: a mailbox made with {@code users add}, a password changed with {@code users passwd}, an
 * alias repointed in the users window all survive every later apply. The only exception is a spec user with
 * {@code reset-password: true}, whose hash replaces the server's.
 *
 * <p>The result is the tables as they will be (their text keeps every line already on the server, in place), the
 * changes by address for the plan, and notes for what was kept although the spec says otherwise. Pure: tables in,
 * tables out.
 */
public final class AccountMerge {
    private AccountMerge() {
    }

    /**
     * @param after   the tables to write (equal to the server's when nothing changes)
     * @param changes every addition, and each password the spec resets, in the order they appear in the tables
     * @param notes   sentences about what was kept or could not be done, for the person reading the plan
     * @param quotas  the domains' default quotas to write (the server's, plus the spec's for domains that had none)
     */
    public record Result(MailTables after, List<AccountChange> changes, List<String> notes, QuotasFile quotas) {
        public Result {
            changes = List.copyOf(changes);
            notes = List.copyOf(notes);
        }

        /** The domains the server will receive mail for: the server's own, then the spec's new ones, in table order. */
        public List<String> domains() {
            return after.domainList();
        }
    }

    /**
     * Merges {@code spec} into the tables read from the server.
     *
     * @param spec   a spec that {@link org.mailwright.model.SpecValidator} accepted
     * @param server the tables as on the server; for a file that does not exist, the parse of its empty (or
     *               header-only) content
     * @return the tables to write, the changes and the notes; never null
     */
    public static Result merge(ServerSpec spec, MailTables server) {
        return merge(spec, server, QuotasFile.empty(), false);
    }

    /**
     * Merges {@code spec} into the tables and the domain quotas read from the server. A new mailbox gets its own
     * quota from the spec, else its domain's default; an existing one keeps the server's (a note says when the spec
     * asks for another). Every quota field is written for the server's Dovecot release, so one written for 2.3 before
     * an upgrade to Debian 13 is rewritten (the limit stays).
     *
     * @param quotas    the server's {@code /etc/mail/quotas}
     * @param dovecot24 true when the server runs Dovecot 2.4 (Debian 13)
     */
    public static Result merge(ServerSpec spec, MailTables server, QuotasFile quotas, boolean dovecot24) {
        List<AccountChange> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        QuotasFile q = quotas;
        for (var e : spec.quotas().entrySet()) {
            Optional<org.mailwright.model.QuotaSize> now = q.defaultFor(e.getKey());
            if (now.isEmpty()) {
                q = q.with(e.getKey(), Optional.of(e.getValue()));
                changes.add(new AccountChange(AccountChange.Kind.ADD_DEFAULT_QUOTA, e.getKey(), List.of(), e.getValue().toString()));
            } else if (!now.get().equals(e.getValue())) {
                notes.add("kept the server's default quota of " + e.getKey() + " (" + now.get() + "; this spec says " + e.getValue()
                        + "): users quota @" + e.getKey() + " SIZE changes it");
            }
        }
        CredentialsFile c = server.credentials().withQuotaFieldsFor(dovecot24);
        VirtualsFile v = server.virtuals();
        DomainsFile d = server.domains();
        for (CredentialsFile.Entry e : c.entries()) {
            if (!server.credentials().find(e.address()).map(CredentialsFile.Entry::rest).equals(Optional.of(e.rest()))) {
                changes.add(new AccountChange(AccountChange.Kind.SET_QUOTA, e.address(), List.of(),
                        "field rewritten for Dovecot " + (dovecot24 ? "2.4" : "2.3") + ", limit unchanged"));
            }
        }

        for (String domain : spec.domains()) {
            if (!d.contains(domain)) {
                d = d.with(domain);
                changes.add(new AccountChange(AccountChange.Kind.ADD_DOMAIN, domain, List.of(), ""));
            }
        }

        for (MailUser u : spec.users()) {
            String a = u.address();
            Optional<VirtualsFile.Entry> delivery = v.find(a);
            if (delivery.isPresent() && !delivery.get().isMailbox()) {
                notes.add(a + " is an alias on the server, so this spec's mailbox " + a + " is not made: remove the alias first"
                        + " if it should be a mailbox");
                continue;
            }
            Optional<CredentialsFile.Entry> login = c.find(a);
            if (login.isEmpty()) {
                Optional<org.mailwright.model.QuotaSize> quota = spec.quotaFor(u, q.defaultFor(u.domain()));
                c = c.withAdded(a, u.passwordHash()).withQuota(a, quota, dovecot24);
                changes.add(new AccountChange(AccountChange.Kind.ADD_MAILBOX, a, List.of(), quota.map(x -> "quota " + x).orElse("")));
            } else if (!login.get().hash().equals(u.passwordHash())) {
                if (u.resetPassword()) {
                    c = c.withHash(a, u.passwordHash());
                    changes.add(new AccountChange(AccountChange.Kind.SET_PASSWORD, a, List.of(), ""));
                } else {
                    notes.add("kept the server's password of " + a + ": it differs from the spec's password-hash, which is used only"
                            + " when a mailbox is made (add reset-password: true to that user to replace it)");
                }
            }
            boolean specSays = u.quota().isPresent() || u.noQuota();
            if (login.isPresent() && specSays && !u.quota().equals(login.get().quota())) {
                notes.add("kept the server's quota of " + a + " (" + login.get().quota().map(Object::toString).orElse("no limit")
                        + "; this spec says " + u.quota().map(Object::toString).orElse("none") + "): users quota " + a + " SIZE changes it");
            }
            if (delivery.isEmpty()) {
                v = v.with(a, List.of(VirtualsFile.VMAIL));
                if (login.isPresent()) {
                    changes.add(new AccountChange(AccountChange.Kind.ADD_MAILBOX, a, List.of(), "its delivery line was missing"));
                }
            }
        }

        for (Map.Entry<String, List<String>> e : spec.aliases().entrySet()) {
            String a = e.getKey();
            Optional<VirtualsFile.Entry> now = v.find(a);
            if (c.find(a).isPresent() || now.filter(VirtualsFile.Entry::isMailbox).isPresent()) {
                notes.add(a + " is a mailbox on the server, so this spec's alias " + a + " is not made");
            } else if (now.isEmpty()) {
                v = v.with(a, e.getValue());
                changes.add(new AccountChange(AccountChange.Kind.ADD_ALIAS, a, e.getValue(), ""));
                if (EmailAddress.isCatchAll(a)) {
                    notes.add(MailTables.catchAllWarning(a, e.getValue()));
                }
            } else if (!now.get().targets().equals(e.getValue())) {
                notes.add("kept the server's alias " + a + " -> " + String.join(", ", now.get().targets()) + " (this spec says "
                        + String.join(", ", e.getValue()) + ")");
            }
        }

        for (String domain : spec.domains()) {
            Optional<String> first = firstMailbox(spec, c, domain);
            for (String name : ServerSpec.REQUIRED_ALIASES) {
                String a = name + "@" + domain;
                if (v.find(a).isPresent() || c.find(a).isPresent() || spec.aliases().containsKey(a)) {
                    continue;
                }
                if (first.isPresent()) {
                    v = v.with(a, List.of(first.get()));
                    changes.add(new AccountChange(AccountChange.Kind.ADD_ALIAS, a, List.of(first.get()),
                            "required by RFC 2142 and was missing"));
                } else {
                    notes.add(a + " is required (RFC 2142) but the server has no mailbox to deliver it to: add a mailbox");
                }
            }
        }

        MailTables after = new MailTables(c, v, d);
        keptNotes(spec, after, notes);
        return new Result(after, changes, notes, q);
    }

    /** The domain's first mailbox in the spec, else its first on the server: where its required aliases deliver. */
    private static Optional<String> firstMailbox(ServerSpec spec, CredentialsFile c, String domain) {
        return firstIn(spec.users().stream().map(MailUser::address).toList(), c, domain);
    }

    /**
     * A domain's own first mailbox (in {@code order}, else in the table); for a domain with none of its own, the first
     * mailbox of any domain, as {@code domains add} does: postmaster@ of a domain that only forwards still reaches a person.
     */
    private static Optional<String> firstIn(List<String> order, CredentialsFile c, String domain) {
        return order.stream().filter(a -> domain.equals(EmailAddress.domainOf(a)) && c.find(a).isPresent()).findFirst()
                .or(() -> c.entries().stream().map(CredentialsFile.Entry::address)
                        .filter(a -> domain.equals(EmailAddress.domainOf(a))).findFirst())
                .or(() -> order.stream().filter(a -> c.find(a).isPresent()).findFirst())
                .or(() -> c.entries().stream().map(CredentialsFile.Entry::address).findFirst());
    }

    /**
     * The server's accounts as a spec should list them ({@code spec pull}), so that merging that spec into these
     * tables changes nothing and, on a fresh server, makes the same accounts.
     *
     * @param domains in table order
     * @param users   address to bcrypt hash: those of {@code specOrder} first, in that order, then the server's others
     * @param aliases every alias, except a required one (postmaster, ...) that points only where {@link #merge} would
     *                point it anyway (the domain's first mailbox)
     * @param quotas  address to its quota, for the mailboxes that have one
     */
    public record SpecAccounts(List<String> domains, Map<String, String> users, Map<String, List<String>> aliases,
                               Map<String, org.mailwright.model.QuotaSize> quotas) {
    }

    /**
     * @param server    the tables as read from the server
     * @param specOrder the addresses of the spec's users as listed now, so the pulled spec keeps its order
     */
    public static SpecAccounts pull(MailTables server, List<String> specOrder) {
        CredentialsFile c = server.credentials();
        Map<String, String> users = new java.util.LinkedHashMap<>();
        specOrder.stream().filter(a -> c.find(a).isPresent()).forEach(a -> users.put(a, c.find(a).get().hash()));
        c.entries().forEach(e -> users.putIfAbsent(e.address(), e.hash()));
        List<String> order = List.copyOf(users.keySet());
        Map<String, List<String>> aliases = new java.util.LinkedHashMap<>();
        for (MailTables.Alias a : server.aliases()) {
            String domain = EmailAddress.domainOf(a.address());
            boolean byDefault = ServerSpec.REQUIRED_ALIASES.contains(EmailAddress.localPartOf(a.address()))
                    && firstIn(order, c, domain).map(List::of).filter(a.targets()::equals).isPresent();
            if (!byDefault) {
                aliases.put(a.address(), a.targets());
            }
        }
        Map<String, org.mailwright.model.QuotaSize> quotas = new java.util.LinkedHashMap<>();
        c.entries().forEach(e -> e.quota().ifPresent(q -> quotas.put(e.address(), q)));
        return new SpecAccounts(server.domainList(), users, aliases, quotas);
    }

    /** "kept: 2 mailboxes not in this spec: ...", so a person sees what the spec does not say, and how to bring it in. */
    private static void keptNotes(ServerSpec spec, MailTables after, List<String> notes) {
        Set<String> specUsers = new LinkedHashSet<>();
        spec.users().forEach(u -> specUsers.add(u.address()));
        List<String> mailboxes = after.mailboxes().stream().map(MailTables.Mailbox::address).filter(a -> !specUsers.contains(a)).toList();
        List<String> aliases = after.aliases().stream().map(MailTables.Alias::address)
                .filter(a -> !spec.aliases().containsKey(a) && !isRequiredOf(spec, a)).toList();
        List<String> domains = after.domainList().stream().filter(x -> !spec.domains().contains(x)).toList();
        kept(notes, mailboxes, "mailbox", "mailboxes");
        kept(notes, aliases, "alias", "aliases");
        kept(notes, domains, "domain", "domains");
    }

    private static boolean isRequiredOf(ServerSpec spec, String address) {
        return ServerSpec.REQUIRED_ALIASES.contains(EmailAddress.localPartOf(address))
                && spec.domains().contains(EmailAddress.domainOf(address));
    }

    private static void kept(List<String> notes, List<String> items, String one, String many) {
        if (!items.isEmpty()) {
            notes.add("kept: " + org.mailwright.model.Words.count(items.size(), one, many) + " not in this spec: " + String.join(", ", items)
                    + " (spec pull writes the server's accounts into the spec)");
        }
    }
}
