package org.xensv.toolstack.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.toolstack.ToolstackTestApplication;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.migration.MigrateRequest;
import org.xensv.toolstack.migration.MigrationService;
import org.xensv.toolstack.support.Await;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.toolstack.vm.VmView;

/**
 * A restart of the toolstack in one JVM: a context on an H2 file database is closed while a
 * migration copies and a VM start is under way, its embedded hosts dropped as a process exit drops
 * them, and a new context starts on the same file.
 */
class TasksAcrossARestartTest {

    private static final TaskOutcome NOTHING_TO_SETTLE = new TaskOutcome() {
        @Override
        public void succeeded() {
        }

        @Override
        public void failed(Throwable cause) {
        }
    };

    @TempDir
    Path dir;

    @Test
    void aMigrationAndAVmStartInFlightWhenTheToolstackStopsEndFailedWithTheReasonAfterItStartsAgain() {
        String prefix = "ir" + ThreadLocalRandom.current().nextInt(1000, 9999) + "-h";
        CountDownLatch neverReleased = new CountDownLatch(1);
        UUID migrationTask;
        UUID startTask;
        UUID moving;
        UUID starting;
        List<String> hostNames;
        try (ConfigurableApplicationContext first = start(prefix)) {
            VmService vms = first.getBean(VmService.class);
            TaskService tasks = first.getBean(TaskService.class);
            List<HostView> hosts = first.getBean(HostService.class).list();
            hostNames = hosts.stream().map(HostView::name).toList();

            VmService.Created created = vms.create(spec("ir-move", hosts.getFirst().id(), true));
            Await.value("ir-move starts", () -> tasks.get(created.startTask().id()), t -> t.status().finished());
            moving = created.vm().id();
            MigrationService migrations = first.getBean(MigrationService.class);
            migrationTask = migrations.migrate(moving, new MigrateRequest(hosts.get(1).id(), true, 1L, null, false, null)).id();
            Await.until("the migration copies", () -> migrations.flight(migrationTask).map(f -> f.samples().size() > 1).orElse(false));

            // a start under way: the VM marked as starting, as VmService does, and its task not yet returned
            starting = vms.create(spec("ir-start", hosts.getFirst().id(), false)).vm().id();
            first.getBean(JdbcTemplate.class).update("update vm set current_operation = 'START' where id = ?", starting);
            startTask = tasks.submit("Start VM", new TaskService.Subject("START", ObjectType.VM, starting, "ir-start"), false,
                    context -> {
                        neverReleased.await();
                        return null;
                    }, NOTHING_TO_SETTLE).id();
            Await.until("the start runs", () -> tasks.get(startTask).status() == TaskStatus.RUNNING);
            assertThat(tasks.get(migrationTask).status()).isEqualTo(TaskStatus.RUNNING);
        }
        hostNames.forEach(EmbeddedRuntime::remove);

        try (ConfigurableApplicationContext second = start(prefix)) {
            TaskService tasks = second.getBean(TaskService.class);
            VmService vms = second.getBean(VmService.class);
            for (UUID id : List.of(migrationTask, startTask)) {
                TaskView task = tasks.get(id);
                assertThat(task.status()).as(task.name()).isEqualTo(TaskStatus.FAILURE);
                assertThat(task.errorCode()).isEqualTo("INTERRUPTED");
                assertThat(task.errorMessage()).startsWith("Interrupted by a restart of the console at ");
                assertThat(task.finishedAt()).isNotNull();
            }
            assertThat(tasks.recent(1000)).noneMatch(t -> !t.status().finished() && t.createdAt().isBefore(tasks.get(startTask).finishedAt()));
            VmView halted = vms.get(starting);
            assertThat(halted.currentOperation()).isNull();
            assertThat(halted.allows(Operation.START)).isTrue();
            VmView moved = Await.value("ir-move settles", () -> vms.get(moving), v -> v.currentOperation() == null);
            assertThat(moved.currentOperation()).isNull();
            hostNames.forEach(EmbeddedRuntime::remove);
        } finally {
            neverReleased.countDown();
        }
    }

    private static VmSpec spec(String name, UUID host, boolean start) {
        return new VmSpec(name, null, "PV", 1, 96L, host, "IDLE", 32L, null, null, 7L, null, null, null, start);
    }

    private ConfigurableApplicationContext start(String prefix) {
        return new SpringApplicationBuilder(ToolstackTestApplication.class).run(
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("xensv") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--server.port=0",
                "--xensv.embedded.memory-mib=256",
                "--xensv.embedded.host-prefix=" + prefix);
    }
}
