package org.xensv.toolstack.config;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Garbage thrown at the two config file parsers: random token soup in each syntax, and valid files
 * with bytes inserted, deleted or swapped. Each text is either read or refused with a
 * {@link ConfigFileException} listing problems a person can act on; never any other exception.
 */
class ConfigParserFuzzTest {

    private static final String XL = """
            name = "fuzz"
            type = "pv"
            memory = 128
            vcpus = 2; cpu_weight = 512; cap = 50
            on_crash = "preserve"
            kernel = "/boot/vmlinuz"
            extra = "console=hvc0"
            disk = [ 'file:/srv/a.img,xvda,w', 'format=raw, vdev=xvdb, access=ro, target=/srv/b.img' ]
            vif = [ 'mac=00:16:3e:01:02:03, bridge=xenbr0.10, rate=10Mb/s@50ms' ]
            """;

    private static final String XML = """
            <domain type='xen'>
              <name>fuzz</name>
              <uuid>6f8e7a0c-9d5b-4f3e-8a2b-1c0d9e8f7a6b</uuid>
              <memory unit='MiB'>128</memory>
              <vcpu>2</vcpu>
              <cputune><shares>512</shares></cputune>
              <os><type>linux</type><kernel>/boot/vmlinuz</kernel><cmdline>console=hvc0</cmdline></os>
              <on_crash>preserve</on_crash>
              <devices>
                <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/srv/a.img'/><target dev='xvda'/></disk>
                <interface type='bridge'><mac address='00:16:3e:01:02:03'/><source bridge='xenbr0'/><vlan><tag id='10'/></vlan>
                  <bandwidth><outbound average='1250'/></bandwidth></interface>
              </devices>
            </domain>
            """;

    @Property(tries = 2000)
    void anXlCfgTextIsReadOrRefusedWithItsProblems(@ForAll("xlTexts") String text) {
        readOrRefused(() -> XlCfg.parse(text));
    }

    @Property(tries = 2000)
    void aLibvirtXmlTextIsReadOrRefusedWithItsProblems(@ForAll("xmlTexts") String text) {
        readOrRefused(() -> LibvirtXmlReader.read(text));
    }

    private static void readOrRefused(Runnable read) {
        try {
            read.run();
        } catch (ConfigFileException refused) {
            assertThat(refused.problems()).isNotEmpty();
            for (ConfigProblem problem : refused.problems()) {
                assertThat(problem.line()).isNotNegative();
                assertThat(problem.reason()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
            }
        }
    }

    @Provide
    Arbitrary<String> xlTexts() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of(XlCfg.SUPPORTED_KEYS),
                Arbitraries.of("=", ";", ",", "[", "]", "'", "\"", "\n", "#", " ", "\\", "0x", "-", "@", "\"\"\"", "'''",
                        "99999999999999999999999", "-9223372036854775808", "1e400", "NaN", "\u0000", "\uD83D\uDE00", "é", "\u202E"),
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.longs().map(String::valueOf));
        Arbitrary<String> soup = token.list().ofMaxSize(60).map(parts -> String.join("", parts));
        return Arbitraries.oneOf(soup, mutated(XL), Arbitraries.strings().ofMaxLength(300));
    }

    @Provide
    Arbitrary<String> xmlTexts() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of("<domain>", "</domain>", "<name>", "</name>", "<memory unit='GiB'>", "</memory>", "<vcpu>",
                        "</vcpu>", "<devices>", "</devices>", "<disk type='file'>", "</disk>", "<interface type='network'>",
                        "</interface>", "<mac address='zz'/>", "<source file=''/>", "<target dev='x'/>", "<bandwidth>",
                        "<outbound average='-1'/>", "<!DOCTYPE d [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "&e;", "<![CDATA[",
                        "]]>", "<?xml version='1.0'?>", "99999999999999999999", "-1", "'", "\"", "<", ">", "&", "\uD83D\uDE00"),
                Arbitraries.strings().ofMaxLength(10));
        Arbitrary<String> soup = token.list().ofMaxSize(50).map(parts -> String.join("", parts));
        return Arbitraries.oneOf(soup, mutated(XML), Arbitraries.strings().ofMaxLength(300));
    }

    /** A valid file with a few random edits: a character inserted, a span deleted, or a span repeated. */
    private static Arbitrary<String> mutated(String valid) {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, valid.length()),
                Arbitraries.integers().between(0, 40), Arbitraries.chars(), Arbitraries.integers().between(0, 2))
                .as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(5).map(edits -> {
            String text = valid;
            for (Edit e : edits) {
                text = e.apply(text);
            }
            return text;
        });
    }

    private record Edit(int at, int length, char c, int kind) {

        String apply(String text) {
            int from = Math.min(at, text.length());
            int to = Math.min(text.length(), from + length);
            return switch (kind) {
                case 0 -> text.substring(0, from) + c + text.substring(from);
                case 1 -> text.substring(0, from) + text.substring(to);
                default -> text.substring(0, to) + text.substring(from, to) + text.substring(to);
            };
        }
    }
}
