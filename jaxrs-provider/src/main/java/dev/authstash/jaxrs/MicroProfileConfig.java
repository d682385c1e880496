package dev.authstash.jaxrs;

/**
 * Reads a property from MicroProfile Config (Quarkus' {@code application.properties}, environment and system
 * properties) when the application has it; referenced only through {@link #value}, which answers null without it,
 * so no other runtime needs the API.
 */
final class MicroProfileConfig {
    private static final boolean PRESENT = present();

    private MicroProfileConfig() {}

    /** The value of {@code name}, or null when unset or without MicroProfile Config. */
    static String value(String name) {
        if (!PRESENT) {
            return null;
        }
        try {
            return Reader.value(name);
        } catch (RuntimeException | LinkageError e) {
            return null; // no config for this class loader
        }
    }

    private static boolean present() {
        try {
            Class.forName("org.eclipse.microprofile.config.ConfigProvider", false,
                    MicroProfileConfig.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only when the API is there. */
    private static final class Reader {
        static String value(String name) {
            return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue(name, String.class).orElse(null);
        }
    }
}
