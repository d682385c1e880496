package dev.authstash.ratelimit;

import dev.authstash.storage.Feed;
import dev.authstash.storage.RedisScript;
import dev.authstash.storage.ScriptStorage;
import dev.authstash.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where rate-limit rule overrides live and how every instance learns of them: with Redis (TCP or Upstash REST) a hash
 * {@code {rv}:rules} (version, document, who, when) changed only by a compare-and-set script on the version; every
 * instance's feed poll ({@link Feed}) reads the version in the same call as the stream, so a change is applied
 * everywhere within one poll (about 250 ms) at no cost per request, and after a restart at start-up. Without Redis the
 * overrides live in this process. Each change is logged once at INFO on every instance that applies it. Adapter
 * plumbing behind {@code Authstash}'s override methods. Thread-safe.
 */
public final class OverrideStore implements Feed.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final RedisScript SET = RedisScript.fromResource(OverrideStore.class, "overrides-set.lua");
    private static final RedisScript GET = RedisScript.fromResource(OverrideStore.class, "overrides-get.lua");
    private static final int MAX_ACTOR = 200;

    private final ScriptStorage redis;
    private final RateLimiter limiter;
    private final Function<String, List<CustomRule>> parser;
    private final Clock clock;
    private volatile RuleOverrides current = RuleOverrides.NONE;
    /** The last version read from storage, applied or not (one WARN per version that cannot apply here). */
    private volatile long seen;

    /**
     * @param redis  the shared store, or null (this process only)
     * @param parser reads a customRules document, throwing {@code ConfigException} naming the JSON path
     */
    public OverrideStore(ScriptStorage redis, RateLimiter limiter, Function<String, List<CustomRule>> parser,
                         Clock clock) {
        this.redis = redis;
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RuleOverrides current() {
        return current;
    }

    /**
     * Sets ({@code customRules} non-null) or removes the overrides if their version is still {@code expectedVersion}.
     *
     * @throws dev.authstash.config.ConfigException when the document is invalid (nothing changed)
     * @throws IllegalArgumentException when a rule cannot run here (a header or resolver key nobody registered)
     * @throws RuleOverridesConflictException when the version moved on
     * @throws StorageException when the storage fails (nothing changed, or the change is in storage and every
     *         instance applies it at its next poll)
     */
    public synchronized RuleOverrides set(String customRules, long expectedVersion, String actor) {
        List<CustomRule> rules = customRules == null ? null : parser.apply(customRules);
        limiter.checkOverrides(rules);
        String by = actor(actor);
        long at = clock.millis();
        long version;
        if (redis == null) {
            if (current.version() != expectedVersion) {
                throw new RuleOverridesConflictException(expectedVersion, current.version());
            }
            version = expectedVersion + 1;
        } else {
            Object reply = redis.eval(SET, List.of(Feed.RULES_KEY), List.of(Long.toString(expectedVersion),
                    customRules == null ? "" : customRules, by, Long.toString(at)));
            if (!(reply instanceof List<?> l) || l.size() != 2 || !(l.get(0) instanceof Number ok)
                    || !(l.get(1) instanceof Number v)) {
                throw new StorageException("unexpected rule-overrides script reply: " + reply);
            }
            if (ok.longValue() != 1) {
                throw new RuleOverridesConflictException(expectedVersion, v.longValue());
            }
            version = v.longValue();
        }
        apply(new RuleOverrides(version, customRules, by, Instant.ofEpochMilli(at)), rules);
        return current;
    }

    /** Reads the overrides in storage and applies them if newer than those in force; never throws. */
    public void load() {
        if (redis == null) {
            return;
        }
        try {
            Object reply = redis.eval(GET, List.of(Feed.RULES_KEY), List.of());
            if (!(reply instanceof List<?> l) || l.size() != 4 || l.get(0) == null) {
                return;
            }
            long version = Long.parseLong(text(l.get(0)));
            String rules = text(l.get(1));
            String by = text(l.get(2));
            long at = l.get(3) == null ? 0 : Long.parseLong(text(l.get(3)));
            synchronized (this) {
                if (version <= current.version() || version == seen) {
                    return;
                }
                seen = version;
                RuleOverrides o = new RuleOverrides(version, rules.isEmpty() ? null : rules, by,
                        Instant.ofEpochMilli(at));
                try {
                    apply(o, o.customRules() == null ? null : parser.apply(o.customRules()));
                } catch (RuntimeException e) {
                    LOG.warn("authstash: rate-limit rule overrides version {} (by {}) cannot apply on this instance,"
                            + " the rules in force stay: {}", version, by, e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("rate-limit rule overrides not read: {}", e.toString());
        }
    }

    /** The feed read the version in storage: load when it is not the one in force. */
    @Override
    public void polled(String rulesVersion) {
        if (!rulesVersion.isEmpty() && !rulesVersion.equals(Long.toString(current.version()))
                && !rulesVersion.equals(Long.toString(seen))) {
            load();
        }
    }

    @Override
    public void message(String message) {
        // versions come with every poll, not as messages
    }

    private synchronized void apply(RuleOverrides o, List<CustomRule> rules) {
        if (o.version() <= current.version()) {
            return;
        }
        limiter.applyOverrides(rules);
        current = o;
        seen = Math.max(seen, o.version());
        if (o.active()) {
            LOG.info("authstash: rate-limit rule overrides version {} by {} in force ({} route globs over the"
                    + " configuration's)", o.version(), o.by(), rules.size());
        } else {
            LOG.info("authstash: rate-limit rule overrides removed (version {} by {}): the configuration's rules are"
                    + " in force", o.version(), o.by());
        }
    }

    /** Who, as logged and stored: control characters removed, at most {@value #MAX_ACTOR} characters. */
    private static String actor(String actor) {
        String a = actor == null || actor.isBlank() ? "unknown" : actor.strip().replaceAll("\\p{Cntrl}", "?");
        return a.length() > MAX_ACTOR ? a.substring(0, MAX_ACTOR) : a;
    }

    private static String text(Object o) {
        return o == null ? "" : o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}
