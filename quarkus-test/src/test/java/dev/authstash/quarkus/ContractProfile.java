package dev.authstash.quarkus;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The contract's app: {@link Switch} on, auto-registration off, no shared Redis (each case starts its own). */
public class ContractProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Switch.Resource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
