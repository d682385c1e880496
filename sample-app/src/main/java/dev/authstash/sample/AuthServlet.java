package dev.authstash.sample;

import dev.authstash.session.SessionStorageUnavailableException;
import dev.authstash.storage.StorageException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Better-Auth-style endpoints under {@code /api/auth/*} (mapped in {@code web.xml}, behind the authstash
 * rate-limit and session filters). Routes by method and path inside the servlet; every error is
 * {@code {"message": …}}.
 */
public final class AuthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AuthServlet.class);

    /** One endpoint: reads the exchange's request and writes its response. */
    interface Endpoint {
        void handle(Exchange exchange) throws IOException;
    }

    private final Map<String, Endpoint> routes = new HashMap<>();

    @Override
    public void init() {
        AccountEndpoints.register(routes);
        SessionEndpoints.register(routes);
        PasswordEndpoints.register(routes);
        OtpEndpoints.register(routes);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Exchange exchange = new Exchange(request, response, Services.of(getServletContext()));
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        Endpoint endpoint = routes.get(request.getMethod() + " " + path);
        try {
            requireJson(request);
            if (endpoint != null) {
                endpoint.handle(exchange);
            } else if (routes.keySet().stream().anyMatch(k -> k.endsWith(" " + path))) {
                throw new ApiError(405, "Method not allowed");
            } else {
                throw new ApiError(404, "Not found");
            }
        } catch (ApiError e) {
            if (e.status() == 415) {
                response.setHeader("Accept", "application/json");
            }
            exchange.json(e.status(), Map.of("message", e.getMessage()));
        } catch (SessionStorageUnavailableException | StorageException e) {
            response.setHeader("Retry-After", "1");
            exchange.json(503, Map.of("message", "Service temporarily unavailable. Please try again later."));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), path, e);
            exchange.json(500, Map.of("message", "Internal server error"));
        }
    }

    /**
     * 415 for a request body that is not declared {@code application/json}: a cross-site HTML form can only send
     * {@code text/plain}, {@code multipart/form-data} or {@code application/x-www-form-urlencoded}, never JSON
     * without a CORS preflight. A request without a body (e.g. a bare sign-out) needs no content type. A declared
     * charset other than UTF-8 is 415 too: the body is read as UTF-8 (as authstash's body: keys read it).
     */
    static void requireJson(HttpServletRequest request) {
        if (request.getMethod().equals("GET") || request.getMethod().equals("HEAD")) {
            return; // no endpoint reads a GET body
        }
        String type = request.getContentType();
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (type == null ? hasBody : !isJson(type)) {
            throw new ApiError(415, "Content-Type must be application/json");
        }
        String charset = request.getCharacterEncoding();
        if (type != null && charset != null && !charset.equalsIgnoreCase("UTF-8")) {
            throw new ApiError(415, "Content-Type charset must be UTF-8"); // the bytes are read as UTF-8
        }
    }

    private static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mime.equalsIgnoreCase("application/json");
    }
}
