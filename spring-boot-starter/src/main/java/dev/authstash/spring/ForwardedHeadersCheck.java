package dev.authstash.spring;

import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.env.Environment;

/**
 * Refuses to start a servlet application in which something rewrites the peer address under authstash: the
 * servlet adapter takes {@code getRemoteAddr()} as the TCP peer, and each of these makes that value a header the
 * client chose, so per-IP limits, {@code rateLimit.allow}/{@code deny} and {@code trustedProxies} stop meaning
 * anything:
 * <ul>
 * <li>{@code server.forward-headers-strategy=framework}: Spring's {@code ForwardedHeaderFilter}, which believes
 * every request;</li>
 * <li>{@code server.forward-headers-strategy=native}: Tomcat's {@code RemoteIpValve} (trusting every private
 * range by default), Jetty's {@code ForwardedRequestCustomizer}, Undertow's proxy-address forwarding;</li>
 * <li>the strategy unset on a cloud platform Spring Boot detects (Kubernetes, Cloud Foundry, Heroku, Azure App
 * Service, …), where Boot turns {@code native} on by itself;</li>
 * <li>a {@code ForwardedHeaderFilter} or Tomcat {@code RemoteIpFilter} bean of the application's own, or a
 * {@code FilterRegistrationBean} of one.</li>
 * </ul>
 * The property is read through {@link Binder} (relaxed names, every property source). Checked once all singletons
 * exist, before the web server accepts a connection. The messages are API (tests assert them).
 */
final class ForwardedHeadersCheck implements SmartInitializingSingleton {
    /** Spring's filter, named so that spring-web need not be on the starter's class path. */
    static final String FORWARDED_HEADER_FILTER = "org.springframework.web.filter.ForwardedHeaderFilter";
    /** Tomcat's filter form of {@code RemoteIpValve}, by name (the container need not be Tomcat). */
    static final String REMOTE_IP_FILTER = "org.apache.catalina.filters.RemoteIpFilter";
    static final String PROPERTY = "server.forward-headers-strategy";
    /** What to do instead; the same sentence ends every message. */
    static final String INSTEAD = "Set " + PROPERTY + "=none and list the addresses of your proxies in"
            + " authstash.advanced.ip-address.trusted-proxies (and the header they set in"
            + " authstash.advanced.ip-address.ip-address-headers): authstash then reads the forwarded header only"
            + " from those peers.";

    private final Environment environment;
    private final BeanFactory beans;

    ForwardedHeadersCheck(Environment environment, BeanFactory beans) {
        this.environment = environment;
        this.beans = beans;
    }

    @Override
    public void afterSingletonsInstantiated() {
        String problem = problem();
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** The message naming what rewrites the peer address, or null when nothing does. */
    String problem() {
        String strategy = Binder.get(environment).bind(PROPERTY, String.class).orElse(null);
        String normalized = strategy == null ? null : strategy.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if ("framework".equals(normalized)) {
            return "authstash: " + PROPERTY + "=framework installs Spring's ForwardedHeaderFilter, which takes the"
                    + " client address from X-Forwarded-For/Forwarded of every request, so any client chooses its own"
                    + " rate-limit bucket. " + INSTEAD;
        }
        if ("native".equals(normalized)) {
            return "authstash: " + PROPERTY + "=native lets the web server (Tomcat's RemoteIpValve, Jetty's"
                    + " ForwardedRequestCustomizer, Undertow's proxy-address forwarding) replace the peer address"
                    + " with X-Forwarded-For from any private-range peer, so a client chooses its own rate-limit"
                    + " bucket. " + INSTEAD;
        }
        if (normalized == null || normalized.isEmpty()) {
            CloudPlatform platform = CloudPlatform.getActive(environment);
            if (platform != null && platform.isUsingForwardHeaders()) {
                return "authstash: " + PROPERTY + " is not set and Spring Boot detected the cloud platform "
                        + platform.name() + ", so it enables native forwarded-header handling (Tomcat's"
                        + " RemoteIpValve trusting every private range), which lets a client choose its own rate-limit"
                        + " bucket. " + INSTEAD;
            }
        }
        if (beans instanceof ListableBeanFactory listable) {
            for (String name : listable.getBeanNamesForType(Object.class, true, false)) {
                Class<?> type = listable.getType(name, false);
                String what = type == null ? null : rewriter(type);
                if (what != null) {
                    return beanProblem(name, what);
                }
            }
            @SuppressWarnings("rawtypes")
            Map<String, FilterRegistrationBean> registrations =
                    listable.getBeansOfType(FilterRegistrationBean.class, true, false);
            for (var e : registrations.entrySet()) {
                Object filter = e.getValue().getFilter();
                String what = filter == null ? null : rewriter(filter.getClass());
                if (what != null) {
                    return beanProblem(e.getKey(), what);
                }
            }
        }
        return null;
    }

    private static String beanProblem(String name, String what) {
        return "authstash: bean '" + name + "' is (or registers) " + what + ", which takes the"
                + " client address from X-Forwarded-For/Forwarded of every request, so any client chooses its own"
                + " rate-limit bucket. Remove it, keep " + PROPERTY + "=none and list the addresses of your proxies"
                + " in authstash.advanced.ip-address.trusted-proxies (and the header they set in"
                + " authstash.advanced.ip-address.ip-address-headers): authstash then reads the forwarded header only"
                + " from those peers.";
    }

    /** "Spring's ForwardedHeaderFilter" or "Tomcat's RemoteIpFilter" when {@code type} is (a subclass of) one. */
    private static String rewriter(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.getName().equals(FORWARDED_HEADER_FILTER)) {
                return "Spring's ForwardedHeaderFilter";
            }
            if (c.getName().equals(REMOTE_IP_FILTER)) {
                return "Tomcat's RemoteIpFilter";
            }
        }
        return null;
    }
}
