package org.xensv.toolstack.storage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xensv.toolstack.tag.TaggedKind;
import org.xensv.toolstack.tag.TaggedObjects;

/** Images carry tags (see the tag package): it asks here whether one exists and what it is called. */
@Configuration(proxyBeanMethods = false)
class ImageTags {

    @Bean
    TaggedObjects taggedImages(StorageService storage) {
        return TaggedObjects.of(TaggedKind.IMAGE, id -> storage.getImage(id).name());
    }
}
