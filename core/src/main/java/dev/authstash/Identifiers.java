package dev.authstash;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one canonical form of an account identifier (an e-mail address, a user name, a phone number), shared by the
 * rate limiter and the application. {@code body:<field>} rate-limit keys count the canonical form of the field, so
 * an application that looks accounts up (and stores them at sign-up) by {@link #canonical(String)} counts every
 * spelling of one account in one bucket: {@code " Bo@Example.com"}, {@code "bo@example.com\u0001"},
 * {@code "bo@exam\u200Bple.com"} and {@code "ｂｏ@example.com"} (full-width) are all {@code "bo@example.com"}.
 *
 * <p>The canonical form, applied until it no longer changes (at most a few rounds):
 * <ol>
 *   <li>every <em>invisible</em> character is removed (see {@link #isInvisible(int)}): Unicode general categories
 *       {@code Cc} (controls, tab and line breaks included), {@code Cf} (format: zero-width space and joiners, bidi
 *       controls, soft hyphen, byte-order mark, tag characters), {@code Cs} (lone surrogates), and the remaining
 *       {@code Default_Ignorable_Code_Point}s that are not {@code Cf}: the combining grapheme joiner U+034F,
 *       Hangul fillers U+115F, U+1160, U+3164, U+FFA0, Khmer vowels U+17B4–U+17B5, Mongolian free variation
 *       selectors U+180B–U+180F, variation selectors U+FE00–U+FE0F and U+E0100–U+E01EF, U+1BCA0–U+1BCA3,
 *       U+1D173–U+1D17A and the rest of U+E0000–U+E0FFF;</li>
 *   <li>Unicode NFKC normalization (full-width and other compatibility forms become their plain letters, composed
 *       accents equal precomposed ones, U+00A0 and the other fixed-width spaces become U+0020);</li>
 *   <li>lower case with {@link Locale#ROOT} (never the platform locale: a Turkish default would map {@code I}
 *       elsewhere);</li>
 *   <li>leading and trailing Unicode white space removed ({@link String#strip()}).</li>
 * </ol>
 * Interior white space and every visible character stay: whether they are allowed is the application's
 * validation (an e-mail address has none). Look-alikes of different scripts (Cyrillic {@code а} for Latin
 * {@code a}) stay distinct: they are different accounts, and mapping them would merge real ones.
 *
 * <p>An application should refuse, rather than silently clean, input that contains invisible characters
 * ({@link #containsInvisible(String)}; the sample app answers 400): the cleaned value still counts in the right
 * bucket, but a user who typed it did not mean it. Thread-safe, no state.
 */
public final class Identifiers {
    /** Rounds of the canonical form before it is stable; one or two in practice. */
    private static final int MAX_ROUNDS = 8;

    private Identifiers() {}

    /**
     * The canonical form of {@code identifier}, as described on the class; {@code canonical(canonical(x))} equals
     * {@code canonical(x)}. May be empty (an identifier of only invisible characters and white space).
     *
     * @throws NullPointerException for null
     */
    public static String canonical(String identifier) {
        String s = identifier;
        for (int i = 0; i < MAX_ROUNDS; i++) {
            String next = round(s);
            if (next.equals(s)) {
                return s;
            }
            s = next;
        }
        return s;
    }

    /** Whether {@code text} holds any character the canonical form removes as invisible ({@link #isInvisible}). */
    public static boolean containsInvisible(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isInvisible(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /**
     * Whether the canonical form removes code point {@code cp}: categories {@code Cc}, {@code Cf}, {@code Cs}, and
     * the other default-ignorable code points listed on the class.
     */
    public static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE) {
            return true;
        }
        return cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5
                || (cp >= 0x180B && cp <= 0x180F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFFA0
                || (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }

    private static String round(String s) {
        StringBuilder visible = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!isInvisible(cp)) {
                visible.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return Normalizer.normalize(visible, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
    }
}
