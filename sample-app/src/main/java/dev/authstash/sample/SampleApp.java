package dev.authstash.sample;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigException;
import dev.authstash.config.ConfigLoader;
import dev.authstash.servlet.AuthstashListener;
import dev.authstash.session.JdbcSessionDatabase;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The sample application on embedded Jetty 12: deploys {@code WEB-INF/web.xml} (authstash listener and
 * filters, the auth servlet, the Jersey application) with an {@link Authstash} built from the environment
 * ({@code PORT}, {@code UPSTASH_REDIS_REST_URL} + {@code UPSTASH_REDIS_REST_TOKEN} or {@code REDIS_URL},
 * {@code DATABASE_URL}, {@code AUTHSTASH_CONFIG}, {@code AUTHSTASH_SECRET}, {@code BASE_URL}, {@code DEV_OUTBOX},
 * {@code ADMIN_TOKEN}).
 */
public final class SampleApp {
    private SampleApp() {}

    public static void main(String[] args) {
        Running app;
        try {
            app = start(System.getenv());
        } catch (StartupException e) {
            System.err.println("authstash sample app cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sample-app-shutdown"));
        app.join();
    }

    /**
     * Starts an instance with {@code env} as its environment (tests run several in one JVM).
     *
     * @throws StartupException with a message naming the variable or the config field at fault
     */
    public static Running start(Map<String, String> env) {
        Settings settings = Settings.from(env);
        AuthstashConfig config = loadConfig(settings);
        Database database = Database.open(settings.databaseUrl());
        Authstash authstash = null;
        Server server = null;
        try {
            Users users = new Users(database.dataSource());
            users.createTable();
            JdbcSessionDatabase sessionTable = new JdbcSessionDatabase(database.dataSource(),
                    config.session().tableName());
            sessionTable.createTable();
            authstash = Authstash.builder(config).sessionDatabase(sessionTable).environment(settings.env()::get).build();
            server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setPort(settings.port());
            server.addConnector(connector);
            AtomicReference<String> baseUrl = new AtomicReference<>(settings.baseUrl());
            server.setHandler(webApp(new Services(authstash, users, new Outbox(settings.devOutbox()), baseUrl::get,
                    sessionTable, settings.adminToken()),
                    authstash));
            server.setStopAtShutdown(false);
            server.start();
            Running running = new Running(server, authstash, database, connector.getLocalPort());
            baseUrl.compareAndSet("", running.url());
            System.out.print(Banner.text(running.url(), authstash.config(), settings.env()::get,
                    settings.configPath(), database.describe())
                    + Banner.links(baseUrl.get(), !settings.baseUrl().isEmpty(), settings.devOutbox()));
            return running;
        } catch (Exception e) {
            Running.closeQuietly(server, authstash, database);
            throw e instanceof StartupException s ? s : new StartupException(describe(e), e);
        }
    }

    private static AuthstashConfig loadConfig(Settings settings) {
        try {
            return ConfigLoader.load(settings.configPath(), settings.env()::get);
        } catch (ConfigException e) {
            String redisUrl = settings.env().get("REDIS_URL");
            String hint = e.path().startsWith("secondaryStorage.url") && redisUrl != null && !redisUrl.isBlank()
                    ? " (the value comes from REDIS_URL)" : "";
            throw new StartupException(settings.configPath() + ": " + e.getMessage() + hint, e);
        } catch (RuntimeException e) {
            throw new StartupException("AUTHSTASH_CONFIG " + settings.configPath() + ": " + e.getMessage(), e);
        }
    }

    private static WebAppContext webApp(Services services, Authstash authstash) throws Exception {
        URL webXml = SampleApp.class.getResource("/webapp/WEB-INF/web.xml");
        if (webXml == null) {
            throw new StartupException("webapp/WEB-INF/web.xml is not on the class path; build with mvn package");
        }
        String base = webXml.toExternalForm();
        WebAppContext context = new WebAppContext();
        context.setContextPath("/");
        // Not ResourceFactory.of(context): that factory closes a jar's file system when the context stops, and
        // WebInfConfiguration.deconfigure then reads the closed base resource (Jetty issues 10134/13592), which
        // made every stop of the app run from a jar fail with ClosedFileSystemException. The root factory's
        // mount lives as long as the process, like the jar it points into.
        context.setBaseResource(ResourceFactory.root().newResource(base.substring(0, base.length()
                - "WEB-INF/web.xml".length())));
        // Embedded: the web app's classes are this application's class path (there is no WEB-INF/lib).
        context.setClassLoader(SampleApp.class.getClassLoader());
        context.setThrowUnavailableOnStartupException(true);
        context.setAttribute(AuthstashListener.ATTRIBUTE, authstash);
        context.setAttribute(Services.ATTRIBUTE, services);
        return context;
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.lang.reflect.InvocationTargetException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
