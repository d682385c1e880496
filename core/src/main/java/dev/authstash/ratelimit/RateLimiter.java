package dev.authstash.ratelimit;

import dev.authstash.client.Cidr;
import dev.authstash.metrics.MetricsListener;
import dev.authstash.route.RouteTable;
import dev.authstash.storage.CircuitBreaker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point for adapters: picks the rules of a request (custom rules by route glob relative to the base
 * path and HTTP method, else Better Auth's default rules, else the global rule; then the application's
 * {@link RuleSelector}), builds each rule's counter key and asks the store, applying
 * {@link RateLimitSettings#onStorageError()} when it fails. Every rule is one atomic store call (one Redis round
 * trip; none while the block cache holds a refusal). Back-pressure is not an outage: when no pooled storage
 * connection is free ({@link dev.authstash.storage.StorageBusyException}), or, with a circuit breaker, a reply times
 * out while the breaker is still closed, the request is refused with {@link RateLimitUnavailableException} whatever
 * the policy, so a burst never lifts a limit; {@code onStorageError} applies to other failures and while the breaker
 * is open. Thread-safe.
 */
public final class RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final String ID_PREFIX =
            Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36) + '.';
    private static final java.util.concurrent.atomic.AtomicLong NEXT_ID = new java.util.concurrent.atomic.AtomicLong();
    private final String basePath;
    private final RateLimitSettings settings;
    /** The custom rules in force (the file's, or the file's with operator overrides) and their routing table. */
    private volatile Active active;
    private final FailoverStore store;
    private final RuleKeys keys;
    private final RuleSelector selector;
    private final List<Cidr> allow;
    private final List<Cidr> deny;
    /** Whether counters live only in this process (a memory store): keys then need no hashing. */
    private final boolean localKeys;
    /** {@code [settings.globalRule()]}, built once. */
    private final List<RateLimitRule> globalRules;

    private RateLimiter(String basePath, RateLimitSettings settings, RateLimitStore store, Clock clock,
                        CircuitBreaker breaker, MetricsListener metrics, RateLimitHooks hooks) {
        this.basePath = trimBase(Objects.requireNonNull(basePath, "basePath"));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = new RuleKeys(hooks.headerKeys(), hooks.resolvers());
        this.selector = hooks.selector();
        this.active = active(settings.customRules(), store);
        for (CustomRule r : settings.customRules()) {
            if (r.limited() && r.rules().stream().allMatch(rule -> rule.key().uses(RuleKey.Kind.BODY)
                    || rule.key().uses(RuleKey.Kind.PARAM))) {
                LOG.warn("authstash: every rule of rateLimit.customRules.\"{}\" keys on a body field or parameter the"
                        + " client chooses, so a client changing it gets a fresh quota each time; add a rule keyed by ip"
                        + " (several rules on one route all apply)", r.glob());
            }
        }
        this.allow = settings.allow().stream().map(Cidr::parse).toList();
        this.deny = settings.deny().stream().map(Cidr::parse).toList();
        this.localKeys = store instanceof MemoryRateLimitStore;
        this.globalRules = List.of(settings.globalRule());
        this.store = new FailoverStore(Objects.requireNonNull(store, "store"), settings.onStorageError(),
                Objects.requireNonNull(clock, "clock"), breaker, Objects.requireNonNull(metrics, "metrics"),
                settings.blockCache());
        if (store instanceof StorageRateLimitStore) {
            StorageRateLimitStore.requireSupported(settings.globalRule());
        }
    }

    /** Custom rules and their routing table, swapped whole when overrides change. */
    private record Active(List<CustomRule> customRules, RouteTable<CustomRule> routes) {}

    /**
     * Checks {@code rules} as the constructor does (header and resolver keys registered, rules the store can run)
     * and builds their routing table.
     *
     * @throws IllegalArgumentException naming the JSON path of the first rule that cannot run
     */
    private Active active(List<CustomRule> rules, RateLimitStore store) {
        RouteTable.Builder<CustomRule> b = RouteTable.builder();
        for (CustomRule r : rules) {
            b.add(r.glob(), r);
            for (RateLimitRule rule : r.rules()) {
                try {
                    keys.requireRegistered(rule.key());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("rateLimit.customRules.\"" + r.glob() + "\" (rule "
                            + rule.id() + ").key: " + e.getMessage(), e);
                }
                if (store instanceof StorageRateLimitStore) {
                    StorageRateLimitStore.requireSupported(rule);
                }
            }
        }
        return new Active(List.copyOf(rules), b.build());
    }

    /**
     * The custom rules in force: {@code overrides} (operator rules, same shape as {@code rateLimit.customRules})
     * first, then the file's rules for every glob the overrides do not name; {@code null} or empty = the file's.
     * Checked whole before anything changes.
     *
     * @throws IllegalArgumentException as the file's rules would be refused at start-up (naming the JSON path)
     */
    public void applyOverrides(List<CustomRule> overrides) {
        this.active = active(merged(overrides), store.primary());
    }

    /** Checks {@code overrides} as {@link #applyOverrides} would, changing nothing. */
    public void checkOverrides(List<CustomRule> overrides) {
        active(merged(overrides), store.primary());
    }

    private List<CustomRule> merged(List<CustomRule> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return settings.customRules();
        }
        java.util.Set<String> named = new java.util.HashSet<>();
        List<CustomRule> out = new ArrayList<>(overrides);
        overrides.forEach(r -> named.add(r.glob()));
        for (CustomRule r : settings.customRules()) {
            if (!named.contains(r.glob())) {
                out.add(r);
            }
        }
        return out;
    }

    /** The custom rules in force now (the file's, or merged with overrides: {@link #applyOverrides}). */
    public List<CustomRule> customRules() {
        return active.customRules();
    }

    /** The global rule ({@code rateLimit.window}/{@code max}), id {@value RateLimitSettings#GLOBAL_RULE_ID}. */
    public RateLimitRule globalRule() {
        return settings.globalRule();
    }

    /**
     * The rule in force with id {@code id}: a custom rule's ({@code /sign-in/email}, {@code /sign-in/email#2}) or
     * the global rule ({@value RateLimitSettings#GLOBAL_RULE_ID}).
     *
     * @throws IllegalArgumentException when no rule in force has that id
     */
    public RateLimitRule rule(String id) {
        Objects.requireNonNull(id, "rule");
        for (CustomRule r : active.customRules()) {
            for (RateLimitRule rule : r.rules()) {
                if (rule.id().equals(id)) {
                    return rule;
                }
            }
        }
        if (id.equals(settings.globalRule().id())) {
            return settings.globalRule();
        }
        throw new IllegalArgumentException("no rate-limit rule \"" + id + "\" in force (ids: a custom rule's glob,"
                + " glob#2 for its second rule, or \"" + RateLimitSettings.GLOBAL_RULE_ID + "\")");
    }

    /**
     * The counter key of {@code rule} for an operator's {@code key}: the value of the rule's key (an IP — an IPv6
     * client is its group, {@code 2001:db8::/64} —, an account identifier, a user id, a resolver's or header
     * authenticator's value); for a combined key ({@code ip+body:email}) the values of its parts in order, separated
     * by a line feed. Account and body values are taken in canonical form.
     */
    private String operatorKey(RateLimitRule rule, String key) {
        Objects.requireNonNull(key, "key");
        if (rule.key().equals(RuleKey.IP)) {
            if (key.isBlank()) {
                throw new IllegalArgumentException("key is empty");
            }
            return key(rule, key.strip(), "");
        }
        List<RuleKey.Part> parts = rule.key().parts();
        String[] values = parts.size() == 1 ? new String[] {key} : key.split("\n", -1);
        if (values.length != parts.size()) {
            throw new IllegalArgumentException("rule " + rule.id() + " is keyed on " + rule.key().spec() + ": give the "
                    + parts.size() + " values of its parts separated by a line feed");
        }
        StringBuilder client = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            RuleKey.Part p = parts.get(i);
            String v = p.kind().identifier() ? dev.authstash.Identifiers.canonical(values[i]) : values[i].strip();
            if (v.isEmpty()) {
                throw new IllegalArgumentException("key is empty" + (parts.size() == 1 ? "" : " for " + p.spec()));
            }
            client.append(p.spec()).append('=').append(v).append('\n');
        }
        return key(rule, client.toString(), "");
    }

    /**
     * The state of rule {@code ruleId} for the client {@code key} stands for ({@link #operatorKey}), read in one
     * atomic store call without counting anything.
     *
     * @throws IllegalArgumentException for an unknown rule or an empty key
     * @throws UnsupportedOperationException when the store cannot read state (a plain secondary storage cannot for
     *         token buckets and reservations)
     * @throws dev.authstash.storage.StorageException when the store fails
     */
    public RateLimitState state(String ruleId, String key) {
        RateLimitRule rule = rule(ruleId);
        String k = operatorKey(rule, key);
        RateLimitStore.Peek p = store.peek(k, rule);
        long now = store.clock().millis();
        return new RateLimitState(rule.id(), RateLimitKeys.hash(k), rule.max(), p.remaining(),
                java.time.Instant.ofEpochMilli(now + p.resetMs()),
                p.blockedMs() > 0 ? java.time.Instant.ofEpochMilli(now + p.blockedMs()) : null);
    }

    /**
     * Resets rule {@code ruleId}'s counter for the client {@code key} stands for (as {@link #state}), its
     * reservations with it, in one atomic store call; every instance's block cache forgets the key (this one at
     * once, the others at their next feed poll, within about 250 ms).
     *
     * @return the key's hash
     * @throws IllegalArgumentException for an unknown rule or an empty key
     * @throws dev.authstash.storage.StorageException when the store fails
     */
    public String reset(String ruleId, String key) {
        RateLimitRule rule = rule(ruleId);
        String k = operatorKey(rule, key);
        store.reset(k, rule);
        return RateLimitKeys.hash(k);
    }

    /**
     * Keys refused now, latest-ending first, at most {@code max} (and at most
     * {@value RedisRateLimitStore#BLOCKED_MAX}: the store keeps that many, those ending soonest dropped first).
     * One store call. Refusals of a plain secondary storage are not listed.
     *
     * @throws dev.authstash.storage.StorageException when the store fails
     */
    public List<BlockedKey> blocked(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, got " + max);
        }
        return store.blocked(Math.min(max, RedisRateLimitStore.BLOCKED_MAX));
    }

    /**
     * Reads resets published by other instances from {@code feed} (their block caches forget reset keys) and
     * publishes this instance's resets there.
     */
    public void attach(dev.authstash.storage.Feed feed) {
        store.attach(feed);
        feed.subscribe(new dev.authstash.storage.Feed.Listener() {
            @Override
            public void message(String message) {
                if (message.startsWith(FailoverStore.FORGET)) {
                    store.forget(message.substring(FailoverStore.FORGET.length()));
                }
            }

            @Override
            public void lost() {
                store.forgetAll();
            }

            /** DEBUG: a storage outage is logged once by the circuit breaker (and the cookie cache's channel). */
            @Override
            public void channel(boolean down, RuntimeException cause) {
                if (down) {
                    LOG.debug("authstash operations feed unreachable ({}): rate-limit resets and rule overrides made on"
                            + " other instances reach this one once it is back", String.valueOf(cause));
                } else {
                    LOG.debug("authstash operations feed is back: resets and rule overrides from other instances apply"
                            + " again");
                }
            }
        });
    }

    /**
     * @param basePath mount point of the auth routes, e.g. {@code /api/auth}; {@code ""} or {@code "/"} = all paths
     * @param clock    time of the in-process fallback used by {@link OnStorageError#LOCAL}
     * @throws IllegalArgumentException for an invalid glob, or a rule the store cannot run (naming the rule)
     */
    public static RateLimiter create(String basePath, RateLimitSettings settings, RateLimitStore store, Clock clock) {
        return new RateLimiter(basePath, settings, store, clock, null, MetricsListener.NONE, RateLimitHooks.none());
    }

    /**
     * As {@link #create(String, RateLimitSettings, RateLimitStore, Clock)}, with every store call through
     * {@code breaker}: while it is open the limiter applies {@code onStorageError} without touching the store.
     */
    public static RateLimiter create(String basePath, RateLimitSettings settings, RateLimitStore store, Clock clock,
                                     CircuitBreaker breaker) {
        return new RateLimiter(basePath, settings, store, clock, Objects.requireNonNull(breaker, "breaker"),
                MetricsListener.NONE, RateLimitHooks.none());
    }

    /**
     * As {@link #create(String, RateLimitSettings, RateLimitStore, Clock, CircuitBreaker)} with {@code breaker}
     * optional (null = none), telling {@code metrics} the rule and outcome of every decision.
     */
    public static RateLimiter create(String basePath, RateLimitSettings settings, RateLimitStore store, Clock clock,
                                     CircuitBreaker breaker, MetricsListener metrics) {
        return new RateLimiter(basePath, settings, store, clock, breaker, metrics, RateLimitHooks.none());
    }

    /**
     * As above with the application's {@code hooks} (header authenticators, key resolvers, rule selector).
     *
     * @throws IllegalArgumentException also for a header or resolver key part nobody registered (naming the rule)
     */
    public static RateLimiter create(String basePath, RateLimitSettings settings, RateLimitStore store, Clock clock,
                                     CircuitBreaker breaker, MetricsListener metrics, RateLimitHooks hooks) {
        return new RateLimiter(basePath, settings, store, clock, breaker, Objects.requireNonNull(metrics, "metrics"),
                Objects.requireNonNull(hooks, "hooks"));
    }

    /**
     * Whether {@code clientIp} is in {@code rateLimit.deny} (answer 403). An IPv6 client key is its
     * {@code ipv6Subnet} group ({@code 2001:db8::/64}): its network address is what is matched.
     */
    public boolean denied(String clientIp) {
        return !deny.isEmpty() && in(deny, clientIp);
    }

    /** Whether {@code clientIp} (or its IPv6 group's network address) is in {@code rateLimit.allow}. */
    public boolean allowListed(String clientIp) {
        return !allow.isEmpty() && in(allow, clientIp);
    }

    private static boolean in(List<Cidr> list, String clientIp) {
        int slash = clientIp == null ? -1 : clientIp.indexOf('/');
        String address = slash < 0 ? clientIp : clientIp.substring(0, slash);
        return address != null && list.stream().anyMatch(c -> c.contains(address));
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

    /** Storage calls the block cache answered locally since start; -1 when there is no block cache. */
    public long blockCacheSaved() {
        return store.blockCacheSaved();
    }

    /**
     * Counts one request (its path normalized) against every rule that applies to it.
     *
     * @throws RateLimitUnavailableException when the store fails and the policy is {@link OnStorageError#DENY}, or
     *         under back-pressure (any policy)
     * @throws UnreadableBodyException when a rule's {@code body:} key cannot be read from the request (every key
     *         is built before any counter is touched, so nothing is counted)
     */
    public RateLimitVerdict check(KeyRequest request) {
        if (!settings.enabled() || allowListed(request.clientIp())) {
            return RateLimitVerdict.NONE;
        }
        String relative = relative(request.path());
        if (relative == null) {
            return RateLimitVerdict.NONE;
        }
        List<RateLimitRule> rules = rules(relative, request.method());
        String suffix = rules.size() == 1 ? suffix(rules.get(0), relative) : "";
        if (selector != null) {
            rules = selector.select(request, rules);
        }
        if (rules == null || rules.isEmpty()) {
            return RateLimitVerdict.NONE;
        }
        if (rules.size() == 1) { // the common case: no ordering, no key array
            RateLimitRule rule = rules.get(0);
            String client = keys.clientKey(rule.key(), request);
            return client == null ? RateLimitVerdict.NONE : decide(rule, key(rule, client, suffix));
        }
        return decideAll(rules, request, suffix);
    }

    private RateLimitVerdict decide(RateLimitRule rule, String key) {
        if (!rule.countsAnswers()) {
            return new RateLimitVerdict(store.consume(key, rule), List.of(), store);
        }
        String id = reservationId();
        FailoverStore.Reserved r = store.reserve(key, rule, id);
        return new RateLimitVerdict(r.decision(), r.held()
                ? List.of(new RateLimitVerdict.Pending(key, rule, id, r.local())) : List.of(), store);
    }

    /**
     * Several rules: a refused request counts against no further rule and, where the block cache already refuses
     * one of its keys, makes no storage call at all. So the block cache is asked for every key first; then the
     * rules that count every request run before those that count answers, stopping at the first refusal.
     */
    private RateLimitVerdict decideAll(List<RateLimitRule> rules, KeyRequest request, String suffix) {
        String[] ruleKeys = new String[rules.size()];
        for (int i = 0; i < ruleKeys.length; i++) {
            RateLimitRule rule = rules.get(i);
            String client = keys.clientKey(rule.key(), request);
            if (client == null) {
                continue; // the key needs the client IP and there is none (advanced.ipAddress.disableIpTracking)
            }
            ruleKeys[i] = key(rule, client, suffix);
            RateLimitDecision blocked = store.cachedRefusal(ruleKeys[i], rule);
            if (blocked != null) {
                return new RateLimitVerdict(blocked, List.of(), store);
            }
        }
        return decideKeys(rules, ruleKeys);
    }

    /** {@link #decideAll} once the keys are built and the block cache asked (null keys are skipped). */
    private RateLimitVerdict decideKeys(List<RateLimitRule> rules, String[] ruleKeys) {
        RateLimitDecision shown = null;
        List<RateLimitVerdict.Pending> pending = List.of(); // a list only for rules that count answers
        try {
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < ruleKeys.length; i++) {
                    RateLimitRule rule = rules.get(i);
                    if (ruleKeys[i] == null || rule.countsAnswers() != (pass == 1)) {
                        continue;
                    }
                    RateLimitDecision d;
                    if (rule.countsAnswers()) {
                        String id = reservationId();
                        FailoverStore.Reserved r = store.reserve(ruleKeys[i], rule, id);
                        d = r.decision();
                        if (r.held()) {
                            pending = pending.isEmpty() ? new ArrayList<>(2) : pending;
                            pending.add(new RateLimitVerdict.Pending(ruleKeys[i], rule, id, r.local()));
                        }
                    } else {
                        d = store.consume(ruleKeys[i], rule);
                    }
                    shown = shown == null ? d : tighter(shown, d);
                    if (!d.allowed()) {
                        release(pending); // slots taken for this request by earlier rules go back
                        return new RateLimitVerdict(shown, List.of(), store); // counts against no further rule
                    }
                }
            }
        } catch (RuntimeException e) {
            release(pending);
            throw e;
        }
        return new RateLimitVerdict(shown, pending, store);
    }

    /**
     * Counts one request on {@code normalizedPath} for {@code clientKey} (a client IP), every method.
     *
     * @return the decision shown; empty when limiting is disabled, the path lies outside the base path, or its
     *         rule is {@code false}
     */
    public Optional<RateLimitDecision> check(String normalizedPath, String clientKey) {
        Objects.requireNonNull(clientKey, "clientKey");
        return check(KeyRequest.of(null, normalizedPath, clientKey)).decision();
    }

    /**
     * Counts one request against {@code rule} (e.g. from an annotation) for {@code clientKey}; the counter is
     * shared with path checks that select an equal rule for the same IP.
     *
     * @return empty when limiting is disabled
     * @throws RateLimitUnavailableException when the store fails and the policy is {@link OnStorageError#DENY}
     */
    public Optional<RateLimitDecision> check(RateLimitRule rule, String clientKey) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(clientKey, "clientKey");
        return settings.enabled() ? Optional.of(store.consume(key(rule, clientKey, ""), rule))
                : Optional.empty();
    }

    /**
     * Resets {@code rule}'s counter, and the reservations on it, for the client {@code request} stands for: the
     * counter {@link #check(KeyRequest)} would count that request into (the rule's key read from the request as
     * there, e.g. the {@code email} body field of a {@code body:email} rule). For unlocking an account (support
     * staff, a successful password reset or OTP sign-in). Clears the store, the LOCAL fallback's count and this
     * instance's block cache; another instance's block cache may still refuse the key until the refusal it cached
     * ends (at most the window), unless {@code blockCache} is off. Does nothing when limiting is disabled or the
     * key needs a client IP and there is none.
     *
     * @throws dev.authstash.storage.StorageException when the store fails (nothing was reset there)
     */
    public void reset(RateLimitRule rule, KeyRequest request) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(request, "request");
        if (!settings.enabled()) {
            return;
        }
        String client = keys.clientKey(rule.key(), request);
        if (client == null) {
            return;
        }
        String relative = relative(request.path());
        store.reset(key(rule, client, relative == null ? "" : suffix(rule, relative)), rule);
    }

    /**
     * The rules keyed on {@code account} that {@code name} stands for: every such rule of the custom rule whose glob
     * is {@code name} (e.g. {@code /sign-in/email}), else the one rule whose id is {@code name}
     * ({@code /sign-in/email#2}); empty when no rule keyed on {@code account} has that name.
     */
    public List<RateLimitRule> accountRules(String name) {
        Objects.requireNonNull(name, "name");
        List<CustomRule> customRules = active.customRules();
        for (CustomRule r : customRules) {
            if (r.glob().equals(name)) {
                List<RateLimitRule> found = r.rules().stream().filter(RateLimiter::keyedOnAccount).toList();
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        for (CustomRule r : customRules) {
            for (RateLimitRule rule : r.rules()) {
                if (rule.id().equals(name) && keyedOnAccount(rule)) {
                    return List.of(rule);
                }
            }
        }
        return List.of();
    }

    private static boolean keyedOnAccount(RateLimitRule rule) {
        return rule.key().uses(RuleKey.Kind.ACCOUNT);
    }

    /**
     * Counts one attempt at the account {@code request} names ({@link KeyRequest#account()}, canonical) against
     * {@code rules} (from {@link #accountRules}): one atomic store call per rule, exactly as a route rule (a rule
     * counting answers reserves a slot, settled by {@link RateLimitVerdict#completed(int)}). A rule with device
     * cookies counts an attempt from a trusted device ({@code deviceNonce} non-null: the nonce of a valid device
     * cookie for this account) in that device's own bucket ({@link RateLimitRule#deviceRule()}) instead of the
     * account-wide one, and only there.
     *
     * @throws RateLimitUnavailableException as {@link #check(KeyRequest)}
     */
    public RateLimitVerdict attempt(List<RateLimitRule> rules, KeyRequest request, String deviceNonce) {
        Objects.requireNonNull(request, "request");
        if (!settings.enabled() || allowListed(request.clientIp()) || rules.isEmpty()) {
            return RateLimitVerdict.NONE;
        }
        List<RateLimitRule> applied = new ArrayList<>(rules.size());
        String[] ruleKeys = new String[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            RateLimitRule rule = rules.get(i);
            String client = keys.clientKey(rule.key(), request);
            if (deviceNonce != null && rule.deviceCookie() != null && client != null) {
                rule = rule.deviceRule();
                client = client + "device=" + deviceNonce + '\n';
            }
            applied.add(rule);
            if (client == null) {
                continue;
            }
            ruleKeys[i] = key(rule, client, "");
            RateLimitDecision blocked = store.cachedRefusal(ruleKeys[i], rule);
            if (blocked != null) {
                return new RateLimitVerdict(blocked, List.of(), store);
            }
        }
        if (applied.size() == 1 && ruleKeys[0] != null) {
            return decide(applied.get(0), ruleKeys[0]);
        }
        return decideKeys(applied, ruleKeys);
    }

    /**
     * Unlocks an account: resets, each in one atomic store call, the counter (and reservations) of every rule that
     * counts answers ({@code "count"}) and is keyed on the account alone — {@code account}, {@code body:<field>} or
     * both — for {@code canonical} ({@link dev.authstash.Identifiers#canonical} form), in the store, the LOCAL
     * fallback and this instance's block cache. Device buckets are not reset (they are keyed by devices, which end
     * with their window). Rules combining the account with another part ({@code ip+body:email}) are left alone.
     *
     * @return the number of counters reset
     * @throws dev.authstash.storage.StorageException when the store fails
     */
    public int unlock(String canonical) {
        Objects.requireNonNull(canonical, "canonical");
        if (!settings.enabled() || canonical.isEmpty()) {
            return 0;
        }
        KeyRequest account = new KeyRequest() {
            @Override public String method() { return null; }
            @Override public String path() { return null; }
            @Override public String clientIp() { return null; }
            @Override public String bodyField(String field) { return canonical; }
            @Override public String parameter(String name) { return canonical; }
            @Override public String account() { return canonical; }
        };
        int reset = 0;
        for (CustomRule r : active.customRules()) {
            for (RateLimitRule rule : r.rules()) {
                boolean accountOnly = rule.key().parts().stream()
                        .allMatch(p -> p.kind().identifier());
                if (!rule.countsAnswers() || !accountOnly) {
                    continue;
                }
                String client = keys.clientKey(rule.key(), account);
                if (client != null) {
                    store.reset(key(rule, client, ""), rule);
                    reset++;
                }
            }
        }
        return reset;
    }

    /** Better Auth counts each path of its default rules on its own: their keys carry the path. */
    private String suffix(RateLimitRule rule, String relative) {
        return rule.id().startsWith("/") && isDefault(rule, relative) ? "\npath=" + relative : "";
    }

    /** Gives back slots reserved for a request that will not run. */
    private void release(List<RateLimitVerdict.Pending> pending) {
        for (RateLimitVerdict.Pending p : pending) {
            store.settle(p.key(), p.rule(), p.id(), false, p.local());
        }
    }

    /**
     * A reservation id unique among every instance sharing a store: a random 64-bit process prefix (base 36) and
     * a sequence number.
     */
    private static String reservationId() {
        return ID_PREFIX.concat(Long.toString(NEXT_ID.incrementAndGet(), 36));
    }

    /** In-process keys for a memory store; hashed keys for every store that may share or persist them. */
    private String key(RateLimitRule rule, String client, String suffix) {
        return localKeys ? RateLimitKeys.local(rule, client, suffix) : RateLimitKeys.of(rule, client, suffix);
    }

    private boolean isDefault(RateLimitRule rule, String relative) {
        return settings.defaultRules() && active.routes().match(relative).isEmpty() && rule.equals(
                DefaultRules.match(relative, settings.algorithm()));
    }

    /** A refusal beats an allowance; of two refusals the longer wait, of two allowances the fewer left. */
    private static RateLimitDecision tighter(RateLimitDecision a, RateLimitDecision b) {
        if (a.allowed() != b.allowed()) {
            return a.allowed() ? b : a;
        }
        if (!a.allowed()) {
            return b.retryAfterSeconds() > a.retryAfterSeconds() ? b : a;
        }
        return b.remaining() < a.remaining() ? b : a;
    }

    /**
     * The rules the route filters apply to a request for {@code normalizedPath} (inside the application) with
     * {@code method}, before any {@link RuleSelector}: the route's custom rules for the method, else Better Auth's
     * default rule, else the global rule; empty outside {@code basePath}, for an unlimited route, or with rate
     * limiting disabled. For the diagnostic ({@code RequestGate.diagnose}).
     */
    public List<RateLimitRule> rulesFor(String normalizedPath, String method) {
        String relative = relative(normalizedPath);
        return !settings.enabled() || relative == null ? List.of() : rules(relative, method);
    }

    /** The custom rules of the route that apply to the method, else the default rule, else the global rule. */
    private List<RateLimitRule> rules(String relative, String method) {
        Optional<CustomRule> custom = active.routes().match(relative);
        if (custom.isPresent()) {
            if (!custom.get().limited()) {
                return List.of();
            }
            List<RateLimitRule> applying = custom.get().rules().stream()
                    .filter(r -> r.appliesTo(method) && !r.key().uses(RuleKey.Kind.ACCOUNT)).toList();
            if (!applying.isEmpty()) {
                return applying;
            }
        } else if (settings.defaultRules()) {
            RateLimitRule special = DefaultRules.match(relative, settings.algorithm());
            if (special != null) {
                return List.of(special);
            }
        }
        return globalRules;
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
}
