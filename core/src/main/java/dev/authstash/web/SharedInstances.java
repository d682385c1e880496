package dev.authstash.web;

import dev.authstash.Authstash;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Adapter plumbing, not for applications: the {@link Authstash} of each web application, keyed by its class
 * loader, so that adapters started separately (the servlet listener, a JAX-RS feature the runtime instantiates
 * by class name) share one instance instead of building a second one with split counters. The servlet listener
 * publishes its instance and removes it when the application stops.
 */
public final class SharedInstances {
    private static final Map<ClassLoader, Authstash> BY_LOADER = new WeakHashMap<>();

    private SharedInstances() {}

    /** Publishes {@code authstash} for the application whose class loader is {@code loader}. */
    public static synchronized void publish(ClassLoader loader, Authstash authstash) {
        if (loader != null) {
            BY_LOADER.put(loader, authstash);
        }
    }

    /** Removes {@code authstash} if it is the one published for {@code loader}. */
    public static synchronized void remove(ClassLoader loader, Authstash authstash) {
        if (loader != null && BY_LOADER.get(loader) == authstash) {
            BY_LOADER.remove(loader);
        }
    }

    /** The instance published for exactly {@code loader}; null if none. */
    public static synchronized Authstash find(ClassLoader loader) {
        return loader == null ? null : BY_LOADER.get(loader);
    }
}
