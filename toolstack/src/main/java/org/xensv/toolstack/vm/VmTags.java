package org.xensv.toolstack.vm;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xensv.toolstack.tag.TaggedKind;
import org.xensv.toolstack.tag.TaggedObjects;

/** Vms carry tags (see the tag package): it asks here whether one exists and what it is called. */
@Configuration(proxyBeanMethods = false)
class VmTags {

    @Bean
    TaggedObjects taggedVms(VmService vms) {
        return TaggedObjects.of(TaggedKind.VM, id -> vms.get(id).name());
    }
}
