package org.xensv.toolstack.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xensv.toolstack.network.NetworkForm;
import org.xensv.toolstack.network.NetworkService;
import org.xensv.toolstack.network.NetworkView;
import org.xensv.toolstack.support.Postgres;

/**
 * The audit log on a real PostgreSQL 15 (V13, its check constraint, the filters' queries, paging
 * and CSV). Runs when XENSV_TEST_POSTGRES_URL is set, as {@code scripts/test} does; skipped otherwise.
 */
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(properties = "xensv.embedded.memory-mib=256")
@EnabledIfEnvironmentVariable(named = "XENSV_TEST_POSTGRES_URL", matches = ".+")
class AuditPostgresTest {

    @org.junit.jupiter.api.AfterAll
    static void giveTheHostsMemoryBack(@Autowired org.xensv.toolstack.host.HostService hosts) {
        org.xensv.toolstack.support.EmbeddedHosts.release(hosts);
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.asDataSource(registry);
    }

    @Autowired
    AuditLog audit;
    @Autowired
    NetworkService networks;

    @Test
    void changesFailuresAndRefusalsAreRecordedFilteredPagedAndExportedOnPostgres() {
        Instant start = Instant.now();
        String name = "pg-audit-" + System.nanoTime() % 1_000_000;
        NetworkView created = networks.create(new NetworkForm(name, "a, \"quoted\" one", null, null, null));
        try {
            networks.create(new NetworkForm(name, null, 5000, null, null));
        } catch (RuntimeException expected) {
            // refused: recorded as a failure with its code
        }
        audit.refused("network.delete", created.id().toString(), "operator may not delete networks");

        AuditPage page = audit.search(new AuditQuery(null, created.id().toString(), "network", start, null), 0, 10);
        assertThat(page.entries()).extracting(AuditEntry::operation, AuditEntry::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("network.delete", AuditOutcome.REFUSED),
                        org.assertj.core.groups.Tuple.tuple("network.create", AuditOutcome.SUCCESS));
        AuditPage failed = audit.search(new AuditQuery(null, name, "network.create", start, null), 0, 10);
        assertThat(failed.entries()).extracting(AuditEntry::outcome).contains(AuditOutcome.FAILURE, AuditOutcome.SUCCESS);
        assertThat(failed.entries()).filteredOn(e -> e.outcome() == AuditOutcome.FAILURE)
                .extracting(AuditEntry::errorCode).containsExactly("INVALID_VALUE");
        assertThat(audit.search(new AuditQuery(null, name, null, start, null), 0, 1).total()).isEqualTo(2);
        StringWriter csv = new StringWriter();
        audit.csv(new AuditQuery(null, created.id().toString(), null, start, null), csv);
        assertThat(csv.toString()).startsWith("time,user,address").contains("\\\"\"quoted\\\"\"");
    }
}
