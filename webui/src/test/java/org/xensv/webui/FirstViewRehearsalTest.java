package org.xensv.webui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.security.core.context.SecurityContextHolder;
import org.xensv.toolstack.audit.AuditLog;
import org.xensv.toolstack.audit.AuditQuery;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

/**
 * The start-up warm-up's drawing of the first view: it draws the console's real view, for the
 * inventory there is, and leaves nothing behind: no user on the thread, no Vaadin session or UI, no
 * audit entry, and the inventory as it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:rehearsal-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=rehearsal${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.memory-mib=256",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory=",
        "xensv.console.warm-up=false"
})
class FirstViewRehearsalTest {

    @Autowired
    ObjectProvider<ServletRegistrationBean<?>> servlets;
    @Autowired
    VmService vms;
    @Autowired
    AuditLog audit;
    @Autowired
    HostService hosts;

    @Test
    void drawsTheFirstViewAndLeavesNothingBehind() {
        VaadinService service = FirstViewRehearsal.service(servlets).orElseThrow();
        long auditEntries = audit.search(AuditQuery.ALL, 0, 1).total();
        var before = vms.list().stream().map(v -> v.id() + " " + v.powerState()).toList();

        String first = FirstViewRehearsal.draw(service);
        FirstViewRehearsal.draw(service);

        // the console's own view, with the inventory in it: the tree, the embedded pool's host, the task list
        assertThat(first).contains("inventory-tree", hosts.list().getFirst().name(), "task-grid");

        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
        assertThat(VaadinSession.getCurrent()).isNull();
        assertThat(UI.getCurrent()).isNull();
        assertThat(VaadinService.getCurrent()).isNull();
        assertThat(audit.search(AuditQuery.ALL, 0, 1).total()).isEqualTo(auditEntries);
        assertThat(vms.list().stream().map(v -> v.id() + " " + v.powerState()).toList()).isEqualTo(before);
    }
}
