package dev.authstash.servlet;

import jakarta.servlet.ServletContext;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A WAR deployed at {@code /shop} with {@link TestWar.AsyncServlet} on {@code /*}, on Jetty 12 or Tomcat 11. */
interface Containers extends AutoCloseable {
    String CONTEXT = "/shop";

    String base();

    ServletContext servletContext();

    static Containers jetty(Path war) throws Exception {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(CONTEXT);
        webapp.setWar(war.toString());
        webapp.setThrowUnavailableOnStartupException(true);
        ServletHolder holder = new ServletHolder("async", new TestWar.AsyncServlet());
        holder.setAsyncSupported(true);
        webapp.addServlet(holder, "/*");
        Server server = new Server(new java.net.InetSocketAddress("127.0.0.1", 0));
        server.setHandler(webapp);
        server.start();
        return new Containers() {
            public String base() {
                return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + CONTEXT;
            }

            public ServletContext servletContext() {
                return webapp.getServletContext();
            }

            public void close() throws Exception {
                server.stop();
            }
        };
    }

    static Containers tomcat(Path war) throws Exception {
        Tomcat tomcat = new Tomcat();
        File baseDir = Files.createTempDirectory("authstash-tomcat").toFile();
        tomcat.setBaseDir(baseDir.getAbsolutePath());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addWebapp(CONTEXT, war.toString());
        // the test class path is the container's: no TLDs or fragments to find there (SCIs are still loaded)
        ((org.apache.tomcat.util.scan.StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        Wrapper servlet = Tomcat.addServlet(context, "async", new TestWar.AsyncServlet());
        servlet.setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "async");
        tomcat.start();
        if (!context.getState().isAvailable()) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException("web app failed to start: " + context.getState());
        }
        return new Containers() {
            public String base() {
                return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + CONTEXT;
            }

            public ServletContext servletContext() {
                return context.getServletContext();
            }

            public void close() throws Exception {
                tomcat.stop();
                tomcat.destroy();
            }
        };
    }
}
