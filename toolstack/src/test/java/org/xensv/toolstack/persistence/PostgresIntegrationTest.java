package org.xensv.toolstack.persistence;

import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.migration.AfterRestart;
import org.xensv.toolstack.migration.FlightView;
import org.xensv.toolstack.migration.MigrateRequest;
import org.xensv.toolstack.migration.MigrationService;
import org.xensv.toolstack.support.Await;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskStatus;
import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.toolstack.vm.VmView;
import org.xensv.toolstack.support.Postgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same migrations and services against a real PostgreSQL 15. {@code scripts/test} (and so CI)
 * starts a throwaway server and sets XENSV_TEST_POSTGRES_URL; without it this test is skipped.
 */
@SpringBootTest(properties = "xensv.embedded.memory-mib=256") // small hosts: this context of its own claims them from the process budget
@EnabledIfEnvironmentVariable(named = "XENSV_TEST_POSTGRES_URL", matches = ".+")
class PostgresIntegrationTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.asDataSource(registry);
    }

    @Autowired
    DataSource dataSource;
    @Autowired
    VmService vms;
    @Autowired
    HostService hosts;
    @Autowired
    TaskService tasks;
    @Autowired
    MigrationService migrations;
    @Autowired
    ApplicationContext context;

    @Test
    void runsOnPostgresWithTheSameMigrations() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class)).isPositive();
    }

    @Test
    void theWorkloadColumnsAreNullableOnPostgres() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForList("select column_name || ' ' || is_nullable from information_schema.columns"
                + " where table_schema = current_schema() and table_name = 'vm' and column_name like 'workload%' order by column_name", String.class))
                .containsExactly("workload YES", "workload_fill_mib YES", "workload_rate YES", "workload_seed YES",
                        "workload_set_mib YES");
    }

    @Test
    void aVmLivesThroughItsLifecycleOnPostgres() {
        var host = hosts.list().getFirst();
        VmService.Created created = vms.create(VmSpec.of("pg-" + System.nanoTime() % 100000, 1, 128, host.id(), true));
        Await.until("started", () -> tasks.get(created.startTask().id()).status().finished());
        assertThat(tasks.get(created.startTask().id()).status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(vms.get(created.vm().id()).powerState()).isEqualTo(PowerState.RUNNING);

        var stop = vms.perform(created.vm().id(), Operation.HARD_SHUTDOWN);
        Await.until("stopped", () -> tasks.get(stop.id()).status().finished());
        var destroy = vms.perform(created.vm().id(), Operation.DESTROY);
        Await.until("destroyed", () -> tasks.get(destroy.id()).status().finished());
        assertThat(vms.list()).extracting(VmView::id).doesNotContain(created.vm().id());
    }

    @Test
    void aFlightReportIsStoredAndReadBackOnPostgres() {
        var source = hosts.list().getFirst();
        var destination = hosts.list().get(1);
        VmService.Created created = vms.create(new VmSpec("pg-mig-" + System.nanoTime() % 100000, null, "PV", 1, 96L,
                source.id(), "IDLE", 32L, null, null, 7L, null, null, null, true));
        Await.until("started", () -> tasks.get(created.startTask().id()).status().finished());
        UUID vmId = created.vm().id();

        TaskView task = migrations.migrate(vmId, MigrateRequest.to(destination.id()));
        Await.until("migrated", () -> tasks.get(task.id()).status().finished());

        assertThat(tasks.get(task.id()).status()).isEqualTo(TaskStatus.SUCCESS);
        FlightView live = migrations.flight(task.id()).orElseThrow();
        FlightView stored = AfterRestart.migrations(context).flight(task.id()).orElseThrow();
        assertThat(stored).isEqualTo(live);
        assertThat(stored.rounds()).isNotEmpty();
        assertThat(stored.report().downtime()).isPositive();

        var stop = vms.perform(vmId, Operation.HARD_SHUTDOWN);
        Await.until("stopped", () -> tasks.get(stop.id()).status().finished());
        var destroy = vms.perform(vmId, Operation.DESTROY);
        Await.until("destroyed", () -> tasks.get(destroy.id()).status().finished());
        assertThat(AfterRestart.migrations(context).latestFlightOf(vmId)).isEmpty();
    }
}
