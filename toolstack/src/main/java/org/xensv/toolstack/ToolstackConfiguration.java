package org.xensv.toolstack;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** Toolstack-wide settings: the reconciler runs on Spring's scheduler; the API is described by OpenAPI. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@OpenAPIDefinition(info = @Info(title = "xensv API", version = "v1",
        description = "Pools, hosts, VMs and tasks of the xensv toolstack. Every control operation returns a task. "
                + "Every call needs a user: an API token (Bearer), HTTP Basic, or the console's session cookie (see docs/security.md)."),
        security = {@SecurityRequirement(name = "bearer"), @SecurityRequirement(name = "basic")})
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API token (xsv_...) created in the console or with POST /api/v1/tokens; acts with the token's role")
@SecurityScheme(name = "basic", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "A console user's name and password; the role decides what may be changed")
class ToolstackConfiguration {
}
