package dev.authstash.quarkus;

import dev.authstash.Authstash;
import dev.authstash.testkit.AdapterContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The adapter contract on Quarkus REST (Vert.x, no servlet) at {@code quarkus.http.root-path=/app}: the app starts
 * once, each case's {@link Authstash} is switched in ({@link Switch}); {@link AppResource} is the contract's
 * application. Cases on storage outages start their own {@code redis-server} (the test kit's).
 */
@QuarkusTest
@TestProfile(ContractProfile.class)
class QuarkusContractTest extends AdapterContract {
    @Override
    protected Served serve(Authstash authstash) {
        Switch.install(authstash);
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return new Served() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                Switch.clear();
            }
        };
    }
}
