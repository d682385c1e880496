package dev.authstash.sample;

import java.util.regex.Pattern;

/** Removes passwords from URLs before they are printed. */
final class Redact {
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*):[^/@]*@");
    private static final Pattern PARAM = Pattern.compile("(?i)((?:[?&;])password=)[^&;]*");

    private Redact() {}

    /** {@code redis://u:secret@h:1} → {@code redis://u:***@h:1}; {@code ...;PASSWORD=x} → {@code ...;PASSWORD=***}. */
    static String url(String url) {
        String s = USER_INFO.matcher(url).replaceAll("$1:***@");
        return PARAM.matcher(s).replaceAll("$1***");
    }
}
