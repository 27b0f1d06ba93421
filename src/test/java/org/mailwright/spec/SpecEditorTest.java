package org.mailwright.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailwright.accounts.AccountMerge;
import org.mailwright.accounts.MailTables;
import org.mailwright.model.ServerSpec;

/** spec pull's edit of a spec file: the accounts become the server's, every comment and the key order stay. */
class SpecEditorTest {
    static final String OLD = "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv";
    static final String NEW = OLD.replace("abcdefg", "gfedcba");

    private static final String FLOW = """
            # my mail server
            server:   { host: 203.0.113.7, port: 22, user: root }  # the droplet
            hostname: mail.example.com
            domains:  [example.com]
            # people
            users:    [ { address: alice@example.com, password-hash: "%s" } ]
            aliases:  { info@example.com: alice@example.com }   # shared inbox
            tls:      { mode: self-signed }
            """.formatted(OLD);

    private static final String BLOCK = """
            server:
              host: 203.0.113.7
            hostname: mail.example.com
            domains:
              - example.com   # main
              - old.example   # gone from the server
            users:
              # the admin
              - address: alice@example.com
                password-hash: "%s"
                reset-password: false
              - { address: gone@example.com, password-hash: "%s" }  # left last year

            # forwarding
            aliases:
              info@example.com: alice@example.com
              team@example.com:
                - alice@example.com
                - friend@elsewhere.org
            tls:
              mode: self-signed
            """.formatted(OLD, OLD);

    private static Map<String, String> users(String... addressHash) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < addressHash.length; i += 2) {
            m.put(addressHash[i], addressHash[i + 1]);
        }
        return m;
    }

    @Test
    void addsAndRehashesInAFlowSpecKeepingEveryComment() {
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        aliases.put("info@example.com", List.of("alice@example.com"));
        aliases.put("sales@example.com", List.of("bob@example.com", "x@elsewhere.org"));
        SpecEditor.Result r = SpecEditor.write(FLOW, new SpecEditor.Accounts(List.of("example.com"),
                users("alice@example.com", NEW, "bob@example.com", NEW), aliases));
        assertThat(r.changes()).containsExactly("~ password-hash of alice@example.com", "+ user bob@example.com",
                "+ alias sales@example.com -> bob@example.com, x@elsewhere.org");
        assertThat(r.text()).contains("# my mail server\n", "# the droplet\n", "# people\n", "# shared inbox\n")
                .doesNotContain(OLD);
        ServerSpec s = SpecReader.read(r.text());
        assertThat(s.users()).extracting(ServerSpec.MailUser::address).containsExactly("alice@example.com", "bob@example.com");
        assertThat(s.users().get(0).passwordHash()).isEqualTo(NEW);
        assertThat(s.aliases()).isEqualTo(aliases);
        assertThat(s.server().host()).isEqualTo("203.0.113.7");
        assertThat(r.text().lines().map(l -> l.split(":")[0]).filter(k -> !k.startsWith(" ") && !k.startsWith("#")).toList())
                .as("key order").containsExactly("server", "hostname", "domains", "users", "aliases", "tls");
    }

    @Test
    void editsABlockSpecEntryByEntry() {
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        aliases.put("team@example.com", List.of("alice@example.com"));
        aliases.put("new@example.com", List.of("alice@example.com"));
        SpecEditor.Result r = SpecEditor.write(BLOCK, new SpecEditor.Accounts(List.of("example.com", "example.org"),
                users("alice@example.com", NEW, "bob@example.org", OLD), aliases));
        assertThat(r.changes()).contains("+ domain example.org", "- domain old.example (not on the server)",
                "- user gone@example.com (not on the server)", "~ password-hash of alice@example.com", "+ user bob@example.org",
                "- alias info@example.com (not on the server)", "~ alias team@example.com -> alice@example.com", "+ alias new@example.com -> alice@example.com");
        assertThat(r.text()).contains("  - example.com   # main\n", "  # the admin\n", "\n# forwarding\n", "    reset-password: false\n")
                .doesNotContain("old.example", "gone@example.com", "left last year", "info@example.com");
        ServerSpec s = SpecReader.read(r.text());
        assertThat(s.domains()).containsExactly("example.com", "example.org");
        assertThat(s.users()).extracting(ServerSpec.MailUser::address).containsExactly("alice@example.com", "bob@example.org");
        assertThat(s.users().get(0).passwordHash()).isEqualTo(NEW);
        assertThat(s.aliases()).isEqualTo(aliases);
        assertThat(s.tls().mode()).isEqualTo(ServerSpec.TlsMode.SELF_SIGNED);
    }

    @Test
    void writesMissingKeysAtTheEnd() {
        String bare = "server: { host: 203.0.113.7 }\nhostname: mail.example.com\ntls: { mode: self-signed }";
        SpecEditor.Result r = SpecEditor.write(bare, new SpecEditor.Accounts(List.of("example.com"), users("alice@example.com", OLD),
                Map.of("info@example.com", List.of("alice@example.com"))));
        ServerSpec s = SpecReader.read(r.text());
        assertThat(s.domains()).containsExactly("example.com");
        assertThat(s.users()).singleElement().satisfies(u -> assertThat(u.passwordHash()).isEqualTo(OLD));
        assertThat(s.aliases()).containsOnlyKeys("info@example.com");
    }

    @Test
    void changesNothingWhenTheSpecAlreadySaysIt() {
        SpecEditor.Result r = SpecEditor.write(FLOW, new SpecEditor.Accounts(List.of("example.com"), users("alice@example.com", OLD),
                Map.of("info@example.com", List.of("alice@example.com"))));
        assertThat(r.changes()).isEmpty();
        assertThat(r.text()).isEqualTo(FLOW);
    }

    @Test
    void aPulledCatchAllIsWrittenQuotedAndReadsBack() {
        MailTables server = AccountMerge.merge(SpecReader.read(FLOW), MailTables.parse("", "# t\n", "# t\n")).after()
                .putAlias("@example.com", List.of("alice@example.com"));
        AccountMerge.SpecAccounts pulled = AccountMerge.pull(server, List.of("alice@example.com"));
        for (String spec : List.of(FLOW, BLOCK)) {
            SpecEditor.Result r = SpecEditor.write(spec, new SpecEditor.Accounts(pulled.domains(), pulled.users(), pulled.aliases()));
            assertThat(r.text()).contains("\"@example.com\": alice@example.com");
            assertThat(SpecReader.read(r.text()).aliases()).containsEntry("@example.com", List.of("alice@example.com"));
        }
    }

    @Test
    void aPulledSpecMergesIntoItsServerWithoutAChangeOrAKeptNote() {
        MailTables fresh = MailTables.parse("", "# t\n", "# t\n");
        ServerSpec first = SpecReader.read(FLOW);
        MailTables server = AccountMerge.merge(first, fresh).after()
                .addMailbox("bob@example.com", OLD).setPasswordHash("alice@example.com", NEW)
                .addDomain("example.org", "bob@example.com").putAlias("sales@example.com", List.of("bob@example.com"));
        AccountMerge.SpecAccounts pulled = AccountMerge.pull(server, List.of("alice@example.com"));
        ServerSpec spec = SpecReader.read(SpecEditor.write(FLOW, new SpecEditor.Accounts(pulled.domains(), pulled.users(), pulled.aliases())).text());
        AccountMerge.Result again = AccountMerge.merge(spec, server);
        assertThat(again.changes()).isEmpty();
        assertThat(again.notes()).isEmpty();
        assertThat(spec.aliases()).as("required aliases that merge would make anyway are left out")
                .doesNotContainKey("postmaster@example.com").containsKey("postmaster@example.org");
        // and on a fresh server (a move) the pulled spec makes the same accounts
        MailTables moved = AccountMerge.merge(spec, fresh).after();
        assertThat(moved.credentials().entries()).containsExactlyInAnyOrderElementsOf(server.credentials().entries());
        assertThat(moved.aliases()).containsExactlyInAnyOrderElementsOf(server.aliases());
        assertThat(moved.domainList()).containsExactlyElementsOf(server.domainList());
    }

    @Test
    void pullWritesTheServersQuotasInEitherStyleAndThenTheMergeHasNoNote() {
        org.mailwright.model.QuotaSize twoG = org.mailwright.model.QuotaSize.parse("x", "2G");
        org.mailwright.model.QuotaSize oneG = org.mailwright.model.QuotaSize.parse("x", "1G");
        for (String spec : List.of(FLOW, BLOCK.replace("  - old.example   # gone from the server\n", ""))) {
            ServerSpec first = SpecReader.read(spec);
            MailTables server = AccountMerge.merge(first, MailTables.parse("", "# t\n", "# t\n")).after()
                    .setQuota("alice@example.com", java.util.Optional.of(twoG), true);
            org.mailwright.accounts.QuotasFile defaults = org.mailwright.accounts.QuotasFile.empty().with("example.com", java.util.Optional.of(oneG));
            AccountMerge.SpecAccounts pulled = AccountMerge.pull(server, List.of("alice@example.com"));
            SpecEditor.Result r = SpecEditor.write(spec, new SpecEditor.Accounts(pulled.domains(), pulled.users(), pulled.aliases(),
                    pulled.quotas(), defaults.defaults()));
            assertThat(r.changes()).contains("~ quota of alice@example.com (2G)", "~ default quota of example.com (1G)");
            ServerSpec after = SpecReader.read(r.text());
            assertThat(after.users().get(0).quota()).contains(twoG);
            assertThat(after.quotas()).containsEntry("example.com", oneG);
            AccountMerge.Result merge = AccountMerge.merge(after, server, defaults, true);
            assertThat(merge.changes()).isEmpty();
            assertThat(merge.notes()).noneMatch(n -> n.contains("quota"));
            // and pulling again changes nothing
            assertThat(SpecEditor.write(r.text(), new SpecEditor.Accounts(pulled.domains(), pulled.users(), pulled.aliases(),
                    pulled.quotas(), defaults.defaults())).changes()).isEmpty();
            // a quota taken away on the server is taken out of the spec
            AccountMerge.SpecAccounts none = AccountMerge.pull(server.setQuota("alice@example.com", java.util.Optional.empty(), true), List.of());
            SpecEditor.Result cleared = SpecEditor.write(r.text(), new SpecEditor.Accounts(none.domains(), none.users(), none.aliases(),
                    none.quotas(), Map.of()));
            assertThat(cleared.changes()).contains("~ quota of alice@example.com (no limit)", "- default quota of example.com (not on the server)");
            assertThat(SpecReader.read(cleared.text()).users().get(0).quota()).isEmpty();
            assertThat(SpecReader.read(cleared.text()).quotas()).isEmpty();
        }
    }
}
