package org.xensv.toolstack.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.xensv.toolstack.network.NetworkForm;
import org.xensv.toolstack.network.NetworkService;
import org.xensv.toolstack.qos.QosPolicyForm;
import org.xensv.toolstack.qos.QosPolicyService;

/**
 * Who the audit log names: the request's principal and address when a request is being handled (as
 * a security layer's servlet integration sets them), "system" for background work, and secrets
 * never stored.
 */
@SpringBootTest
class AuditActorTest {

    @Autowired
    AuditLog audit;
    @Autowired
    NetworkService networks;
    @Autowired
    QosPolicyService policies;

    @AfterEach
    void noRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void aChangeMadeInARequestIsRecordedWithItsPrincipalAndAddress() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setUserPrincipal(() -> "alice");
        request.setRemoteAddr("192.0.2.7");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        Instant start = Instant.now();

        networks.create(new NetworkForm("actor-net", null, null, null, null));

        AuditEntry entry = audit.search(new AuditQuery("alice", "actor-net", "network.create", start, null), 0, 10).entries().getFirst();
        assertThat(entry.actor()).isEqualTo("alice");
        assertThat(entry.address()).isEqualTo("192.0.2.7");
    }

    @Test
    void aRequestWithoutAPrincipalIsAnonymousAndWorkOutsideAnyRequestIsTheSystems() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("198.51.100.1");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        assertThat(Actor.current()).isEqualTo(new Actor("anonymous", "198.51.100.1"));
        RequestContextHolder.resetRequestAttributes();
        assertThat(Actor.current()).isEqualTo(Actor.SYSTEM);
        assertThat(new Actor("bob", "10.0.0.1").run(Actor::current)).isEqualTo(new Actor("bob", "10.0.0.1"));
    }

    @Test
    void fieldsNamedLikeSecretsAreRedactedInTheParameters() {
        record Login(String user, String password, String apiToken) {
        }
        String json = AuditParameters.json(java.util.Map.of("login", new Login("carol", "hunter2", "tok-123"), "clientSecret", "s3"));

        assertThat(json).contains("carol").doesNotContain("hunter2").doesNotContain("tok-123").doesNotContain("s3\"")
                .contains("\"password\":\"[redacted]\"").contains("\"clientSecret\":\"[redacted]\"");
    }

    @Test
    void aServiceCallThatFailsIsRecordedAsAFailureWithItsCode() {
        Instant start = Instant.now();
        try {
            policies.create(new QosPolicyForm("actor-bad-qos", null, "fast", null, null, null, null, null));
        } catch (RuntimeException expected) {
            // refused for its rate
        }
        AuditEntry entry = audit.search(new AuditQuery(null, "actor-bad-qos", "qos-policy.create", start, null), 0, 10).entries().getFirst();
        assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILURE);
        assertThat(entry.errorCode()).isEqualTo("INVALID_VALUE");
        assertThat(entry.parameters()).contains("\"nicRate\":\"fast\"");
    }

    @Test
    void csvFieldsAreQuotedAndFormulasDefused() {
        assertThat(AuditCsv.field("plain")).isEqualTo("plain");
        assertThat(AuditCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditCsv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(AuditCsv.field(null)).isEmpty();
    }
}
