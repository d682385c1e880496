package dev.authstash.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An exploded WAR in a temp directory: a given {@code web.xml}, optionally {@code WEB-INF/classes/authstash.json}. */
final class TestWar {
    /** Memory storage, {@code /api/auth/sign-in} 2 per minute. */
    static final String CONFIG = """
            {"basePath": "/api/auth", "rateLimit": {"customRules": {"/sign-in": {"window": 60, "max": 2}}}}""";
    static final String EMPTY_WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
            </web-app>
            """;

    private TestWar() {}

    /** @param webXmlBody content inside {@code <web-app>}; {@code config} null = no authstash.json */
    static Path create(String webXmlBody, String config) {
        try {
            Path war = Files.createTempDirectory("authstash-war");
            Path classes = Files.createDirectories(war.resolve("WEB-INF/classes"));
            Files.writeString(war.resolve("WEB-INF/web.xml"), webXmlBody == null ? EMPTY_WEB_XML : """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                    %s
                    </web-app>
                    """.formatted(webXmlBody));
            if (config != null) {
                Files.writeString(classes.resolve("authstash.json"), config);
            }
            return war;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code async ok} from a container thread after {@code startAsync()}; must be async-supported. */
    static final class AsyncServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) {
            AsyncContext async = req.startAsync();
            async.start(() -> {
                try {
                    res.setContentType("text/plain");
                    res.getWriter().print("async ok");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    async.complete();
                }
            });
        }
    }
}
