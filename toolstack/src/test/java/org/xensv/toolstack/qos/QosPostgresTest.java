package org.xensv.toolstack.qos;

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
import org.xensv.toolstack.network.NetworkService;
import org.xensv.toolstack.network.VifForm;
import org.xensv.toolstack.network.VifService;
import org.xensv.toolstack.network.VifView;
import org.xensv.toolstack.vm.VmQosForm;
import org.xensv.toolstack.vm.VmQosService;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.toolstack.support.Postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * QoS policies on a real PostgreSQL 15 (V7, its constraints and the queries that name a policy's
 * users), through the services. Runs when XENSV_TEST_POSTGRES_URL is set, as {@code scripts/test}
 * does; skipped otherwise.
 */
@SpringBootTest(properties = "xensv.embedded.memory-mib=256") // small hosts: this context of its own claims them from the process budget
@EnabledIfEnvironmentVariable(named = "XENSV_TEST_POSTGRES_URL", matches = ".+")
class QosPostgresTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.asDataSource(registry);
    }

    @Autowired
    QosPolicyService policies;
    @Autowired
    VmQosService vmQos;
    @Autowired
    VifService vifs;
    @Autowired
    NetworkService networks;
    @Autowired
    VmService vms;
    @Autowired
    HostService hosts;
    @Autowired
    JdbcTemplate db;

    @Test
    void policiesKeepTheirRulesOnPostgres() {
        String suffix = Long.toString(System.nanoTime() % 1_000_000);
        QosPolicyView policy = policies.create(new QosPolicyForm("pg-qos-" + suffix, null, "10Mb/s", 64L, 512, null, 100L, null));
        assertThatThrownBy(() -> policies.create(new QosPolicyForm("PG-QOS-" + suffix, null, null, null, null, null, null, null)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("already used");

        UUID vm = vms.create(VmSpec.of("pg-qos-vm-" + suffix, 1, 64, hosts.list().getFirst().id(), false)).vm().id();
        vmQos.set(vm, new VmQosForm(policy.id(), null, null));
        String mac = "00:16:3e:7e:%02x:%02x".formatted((int) (System.nanoTime() % 256), (int) (System.nanoTime() / 256 % 256));
        VifView vif = vifs.add(vm, new VifForm(networks.list().getFirst().id(), mac, null, null, policy.id()));
        assertThat(vif.effectiveRate().source()).isEqualTo("policy:pg-qos-" + suffix);
        assertThat(vmQos.get(vm).effectiveCpuWeight().value()).isEqualTo(512);

        assertThatThrownBy(() -> policies.delete(policy.id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("VM pg-qos-vm-" + suffix).hasMessageContaining("VIF 0 of pg-qos-vm-" + suffix);
        assertThat(db.queryForObject("select count(*) from qos_policy where id = ?", Integer.class, policy.id())).isEqualTo(1);

        vifs.remove(vm, vif.id());
        vmQos.set(vm, new VmQosForm(null, null, null));
        policies.delete(policy.id());
        assertThat(db.queryForObject("select count(*) from qos_policy where id = ?", Integer.class, policy.id())).isZero();
    }
}
