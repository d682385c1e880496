package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.authstash.config.ConfigKeys.Key;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code authstash.schema.json} and the loader to the same keys, types, bounds, allowed names and
 * defaults, in both directions; the keys come from the readers themselves ({@link ConfigKeys}).
 */
class ConfigSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCS_SCHEMA = Path.of("../docs/authstash.schema.json");
    private static final Map<String, Key> KEYS = ConfigKeys.all();
    /** The variables the examples name without a default. */
    private static final Map<String, String> EXAMPLE_ENV = Map.of("UPSTASH_REDIS_REST_URL", "https://eu1-example.upstash.io",
            "UPSTASH_REDIS_REST_TOKEN", "example-token", "AUTHSTASH_SECRET", "an-example-secret-of-at-least-32-characters");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @Test
    void everyKeyTheLoaderAcceptsIsInTheSchemaWithItsTypeBoundsAndDefault() throws Exception {
        JsonNode root = schemaNode();
        for (Key key : KEYS.values()) {
            JsonNode at = find(root, key.path());
            assertThat(at).as("schema entry for %s, a key the loader accepts: add it to docs/authstash.schema.json", shown(key))
                    .isNotNull();
            String what = shown(key) + " in docs/authstash.schema.json";
            switch (key.type()) {
                case "object" -> {
                    assertThat(at.path("type").asText()).as(what).isEqualTo("object");
                    assertThat(at.path("additionalProperties").isBoolean() && !at.path("additionalProperties").asBoolean())
                            .as("%s: additionalProperties false (the loader rejects unknown keys)", what).isTrue();
                    assertThat(names(at.path("properties"))).as("%s: properties", what)
                            .containsExactlyInAnyOrderElementsOf(key.names());
                    List<String> required = new ArrayList<>();
                    at.path("required").forEach(n -> required.add(n.asText()));
                    List<String> loaderRequired = key.names().stream().filter(n -> {
                        Key child = KEYS.get(child(key.path(), n));
                        return child.fallback() == null && !child.type().equals("declared") && !child.type().equals("object");
                    }).toList();
                    assertThat(required).as("%s: required", what).containsExactlyInAnyOrderElementsOf(loaderRequired);
                }
                case "declared" -> {
                    // a map (values' keys under path.*), or a shape the readers parse by hand (schema written by hand)
                    if (isMap(key)) {
                        assertThat(at.path("type").asText()).as(what).isEqualTo("object");
                    } else {
                        assertThat(at.has("type") || at.has("oneOf")).as("%s: a type or oneOf", what).isTrue();
                    }
                }
                case "integer" -> {
                    assertThat(at.path("type").asText()).as(what).isEqualTo("integer");
                    assertThat(at.path("minimum").isIntegralNumber() ? at.path("minimum").asLong() : null)
                            .as("%s: minimum", what).isEqualTo(key.min());
                    assertThat(at.path("maximum").isIntegralNumber() ? at.path("maximum").asLong() : null)
                            .as("%s: maximum", what).isEqualTo(key.max());
                }
                case "boolean", "string" -> assertThat(at.path("type").asText()).as(what).isEqualTo(key.type());
                case "string[]" -> {
                    assertThat(at.path("type").asText()).as(what).isEqualTo("array");
                    assertThat(at.path("items").path("type").asText()).as(what + " items").isEqualTo("string");
                }
                case "enum" -> assertThat(names(at.path("enum"))).as("%s: enum", what).containsExactlyElementsOf(key.names());
                default -> throw new AssertionError("unknown type " + what);
            }
            assertDefault(key, at);
        }
    }

    @Test
    void everyKeyInTheSchemaIsAcceptedByTheLoader() throws Exception {
        List<String> schemaPaths = new ArrayList<>();
        collect(schemaNode(), schemaNode(), "", schemaPaths);
        assertThat(schemaPaths).hasSizeGreaterThan(30);
        assertThat(KEYS.keySet()).containsAll(schemaPaths);
    }

    @Test
    void theSchemaIsValidDraft2020_12() throws Exception {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        assertThat(meta.validate(schemaNode())).isEmpty();
        assertThat(schemaNode().path("$schema").asText()).isEqualTo(SpecificationVersion.DRAFT_2020_12.getDialectId());
    }

    /** For every key: values at and beyond its bounds, of the wrong type, unknown names: both accept or both refuse. */
    @Test
    void theSchemaAndTheLoaderAgreeOnValuesAtAndBeyondEveryBound() throws Exception {
        Schema schema = schema();
        int checked = 0;
        for (Key key : KEYS.values()) {
            if (key.path().isEmpty()) {
                continue;
            }
            for (JsonNode value : probes(key)) {
                ObjectNode doc = document(key.path(), value);
                boolean loaderAccepts = catchThrowable(() -> ConfigLoader.parse(doc.toString(), name -> null)) == null;
                boolean schemaAccepts = schema.validate(doc).isEmpty();
                assertThat(schemaAccepts).as("%s = %s: schema vs loader (%s)", key.path(), value, doc)
                        .isEqualTo(loaderAccepts);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void crossKeyRulesAgreeToo() throws Exception {
        Schema schema = schema();
        for (String json : List.of("{\"session\":{\"preserveSessionInDatabase\":true}}",
                "{\"session\":{\"preserveSessionInDatabase\":true,\"storeSessionInDatabase\":false}}",
                "{\"session\":{\"preserveSessionInDatabase\":true,\"storeSessionInDatabase\":true}}",
                "{\"rateLimit\":{\"customRules\":{\"/a\":false,\"/b\":true}}}",
                "{\"rateLimit\":{\"customRules\":{\"/a\":{\"window\":1}}}}",
                "{\"rateLimit\":{\"customRules\":{\"/a\":{\"max\":1,\"window\":2,\"algorithm\":\"token-bucket\"}}}}",
                "{\"rateLimit\":{\"customRules\":{\"/a\":[{\"max\":1,\"window\":2},{\"max\":5,\"window\":60,\"key\":\"user\"}]}}}",
                "{\"rateLimit\":{\"customRules\":{\"/a\":[]}}}",
                "{\"rateLimit\":{\"customRules\":{\"/a\":[false]}}}",
                "{\"rateLimit\":{\"customRules\":{\"/a\":[{\"window\":1}]}}}",
                rule("\"key\":\"ip+body:email\""), rule("\"key\":1"),
                rule("\"count\":\"all\""), rule("\"count\":\"failures\""), rule("\"count\":\"some\""),
                rule("\"count\":[100,599]"), rule("\"count\":[99]"), rule("\"count\":[600]"), rule("\"count\":[]"),
                rule("\"count\":[401.5]"), rule("\"methods\":[\"POST\"]"), rule("\"methods\":[1]"),
                rule("\"key\":\"account\",\"deviceCookie\":{}"), rule("\"key\":\"ip+account\",\"deviceCookie\":{\"max\":3}"),
                rule("\"key\":\"ip\",\"deviceCookie\":{}"), rule("\"deviceCookie\":{}"),
                rule("\"key\":\"body:account\",\"deviceCookie\":{}"), rule("\"key\":\"accounts\",\"deviceCookie\":{}"),
                rule("\"key\":\"account\",\"deviceCookie\":{\"maxAge\":0}"))) {
            boolean loaderAccepts = catchThrowable(() -> ConfigLoader.parse(json, name -> null)) == null;
            assertThat(schema.validate(JSON.readTree(json)).isEmpty()).as(json).isEqualTo(loaderAccepts);
        }
    }

    private static String rule(String extra) {
        return "{\"rateLimit\":{\"customRules\":{\"/a\":{\"window\":60,\"max\":5," + extra + "}}}}";
    }

    @Test
    void exampleConfigsCarryTheSchemaAndPassBoth() throws Exception {
        Schema schema = schema();
        List<String> examples = new ArrayList<>();
        for (String readme : List.of("../README.md", "../sample-app/README.md")) {
            String text = Files.readString(Path.of(readme));
            for (String block : text.split("```json\n")) {
                String candidate = block.contains("```") ? block.substring(0, block.indexOf("```")) : "";
                if (candidate.startsWith("{")) {
                    examples.add(candidate);
                }
            }
        }
        examples.add(Files.readString(Path.of("../sample-app/src/main/resources/authstash.json")));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
        for (String example : examples) {
            JsonNode doc = JSON.readTree(example);
            assertThat(doc.path("$schema").asText()).as(example).isEqualTo(schemaNode().path("$id").asText());
            assertThat(schema.validate(doc)).as(example).isEmpty();
            assertThatCode(() -> ConfigLoader.parse(example, EXAMPLE_ENV::get)).as(example).doesNotThrowAnyException();
        }
    }

    @Test
    void theCoreJarShipsTheSchemaOfTheDocs() throws Exception {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream("authstash.schema.json")) {
            assertThat(in).as("authstash.schema.json on the class path").isNotNull();
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(DOCS_SCHEMA));
        }
    }

    private static List<JsonNode> probes(Key key) {
        ObjectMapper m = JSON;
        List<JsonNode> out = new ArrayList<>(List.of(m.nullNode()));
        switch (key.type()) {
            case "integer" -> {
                for (long v : new long[] {key.min() - 1, key.min(), key.max(), key.max() + 1}) {
                    out.add(m.getNodeFactory().numberNode(v));
                }
                out.add(m.getNodeFactory().textNode(String.valueOf(key.min())));
                out.add(m.getNodeFactory().numberNode(key.min() + 0.5));
            }
            case "boolean" -> {
                out.add(m.getNodeFactory().booleanNode(true));
                out.add(m.getNodeFactory().booleanNode(false));
                out.add(m.getNodeFactory().textNode("true"));
            }
            case "enum" -> {
                key.names().forEach(n -> out.add(m.getNodeFactory().textNode(n)));
                out.add(m.getNodeFactory().textNode("no-such-" + key.names().get(0)));
                out.add(m.getNodeFactory().numberNode(1));
            }
            case "string" -> out.add(m.getNodeFactory().numberNode(1));
            case "string[]" -> {
                out.add(m.createArrayNode());
                out.add(m.createArrayNode().add(1));
                out.add(m.getNodeFactory().textNode("x"));
            }
            case "declared" -> {
                out.add(m.createObjectNode().put("noSuchKey", 1));
                if (isMap(key)) {
                    out.add(m.createObjectNode());
                    out.add(m.getNodeFactory().textNode("x"));
                }
            }
            default -> { // objects
                out.add(m.createObjectNode());
                out.add(m.getNodeFactory().textNode("x"));
                out.add(m.createObjectNode().put("noSuchKey", 1));
            }
        }
        return out;
    }

    /** A minimal document setting {@code path} to {@code value}; a custom rule around a rule key. */
    private static ObjectNode document(String path, JsonNode value) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode at = root;
        String[] segments = path.split("\\.");
        for (int i = 0; i < segments.length - 1; i++) {
            String segment = segments[i].equals(ConfigKeys.ANY) ? "/probe" : segments[i];
            at = at.has(segment) ? (ObjectNode) at.get(segment) : at.putObject(segment);
            if (segments[i].equals(ConfigKeys.ANY)) {
                at.put("window", 1).put("max", 1);
            }
        }
        String last = segments[segments.length - 1];
        at.set(last.equals(ConfigKeys.ANY) ? "/probe" : last, value);
        return root;
    }

    private static void assertDefault(Key key, JsonNode at) {
        JsonNode schemaDefault = at.get("default");
        if (key.type().equals("declared") && !isMap(key)) {
            return; // parsed by hand: its default is in the examples of crossKeyRulesAgreeToo
        }
        if (key.path().contains(ConfigKeys.ANY) || key.path().equals("$schema") || key.type().equals("object")) {
            assertThat(schemaDefault).as("%s: no default (it depends on other keys or is none)", shown(key)).isNull();
            return;
        }
        if (isMap(key)) {
            assertThat(schemaDefault).as("%s: default", shown(key)).isEqualTo(JSON.createObjectNode());
            return;
        }
        JsonNode loaderDefault = JSON.valueToTree(key.fallback());
        if (loaderDefault.isNumber() && schemaDefault != null && schemaDefault.isIntegralNumber()) {
            assertThat(schemaDefault.longValue()).as("%s: default", shown(key)).isEqualTo(loaderDefault.longValue());
        } else {
            assertThat(schemaDefault).as("%s: default", shown(key)).isEqualTo(loaderDefault);
        }
    }

    /** The schema of {@code path}: properties by name, {@code *} = the object branch of additionalProperties. */
    private static JsonNode find(JsonNode root, String path) {
        JsonNode at = root;
        if (path.isEmpty()) {
            return at;
        }
        for (String segment : path.split("\\.")) {
            if (segment.equals(ConfigKeys.ANY)) {
                at = objectBranch(root, at.path("additionalProperties"));
            } else {
                at = at.path("properties").get(segment);
            }
            if (at == null || at.isMissingNode()) {
                return null;
            }
        }
        return at;
    }

    /** The object among the alternatives of a map's values ({@code $ref}s to {@code $defs} followed). */
    private static JsonNode objectBranch(JsonNode root, JsonNode additional) {
        for (JsonNode branch : additional.path("oneOf")) {
            JsonNode resolved = resolve(root, branch);
            if (resolved.path("type").asText().equals("object")) {
                return resolved;
            }
        }
        return resolve(root, additional);
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        String ref = node.path("$ref").asText("");
        return ref.startsWith("#/") ? root.at(ref.substring(1)) : node;
    }

    private static boolean isMap(Key key) {
        return key.type().equals("declared") && KEYS.containsKey(key.path() + "." + ConfigKeys.ANY);
    }

    private static void collect(JsonNode root, JsonNode node, String path, List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String child = child(path, e.getKey());
            out.add(child);
            collect(root, e.getValue(), child, out);
        }
        JsonNode additional = node.path("additionalProperties");
        if (additional.isObject()) {
            String child = child(path, ConfigKeys.ANY);
            out.add(child);
            collect(root, objectBranch(root, additional), child, out);
        }
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            node.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    private static String shown(Key key) {
        return (key.path().isEmpty() ? "(top level)" : key.path()) + " [" + key.type() + "]";
    }

    private static JsonNode schemaNode() throws Exception {
        return JSON.readTree(DOCS_SCHEMA.toFile());
    }

    private static Schema schema() throws Exception {
        return REGISTRY.getSchema(schemaNode());
    }
}
