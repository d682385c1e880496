package dev.authstash.client;

import dev.authstash.metrics.MetricsListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy doctor: notices at run time that the client address is probably wrong, because of how the proxies in
 * front of the application are (not) configured, and says so — one WARN per cause (again at most once an hour),
 * {@link #findings()} for {@code Authstash.health()}, and {@link MetricsListener#ipDiagnosis} per examined request
 * that shows a cause. The causes ({@link Cause}):
 * <ul>
 * <li>{@link Cause#UNTRUSTED_PEER}: forwarded headers ({@link #FORWARDED_HEADERS}) from a peer that is not in
 * {@code advanced.ipAddress.trustedProxies} (ignored, so the peer is the key);</li>
 * <li>{@link Cause#SHARED_BUCKET}: most recent requests come from one or two peers, carry forwarded headers, and are
 * keyed on the peer (every client behind it in one bucket: the lock-everyone-out symptom);</li>
 * <li>{@link Cause#UNUSABLE_CHAIN}: a trusted proxy whose listed header names nobody (every hop trusted, or a hop
 * that is not an address);</li>
 * <li>{@link Cause#UNLISTED_HEADER}: a trusted proxy that sends a forwarded header, but none of
 * {@code advanced.ipAddress.ipAddressHeaders}.</li>
 * </ul>
 * A request without forwarded headers is never a symptom. A cause needs {@link #MIN_SAMPLES} examined requests in
 * the window (and {@link Cause#SHARED_BUCKET} {@link #MIN_SHARED_SAMPLES} and half of the window), so one stray
 * header is no alarm.
 *
 * <p>Cost: no storage call. Every request of the first {@link #WARM_UP} is examined, later one in
 * {@link #SAMPLE_EVERY} (chosen with {@link ThreadLocalRandom}); a request not examined costs one volatile read and
 * one random number. An examined request reads the headers of {@link #FORWARDED_HEADERS} and writes one slot of a
 * ring of {@link #WINDOW} samples (one atomic increment; per-cause counts kept exact with the replaced sample), O(1).
 * The ring is scanned (O({@link #WINDOW})) only when a count crosses its threshold — at most once a second, by one
 * thread at a time ({@code tryLock}-like flag, nobody waits) — and by {@link #findings()}. Memory is bounded by the
 * ring. Samples older than ten minutes do not count. Thread-safe, never throws for request data.
 */
public final class ProxyDoctor {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyDoctor.class);

    /** Forwarded-address headers the doctor looks for, lower case. */
    public static final List<String> FORWARDED_HEADERS = List.of("x-forwarded-for", "forwarded", "x-real-ip",
            "cf-connecting-ip", "true-client-ip", "fastly-client-ip", "x-client-ip", "x-cluster-client-ip",
            "fly-client-ip", "x-envoy-external-address", "x-original-forwarded-for", "x-appengine-user-ip");
    /** Requests examined one by one before sampling starts. */
    public static final int WARM_UP = 1024;
    /** After the warm-up, one request in this many is examined. */
    public static final int SAMPLE_EVERY = 8;
    /** Examined requests kept (a ring: the newest replace the oldest). */
    public static final int WINDOW = 512;
    /** Examined requests showing a cause before it is reported. */
    public static final int MIN_SAMPLES = 5;
    /** Examined requests keyed on a few peers despite forwarded headers before {@link Cause#SHARED_BUCKET}. */
    public static final int MIN_SHARED_SAMPLES = 20;

    private static final long MAX_AGE_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final long WARN_EVERY_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final long SCAN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Why the client address is probably wrong; {@link #tag()} is the metric tag. */
    public enum Cause {
        /** Forwarded headers from a peer that is not a trusted proxy. */
        UNTRUSTED_PEER,
        /** Most traffic from a few peers, with forwarded headers, keyed on the peer: one shared bucket. */
        SHARED_BUCKET,
        /** A trusted proxy whose listed header names nobody (all hops trusted, or garbage). */
        UNUSABLE_CHAIN,
        /** A trusted proxy sending a forwarded header that is not in {@code ipAddressHeaders}. */
        UNLISTED_HEADER;

        /** Lower case, e.g. {@code untrusted_peer}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One cause found in the window.
     *
     * @param cause   what is wrong
     * @param peers   the peer addresses concerned (most frequent first, at most three)
     * @param header  the forwarded header seen (lower case, one of {@link #FORWARDED_HEADERS} or a listed one)
     * @param samples examined requests in the window that show it
     * @param message what the WARN says: the peer and the configuration line to add
     */
    public record Finding(Cause cause, List<String> peers, String header, int samples, String message) {
        public Finding {
            peers = List.copyOf(peers);
        }
    }

    /** One examined request. {@code flags} per {@link Cause} ordinal; {@code header} index into the doctor's list. */
    private record Sample(String peer, int flags, int header, long at) {}

    private static final int SHARED = 1 << Cause.SHARED_BUCKET.ordinal();

    private final ClientIpResolver resolver;
    private final MetricsListener metrics;
    private final LongSupplier nanoTime;
    private final List<String> headers; // the listed headers first, then the others of FORWARDED_HEADERS
    private final int listed;
    private final AtomicReferenceArray<Sample> ring = new AtomicReferenceArray<>(WINDOW);
    private final AtomicLong next = new AtomicLong();
    private final AtomicIntegerArray counts = new AtomicIntegerArray(Cause.values().length);
    private final AtomicLongArray warned = new AtomicLongArray(Cause.values().length);
    private final AtomicBoolean scanning = new AtomicBoolean();
    private final AtomicLong lastScan = new AtomicLong();
    private volatile boolean sampling;

    public ProxyDoctor(ClientIpResolver resolver, MetricsListener metrics) {
        this(resolver, metrics, System::nanoTime);
    }

    /** @param nanoTime monotonic time source (tests) */
    public ProxyDoctor(ClientIpResolver resolver, MetricsListener metrics, LongSupplier nanoTime) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        LinkedHashSet<String> names = new LinkedHashSet<>(resolver.headerNames());
        this.listed = names.size();
        names.addAll(FORWARDED_HEADERS);
        this.headers = List.copyOf(names);
        long now = nanoTime.getAsLong();
        for (int i = 0; i < warned.length(); i++) {
            warned.set(i, now - WARN_EVERY_NANOS - 1);
        }
        lastScan.set(now - SCAN_EVERY_NANOS - 1);
    }

    /**
     * Looks at one request (or not, once sampling has started): its TCP peer, its headers and the client key the
     * resolver gave it. Never throws.
     *
     * @param headers every value of a header by lower-case name (null or empty when absent)
     */
    public void observe(String peer, Function<String, List<String>> headers, String client) {
        if (client == null || peer == null) {
            return; // IP tracking off, or no peer: nothing to diagnose
        }
        if (sampling && ThreadLocalRandom.current().nextInt(SAMPLE_EVERY) != 0) {
            return;
        }
        try {
            examine(peer, headers, client);
        } catch (RuntimeException e) { // a bug here must never fail a request
            LOG.debug("authstash: proxy doctor failed: {}", e.toString());
        }
    }

    /** The same view of one request: what the doctor would classify it as, for the diagnostic. */
    public Explanation explain(String peer, Function<String, List<String>> headers, String client) {
        int header = firstPresent(headers, 0, this.headers.size());
        boolean trusted = resolver.isTrustedProxy(peer);
        String peerKey = resolver.resolve(peer, name -> null);
        boolean onPeer = client != null && client.equals(peerKey);
        int flags = header < 0 ? 0 : classify(trusted, firstPresent(headers, 0, listed) >= 0, onPeer);
        return new Explanation(trusted, onPeer, header < 0 ? null : this.headers.get(header), flags);
    }

    /**
     * What {@link #explain} found.
     *
     * @param peerTrusted whether the peer is in {@code trustedProxies}
     * @param keyedOnPeer whether the client key is the peer's (no header named a client)
     * @param header      the first forwarded header present (listed ones first), or null
     * @param flags       one bit per {@link Cause} ordinal the request shows on its own
     */
    public record Explanation(boolean peerTrusted, boolean keyedOnPeer, String header, int flags) {
        /** Whether the request on its own shows {@code cause}. */
        public boolean shows(Cause cause) {
            return (flags & (1 << cause.ordinal())) != 0;
        }
    }

    private void examine(String peer, Function<String, List<String>> lookup, String client) {
        int header = firstPresent(lookup, 0, headers.size());
        int flags = 0;
        if (header >= 0) {
            boolean trusted = resolver.isTrustedProxy(peer);
            String peerKey = resolver.resolve(peer, name -> null);
            boolean listedPresent = header < listed; // listed headers come first: the first present one says it
            flags = classify(trusted, listedPresent, client.equals(peerKey));
            for (Cause c : Cause.values()) {
                if ((flags & (1 << c.ordinal())) != 0) {
                    metrics.ipDiagnosis(c.tag());
                }
            }
        }
        long now = nanoTime.getAsLong();
        long n = next.getAndIncrement();
        if (n + 1 >= WARM_UP && !sampling) {
            sampling = true;
        }
        Sample old = ring.getAndSet((int) (n % WINDOW), new Sample(flags == 0 ? null : literal(peer), flags, header, now));
        boolean crossed = false;
        for (Cause c : Cause.values()) {
            int bit = 1 << c.ordinal();
            int delta = ((flags & bit) != 0 ? 1 : 0) - (old != null && (old.flags & bit) != 0 ? 1 : 0);
            if (delta != 0) {
                int count = counts.addAndGet(c.ordinal(), delta);
                crossed |= delta > 0 && count >= threshold(c) && now - warned.get(c.ordinal()) > WARN_EVERY_NANOS;
            }
        }
        if (crossed && now - lastScan.get() > SCAN_EVERY_NANOS && scanning.compareAndSet(false, true)) {
            try {
                lastScan.set(now);
                for (Finding f : scan(now)) {
                    warnOnce(f, now);
                }
            } finally {
                scanning.set(false);
            }
        }
    }

    private static int classify(boolean trusted, boolean listedPresent, boolean onPeer) {
        int flags = 0;
        if (!trusted) {
            flags |= 1 << Cause.UNTRUSTED_PEER.ordinal();
        } else if (!listedPresent) {
            flags |= 1 << Cause.UNLISTED_HEADER.ordinal();
        } else if (onPeer) {
            flags |= 1 << Cause.UNUSABLE_CHAIN.ordinal();
        }
        if (onPeer) {
            flags |= SHARED;
        }
        return flags;
    }

    private static int threshold(Cause c) {
        return c == Cause.SHARED_BUCKET ? MIN_SHARED_SAMPLES : MIN_SAMPLES;
    }

    private void warnOnce(Finding f, long now) {
        int i = f.cause().ordinal();
        long last = warned.get(i);
        if (now - last > WARN_EVERY_NANOS && warned.compareAndSet(i, last, now)) {
            LOG.warn(f.message());
        }
    }

    /** The causes in the window now (samples of the last ten minutes), each once; scans the ring. */
    public List<Finding> findings() {
        return scan(nanoTime.getAsLong());
    }

    private List<Finding> scan(long now) {
        int total = 0;
        int[] perCause = new int[Cause.values().length];
        List<Map<String, Integer>> peers = new ArrayList<>();
        List<Map<Integer, Integer>> headerCounts = new ArrayList<>();
        for (int c = 0; c < perCause.length; c++) {
            peers.add(new HashMap<>());
            headerCounts.add(new HashMap<>());
        }
        for (int i = 0; i < WINDOW; i++) {
            Sample s = ring.get(i);
            if (s == null || now - s.at > MAX_AGE_NANOS) {
                continue;
            }
            total++;
            for (int c = 0; c < perCause.length; c++) {
                if ((s.flags & (1 << c)) != 0) {
                    perCause[c]++;
                    peers.get(c).merge(s.peer, 1, Integer::sum);
                    headerCounts.get(c).merge(s.header, 1, Integer::sum);
                }
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Cause c : Cause.values()) {
            int n = perCause[c.ordinal()];
            List<String> top = top(peers.get(c.ordinal()), 3);
            String header = headers.get(top(headerCounts.get(c.ordinal())));
            if (c == Cause.SHARED_BUCKET) {
                List<String> few = top(peers.get(c.ordinal()), 2);
                int fromFew = 0;
                for (String p : few) {
                    fromFew += peers.get(c.ordinal()).get(p);
                }
                if (n >= MIN_SHARED_SAMPLES && fromFew * 2 >= total) {
                    out.add(new Finding(c, few, header, fromFew, message(c, few, header, fromFew * 100 / total)));
                }
            } else if (n >= MIN_SAMPLES) {
                out.add(new Finding(c, top, header, n, message(c, top, header, 0)));
            }
        }
        return List.copyOf(out);
    }

    private static List<String> top(Map<String, Integer> counts, int k) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(k).map(Map.Entry::getKey).toList();
    }

    private static int top(Map<Integer, Integer> counts) {
        return counts.entrySet().stream().max(Comparator.comparing(Map.Entry<Integer, Integer>::getValue))
                .map(Map.Entry::getKey).orElse(0);
    }

    private String message(Cause c, List<String> peers, String header, int percent) {
        String peer = peers.isEmpty() ? "?" : peers.get(0);
        String list = quoted(peers);
        String plain = String.join(",", peers);
        String headersLine = header.equals("x-forwarded-for") || resolver.headerNames().contains(header) ? ""
                : ", \"ipAddressHeaders\": [\"" + header + "\"]";
        String bootHeaders = headersLine.isEmpty() ? "" : " and authstash.advanced.ip-address.ip-address-headers="
                + header;
        return switch (c) {
            case UNTRUSTED_PEER -> "authstash: requests from " + peer + " carry forwarded headers (" + header
                    + "), but " + peer + " is not in advanced.ipAddress.trustedProxies, so the header is ignored and"
                    + " every client behind " + peer + " is keyed on " + peer + ". If " + peer + " is your proxy or"
                    + " load balancer, add it: \"advanced\": {\"ipAddress\": {\"trustedProxies\": [" + quoted(List.of(peer))
                    + "]" + headersLine + "}} (Spring Boot: authstash.advanced.ip-address.trusted-proxies=" + peer
                    + bootHeaders + "). If it is not, a client sends these headers itself: nothing to change.";
            case SHARED_BUCKET -> "authstash: " + percent + "% of recent requests come from " + plain
                    + " with forwarded headers (" + header + ") but are keyed on the peer: all their clients share one"
                    + " rate-limit bucket, so a few failed sign-ins from anyone lock everyone out. If " + plain
                    + (peers.size() == 1 ? " is your proxy, add it" : " are your proxies, add them") + ": \"advanced\": {\"ipAddress\": {\"trustedProxies\": [" + list + "]"
                    + headersLine + "}} (Spring Boot: authstash.advanced.ip-address.trusted-proxies=" + plain
                    + bootHeaders + ").";
            case UNUSABLE_CHAIN -> "authstash: requests from trusted proxy " + peer + " carry " + header
                    + " whose hops are all trusted proxies or not addresses, so no client is named and they are keyed"
                    + " on " + peer + ". List only your proxies, never the clients' range: \"advanced\": {\"ipAddress\":"
                    + " {\"trustedProxies\": [" + quoted(List.of(peer)) + "]}} (Spring Boot:"
                    + " authstash.advanced.ip-address.trusted-proxies=" + peer + "), and have " + peer + " append the"
                    + " client's address (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for).";
            case UNLISTED_HEADER -> "authstash: trusted proxy " + peer + " sends " + header + " but none of"
                    + " advanced.ipAddress.ipAddressHeaders " + resolver.headerNames() + ", so its requests are keyed on "
                    + peer + ". If " + peer + " sets " + header + " itself, list it: \"advanced\": {\"ipAddress\":"
                    + " {\"ipAddressHeaders\": [\"" + header + "\"]}} (Spring Boot:"
                    + " authstash.advanced.ip-address.ip-address-headers=" + header + ").";
        };
    }

    private static String quoted(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (String v : values) {
            out.append(out.length() == 0 ? "" : ", ").append('"').append(v).append('"');
        }
        return out.toString();
    }

    /** The index of the first header in {@code [from, to)} of the doctor's list that is present, or -1. */
    private int firstPresent(Function<String, List<String>> lookup, int from, int to) {
        if (lookup == null) {
            return -1;
        }
        for (int i = from; i < to; i++) {
            if (ForwardedHops.present(lookup.apply(headers.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    /** The headers the doctor looks at: the listed ones first, then the rest of {@link #FORWARDED_HEADERS}. */
    public List<String> headerNames() {
        return headers;
    }

    /**
     * A peer as an address literal (IPv6 in full, not its subnet: what {@code trustedProxies} takes), safe for a log
     * line; anything that is not an address as at most 64 characters of {@code [A-Za-z0-9.:-]}, others {@code _}.
     */
    public static String literal(String peer) {
        byte[] bytes = ForwardedHops.address(peer);
        if (bytes != null) {
            return IpLiteral.format(IpLiteral.unmap(bytes));
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(peer.length(), 64); i++) {
            char ch = peer.charAt(i);
            out.append(Character.isLetterOrDigit(ch) && ch < 128 || ".:-".indexOf(ch) >= 0 ? ch : '_');
        }
        return out.length() == 0 ? "unknown" : out.toString();
    }
}
