package dev.authstash.web;

import java.util.List;
import java.util.Objects;

/**
 * Browser-facing options: where the application lives, which other origins may send it state-changing
 * requests, and how the session cookie is marked. JSON: top-level {@code baseURL} and {@code trustedOrigins},
 * {@code advanced.useSecureCookies}. See {@code docs/security.md}.
 *
 * @param baseURL          the application's public URL, e.g. {@code https://app.example.com}; its origin is always
 *                         trusted and an {@code https} URL makes cookies {@code Secure}. {@code ""} (default): the
 *                         request's own origin (its scheme and {@code Host}) is trusted instead
 * @param trustedOrigins   further origins ({@code https://admin.example.com}) or globs ({@code https://*.example.com},
 *                         {@code *.example.com} for any scheme); {@code *} never matches {@code /}
 * @param useSecureCookies always mark the session cookie {@code Secure} with the {@code __Secure-} name prefix,
 *                         default {@code false} (then only for HTTPS requests, or an {@code https} {@code baseURL})
 */
public record WebSettings(String baseURL, List<String> trustedOrigins, boolean useSecureCookies) {
    public WebSettings {
        baseURL = Objects.requireNonNullElse(baseURL, "");
        trustedOrigins = List.copyOf(trustedOrigins == null ? List.of() : trustedOrigins);
    }

    public static WebSettings defaults() {
        return new WebSettings("", List.of(), false);
    }

    /** @throws IllegalArgumentException unless {@code url} is {@code ""} or an absolute http(s) URL */
    public static void checkBaseURL(String url) {
        TrustedOrigins.checkBaseURL(url);
    }

    /** @throws IllegalArgumentException unless {@code entry} is an origin or an origin glob */
    public static void checkTrustedOrigin(String entry) {
        TrustedOrigins.checkEntry(entry);
    }
}
