package dev.authstash.jakartaee.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The WAR's JAX-RS application: registers nothing (the server scans the resources; authstash registers itself). */
@ApplicationPath("/api")
public class ShopApplication extends Application {
}
