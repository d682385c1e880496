package dev.authstash.spring;

import dev.authstash.testkit.RedisProcess;

/** One real Redis for the module's tests (Spring caches contexts across test classes); stopped at JVM exit. */
final class SharedRedis {
    static final RedisProcess REDIS = start();

    private SharedRedis() {}

    private static RedisProcess start() {
        RedisProcess redis = RedisProcess.launch();
        Runtime.getRuntime().addShutdownHook(new Thread(redis::stop));
        return redis;
    }
}
