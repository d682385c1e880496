package dev.authstash.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * {@code GET /dev/outbox?to=<email>}: the messages "sent" to that address, oldest first (the demo's email). Only with
 * {@code DEV_OUTBOX=true}; otherwise every request is 404, as for a path that does not exist.
 */
public final class OutboxServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Outbox outbox = Services.of(getServletContext()).outbox();
        if (!outbox.enabled()) {
            response.setStatus(404);
            response.getWriter().write(Json.message("Not found"));
            return;
        }
        String to = request.getParameter("to");
        if (to == null || to.isBlank()) {
            response.setStatus(400);
            response.getWriter().write(Json.message("to is required"));
            return;
        }
        response.getWriter().write(Json.write(outbox.to(to.trim().toLowerCase(Locale.ROOT))));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(Services.of(getServletContext()).outbox().enabled() ? 405 : 404);
        response.setContentType("application/json");
        response.getWriter().write(Json.message(response.getStatus() == 404 ? "Not found" : "Method not allowed"));
    }
}
