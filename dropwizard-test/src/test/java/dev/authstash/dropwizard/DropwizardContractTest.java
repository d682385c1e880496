package dev.authstash.dropwizard;

import dev.authstash.Authstash;
import dev.authstash.jaxrs.AuthstashFeature;
import dev.authstash.jaxrs.ContractResource;
import dev.authstash.testkit.AdapterContract;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;

/** The adapter contract on Dropwizard 5 (Jersey on Jetty, context path {@value AdapterContract#CONTEXT}). */
class DropwizardContractTest extends AdapterContract {
    /** The instance the contract hands over, for the app Dropwizard creates (one test at a time). */
    static volatile Authstash given;

    /** Registers the contract's resource and authstash on the given instance. */
    public static class ContractApp extends Application<Configuration> {
        @Override
        public void run(Configuration configuration, Environment environment) {
            environment.jersey().register(ContractResource.class);
            environment.jersey().register(new AuthstashFeature(given));
        }
    }

    @Override
    protected Served serve(Authstash authstash) throws Exception {
        given = authstash;
        DropwizardTestSupport<Configuration> app =
                new DropwizardTestSupport<>(ContractApp.class, ResourceHelpers.resourceFilePath("contract.yml"));
        app.before();
        int port = app.getLocalPort();
        return new Served() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                app.after();
            }
        };
    }
}
