package dev.authstash.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/** Runs the sample application on embedded Jetty; {@code PORT} sets the port (default 8080). */
public final class SampleApp {
    private SampleApp() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Server server = new Server(port);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("application/json");
                resp.getWriter().write("{\"status\":\"ok\"}");
            }
        }), "/api/v1/health");
        server.setHandler(context);
        server.start();
        System.out.println("authstash sample app on http://localhost:" + port + "/api/v1/health");
        server.join();
    }
}
