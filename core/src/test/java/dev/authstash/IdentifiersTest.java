package dev.authstash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.Cases;
import dev.authstash.testkit.Gen;
import java.text.Normalizer;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The canonical form of account identifiers: fixed examples and seeded properties. */
class IdentifiersTest {
    /** Invisible characters an attacker pads with: Cc, Cf, lone surrogates, other default-ignorables. */
    private static final String[] INVISIBLE = {"\u0000", "\u0001", "\u001f", "\u007f", "\u0085", "\u009f", "\t",
            "\n", "\r", "\u00ad", "\u061c", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e",
            "\u2060", "\u2066", "\u2069", "\ufeff", "\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", "\u180e",
            "\ufe0f", "\ud800", "\udb40\udc20", "\udb40\udc7f", "\udb40\udd00"};
    /** White space the edges lose. */
    private static final String[] BLANK = {" ", "\u00a0", "\u2007", "\u202f", "\u3000", "\u2028", "\u2029", "\u1680"};

    @Test
    void everySpellingOfBoIsOneForm() {
        for (String spelling : new String[] {"bo@example.com", " Bo@Example.COM ", "bo@example.com\u0001",
                "bo@example.com\u0001\u0001\u0001", "\u200bbo@exam\u200dple.com", "\uff42\uff4f@example.com",
                "BO@EXAMPLE.COM\u00a0", "b\u00ado@example.com", "bo@example.com\ufe0f", "\ufeffbo@example.com\r\n",
                "bo@\uff45xample.com", "bo@example.com\udb40\udc01"}) {
            assertThat(Identifiers.canonical(spelling)).as(spelling).isEqualTo("bo@example.com");
        }
        assertThat(Identifiers.canonical("caf\u0065\u0301@x.io")).isEqualTo(Identifiers.canonical("caf\u00e9@x.io"));
        assertThat(Identifiers.canonical("\u0456van@x.io")).as("Cyrillic look-alikes stay other accounts")
                .isNotEqualTo("ivan@x.io");
        assertThat(Identifiers.canonical("Istanbul")).as("Locale.ROOT, not a Turkish default").isEqualTo("istanbul");
        assertThat(Identifiers.canonical(" \u200b\u0001 ")).isEmpty();
        assertThat(Identifiers.containsInvisible("bo@example.com\u0001")).isTrue();
        assertThat(Identifiers.containsInvisible("bo@exa\u200bmple.com")).isTrue();
        assertThat(Identifiers.containsInvisible(" Bo@Example.com ")).isFalse();
        assertThat(Identifiers.containsInvisible("jos\u00e9@ex\u00e4mple.com")).isFalse();
    }

    @Test
    void theFormIsIdempotentHasNoInvisibleCharactersAndIsNfkcLowerAndStripped() {
        Cases.check(2000, gen -> {
            String s = gen.bool() ? gen.string() : spelling(gen, gen.joined(12, "a", "B", "\u00e9", "e\u0301", "@", ".",
                    "\uff21", "\u0130", "\u00df", "\u1e9e", "\u2126", "\ufb01", " ", "1", "\u0663"));
            String c = Identifiers.canonical(s);
            assertThat(Identifiers.canonical(c)).as("idempotent for %s", escaped(s)).isEqualTo(c);
            assertThat(Identifiers.containsInvisible(c)).as("no invisible left in %s", escaped(c)).isFalse();
            assertThat(c).isEqualTo(c.strip());
            assertThat(Normalizer.isNormalized(c, Normalizer.Form.NFKC) || !c.equals(c.toLowerCase(Locale.ROOT)))
                    .as("NFKC unless lower-casing alone undoes it: %s", escaped(c)).isTrue();
            assertThat(c.toLowerCase(Locale.ROOT)).isEqualTo(c);
        });
    }

    @Test
    void paddingCaseAndCompatibilityVariantsOfAnyAddressMapToOneForm() {
        Cases.check(2000, gen -> {
            String local = gen.joined(10, "a", "b", "z", "0", "9", ".", "_", "-", "+", "\u00e9", "\u00f8", "\u4e2d");
            String address = (local.isEmpty() ? "x" : local) + "@" + gen.oneOf("example.com", "b\u00fccher.de", "x.io");
            String canonical = Identifiers.canonical(address);
            String variant = spelling(gen, address);
            assertThat(Identifiers.canonical(variant)).as("%s vs %s", escaped(variant), escaped(address))
                    .isEqualTo(canonical);
        });
    }

    /** {@code text} with random case, full-width letters, decomposed accents, edge blanks and invisible padding. */
    private static String spelling(Gen gen, String text) {
        StringBuilder out = new StringBuilder(gen.joined(3, BLANK));
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            out.append(gen.joined(2, INVISIBLE));
            int pick = gen.between(0, 3);
            if (pick == 1 && cp < 0x80 && Character.isLetter(cp)) {
                out.appendCodePoint(Character.toUpperCase(cp));
            } else if (pick == 2 && cp >= 0x21 && cp <= 0x7e && cp != '@') {
                out.appendCodePoint(cp - 0x21 + 0xff01); // full-width form
            } else if (pick == 3) {
                out.append(Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.append(gen.joined(2, INVISIBLE)).append(gen.joined(3, BLANK)).toString();
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.append('"').toString();
    }
}
