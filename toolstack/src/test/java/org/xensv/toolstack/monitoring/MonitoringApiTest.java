package org.xensv.toolstack.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

/** Health and Prometheus metrics under /actuator, over real HTTP: what a scraper (signed in as an admin) sees after real work. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MonitoringApiTest {

    @LocalServerPort
    int port;

    @Test
    void healthIsUpAndPrometheusCountsHostsVmsTasksAndAMigrationWithItsDowntimeAndBytes() {
        Api api = new Api(port);
        Api anonymous = Api.anonymous(port);
        Api.Response health = anonymous.get("/actuator/health");
        assertThat(health.status()).as("health answers anyone").isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.get("/actuator/prometheus").status()).as("metrics need an admin").isEqualTo(401);

        var hosts = api.get("/api/v1/hosts").body();
        String host1 = hosts.get(0).get("id").asString();
        String host2 = hosts.get(1).get("id").asString();
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "scraped", "vcpus": 1, "memoryMiB": 64, "hostId": "%s", "workload": "IDLE",
                 "workloadFillMiB": 8, "workloadWorkingSetMiB": 4, "workloadPagesPerSecond": 100, "start": true}
                """.formatted(host1));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("vm").get("id").asString();
        Await.until("running", () -> api.get("/api/v1/vms/" + id).body().get("powerState").asString().equals("RUNNING"));
        String taskId = api.post("/api/v1/vms/" + id + "/migrate", "{\"hostId\": \"%s\"}".formatted(host2)).body().get("id").asString();
        Await.until("migrated", () -> api.get("/api/v1/tasks/" + taskId).body().get("status").asString().equals("SUCCESS"));

        String scrape = Await.value("the gauges refreshed after the migration", () -> api.get("/actuator/prometheus").raw(),
                s -> s.contains("xensv_tasks{operation=\"MIGRATE\",state=\"SUCCESS\"} 1.0"));
        assertThat(scrape).contains("xensv_hosts{state=\"CONNECTED\"} 2.0");
        assertThat(scrape).containsPattern("xensv_vms\\{state=\"RUNNING\"} [1-9]");
        assertThat(scrape).contains("xensv_migrations_total{outcome=\"succeeded\"} 1.0");
        assertThat(scrape).contains("xensv_migration_downtime_seconds_count 1");
        assertThat(scrape).containsPattern("xensv_migration_bytes_sum [1-9]");
        assertThat(scrape).as("the JVM's own meters too").contains("jvm_memory_used_bytes");

        api.post("/api/v1/vms/" + id + "/hard-shutdown", null); // this context's hosts are shared with other test classes
        Await.until("halted", () -> api.get("/api/v1/vms/" + id).body().get("powerState").asString().equals("HALTED"));
        assertThat(api.delete("/api/v1/vms/" + id).status()).isEqualTo(202);
    }
}
