package dev.authstash.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.PublicSurface;
import org.junit.jupiter.api.Test;

/** The module's public surface is the one listed in {@code public-api.txt}: nothing public appears unnoticed. */
class PublicApiTest {
    @Test
    void everyPublicTypeIsListedAndEveryListedTypeIsPublic() {
        assertThat(PublicSurface.differences("public-api.txt")).isEmpty();
    }
}
