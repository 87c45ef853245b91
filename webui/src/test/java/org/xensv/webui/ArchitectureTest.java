package org.xensv.webui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The arrows of ARCHITECTURE.md: views call toolstack services only; the hypervisor knows no framework. */
class ArchitectureTest {

    private static JavaClasses xensv;

    @BeforeAll
    static void importAllModules() {
        xensv = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.xensv");
    }

    @Test
    void viewsReachNeitherRepositoriesNorDrivers() {
        noClasses().that().resideInAPackage("org.xensv.webui..")
                // Spring Security's ClientRegistrationRepository (single sign-on's settings) is no data repository
                .should().dependOnClassesThat(JavaClass.Predicates.simpleNameEndingWith("Repository")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("org.springframework.security.."))))
                .orShould().dependOnClassesThat().resideInAnyPackage("org.springframework.data..",
                        "org.xensv.hypervisor.spi..", "org.xensv.hypervisor.embedded..", "org.xensv.agent..")
                .because("views call toolstack services, never repositories or drivers")
                .check(xensv);
    }

    @Test
    void theHypervisorModuleKnowsNothingOfTheAgentModuleBuiltOnIt() {
        noClasses().that().resideInAPackage("org.xensv.hypervisor..")
                .should().dependOnClassesThat().resideInAPackage("org.xensv.agent..")
                .because("arrows point one way: agent -> hypervisor")
                .check(xensv);
    }

    @Test
    void hypervisorKnowsNothingOfSpringJpaOrVaadin() {
        noClasses().that().resideInAPackage("org.xensv.hypervisor..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "com.vaadin..")
                .because("the hypervisor module is a plain library")
                .check(xensv);
    }
}
