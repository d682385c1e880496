package dev.authstash.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.CustomRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Loads the JSON configuration (Better Auth's option names; see {@code docs/configuration.md}). Before the document
 * is read, {@code ${VAR}} and {@code ${VAR:-default}} in string values are replaced from the environment and
 * <code>$${</code> stands for a literal <code>${</code>. Every problem is one {@link ConfigException}.
 */
public final class ConfigLoader {
    private static final String CLASSPATH = "classpath:";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ConfigLoader() {}

    /** Loads a file path or {@code classpath:name}, substituting from {@link System#getenv(String)}. */
    public static AuthstashConfig load(String location) {
        return load(location, System::getenv);
    }

    /** Loads a file path or {@code classpath:name}; {@code env} returns {@code null} for an unset variable. */
    public static AuthstashConfig load(String location, Function<String, String> env) {
        return read(bytes(Objects.requireNonNull(location, "location")), location, env);
    }

    /** Reads a JSON document; {@code env} returns {@code null} for an unset variable. */
    public static AuthstashConfig parse(String json, Function<String, String> env) {
        Objects.requireNonNull(json, "json");
        return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, env);
    }

    /**
     * Reads a {@code rateLimit.customRules} document on its own (rate-limit rule overrides set while running): the
     * same rules, checks and messages as in a configuration file, paths under {@code rateLimit.customRules}; no
     * {@code ${VAR}} substitution (the text comes from an operator, not from the deployment).
     *
     * @param defaultAlgorithm the algorithm of rules that name none ({@code rateLimit.algorithm})
     * @throws ConfigException naming the JSON path of the first problem
     */
    public static List<CustomRule> parseCustomRules(String json, Algorithm defaultAlgorithm) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = MAPPER.readTree(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw syntaxError(e, null);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read JSON: " + e.getMessage(), e);
        }
        JsonPath at = JsonPath.ROOT.key("rateLimit").key("customRules");
        if (root == null || root.isMissingNode()) {
            throw at.error("expected an object of route glob to {window, max} or false, got an empty document");
        }
        return RateLimitReader.customRules(root, at, Objects.requireNonNull(defaultAlgorithm, "defaultAlgorithm"));
    }

    private static AuthstashConfig read(byte[] json, String location, Function<String, String> env) {
        Objects.requireNonNull(env, "env");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw syntaxError(e, location);
        } catch (IOException e) {
            throw new ConfigException("", where(location) + "cannot read JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigException("", where(location) + "expected a JSON object, got an empty document");
        }
        new EnvSubstitution(env).apply(root, JsonPath.ROOT);
        return ConfigReader.read(root, true);
    }

    private static ConfigException syntaxError(JsonProcessingException e, String location) {
        JsonLocation at = e.getLocation();
        String position = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser parser) {
            JsonPath path = pathOf(parser.getParsingContext());
            String key = parser.getParsingContext().getCurrentName();
            return new ConfigException(path.toString(), "expected each key once, got " + Values.quote(key)
                    + " twice" + (position.isEmpty() ? "" : " (" + position.substring(4) + ")"), e);
        }
        return new ConfigException("", where(location) + "malformed JSON" + position + ": " + message, e);
    }

    private static JsonPath pathOf(JsonStreamContext context) {
        if (context == null || context.inRoot()) {
            return JsonPath.ROOT;
        }
        JsonPath parent = pathOf(context.getParent());
        return context.inArray() ? parent.index(context.getCurrentIndex()) : parent.key(context.getCurrentName());
    }

    private static String where(String location) {
        return location == null ? "" : location + ": ";
    }

    private static byte[] bytes(String location) {
        if (location.startsWith(CLASSPATH)) {
            String name = location.substring(CLASSPATH.length()).replaceFirst("^/+", "");
            if (name.isEmpty() || name.endsWith("/")) {
                throw new ConfigException("", location + ": expected classpath:<resource name>, got a folder");
            }
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            InputStream in = context == null ? null : context.getResourceAsStream(name);
            if (in == null) {
                in = ConfigLoader.class.getClassLoader().getResourceAsStream(name);
            }
            if (in == null) {
                throw new ConfigException("", location + ": no such resource on the class path");
            }
            try (InputStream stream = in) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new ConfigException("", location + ": cannot read: " + e.getMessage(), e);
            }
        }
        try {
            Path file = Path.of(location);
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("", location + ": no such file (looked for " + file.toAbsolutePath() + ")");
            }
            return Files.readAllBytes(file);
        } catch (InvalidPathException | IOException e) {
            throw new ConfigException("", location + ": cannot read: " + e.getMessage(), e);
        }
    }
}
