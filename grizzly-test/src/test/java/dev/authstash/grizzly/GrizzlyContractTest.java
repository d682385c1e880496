package dev.authstash.grizzly;

import dev.authstash.Authstash;
import dev.authstash.jaxrs.AuthstashFeature;
import dev.authstash.jaxrs.ContractResource;
import dev.authstash.testkit.AdapterContract;
import java.net.URI;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The adapter contract on Jersey's Grizzly container (no servlet): the feature reads the peer and the context path
 * (the base URI's path, {@value AdapterContract#CONTEXT}) from Grizzly's request.
 */
class GrizzlyContractTest extends AdapterContract {
    /** Grizzly answers 500 to {@code %2F} in a path by itself, with or without authstash (nothing reaches Jersey). */
    @Override
    protected boolean containerRefusesEncodedSlashWith500() {
        return true;
    }

    @Override
    protected Served serve(Authstash authstash) {
        ResourceConfig app = new ResourceConfig(ContractResource.class).register(new AuthstashFeature(authstash));
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(
                URI.create("http://127.0.0.1:0" + AdapterContract.CONTEXT + "/"), app);
        int port = server.getListener("grizzly").getPort();
        return new Served() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                server.shutdownNow();
            }
        };
    }
}
