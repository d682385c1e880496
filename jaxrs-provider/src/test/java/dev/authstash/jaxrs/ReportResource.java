package dev.authstash.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** A class-level {@link RateLimit}: both methods share one quota. */
@Path("/reports")
@RateLimit(window = 60, max = 2)
public class ReportResource {
    @GET
    @Path("daily")
    public String daily() {
        return "daily";
    }

    @GET
    @Path("weekly")
    public String weekly() {
        return "weekly";
    }
}
