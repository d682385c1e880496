package dev.authstash.ratelimit;

import dev.authstash.metrics.MetricsListener;
import dev.authstash.metrics.MetricsListener.Decision;
import dev.authstash.route.RouteTable;
import dev.authstash.storage.CircuitBreaker;
import dev.authstash.storage.StorageBusyException;
import dev.authstash.storage.StorageException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The one entry point for adapters: picks the rule for a path (custom rule by route glob relative to the base
 * path, else the global rule), builds the counter key and asks the store, applying
 * {@link RateLimitSettings#onStorageError()} when the store fails. Back-pressure is not an outage: when no pooled
 * storage connection is free ({@link StorageBusyException}), or, with a circuit breaker, a reply times out while the
 * breaker is still closed, the request is refused with {@link RateLimitUnavailableException} whatever the policy, so
 * a burst never lifts a limit; {@code onStorageError} applies to other failures and while the breaker is open.
 * Thread-safe.
 */
public final class RateLimiter {
    private final String basePath;
    private final RateLimitSettings settings;
    private final RouteTable<CustomRule> routes;
    private final FailoverStore store;

    private RateLimiter(String basePath, RateLimitSettings settings, RateLimitStore store, Clock clock,
                        CircuitBreaker breaker, MetricsListener metrics) {
        this.basePath = trimBase(Objects.requireNonNull(basePath, "basePath"));
        this.settings = Objects.requireNonNull(settings, "settings");
        RouteTable.Builder<CustomRule> b = RouteTable.builder();
        for (CustomRule r : settings.customRules()) {
            b.add(r.glob(), r);
        }
        this.routes = b.build();
        this.store = new FailoverStore(Objects.requireNonNull(store, "store"), settings.onStorageError(),
                Objects.requireNonNull(clock, "clock"), breaker, Objects.requireNonNull(metrics, "metrics"));
        if (store instanceof StorageRateLimitStore) {
            StorageRateLimitStore.requireSupported(settings.globalRule());
            settings.customRules().stream().filter(CustomRule::limited)
                    .forEach(r -> StorageRateLimitStore.requireSupported(r.rule()));
        }
    }

    /**
     * @param basePath mount point of the auth routes, e.g. {@code /api/auth}; {@code ""} or {@code "/"} = all paths
     * @param clock    time of the in-process fallback used by {@link OnStorageError#LOCAL}
     * @throws IllegalArgumentException for an invalid glob, or a rule the store cannot run (naming the rule)
     */
    public static RateLimiter create(String basePath, RateLimitSettings settings, RateLimitStore store, Clock clock) {
        return new RateLimiter(basePath, settings, store, clock, null, MetricsListener.NONE);
    }

    /**
     * As {@link #create(String, RateLimitSettings, RateLimitStore, Clock)}, with every store call through
     * {@code breaker}: while it is open the limiter applies {@code onStorageError} without touching the store.
     */
    public static RateLimiter create(String basePath, RateLimitSettings settings, RateLimitStore store, Clock clock,
                                     CircuitBreaker breaker) {
        return new RateLimiter(basePath, settings, store, clock, Objects.requireNonNull(breaker, "breaker"),
                MetricsListener.NONE);
    }

    /**
     * As {@link #create(String, RateLimitSettings, RateLimitStore, Clock, CircuitBreaker)} with {@code breaker}
     * optional (null = none), telling {@code metrics} the rule and outcome of every decision.
     */
    public static RateLimiter create(String basePath, RateLimitSettings settings, RateLimitStore store, Clock clock,
                                     CircuitBreaker breaker, MetricsListener metrics) {
        return new RateLimiter(basePath, settings, store, clock, breaker, metrics);
    }

    /**
     * Counts one request on {@code normalizedPath} for {@code clientKey}.
     *
     * @return empty when limiting is disabled, the path lies outside the base path, or its rule is {@code false}
     * @throws RateLimitUnavailableException when the store fails and the policy is {@link OnStorageError#DENY}, or
     *         under back-pressure (any policy)
     */
    public Optional<RateLimitDecision> check(String normalizedPath, String clientKey) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        String relative = relative(normalizedPath);
        if (relative == null) {
            return Optional.empty();
        }
        Optional<CustomRule> custom = routes.match(relative);
        if (custom.isPresent() && !custom.get().limited()) {
            return Optional.empty();
        }
        return Optional.of(consume(custom.map(CustomRule::rule).orElseGet(settings::globalRule), clientKey));
    }

    /**
     * Counts one request against {@code rule} (e.g. from an annotation) for {@code clientKey}; the counter is
     * shared with path checks that select an equal rule.
     *
     * @return empty when limiting is disabled
     * @throws RateLimitUnavailableException when the store fails and the policy is {@link OnStorageError#DENY}, or
     *         under back-pressure (any policy)
     */
    public Optional<RateLimitDecision> check(RateLimitRule rule, String clientKey) {
        Objects.requireNonNull(rule, "rule");
        return settings.enabled() ? Optional.of(consume(rule, clientKey)) : Optional.empty();
    }

    /** Decisions made by {@code onStorageError} (local, allow or deny) instead of the store, since creation. */
    public long fallbackDecisions() {
        return store.fallbacks.sum();
    }

    /**
     * Requests refused (503) under back-pressure since creation: no pooled connection within its wait, or a reply
     * that timed out while the breaker was closed.
     */
    public long busyRefusals() {
        return store.busy.sum();
    }

    /** {@code rateLimit.onStorageError}: what this limiter does when its store fails. */
    public OnStorageError onStorageError() {
        return settings.onStorageError();
    }

    private RateLimitDecision consume(RateLimitRule rule, String clientKey) {
        Objects.requireNonNull(clientKey, "clientKey");
        return store.consume(RateLimitKeys.of(rule, clientKey), rule);
    }

    private String relative(String path) {
        if (path == null) {
            return null;
        }
        if (basePath.isEmpty()) {
            return path.isEmpty() ? "/" : path;
        }
        if (path.equals(basePath)) {
            return "/";
        }
        return path.startsWith(basePath) && path.charAt(basePath.length()) == '/'
                ? path.substring(basePath.length()) : null;
    }

    private static String trimBase(String base) {
        String b = base.trim();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return b;
    }

    /**
     * Applies the storage-error policy: LOCAL decides with an in-process store of this limiter, ALLOW answers
     * allowed (remaining = max, reset 0), DENY throws {@link RateLimitUnavailableException} with a retry-after of
     * min(window, 5) s. A busy store, and a timeout while the breaker is closed, throw
     * {@link RateLimitUnavailableException} (retry after 1 s) under every policy. Logs the first failure (WARN) and
     * the recovery (INFO) once each per outage; with a circuit breaker, through which store calls then go, the
     * breaker logs its state changes and these go to DEBUG (in a cluster with one master down they would alternate
     * with every request). Fallback decisions and busy refusals are counted, and each is summed up in a WARN at most
     * once per {@value #SUMMARY_MILLIS} ms.
     */
    private static final class FailoverStore {
        private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
        private static final long LOCAL_MAX_KEYS = 100_000;
        private static final long DENY_RETRY_SECONDS = 5;
        private static final long SUMMARY_MILLIS = 60_000;
        final LongAdder fallbacks = new LongAdder();
        final LongAdder busy = new LongAdder();
        private final Summary fallbackLog = new Summary();
        private final Summary busyLog = new Summary();
        private final Clock clock;
        private final RateLimitStore primary;
        private final OnStorageError policy;
        private final MemoryRateLimitStore local;
        private final AtomicBoolean failing = new AtomicBoolean();
        private final CircuitBreaker breaker;
        private final MetricsListener metrics;

        FailoverStore(RateLimitStore primary, OnStorageError policy, Clock clock, CircuitBreaker breaker,
                      MetricsListener metrics) {
            this.primary = primary;
            this.metrics = metrics;
            this.breaker = breaker;
            this.clock = clock;
            this.policy = policy;
            this.local = policy == OnStorageError.LOCAL ? new MemoryRateLimitStore(clock, LOCAL_MAX_KEYS) : null;
        }

        RateLimitDecision consume(String key, RateLimitRule rule) {
            RateLimitDecision d;
            try {
                d = breaker == null ? primary.consume(key, rule)
                        : breaker.call("rate_limit", () -> primary.consume(key, rule));
            } catch (StorageException e) {
                if (e instanceof StorageBusyException || slowWhileClosed(e)) {
                    busy.increment();
                    metrics.rateLimit(rule.id(), Decision.BUSY);
                    busyLog.maybeLog(clock, busy, "rate-limit requests refused (503) under back-pressure (pool busy"
                            + " or reply timed out, not an outage)", e);
                    throw new RateLimitUnavailableException("rate-limit store busy", 1, e);
                }
                fallbacks.increment();
                fallbackLog.maybeLog(clock, fallbacks, "rate-limit decisions made by onStorageError="
                        + policy.name().toLowerCase(java.util.Locale.ROOT) + " instead of the store", e);
                if (failing.compareAndSet(false, true)) {
                    LOG.atLevel(breaker == null ? Level.WARN : Level.DEBUG).log("rate-limit store failed, applying"
                            + " onStorageError={} until it recovers: {}", policy, e.toString());
                }
                return fallback(key, rule, e);
            }
            metrics.rateLimit(rule.id(), d.allowed() ? Decision.ALLOWED : Decision.LIMITED);
            if (failing.get() && failing.compareAndSet(true, false)) {
                LOG.atLevel(breaker == null ? Level.INFO : Level.DEBUG).log("rate-limit store recovered");
            }
            return d;
        }

        /** A slow reply (a GC pause, a CPU-starved server) is no outage until it repeats: the breaker decides. */
        private boolean slowWhileClosed(StorageException e) {
            return breaker != null && e.isTimeout() && breaker.state() == CircuitBreaker.State.CLOSED;
        }

        private RateLimitDecision fallback(String key, RateLimitRule rule, StorageException e) {
            switch (policy) {
                case LOCAL -> {
                    metrics.rateLimit(rule.id(), Decision.LOCAL_FALLBACK);
                    return local.consume(key, rule);
                }
                case ALLOW -> {
                    metrics.rateLimit(rule.id(), Decision.ALLOWED_ON_ERROR);
                    return new RateLimitDecision(true, rule, rule.max(), 0, 0);
                }
                default -> {
                    metrics.rateLimit(rule.id(), Decision.DENIED_ON_ERROR);
                    throw new RateLimitUnavailableException("rate-limit store unavailable",
                            Math.min(rule.windowSeconds(), DENY_RETRY_SECONDS), e);
                }
            }
        }
    }

    /** A WARN with a running total, at most once per {@value FailoverStore#SUMMARY_MILLIS} ms of {@code clock}. */
    private static final class Summary {
        private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
        private final AtomicLong nextMillis = new AtomicLong(Long.MIN_VALUE);

        void maybeLog(Clock clock, LongAdder total, String what, StorageException cause) {
            long now = clock.millis();
            long next = nextMillis.get();
            if (now >= next && nextMillis.compareAndSet(next, now + FailoverStore.SUMMARY_MILLIS)) {
                LOG.warn("{}: {} so far; latest cause: {}", what, total.sum(), cause.toString());
            }
        }
    }
}
