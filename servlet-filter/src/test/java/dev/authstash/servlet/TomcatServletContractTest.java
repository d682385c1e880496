package dev.authstash.servlet;

import dev.authstash.Authstash;
import dev.authstash.testkit.AdapterContract;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** The adapter contract on the servlet filters in embedded Tomcat 11. */
class TomcatServletContractTest extends AdapterContract {
    @Override
    protected Served serve(Authstash authstash) throws Exception {
        Path baseDir = Files.createTempDirectory("authstash-contract-tomcat");
        baseDir.toFile().deleteOnExit(); // in case a stopping Tomcat still touches it after close
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext(CONTEXT, baseDir.toString());
        filter(context, "authstash-rate-limit", new RateLimitFilter(authstash));
        filter(context, "authstash-session", new SessionFilter(authstash));
        Tomcat.addServlet(context, "contract", new ContractServlet());
        context.addServletMappingDecoded("/*", "contract");
        tomcat.start();
        return new Served() {
            @Override
            public int port() {
                return tomcat.getConnector().getLocalPort();
            }

            @Override
            public void close() throws Exception {
                tomcat.stop();
                tomcat.destroy();
                delete(baseDir);
            }
        };
    }

    private static void filter(Context context, String name, Filter filter) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern("/*");
        context.addFilterMap(map);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
