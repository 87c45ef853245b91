package org.xensv.toolstack.host;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xensv.toolstack.tag.TaggedKind;
import org.xensv.toolstack.tag.TaggedObjects;

/** Hosts carry tags (see the tag package): it asks here whether one exists and what it is called. */
@Configuration(proxyBeanMethods = false)
class HostTags {

    @Bean
    TaggedObjects taggedHosts(HostService hosts) {
        return TaggedObjects.of(TaggedKind.HOST, id -> hosts.get(id).name());
    }
}
