package dev.authstash.dropwizard;

import dev.authstash.jaxrs.ShopResource;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Environment;

/** A Dropwizard app as its users write one: it registers its resource and nothing of authstash. */
public class ShopApp extends Application<Configuration> {
    @Override
    public void run(Configuration configuration, Environment environment) {
        environment.jersey().register(ShopResource.class);
    }
}
