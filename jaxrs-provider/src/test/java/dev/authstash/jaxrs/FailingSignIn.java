package dev.authstash.jaxrs;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Sign-in resources that fail by throwing: {@code throws} throws a RuntimeException no mapper maps (the runtime
 * answers 500 without running response filters), {@code mapped} one the application maps to 401 ({@link Mapper}),
 * {@code broken-mapper} one whose mapper throws, {@code fine} answers 200.
 */
@Path("/auth/failing")
public class FailingSignIn {
    /** A wrong password, as an application exception. */
    public static final class BadCredentials extends RuntimeException {
        BadCredentials() {
            super("bad credentials", null, false, false);
        }
    }

    /** The application's own mapping of {@link BadCredentials}: 401 with a JSON message. */
    @Provider
    public static final class Mapper implements ExceptionMapper<BadCredentials> {
        @Override
        public Response toResponse(BadCredentials e) {
            return Response.status(401).type("application/json").entity("{\"message\":\"bad credentials\"}").build();
        }
    }

    /** Thrown by {@code broken-mapper}; its mapper itself fails, so no mapped answer and no response filters. */
    public static final class Unmappable extends RuntimeException {
        Unmappable() {
            super("unmappable", null, false, false);
        }
    }

    /** An application mapper that throws while mapping (a bug in the application's error handling). */
    @Provider
    public static final class BrokenMapper implements ExceptionMapper<Unmappable> {
        @Override
        public Response toResponse(Unmappable e) {
            throw new IllegalStateException("the mapper broke too");
        }
    }

    @POST
    @Path("broken-mapper")
    public String brokenMapper() {
        throw new Unmappable();
    }

    @POST
    @Path("throws")
    public String unmapped() {
        throw new IllegalStateException("the sign-in backend broke");
    }

    @POST
    @Path("mapped")
    public String mapped() {
        throw new BadCredentials();
    }

    @POST
    @Path("fine")
    public String fine() {
        return "fine";
    }
}
