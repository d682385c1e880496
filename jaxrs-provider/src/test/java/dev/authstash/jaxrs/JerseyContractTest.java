package dev.authstash.jaxrs;

import dev.authstash.Authstash;
import dev.authstash.testkit.AdapterContract;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/** The adapter contract on Jersey 3.1 ({@code ServletContainer} in Jetty 12). */
class JerseyContractTest extends AdapterContract {
    @Override
    protected Served serve(Authstash authstash) throws Exception {
        ResourceConfig app = new ResourceConfig(ContractResource.class).register(new AuthstashFeature(authstash));
        return JaxrsContractServer.start(new ServletHolder(new ServletContainer(app)));
    }
}
