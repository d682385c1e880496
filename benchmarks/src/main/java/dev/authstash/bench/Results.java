package dev.authstash.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.Jedis;

/** Where results go ({@code -Dbench.out}, default {@code benchmarks/results}) and how they are written. */
final class Results {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Results() {}

    static Path dir() throws IOException {
        Path dir = Path.of(System.getProperty("bench.out", "benchmarks/results"));
        Files.createDirectories(dir);
        return dir;
    }

    static void write(String file, Object value) throws IOException {
        Path p = dir().resolve(file);
        JSON.writeValue(p.toFile(), value);
        System.out.println("wrote " + p);
    }

    /** Machine, load average and Redis version at the start of a run. */
    static Map<String, Object> environment(Jedis redis) {
        Map<String, Object> env = new LinkedHashMap<>(Machine.describe());
        if (redis != null) {
            env.put("redis", redis.info("server").lines().filter(l -> l.startsWith("redis_version:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?"));
        }
        env.put("loadBefore", Machine.loadAverage());
        return env;
    }
}
