package dev.authstash.servlet;

import dev.authstash.Authstash;
import dev.authstash.web.Diagnosis;
import dev.authstash.web.GateOutcome;
import dev.authstash.web.Header;
import dev.authstash.web.RequestGate;
import java.nio.charset.StandardCharsets;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The opt-in client-address diagnostic ({@link RequestGate#diagnose}) as a servlet the application mounts where it
 * wants (nothing registers it): {@code GET <mapping>?path=/api/auth/sign-in/email&method=POST} answers, as JSON,
 * the peer, the forwarded headers read, the client address, the rules of {@code path} with their hashed buckets,
 * why, and the proxy doctor's findings. Without a token only a loopback peer that sent no forwarded header is
 * answered; with one (init-param {@value #TOKEN_PARAM}, or the constructor; at least 32 characters, e.g.
 * {@code ${AUTHSTASH_DIAGNOSTIC_TOKEN}} from your own configuration) only requests carrying it in
 * {@code X-Authstash-Diagnostic-Token}. Everyone else gets 404; at most 30 requests a minute (429). Translation
 * only: uses the {@link AuthstashListener}'s instance unless given one.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new IpDiagnosticServlet(authstash, System.getenv("DIAG_TOKEN"))),
 *         "/internal/authstash/ip");
 * }</pre>
 */
public class IpDiagnosticServlet extends HttpServlet {
    /** Init-param naming the token; absent: loopback only. */
    public static final String TOKEN_PARAM = "authstash.diagnosticToken";

    private transient Authstash authstash;
    private String token;

    /** For {@code web.xml}: the listener's instance, the token from init-param {@value #TOKEN_PARAM}. */
    public IpDiagnosticServlet() {}

    /** @param token null (loopback only) or at least 32 characters */
    public IpDiagnosticServlet(Authstash authstash, String token) {
        this.authstash = java.util.Objects.requireNonNull(authstash, "authstash");
        this.token = check(token);
    }

    @Override
    public void init() throws ServletException {
        if (authstash == null) {
            authstash = AuthstashListener.require(getServletContext());
            String param = getInitParameter(TOKEN_PARAM);
            token = check(param == null || param.isBlank() ? null : param.trim());
        }
    }

    private static String check(String token) {
        if (token != null && token.length() < 32) {
            throw new IllegalArgumentException(TOKEN_PARAM + ": expected at least 32 characters, got "
                    + token.length());
        }
        return token;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Diagnosis d = authstash.gate().diagnose(Requests.view(request, null), request.getParameter("path"),
                request.getParameter("method"), token);
        response.setStatus(d.status());
        for (Header h : d.headers()) {
            response.setHeader(h.name(), h.value());
        }
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        response.setContentType(GateOutcome.CONTENT_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
