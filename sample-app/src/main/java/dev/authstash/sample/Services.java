package dev.authstash.sample;

import dev.authstash.Authstash;
import jakarta.servlet.ServletContext;

/**
 * What the endpoints share, published as the servlet-context attribute {@value #ATTRIBUTE} by
 * {@link SampleApp} before the web application starts.
 */
record Services(Authstash authstash, Users users, Outbox outbox) {
    static final String ATTRIBUTE = "dev.authstash.sample.Services";

    static Services of(ServletContext context) {
        Object value = context.getAttribute(ATTRIBUTE);
        if (!(value instanceof Services services)) {
            throw new IllegalStateException("context attribute " + ATTRIBUTE + " is not set; start through SampleApp");
        }
        return services;
    }
}
