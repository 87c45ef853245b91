package org.xensv.hypervisor.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The hypervisor module knows nothing of Spring, JPA or Vaadin; the API and SPI know no driver. */
class HypervisorArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.xensv.hypervisor");

    @Test
    void noFrameworks() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "com.vaadin..", "org.xensv.toolstack..")
                .check(classes);
    }

    @Test
    void apiAndSpiDoNotKnowTheEmbeddedRuntime() {
        noClasses().that().resideInAnyPackage("org.xensv.hypervisor.api..", "org.xensv.hypervisor.spi..")
                .should().dependOnClassesThat().resideInAPackage("org.xensv.hypervisor.embedded..")
                .check(classes);
    }

    @Test
    void apiAndSpiDoNotKnowTheLibvirtDriver() {
        noClasses().that().resideInAnyPackage("org.xensv.hypervisor.api..", "org.xensv.hypervisor.spi..")
                .should().dependOnClassesThat().resideInAPackage("org.xensv.hypervisor.libvirt..")
                .check(classes);
    }

    /** The migration package's types the SPI's {@code Migration} speaks, which every driver offering it uses. */
    private static final java.util.Set<String> MIGRATION_CONTRACT = java.util.Set.of("MigrationEndpoint", "MigrationHandle",
            "MigrationOptions", "MigrationPrediction", "MigrationProgress", "MigrationReport", "RoundReport", "MigrationPhase",
            "MigrationMode", "MigrationFailedException");

    @Test
    void onlyTheLibvirtDriverTouchesLibvirtJavaAndItKnowsNoOtherDriver() {
        noClasses().that().resideOutsideOfPackage("org.xensv.hypervisor.libvirt..")
                .should().dependOnClassesThat().resideInAnyPackage("org.libvirt..", "com.sun.jna..")
                .check(classes);
        noClasses().that().resideInAPackage("org.xensv.hypervisor.libvirt..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xensv.hypervisor.embedded..")
                .check(classes);
        // of the migration package, only the contract the SPI's Migration speaks: never the embedded engine itself
        noClasses().that().resideInAPackage("org.xensv.hypervisor.libvirt..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("the migration engine",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().equals("org.xensv.hypervisor.migration")
                                && !MIGRATION_CONTRACT.contains(c.getName().substring(c.getPackageName().length() + 1).replaceAll("\\$.*", ""))))
                .check(classes);
    }

    @Test
    void theRuntimesBuildingBlocksDoNotReachBackIntoTheDomainGlue() {
        // embedded.migration is the adapter between the migration engine and the domain glue: it sits on top of it
        noClasses().that().resideInAnyPackage("org.xensv.hypervisor.embedded.(*)..")
                .and().resideOutsideOfPackage("org.xensv.hypervisor.embedded.migration..")
                .should().dependOnClassesThat().resideInAPackage("org.xensv.hypervisor.embedded")
                .check(classes);
    }

    @Test
    void theMigrationEngineAndGuestMemoryDoNotKnowTheEmbeddedRuntime() {
        // guest memory is a primitive both stand on; the runtime adapts itself to the engine, not the other way
        noClasses().that().resideInAnyPackage("org.xensv.hypervisor.migration..", "org.xensv.hypervisor.memory..")
                .should().dependOnClassesThat().resideInAPackage("org.xensv.hypervisor.embedded..")
                .check(classes);
    }
}
