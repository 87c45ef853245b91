package org.xensv.toolstack;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Toolstack-wide settings: the reconciler runs on Spring's scheduler; the API is described by OpenAPI. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@OpenAPIDefinition(info = @Info(title = "xensv API", version = "v1",
        description = "Pools, hosts, VMs and tasks of the xensv toolstack. Every control operation returns a task."))
class ToolstackConfiguration {
}
