package org.xensv.toolstack.qos;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.toolstack.api.IfMatch;

/**
 * Named QoS policies: NIC rate and burst, CPU weight and cap, disk IOPS and MB/s. Attach one to a
 * VM ({@code PUT /api/v1/vms/{id}/qos}), a VIF or a VBD ({@code qosPolicyId}); an edit reaches
 * every running VM that uses the policy at once.
 */
@RestController
@RequestMapping("/api/v1/qos-policies")
class QosPolicyController {

    private final QosPolicyService policies;

    QosPolicyController(QosPolicyService policies) {
        this.policies = policies;
    }

    @GetMapping
    List<QosPolicyView> list() {
        return policies.list();
    }

    @GetMapping("/{id}")
    QosPolicyView get(@PathVariable UUID id) {
        return policies.get(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    QosPolicyView create(@RequestBody QosPolicyForm form) {
        Access.require(Action.QOS_POLICY_MANAGE);
        return policies.create(form);
    }

    /** Edits the policy and applies it live; {@code notApplied} names the objects whose host could not take it now. */
    @PutMapping("/{id}")
    QosPolicyService.Updated update(@PathVariable UUID id, @RequestBody QosPolicyForm form,
                                    @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        Access.require(Action.QOS_POLICY_MANAGE);
        return policies.update(id, form.opened(IfMatch.version(form.version(), ifMatch)));
    }

    /** Refused with 409 QOS_POLICY_IN_USE, naming the VMs, VIFs and disks, while anything uses the policy. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        Access.require(Action.QOS_POLICY_MANAGE);
        policies.delete(id);
    }
}
