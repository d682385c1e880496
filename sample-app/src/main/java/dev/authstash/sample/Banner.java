package dev.authstash.sample;

import dev.authstash.config.AuthstashConfig;
import dev.authstash.ratelimit.CustomRule;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimitSettings;
import dev.authstash.ratelimit.RuleKey;
import dev.authstash.storage.Storages;
import java.util.function.Function;

/** The start-up text: URL, storage, database, config and the rate-limit rules in force. */
final class Banner {
    private Banner() {}

    /** @param env the environment, which selects the storage when the config names none (see {@link Storages}) */
    static String text(String url, AuthstashConfig config, Function<String, String> env, String configPath,
                       String database) {
        StringBuilder b = new StringBuilder();
        b.append("authstash sample app listening on ").append(url).append('\n');
        b.append("  secondary storage: ").append(Storages.describe(config.secondaryStorage(), env)).append('\n');
        b.append("  database:          ").append(database).append('\n');
        b.append("  config:            ").append(configPath).append('\n');
        b.append(rules(config.basePath(), config.rateLimit()));
        b.append("  ").append(pad("/api/v1/imports")).append(" 2 per 60 s per user (@RateLimit)\n");
        b.append("  try: curl -s ").append(url).append("/api/v1/health\n");
        return b.toString();
    }

    /** Where e-mail links point and whether the dev outbox is served. */
    static String links(String baseUrl, boolean fromEnv, boolean devOutbox) {
        return "  e-mail links:      " + baseUrl + (fromEnv ? " (BASE_URL)" : " (set BASE_URL to the public URL)") + "\n"
                + (devOutbox
                ? "  dev outbox:        ON at /dev/outbox (DEV_OUTBOX=true): anyone who can reach this port reads every"
                        + " reset token and code; never in production\n"
                : "  dev outbox:        off (DEV_OUTBOX=true serves sent e-mails at /dev/outbox, for local demos only)\n");
    }

    static String rules(String basePath, RateLimitSettings r) {
        if (!r.enabled()) {
            return "  rate limits:       disabled (rateLimit.enabled = false)\n";
        }
        StringBuilder b = new StringBuilder("  rate limits per client IP (")
                .append(r.useSecondaryStorage() ? "counters in secondary storage" : "counters in memory").append("):\n");
        for (CustomRule rule : r.customRules()) {
            if (!rule.limited()) {
                b.append("  ").append(pad(basePath + rule.glob())).append(" never limited\n");
            }
            for (RateLimitRule each : rule.rules()) {
                b.append("  ").append(pad(basePath + each.id())).append(' ').append(describe(each)).append('\n');
            }
        }
        if (r.defaultRules()) {
            b.append("  ").append(pad(basePath + "/sign-in*, …")).append(" Better Auth's default rules where none"
                    + " is named (rateLimit.defaultRules)\n");
        }
        if (r.blockCache() && r.useSecondaryStorage()) {
            b.append("  block cache:       on with Redis (refusals repeat locally until their retry time;"
                    + " metric outcome block_cache)\n");
        }
        b.append("  ").append(pad(basePath + "/**")).append(' ').append(describe(r.globalRule()))
                .append(" (global rule)\n");
        return b.toString();
    }

    private static String describe(RateLimitRule rule) {
        String text = rule.max() + " per " + rule.windowSeconds() + " s";
        if (!rule.key().equals(RuleKey.IP)) {
            text += " per " + rule.key().spec();
        }
        if (!rule.methods().isEmpty()) {
            text += " " + String.join(",", rule.methods().stream().sorted().toList());
        }
        if (rule.countsAnswers()) {
            text += rule.countStatuses().equals(RateLimitRule.FAILURES) ? ", failures only"
                    : ", counting " + rule.countStatuses().stream().sorted().toList();
        }
        if (rule.deviceCookie() != null) {
            text += "; devices that signed in before: " + rule.deviceCookie().max() + " per "
                    + rule.deviceCookie().windowSeconds() + " s each";
        }
        return text;
    }

    private static String pad(String s) {
        return String.format("%-30s", s);
    }
}
