package org.xensv.toolstack.network;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xensv.toolstack.tag.TaggedKind;
import org.xensv.toolstack.tag.TaggedObjects;

/** Networks carry tags (see the tag package): it asks here whether one exists and what it is called. */
@Configuration(proxyBeanMethods = false)
class NetworkTags {

    @Bean
    TaggedObjects taggedNetworks(NetworkService networks) {
        return TaggedObjects.of(TaggedKind.NETWORK, id -> networks.get(id).name());
    }
}
