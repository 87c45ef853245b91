package org.xensv.toolstack.network;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.toolstack.support.Postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Networks and VIFs on a real PostgreSQL 15 (V6 and its constraints), through the services. Runs
 * when XENSV_TEST_POSTGRES_URL is set, as {@code scripts/test} does; skipped otherwise.
 */
@SpringBootTest(properties = "xensv.embedded.memory-mib=256") // small hosts: this context of its own claims them from the process budget
@EnabledIfEnvironmentVariable(named = "XENSV_TEST_POSTGRES_URL", matches = ".+")
class NetworkPostgresTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.asDataSource(registry);
    }

    @Autowired
    NetworkService networks;
    @Autowired
    VifService vifs;
    @Autowired
    VmService vms;
    @Autowired
    HostService hosts;
    @Autowired
    JdbcTemplate db;

    @Test
    void networksAndVifsKeepTheirRulesOnPostgres() {
        String suffix = Long.toString(System.nanoTime() % 1_000_000);
        int tag = 1000 + (int) (System.nanoTime() % 2000);
        NetworkView tagged = networks.create(new NetworkForm("pg-net-" + suffix, null, tag, 9000, null));
        NetworkView untagged = networks.create(new NetworkForm("pg-plain-" + suffix, null, null, null, null));
        assertThat(tagged.segment()).isEqualTo(tag);
        assertThat(untagged.segment()).isNotEqualTo(tag);
        assertThat(networks.list()).extracting(NetworkView::name).contains("Embedded pool network");

        UUID vm = vms.create(VmSpec.of("pg-vif-" + suffix, 1, 64, hosts.list().getFirst().id(), false)).vm().id();
        String mac = "00:16:3e:%02x:%02x:%02x".formatted(tag % 256, (tag / 256) % 256, (int) (System.nanoTime() % 256));
        VifView vif = vifs.add(vm, new VifForm(tagged.id(), mac.toUpperCase(), "10Mb/s@50ms", null));
        assertThat(vif.mac()).isEqualTo(mac);
        int before = db.queryForObject("select count(*) from vif", Integer.class);

        assertThatThrownBy(() -> vifs.add(vm, new VifForm(untagged.id(), mac, null, null)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("already used");
        assertThatThrownBy(() -> networks.delete(tagged.id()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("pg-vif-" + suffix);
        assertThat(db.queryForObject("select count(*) from vif", Integer.class)).isEqualTo(before);

        vifs.remove(vm, vif.id());
        networks.delete(tagged.id());
        networks.delete(untagged.id());
        assertThat(db.queryForObject("select count(*) from network where id = ?", Integer.class, tagged.id())).isZero();
    }
}
