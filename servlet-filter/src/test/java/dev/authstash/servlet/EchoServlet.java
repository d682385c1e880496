package dev.authstash.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * Test servlet: echoes what the application sees (path, user, session, dispatch), or — on the first
 * dispatch only — forwards ({@code ?forward=}), includes ({@code ?include=}), sends an error
 * ({@code ?error=}) or dispatches asynchronously ({@code ?async=}).
 */
public class EchoServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        if (req.getDispatcherType() == DispatcherType.REQUEST) {
            if (req.getParameter("forward") != null) {
                req.getRequestDispatcher(req.getParameter("forward")).forward(req, res);
                return;
            }
            if (req.getParameter("include") != null) {
                res.setContentType("text/plain");
                res.getWriter().print("including ");
                req.getRequestDispatcher(req.getParameter("include")).include(req, res);
                return;
            }
            if (req.getParameter("error") != null) {
                res.sendError(Integer.parseInt(req.getParameter("error")));
                return;
            }
            if (req.getParameter("async") != null) {
                req.startAsync().dispatch(req.getParameter("async"));
                return;
            }
        }
        Principal principal = req.getUserPrincipal();
        res.setContentType("text/plain");
        res.getWriter().print("path=" + req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo())
                + " user=" + req.getRemoteUser()
                + " principal=" + (principal == null ? null : principal.getName())
                + " session=" + (req.getAttribute(SessionFilter.SESSION_ATTRIBUTE) != null)
                + " dispatch=" + req.getDispatcherType());
    }
}
