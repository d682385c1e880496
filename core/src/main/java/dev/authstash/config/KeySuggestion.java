package dev.authstash.config;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code unknown key} message: the nearest known key when it is close, else all known keys. */
final class KeySuggestion {
    private KeySuggestion() {}

    static String unknownKey(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.min(3, Math.max(1, best.length() / 3))) {
            return "unknown key; did you mean " + Values.quote(best) + "?";
        }
        if (known.isEmpty()) {
            return "unknown key; no keys are allowed here";
        }
        return "unknown key; expected one of "
                + known.stream().map(Values::quote).collect(Collectors.joining(", "));
    }

    /** Levenshtein distance; long inputs are cut so hostile keys cost little. */
    static int distance(String a, String b) {
        a = a.length() > 64 ? a.substring(0, 64) : a;
        b = b.length() > 64 ? b.substring(0, 64) : b;
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
