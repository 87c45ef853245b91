package org.xensv.toolstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;

/** Text with the NUL character is refused at the door naming the field, on H2 as on PostgreSQL (which cannot store it), and nothing is made. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NulCharacterApiTest {

    @LocalServerPort
    int port;

    @Test
    void aNameWithNulIsRefusedNamingItAndNothingIsCreated() {
        Api api = new Api(port);
        int networks = api.get("/api/v1/networks").body().size();
        Api.Response network = api.post("/api/v1/networks", "{\"name\": \"lan\\u0000\"}");
        assertThat(network.status()).as(network.raw()).isEqualTo(400);
        assertThat(network.body().get("field").asString()).isEqualTo("name");
        assertThat(api.get("/api/v1/networks").body().size()).isEqualTo(networks);

        Api.Response bulk = api.post("/api/v1/vms/bulk", "{\"action\": \"tag\", \"tag\": \"x\", \"filter\": {\"q\": \"a\\u0000\"}}");
        assertThat(bulk.status()).as(bulk.raw()).isEqualTo(400);
        assertThat(bulk.body().get("field").asString()).isEqualTo("filter.q");
    }
}
