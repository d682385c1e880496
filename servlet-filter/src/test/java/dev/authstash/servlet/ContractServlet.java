package dev.authstash.servlet;

import dev.authstash.testkit.AdapterContract;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/** The {@link AdapterContract}'s application as a servlet: every path and method. */
final class ContractServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body;
        String signIn = request.getHeader(AdapterContract.SIGN_IN_HEADER);
        if (signIn != null) {
            ServletSessions.signIn(request, response, signIn);
            body = "signed-in";
        } else {
            String answer = request.getHeader(AdapterContract.ANSWER_HEADER);
            response.setStatus(answer == null ? 200 : Integer.parseInt(answer));
            Principal user = request.getUserPrincipal();
            body = "user=" + (user == null ? "anonymous" : user.getName());
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
