package org.mailwright.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two formats of apt sources, what counts as Debian's own, and the rewrite to trixie. */
class AptSourcesTest {
    static final String CLOUD_SOURCES = """
            Types: deb deb-src
            # http://snapshot.debian.org/archive/debian/20250520T000000Z
            URIs: http://deb.debian.org/debian
            Suites: bookworm bookworm-updates bookworm-backports
            Components: main contrib non-free-firmware
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb
            URIs: http://deb.debian.org/debian-security
            Suites: bookworm-security
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
            """;

    static final String OLD_LIST = """
            # deb cdrom:[Debian GNU/Linux 12.5.0 _Bookworm_]/ bookworm main
            deb http://mirrors.digitalocean.com/debian bookworm main   # the provider's mirror
            deb-src http://mirrors.digitalocean.com/debian bookworm main
            deb [arch=amd64] http://security.debian.org/debian-security bookworm-security main non-free-firmware
            deb http://deb.debian.org/debian bookworm-updates main
            """;

    @Test
    void readsDeb822StanzasWithSeveralSuitesAndSkipsComments() {
        List<AptSources.Entry> e = AptSources.parse("/etc/apt/sources.list.d/debian.sources", CLOUD_SOURCES);

        assertThat(e).hasSize(2);
        assertThat(e.get(0).uris()).containsExactly("http://deb.debian.org/debian");
        assertThat(e.get(0).suites()).containsExactly("bookworm", "bookworm-updates", "bookworm-backports");
        assertThat(e.get(1).line()).isEqualTo(8);
        assertThat(e).allMatch(AptSources.Entry::isDebian).allMatch(AptSources.Entry::onBookworm);
    }

    @Test
    void readsOneLineSourcesWithOptionsAndTrailingComments() {
        List<AptSources.Entry> e = AptSources.parse("/etc/apt/sources.list", OLD_LIST);

        assertThat(e).hasSize(4);
        assertThat(e.get(2).suites()).containsExactly("bookworm-security");
        assertThat(e.get(2).components()).containsExactly("main", "non-free-firmware");
        assertThat(e).allMatch(AptSources.Entry::isDebian);
    }

    @Test
    void vendorRepositoriesForDebianAreNotDebiansOwn() {
        String docker = "deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian bookworm stable\n";
        String pgdg = """
                Types: deb
                URIs: https://apt.postgresql.org/pub/repos/apt
                Suites: bookworm-pgdg
                Components: main
                Signed-By: /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc
                """;
        String keyedDebianLookalike = """
                Types: deb
                URIs: https://packages.example.com/debian
                Suites: bookworm
                Components: main
                Signed-By: /etc/apt/keyrings/example.gpg
                """;

        assertThat(AptSources.parse("/etc/apt/sources.list.d/docker.list", docker)).singleElement().matches(x -> !x.isDebian());
        assertThat(AptSources.parse("/etc/apt/sources.list.d/pgdg.sources", pgdg)).singleElement().matches(x -> !x.isDebian());
        assertThat(AptSources.parse("/etc/apt/sources.list.d/x.sources", keyedDebianLookalike)).singleElement().matches(x -> !x.isDebian());
    }

    @Test
    void aDisabledStanzaIsReadAsDisabled() {
        String off = "Types: deb\nURIs: https://download.docker.com/linux/debian\nSuites: bookworm\nComponents: stable\nEnabled: no\n";

        assertThat(AptSources.parse("/etc/apt/sources.list.d/docker.sources", off)).singleElement().matches(x -> !x.enabled());
    }

    @Test
    void anInlineSignedByKeyDoesNotBreakTheStanza() {
        String inline = """
                Types: deb
                URIs: https://repo.example.org/apt
                Suites: bookworm
                Components: main
                Signed-By:
                 -----BEGIN PGP PUBLIC KEY BLOCK-----
                 .
                 mQINBF...
                 -----END PGP PUBLIC KEY BLOCK-----
                """;

        assertThat(AptSources.parse("/etc/apt/sources.list.d/r.sources", inline)).singleElement()
                .satisfies(x -> assertThat(x.signedBy()).get().asString().contains("BEGIN PGP")).matches(x -> !x.isDebian());
    }

    @Test
    void rewritesOnlyTheSuitesToTrixie() {
        assertThat(AptSources.toTrixie("/etc/apt/sources.list.d/debian.sources", CLOUD_SOURCES)).isEqualTo(CLOUD_SOURCES
                .replace("Suites: bookworm bookworm-updates bookworm-backports", "Suites: trixie trixie-updates trixie-backports")
                .replace("Suites: bookworm-security", "Suites: trixie-security"));
        assertThat(AptSources.toTrixie("/etc/apt/sources.list", OLD_LIST)).isEqualTo("""
                # deb cdrom:[Debian GNU/Linux 12.5.0 _Bookworm_]/ bookworm main
                deb http://mirrors.digitalocean.com/debian trixie main   # the provider's mirror
                deb-src http://mirrors.digitalocean.com/debian trixie main
                deb [arch=amd64] http://security.debian.org/debian-security trixie-security main non-free-firmware
                deb http://deb.debian.org/debian trixie-updates main
                """);
    }

    @Test
    void aUriWithTheCodenameInItsPathIsLeftAlone() {
        String line = "deb http://mirror.example.net/bookworm/debian bookworm main\n";

        assertThat(AptSources.toTrixie("/etc/apt/sources.list", line)).isEqualTo("deb http://mirror.example.net/bookworm/debian trixie main\n");
    }

    @Test
    void splitsTheDumpPerFileKeepingEachFilesOwnText() {
        String dump = "@@mailwright-source:/etc/apt/sources.list\n\n@@mailwright-source:/etc/apt/sources.list.d/debian.sources\n"
                + CLOUD_SOURCES + "\n";

        Map<String, String> files = AptSources.splitDump(dump);

        assertThat(files).containsOnlyKeys("/etc/apt/sources.list", "/etc/apt/sources.list.d/debian.sources");
        assertThat(files.get("/etc/apt/sources.list.d/debian.sources")).isEqualTo(CLOUD_SOURCES);
        assertThat(files.get("/etc/apt/sources.list")).isEmpty();
    }
}
