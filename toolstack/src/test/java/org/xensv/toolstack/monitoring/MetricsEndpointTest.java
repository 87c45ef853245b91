package org.xensv.toolstack.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

/**
 * Health and Prometheus metrics answer on the management port, not on the console's: tasks by
 * state, hosts by connection, operations by outcome.
 */
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0", "management.server.address=127.0.0.1",
        "management.endpoints.web.exposure.include=health,prometheus", "xensv.embedded.pool-name=Metrics pool", "xensv.embedded.memory-mib=256"})
class MetricsEndpointTest {

    @org.junit.jupiter.api.AfterAll
    static void giveTheHostsMemoryBack(@Autowired org.xensv.toolstack.host.HostService hosts) {
        org.xensv.toolstack.support.EmbeddedHosts.release(hosts);
    }

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    @Test
    void healthAndPrometheusMetricsAnswerOnTheManagementPortOnly() {
        Api console = new Api(port);
        Api management = new Api(managementPort);
        assertThat(console.post("/api/v1/networks", "{\"name\": \"metrics-net\"}").status()).isEqualTo(201);
        var hosts = console.get("/api/v1/hosts").body();
        String vm = console.post("/api/v1/vms", "{\"name\": \"metrics-vm\", \"type\": \"PV\", \"vcpus\": 1, \"memoryMiB\": 64,"
                + " \"hostId\": \"" + hosts.get(0).get("id").asString() + "\", \"start\": true}").body().get("vm").get("id").asString();
        Await.until("metrics-vm runs", () -> console.get("/api/v1/vms/" + vm).body().get("powerState").asString().equals("RUNNING")
                && console.get("/api/v1/vms/" + vm).body().get("currentOperation").isNull());
        String migration = console.post("/api/v1/vms/" + vm + "/migrate", "{\"hostId\": \"" + hosts.get(1).get("id").asString() + "\"}")
                .body().get("id").asString();
        Await.until("the migration ends", () -> console.get("/api/v1/tasks/" + migration).body().get("status").asString().equals("SUCCESS"));

        Api.Response health = management.get("/actuator/health");
        String metrics = management.download("/actuator/prometheus").body();

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
        assertThat(metrics).contains("xensv_tasks{state=\"running\"}").contains("xensv_tasks{state=\"failure\"}")
                .contains("xensv_hosts{connection=\"connected\"} 2.0")
                .contains("xensv_operations_total{operation=\"network.create\",outcome=\"success\"} 1.0");
        assertThat(metrics).contains("xensv_migrations_total{phase=\"completed\"} 1.0")
                .contains("xensv_migration_downtime_seconds_count 1").contains("xensv_migration_bytes_count 1");
        assertThat(metrics).doesNotContain("xensv_migration_bytes_sum 0.0");
        assertThat(console.get("/actuator/health").status()).isEqualTo(404);
        assertThat(console.get("/actuator/prometheus").status()).isEqualTo(404);
    }
}
