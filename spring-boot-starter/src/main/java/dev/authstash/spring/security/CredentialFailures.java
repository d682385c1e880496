package dev.authstash.spring.security;

import dev.authstash.servlet.RateLimitFilter;
import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Spring Security's bad-credentials events as failed answers for authstash's failure counting: a form login that
 * fails answers a redirect (302 to {@code /login?error}), which no {@code "count": [401]} rule would count; the event
 * (published by Spring Security's {@code ProviderManager} on the request's thread) marks the request so that the
 * rate-limit filter counts the answer as 401. Only bad credentials: a locked, disabled or expired account was not a
 * password guess. Works for any login that authenticates through the {@code AuthenticationManager} (form, JSON, a
 * custom {@code AuthenticationFailureHandler}).
 */
final class CredentialFailures implements ApplicationListener<AuthenticationFailureBadCredentialsEvent> {
    @Override
    public void onApplicationEvent(AuthenticationFailureBadCredentialsEvent event) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
            request.getRequest().setAttribute(RateLimitFilter.ANSWER_STATUS_ATTRIBUTE, 401);
        }
    }
}
