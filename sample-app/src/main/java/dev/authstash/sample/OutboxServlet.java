package dev.authstash.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/** {@code GET /dev/outbox?to=<email>}: the messages "sent" to that address, oldest first (the demo's email). */
public final class OutboxServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String to = request.getParameter("to");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        if (to == null || to.isBlank()) {
            response.setStatus(400);
            response.getWriter().write(Json.message("to is required"));
            return;
        }
        Outbox outbox = Services.of(getServletContext()).outbox();
        response.getWriter().write(Json.write(outbox.to(to.trim().toLowerCase(Locale.ROOT))));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(405);
        response.setContentType("application/json");
        response.getWriter().write(Json.write(Map.of("message", "Method not allowed")));
    }
}
