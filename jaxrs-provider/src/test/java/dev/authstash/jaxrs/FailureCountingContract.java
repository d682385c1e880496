package dev.authstash.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.config.AuthstashConfig;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.CustomRule;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimitSettings;
import dev.authstash.ratelimit.RuleKey;
import dev.authstash.storage.StorageSettings;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;

/**
 * Rules counting failures ({@code "count": [401, 500]}) count exactly one failure per failed request, also when the resource
 * throws an exception no {@code ExceptionMapper} maps (the runtime then skips response filters), and never a 2xx.
 * Each route under {@link FailingSignIn} has its own failures rule, max {@value #MAX} per minute, per IP. The web
 * app runs {@link FailureCountingInitializer} (the servlet-level safety net), as a WAR deployment would.
 */
abstract class FailureCountingContract extends JaxrsAdapterContract {
    static final int MAX = 3;
    /** Credential failures and server errors: {@code "failures"} alone (401) would not count an exception. */
    static final Set<Integer> COUNTED = Set.of(401, 500);
    static final List<String> ROUTES = List.of("throws", "mapped", "broken-mapper", "fine");

    static AuthstashConfig failuresConfig(StorageSettings storage) {
        return failuresConfig(storage, MAX);
    }

    /** A failures rule of {@code max} per minute per IP on each route of {@link FailingSignIn}. */
    static AuthstashConfig failuresConfig(StorageSettings storage, int max) {
        AuthstashConfig base = config(storage, OnStorageError.DENY, List.of());
        List<CustomRule> rules = ROUTES.stream()
                .map(route -> "/failing/" + route)
                .map(path -> new CustomRule(path, new RateLimitRule(path, 60, max, Algorithm.FIXED_WINDOW,
                        RuleKey.IP, Set.of(), COUNTED)))
                .toList();
        RateLimitSettings limits = new RateLimitSettings(true, 60, 100, Algorithm.FIXED_WINDOW, true, rules,
                OnStorageError.DENY, false);
        return new AuthstashConfig(base.basePath(), base.secondaryStorage(), limits, base.ipAddress(),
                base.session(), base.oneTime());
    }

    /** Whether the next deployment runs {@link FailureCountingInitializer}, as a servlet container would. */
    boolean safetyNet = true;

    @Override
    void customize(ServletContextHandler context) {
        if (safetyNet) {
            context.addServletContainerInitializer(new FailureCountingInitializer());
        }
    }

    Response post(String route) {
        return client().post("/auth/failing/" + route);
    }

    @Test
    void anUnmappedExceptionCountsOneFailureAndTheFourthRequestIs429() throws Exception {
        deploy(failuresConfig(redisStorage(redis().url())));
        for (int i = 1; i <= MAX; i++) {
            assertThat(post("throws").statusCode()).as("failure " + i + ": the container's 500").isEqualTo(500);
        }
        assertTooManyRequests(post("throws"));
        assertThat(post("fine").statusCode()).as("another route keeps its own count").isEqualTo(200);
    }

    @Test
    void aMappedExceptionKeepsTheApplicationsAnswerAndCountsOnce() throws Exception {
        deploy(failuresConfig(redisStorage(redis().url())));
        for (int i = 1; i <= MAX; i++) {
            Response r = post("mapped");
            assertThat(r.statusCode()).as("failure " + i + " (a double count would refuse the third)")
                    .isEqualTo(401);
            assertThat(r.body().asString()).isEqualTo("{\"message\":\"bad credentials\"}");
            assertThat(r.header("RateLimit-Policy")).isEqualTo("\"/failing/mapped\";q=3;w=60");
        }
        assertTooManyRequests(post("mapped"));
    }

    @Test
    void aMapperThatThrowsStillCountsOneFailure() throws Exception {
        deploy(failuresConfig(redisStorage(redis().url())));
        for (int i = 1; i <= MAX; i++) {
            assertThat(post("broken-mapper").statusCode()).as("failure " + i).isEqualTo(500);
        }
        assertTooManyRequests(post("broken-mapper"));
    }

    @Test
    void successesAreNeverCounted() throws Exception {
        deploy(failuresConfig(StorageSettings.defaults()));
        for (int i = 0; i < 4 * MAX; i++) {
            assertThat(post("fine").statusCode()).isEqualTo(200);
        }
        assertThat(post("throws").statusCode()).isEqualTo(500);
        assertThat(post("throws").statusCode()).as("two failures only").isEqualTo(500);
        assertThat(post("fine").statusCode()).isEqualTo(200);
        assertThat(post("throws").statusCode()).as("the third failure, not refused").isEqualTo(500);
        assertTooManyRequests(post("throws"));
    }

    /**
     * Concurrent failures each count exactly once, through the response filter ({@code mapped}) and through the
     * servlet safety net ({@code broken-mapper}): after {@code threads} concurrent failures, exactly
     * {@code max - threads} more are admitted.
     */
    @Test
    void concurrentFailuresCountExactlyOnceEach() throws Exception {
        int max = 20;
        int threads = 10;
        deploy(failuresConfig(redisStorage(redis().url()), max));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (String route : List.of("mapped", "broken-mapper")) {
                int failure = route.equals("mapped") ? 401 : 500;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return post(route).statusCode();
                    }));
                }
                start.countDown();
                for (Future<Integer> answer : answers) {
                    assertThat(answer.get(30, TimeUnit.SECONDS)).as(route + ", concurrent").isEqualTo(failure);
                }
                for (int i = threads + 1; i <= max; i++) {
                    assertThat(post(route).statusCode()).as(route + ", failure " + i).isEqualTo(failure);
                }
                assertTooManyRequests(post(route));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
