package dev.authstash.sample;

import dev.authstash.Authstash;
import jakarta.servlet.ServletContext;
import java.util.function.Supplier;

/**
 * What the endpoints share ({@code baseUrl}: where e-mail links point, known once the port is bound; {@code adminToken}:
 * {@code ADMIN_TOKEN}, empty = no admin endpoints), published as the servlet-context attribute {@value #ATTRIBUTE} by
 * {@link SampleApp} before the web application starts.
 */
record Services(Authstash authstash, Users users, Outbox outbox, Supplier<String> baseUrl,
                dev.authstash.session.SessionDatabase sessionDatabase, String adminToken) {
    static final String ATTRIBUTE = "dev.authstash.sample.Services";

    static Services of(ServletContext context) {
        Object value = context.getAttribute(ATTRIBUTE);
        if (!(value instanceof Services services)) {
            throw new IllegalStateException("context attribute " + ATTRIBUTE + " is not set; start through SampleApp");
        }
        return services;
    }
}
