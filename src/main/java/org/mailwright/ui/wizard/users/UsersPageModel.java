package org.mailwright.ui.wizard.users;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.mailwright.accounts.PasswordHasher;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.PasswordPolicy;
import org.mailwright.logging.Secrets;
import org.mailwright.model.ServerSpec;
import org.mailwright.session.SpecCheck;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.SetupDraft.AliasRow;
import org.mailwright.ui.wizard.SetupDraft.Mailbox;

/**
 * Mailboxes and aliases. A password is hashed (bcrypt) the moment its mailbox is added, and its clear text is kept
 * only to show a generated one once; the RFC 2142 aliases every domain needs are filled in pointing at the domain's
 * first mailbox.
 */
public final class UsersPageModel extends PageModel {
    public static final int GENERATED_LENGTH = 20;

    private final SetupDraft draft;
    private final UiExecutor ui;
    private final StringProperty newAddress = new SimpleStringProperty(this, "newAddress", "");
    private final StringProperty newPassword = new SimpleStringProperty(this, "newPassword", "");
    private final StringProperty newAliasFrom = new SimpleStringProperty(this, "newAliasFrom", "");
    private final StringProperty newAliasTo = new SimpleStringProperty(this, "newAliasTo", "");
    private final ReadOnlyIntegerWrapper strength = new ReadOnlyIntegerWrapper(this, "strength");
    private final ReadOnlyStringWrapper passwordProblem = new ReadOnlyStringWrapper(this, "passwordProblem", "");
    private final ReadOnlyStringWrapper mailboxProblem = new ReadOnlyStringWrapper(this, "mailboxProblem", "");
    private final ReadOnlyStringWrapper aliasProblem = new ReadOnlyStringWrapper(this, "aliasProblem", "");
    /** A generated password, shown once until the mailbox is added or the page is left. */
    private final ReadOnlyStringWrapper shownPassword = new ReadOnlyStringWrapper(this, "shownPassword", "");
    private String generated;

    public UsersPageModel(SetupDraft draft, UiExecutor ui) {
        this.draft = draft;
        this.ui = ui;
        newPassword.addListener((o, was, now) -> {
            strength.set(PasswordPolicy.strength(now));
            passwordProblem.set(now == null || now.isEmpty() ? "" : PasswordPolicy.problem(now).orElse(""));
            if (generated != null && !generated.equals(now)) {
                generated = null; // the person typed over it: nothing generated to show any more
                shownPassword.set("");
            }
            mailboxProblem.set(""); // the form changed: an old "too short" must not stay beside a strong password
        });
        newAddress.addListener((o, was, now) -> mailboxProblem.set(""));
        draft.mailboxes.addListener((javafx.collections.ListChangeListener<Mailbox>) c -> ensureRequiredAliases());
        revalidateOn(draft.mailboxes, draft.aliases, busy);
    }

    @Override
    public String id() {
        return "users";
    }

    @Override
    public String title() {
        return "Users";
    }

    @Override
    public String subtitle() {
        return "Mailboxes people log in to, and aliases that forward to them.";
    }

    @Override
    public void onEnter() {
        if (newAddress.get().isBlank() && draft.mailboxes.isEmpty() && !draft.adminAddress.get().isBlank()
                && draft.domainList().contains(EmailAddress.domainOf(draft.adminAddress.get()))) {
            newAddress.set(EmailAddress.normalize(draft.adminAddress.get()));
        }
        ensureRequiredAliases();
        super.onEnter();
    }

    @Override
    public void onLeave() {
        forgetClearText();
    }

    @Override
    protected Optional<String> validate() {
        if (busy.get()) {
            return Optional.of("Hashing the password...");
        }
        if (draft.mailboxes.isEmpty()) {
            return Optional.of("Add at least one mailbox.");
        }
        ServerSpec spec = draft.toSpec();
        Optional<String> problem = SpecCheck.firstProblem(spec, "users", "aliases");
        if (problem.isPresent()) {
            return problem;
        }
        for (String d : draft.domainList()) {
            if (spec.usersOf(d).isEmpty() && draft.aliases.stream().noneMatch(a -> EmailAddress.domainOf(a.from()).equals(d))) {
                return Optional.of(d + " has no mailbox: add one, so its postmaster and abuse addresses can deliver somewhere.");
            }
        }
        return Optional.empty();
    }

    // Commands

    /** Fills the password field with a strong random password and shows it once. */
    public void generatePassword() {
        generated = PasswordHasher.generate(GENERATED_LENGTH);
        newPassword.set(generated);
        shownPassword.set(generated);
    }

    /** Why the mailbox in the form cannot be added, or empty. */
    public Optional<String> newMailboxProblem() {
        String address = EmailAddress.normalize(newAddress.get());
        Optional<String> p = EmailAddress.problem(address);
        if (p.isPresent()) {
            return Optional.of("Address " + p.get());
        }
        if (!draft.domainList().contains(EmailAddress.domainOf(address))) {
            return Optional.of(address + " is not in " + String.join(", ", draft.domainList()));
        }
        // the model's rule; a required alias the wizard made gives way to a mailbox
        Optional<String> taken = SpecCheck.addressTaken(address, true, mailboxAddresses(),
                draft.aliases.stream().filter(a -> !a.required()).map(AliasRow::from).toList());
        if (taken.isPresent()) {
            return taken;
        }
        return PasswordPolicy.problem(newPassword.get()).map(s -> s.substring(0, 1).toUpperCase() + s.substring(1));
    }

    /** Hashes the password off the UI thread (bcrypt takes a moment), then adds the mailbox and clears the form. */
    public void addMailbox() {
        Optional<String> problem = newMailboxProblem();
        // the password's own problem is already said under the password: say it once
        boolean saidAlready = !passwordProblem.get().isEmpty() && problem.isPresent() && problem.get().equalsIgnoreCase(passwordProblem.get());
        mailboxProblem.set(saidAlready ? "" : problem.orElse(""));
        if (problem.isPresent() || busy.get()) {
            return;
        }
        String address = EmailAddress.normalize(newAddress.get());
        char[] clear = newPassword.get().toCharArray();
        Secrets.register(clear);
        busy.set(true);
        ui.submit(() -> {
            try {
                return PasswordHasher.hash(new String(clear));
            } finally {
                Arrays.fill(clear, '\0');
            }
        }, hash -> {
            busy.set(false);
            // a required alias with this address gives way to the mailbox
            draft.aliases.removeIf(a -> a.required() && a.from().equals(address));
            draft.mailboxes.add(new Mailbox(address, hash));
            newAddress.set("");
            String shown = generated;
            newPassword.set("");
            generated = null;
            shownPassword.set(shown == null ? "" : shown); // keep a generated one on screen once, to copy
            lastAddedAddress.set(shown == null ? "" : address);
            revalidate();
        }, error -> {
            busy.set(false);
            mailboxProblem.set(error.getMessage());
        });
    }

    private final ReadOnlyStringWrapper lastAddedAddress = new ReadOnlyStringWrapper(this, "lastAddedAddress", "");

    public void removeMailbox(Mailbox m) {
        draft.mailboxes.remove(m);
    }

    public Optional<String> newAliasProblem() {
        String from = EmailAddress.normalize(newAliasFrom.get());
        Optional<String> p = EmailAddress.problem(from);
        if (p.isPresent()) {
            return Optional.of("Alias " + p.get());
        }
        if (!draft.domainList().contains(EmailAddress.domainOf(from))) {
            return Optional.of(from + " is not in " + String.join(", ", draft.domainList()));
        }
        Optional<String> taken = SpecCheck.addressTaken(from, false, mailboxAddresses(), List.of());
        if (taken.isPresent()) {
            return taken;
        }
        List<String> to = targets(newAliasTo.get());
        if (to.isEmpty()) {
            return Optional.of("Say where " + from + " delivers");
        }
        for (String t : to) {
            Optional<String> tp = EmailAddress.problem(t);
            if (tp.isPresent()) {
                return Optional.of("Target " + tp.get());
            }
        }
        return Optional.empty();
    }

    /** Adds (or replaces) an alias; one the person sets is no longer moved by the wizard. */
    public void addAlias() {
        Optional<String> problem = newAliasProblem();
        aliasProblem.set(problem.orElse(""));
        if (problem.isPresent()) {
            return;
        }
        String from = EmailAddress.normalize(newAliasFrom.get());
        AliasRow row = new AliasRow(from, targets(newAliasTo.get()), false);
        int i = indexOfAlias(from);
        if (i >= 0) {
            draft.aliases.set(i, row);
        } else {
            draft.aliases.add(row);
        }
        newAliasFrom.set("");
        newAliasTo.set("");
    }

    public void removeAlias(AliasRow a) {
        draft.aliases.remove(a);
    }

    private List<String> mailboxAddresses() {
        return draft.mailboxes.stream().map(Mailbox::address).toList();
    }

    static List<String> targets(String text) {
        return Arrays.stream(text == null ? new String[0] : text.split("[,;\\s]+")).filter(s -> !s.isBlank())
                .map(EmailAddress::normalize).distinct().toList();
    }

    /**
     * Every domain's abuse, noc, security, postmaster and hostmaster (RFC 2142) as aliases of that domain's first
     * mailbox. Ones the wizard made follow the first mailbox when it changes and go when no mailbox is left; ones the
     * person set are left alone.
     */
    void ensureRequiredAliases() {
        List<String> domains = draft.domainList();
        draft.aliases.removeIf(a -> a.required() && !domains.contains(EmailAddress.domainOf(a.from())));
        for (String d : domains) {
            Optional<Mailbox> first = draft.mailboxes.stream().filter(m -> EmailAddress.domainOf(m.address()).equals(d)).findFirst();
            for (String name : ServerSpec.REQUIRED_ALIASES) {
                String address = name + "@" + d;
                int i = indexOfAlias(address);
                boolean isMailbox = draft.mailboxes.stream().anyMatch(m -> m.address().equals(address));
                if (i >= 0 && !draft.aliases.get(i).required()) {
                    continue;
                }
                if (isMailbox || first.isEmpty()) {
                    if (i >= 0) {
                        draft.aliases.remove(i);
                    }
                    continue;
                }
                AliasRow row = new AliasRow(address, List.of(first.get().address()), true);
                if (i < 0) {
                    draft.aliases.add(row);
                } else if (!draft.aliases.get(i).equals(row)) {
                    draft.aliases.set(i, row);
                }
            }
        }
    }

    private int indexOfAlias(String from) {
        for (int i = 0; i < draft.aliases.size(); i++) {
            if (draft.aliases.get(i).from().equals(from)) {
                return i;
            }
        }
        return -1;
    }

    /** Drops every clear-text password this page still holds. */
    public void forgetClearText() {
        newPassword.set("");
        generated = null;
        shownPassword.set("");
        lastAddedAddress.set("");
    }

    // Properties

    public StringProperty newAddressProperty() {
        return newAddress;
    }

    public StringProperty newPasswordProperty() {
        return newPassword;
    }

    public StringProperty newAliasFromProperty() {
        return newAliasFrom;
    }

    public StringProperty newAliasToProperty() {
        return newAliasTo;
    }

    /** 0 (unusable) to 4, from PasswordPolicy.strength. */
    public ReadOnlyIntegerProperty strengthProperty() {
        return strength.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty passwordProblemProperty() {
        return passwordProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty mailboxProblemProperty() {
        return mailboxProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty aliasProblemProperty() {
        return aliasProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty shownPasswordProperty() {
        return shownPassword.getReadOnlyProperty();
    }

    /** The mailbox whose generated password is on screen. */
    public ReadOnlyStringProperty lastAddedAddressProperty() {
        return lastAddedAddress.getReadOnlyProperty();
    }

    public SetupDraft draft() {
        return draft;
    }

    List<String> aliasSummary() {
        List<String> out = new ArrayList<>();
        draft.aliases.forEach(a -> out.add(a.from() + " -> " + a.toText()));
        return out;
    }
}
