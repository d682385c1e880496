package dev.authstash.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * {@code GET /dev/outbox?to=<email>}: the messages "sent" to that address, oldest first (the demo's email). Only with
 * {@code DEV_OUTBOX=true}, and only to a browser on this machine: the TCP peer must be a loopback address and the
 * request must carry no forwarded header (a request relayed by a proxy, even one on this host, is not local).
 * Otherwise every request is 404, as for a path that does not exist: the outbox holds reset links and OTP codes.
 */
public final class OutboxServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Outbox outbox = Services.of(getServletContext()).outbox();
        if (!outbox.enabled() || !local(request)) {
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

    /** Whether the request comes straight from this machine: a loopback peer and no forwarded header. */
    static boolean local(HttpServletRequest request) {
        for (String header : FORWARDED) {
            if (request.getHeader(header) != null) {
                return false;
            }
        }
        String peer = request.getRemoteAddr();
        if (peer == null) {
            return false;
        }
        peer = peer.startsWith("[") && peer.endsWith("]") ? peer.substring(1, peer.length() - 1) : peer;
        if (peer.isEmpty() || !peer.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return false; // only an IP literal, so that the look-up below never asks DNS
        }
        try {
            return java.net.InetAddress.getByName(peer).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static final java.util.List<String> FORWARDED = java.util.List.of("Forwarded", "X-Forwarded-For",
            "X-Real-IP", "X-Forwarded-Host", "CF-Connecting-IP", "True-Client-IP");

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(Services.of(getServletContext()).outbox().enabled() ? 405 : 404);
        response.setContentType("application/json");
        response.getWriter().write(Json.message(response.getStatus() == 404 ? "Not found" : "Method not allowed"));
    }
}
