package org.mailwright.engine.mailboxes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.accounts.CredentialsFile;
import org.mailwright.accounts.DkimKeyGenerator;
import org.mailwright.accounts.MailTables;
import org.mailwright.accounts.MailTablesException;
import org.mailwright.accounts.PasswordHasher;
import org.mailwright.engine.DiffLine;
import org.mailwright.dns.DkimPublicKey;
import org.mailwright.dns.DnsOptions;
import org.mailwright.dns.RecordPlanner;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.PasswordPolicy;
import org.mailwright.model.QuotaSize;
import org.mailwright.render.MailLayout;
import org.mailwright.render.MailRenderer;
import org.mailwright.remote.Command;
import org.mailwright.remote.Shell;

/**
 * Changes to mailboxes, aliases and domains, staged against one {@link MailboxSnapshot} and not yet on the server.
 * Each method checks the change at once (a refused one throws {@link MailTablesException} and leaves the edit as it
 * was), so a person sees every problem before anything is written. {@link #diff()} shows what {@link
 * MailboxService#apply} will do; passwords are hashed here, on this machine, and hashes are never shown.
 */
public final class MailboxEdit {
    /** What happens to a removed mailbox's maildir. */
    record MaildirAction(String address, boolean delete, String movedTo) {
        String source() {
            return MailboxService.maildir(address);
        }

        Command command() {
            if (delete) {
                return Command.of("rm", "-rf", "--", source());
            }
            // a mailbox that never received mail has no maildir: nothing to move
            return Command.script("if [ -d " + Shell.quote(source()) + " ]; then install -d -o vmail -g vmail -m 0700 "
                    + MailboxService.REMOVED_DIR + " && mv -- " + Shell.quote(source()) + " " + Shell.quote(movedTo) + "; fi");
        }

        String describe() {
            return delete ? "delete the maildir " + source() + " and all its mail"
                    : "move the maildir " + source() + " aside to " + movedTo + " (delete it there when no longer needed)";
        }
    }

    /** A new domain's DKIM key (made here when the server has none) and the TXT record to publish for it. */
    record NewDomain(String domain, Optional<String> privatePem, Optional<String> dnsRecord) {
    }

    private final MailboxService service;
    private final MailboxSnapshot snapshot;
    private MailTables tables;
    private org.mailwright.accounts.QuotasFile quotas;
    private final List<MaildirAction> maildirs = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, NewDomain> domains = new LinkedHashMap<>();
    /** dkim_signing.conf as read when the first domain was staged; empty when it did not exist. */
    private Optional<String> dkimSigningBefore = Optional.empty();

    MailboxEdit(MailboxService service, MailboxSnapshot snapshot) {
        this.service = service;
        this.snapshot = snapshot;
        this.tables = snapshot.tables();
        this.quotas = snapshot.quotas();
    }

    public MailboxSnapshot snapshot() {
        return snapshot;
    }

    /** The tables as they will be. */
    public MailTables tables() {
        return tables;
    }

    /** Every mailbox as it will be (staged quotas included), with what it uses as read; for a list to show. */
    public List<MailboxSnapshot.MailboxRow> mailboxes() {
        return snapshot.mailboxes(tables);
    }

    /** Adds a mailbox with its domain's default quota ({@link #domainQuota}), if the domain has one. */
    public MailboxEdit addMailbox(String address, String password) {
        return addMailbox(address, password, Optional.empty());
    }

    /**
     * Adds a mailbox with the quota given, else its domain's default, else none.
     *
     * @throws MailTablesException when the address cannot be a new mailbox, the password is refused, or a quota is
     *                             wanted and the server's Dovecot version is unknown
     */
    public MailboxEdit addMailbox(String address, String password, Optional<QuotaSize> quota) {
        MailTables after = tables.addMailbox(address, hash(password));
        String a = EmailAddress.normalize(address);
        Optional<QuotaSize> q = quota.or(() -> quotas.defaultFor(EmailAddress.domainOf(a)));
        tables = q.isPresent() ? after.setQuota(a, q, dovecot24()) : after;
        return this;
    }

    /**
     * Sets a mailbox's storage limit, or removes it (empty: no limit). Mail already there stays; a mailbox over its
     * new limit takes no more mail until it is below it.
     *
     * @throws MailTablesException when the address is not a mailbox, or the server's Dovecot version is unknown
     */
    public MailboxEdit setQuota(String address, Optional<QuotaSize> quota) {
        tables = tables.setQuota(address, quota, dovecot24());
        return this;
    }

    /**
     * Sets (or removes) the default quota of {@code domain}'s new mailboxes; existing mailboxes keep theirs.
     *
     * @throws MailTablesException when the server does not receive mail for {@code domain}
     */
    public MailboxEdit setDomainQuota(String domain, Optional<QuotaSize> quota) {
        String d = domain.strip().toLowerCase(java.util.Locale.ROOT);
        if (!tables.domainList().contains(d)) {
            throw new MailTablesException(d + " is not a domain of this server (" + String.join(", ", tables.domainList()) + ")");
        }
        quotas = quotas.with(d, quota);
        return this;
    }

    /** The domains' default quotas as they will be. */
    public org.mailwright.accounts.QuotasFile quotas() {
        return quotas;
    }

    private boolean dovecot24() {
        return snapshot.dovecot24().orElseThrow(() -> new MailTablesException(
                "the server's Dovecot version could not be read, so a quota cannot be written: run apply first"));
    }

    public MailboxEdit resetPassword(String address, String password) {
        tables = tables.setPasswordHash(address, hash(password));
        return this;
    }

    /** Removes a mailbox; its maildir is moved aside to /var/vmail/.removed, or deleted when {@code deleteMail}. */
    public MailboxEdit removeMailbox(String rawAddress, boolean deleteMail) {
        MailTables after = tables.removeMailbox(rawAddress);
        String address = EmailAddress.normalize(rawAddress);
        // the aliases that go with it, said in words: the diff alone hid that a catch-all stopped taking mail
        for (MailTables.Alias a : tables.aliasesPointingAt(address)) {
            if (after.alias(a.address()).isEmpty()) {
                warnings.add(EmailAddress.isCatchAll(a.address())
                        ? "the catch-all " + a.address() + " delivered only to " + address + " and is removed with it: mail to addresses of "
                                + EmailAddress.domainOf(a.address()) + " that are no mailbox or alias will be refused"
                        : "the alias " + a.address() + " delivered only to " + address + " and is removed with it: mail to it will be refused");
            }
        }
        tables = after;
        maildirs.add(new MaildirAction(address, deleteMail,
                MailboxService.REMOVED_DIR + "/" + address + "-" + MailboxService.STAMP.format(service.clock().instant())));
        return this;
    }

    /**
     * Adds an alias or forwarder, or replaces the targets of an existing one; a catch-all ({@code @example.com}) is an
     * alias too, and a new one adds its warning to {@link #warnings()}.
     *
     * @throws org.mailwright.accounts.MailTablesException as {@link MailTables#putAlias} refuses
     */
    public MailboxEdit putAlias(String address, List<String> targets) {
        MailTables after = tables.putAlias(address, targets);
        String key = EmailAddress.normalize(address);
        if (EmailAddress.isCatchAll(key) && tables.alias(key).isEmpty()) {
            warnings.add(MailTables.catchAllWarning(key, after.alias(key).map(MailTables.Alias::targets).orElse(targets)));
        }
        tables = after;
        return this;
    }

    /**
     * What a person should know about the staged changes before applying them (a new catch-all draws spam), in the
     * order staged; empty for most edits.
     */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public MailboxEdit removeAlias(String address) {
        tables = tables.removeAlias(address);
        return this;
    }

    /**
     * Adds a domain: its required aliases pointing at {@code postmaster}, a DKIM key (the one on the server if there is
     * one, else a new one made here) and its entry in rspamd's signing config.
     */
    public MailboxEdit addDomain(String rawDomain, String postmaster) {
        MailTables after = tables.addDomain(rawDomain, postmaster);
        String domain = after.domainList().get(after.domainList().size() - 1);
        if (domains.isEmpty()) {
            dkimSigningBefore = service.readDkimSigning();
        }
        NewDomain d;
        if (service.dkimKeyExists(domain)) {
            d = new NewDomain(domain, Optional.empty(), Optional.empty());
        } else {
            DkimKeyGenerator.DkimKey key = DkimKeyGenerator.generate(service.dkim().bits());
            DkimPublicKey pub = DkimPublicKey.fromPem(service.dkim().selector(), key.publicBase64());
            d = new NewDomain(domain, Optional.of(key.privatePem()),
                    Optional.of(RecordPlanner.dkim(domain, pub, DnsOptions.defaults().ttl()).zoneLine()));
        }
        tables = after;
        domains.put(domain, d);
        return this;
    }

    private static String hash(String password) {
        PasswordPolicy.problem(password).ifPresent(p -> {
            throw new MailTablesException(p);
        });
        return PasswordHasher.hash(password);
    }

    public boolean isEmpty() {
        return tableChanges().isEmpty() && quotasChange().isEmpty() && maildirs.isEmpty() && domains.isEmpty();
    }

    /** {@code /etc/mail/quotas} when a domain default changed (Mailwright's file; no service reads it). */
    Optional<FileChange> quotasChange() {
        Optional<String> before = snapshot.files().getOrDefault(MailLayout.QUOTAS, Optional.empty());
        String after = quotas.text();
        if (after.equals(before.orElse(""))) {
            return Optional.empty();
        }
        String text = before.isEmpty() ? org.mailwright.accounts.QuotasFile.HEADER + after : after;
        return Optional.of(FileChange.of(MailLayout.QUOTAS, before, text, 0644, "root", "root"));
    }

    /** The table files that change, in the order they are reloaded. The credentials table is secret. */
    List<FileChange> tableChanges() {
        List<FileChange> out = new ArrayList<>();
        table(out, MailLayout.CREDENTIALS, tables.credentials().text(), 0440, "opensmtpd", "dovecot", true);
        table(out, MailLayout.VIRTUALS, tables.virtuals().text(), 0644, "root", "root", false);
        table(out, MailLayout.DOMAINS, tables.domains().text(), 0644, "root", "root", false);
        return out;
    }

    private void table(List<FileChange> out, String path, String after, int mode, String owner, String group, boolean secret) {
        Optional<String> before = snapshot.files().get(path);
        if (!before.orElse("").equals(after) || before.isEmpty() && !after.isEmpty()) {
            out.add(new FileChange(path, before, after, mode, owner, group, secret));
        }
    }

    List<FileChange> dkimKeys() {
        return domains.values().stream().filter(d -> d.privatePem().isPresent())
                .map(d -> new FileChange(MailLayout.dkimKey(d.domain(), service.dkim().selector()), Optional.empty(),
                        d.privatePem().get(), 0440, "root", "_rspamd", true)).toList();
    }

    Optional<FileChange> dkimSigning() {
        if (domains.isEmpty()) {
            return Optional.empty();
        }
        String after = MailRenderer.dkimSigning(tables.domainList(), service.dkim().selector());
        return dkimSigningBefore.filter(after::equals).isPresent() ? Optional.empty()
                : Optional.of(FileChange.of(MailboxService.DKIM_SIGNING, dkimSigningBefore, after, 0644, "root", "root"));
    }

    Optional<String> dkimSigningBefore() {
        return dkimSigningBefore;
    }

    boolean addsDomains() {
        return !domains.isEmpty();
    }

    List<MaildirAction> maildirs() {
        return List.copyOf(maildirs);
    }

    /** Everything the apply will do, as plan changes (for a window to list). */
    public List<Change> changes() {
        List<Change> out = new ArrayList<>(dkimKeys());
        dkimSigning().ifPresent(out::add);
        if (addsDomains()) {
            out.add(new Change.ServiceChange("rspamd", Change.ServiceAction.RELOAD));
        }
        out.addAll(tableChanges());
        quotasChange().ifPresent(out::add);
        for (FileChange f : tableChanges()) {
            out.add(new CommandChange("reload the " + name(f) + " table without a restart", MailboxService.reloadTable(name(f))));
        }
        maildirs.forEach(m -> out.add(new CommandChange(m.describe(), m.command())));
        return out;
    }

    /** DNS records to publish for new domains, and other things a person must know. */
    public List<String> notes() {
        List<String> out = new ArrayList<>();
        for (NewDomain d : domains.values()) {
            out.add(d.dnsRecord().map(r -> "publish the DKIM key of " + d.domain() + ": " + r)
                    .orElse(d.domain() + " keeps the DKIM key already on the server"));
            out.add(d.domain() + " also needs its MX, SPF and DMARC records (see ./mailwright check)");
        }
        return out;
    }

    /** A diff a person reviews before applying: unified diffs of the tables, hashes never shown. */
    public String diff() {
        return DiffLine.text(diffLines());
    }

    /** {@link #diff()} line by line, for a view that colours it. */
    public List<DiffLine> diffLines() {
        List<DiffLine> out = new ArrayList<>();
        for (FileChange k : dkimKeys()) {
            out.add(DiffLine.context("create " + k.path() + " (a new " + service.dkim().bits()
                    + "-bit DKIM key, 0440 root:_rspamd; secret, not shown)"));
        }
        dkimSigning().ifPresent(f -> out.addAll(f.diffLines()));
        for (FileChange f : tableChanges()) {
            if (f.secret()) {
                CredentialsFile before = CredentialsFile.parse(f.before().orElse(""));
                out.add(DiffLine.header("--- " + f.path()));
                out.add(DiffLine.header("+++ " + f.path()));
                tables.credentials().describeChangesFrom(before).forEach(l -> out.add(DiffLine.context(l)));
                out.add(DiffLine.context("(password hashes are secret and not shown)"));
            } else {
                out.addAll(f.diffLines());
            }
        }
        quotasChange().ifPresent(f -> out.addAll(f.diffLines()));
        maildirs.forEach(m -> out.add(DiffLine.context(m.describe())));
        notes().forEach(n -> out.add(DiffLine.context("note: " + n)));
        return List.copyOf(out);
    }

    static String name(FileChange f) {
        return f.path().substring(f.path().lastIndexOf('/') + 1);
    }
}
