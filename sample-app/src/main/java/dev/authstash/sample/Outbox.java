package dev.authstash.sample;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's stand-in for email: messages "sent" to an address, kept in this process when enabled
 * ({@code DEV_OUTBOX=true}), at most {@value #PER_ADDRESS} per address (the oldest are dropped); when disabled,
 * only the recipient and subject are logged. Thread-safe.
 */
final class Outbox {
    static final int PER_ADDRESS = 50;
    private final Map<String, Deque<Message>> byAddress = new ConcurrentHashMap<>();
    private final boolean enabled;

    Outbox(boolean enabled) {
        this.enabled = enabled;
    }

    /** Whether {@code GET /dev/outbox} is served. */
    boolean enabled() {
        return enabled;
    }

    /** One sent message; {@code token} and {@code otp} are left out of the JSON when null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(String to, String subject, String body, String token, String otp) {}

    void send(Message message) {
        System.out.println("[outbox] to " + message.to() + ": " + message.subject());
        if (!enabled) {
            return;
        }
        Deque<Message> box = byAddress.computeIfAbsent(message.to(), k -> new ArrayDeque<>());
        synchronized (box) {
            box.addLast(message);
            while (box.size() > PER_ADDRESS) {
                box.removeFirst();
            }
        }
    }

    /** Messages to {@code address}, oldest first. */
    List<Message> to(String address) {
        Deque<Message> box = byAddress.get(address);
        if (box == null) {
            return List.of();
        }
        synchronized (box) {
            return List.copyOf(box);
        }
    }
}
