package org.xensv.agent.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The agent module sits between the hypervisor module and the console: it knows no framework and
 * nothing of the console; the console's side (client) and the agent's side (server) share only the
 * wire format and the PKI, and only the agent's side knows the embedded runtime it serves.
 */
class AgentArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.xensv.agent");

    @Test
    void noFrameworksAndNothingOfTheConsole() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "com.vaadin..", "org.xensv.toolstack..",
                        "org.xensv.webui..")
                .check(classes);
    }

    @Test
    void theConsolesDriverAndTheAgentsServerDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("org.xensv.agent.client..")
                .should().dependOnClassesThat().resideInAPackage("org.xensv.agent.server..")
                .check(classes);
        noClasses().that().resideInAPackage("org.xensv.agent.server..")
                .should().dependOnClassesThat().resideInAPackage("org.xensv.agent.client..")
                .check(classes);
    }

    @Test
    void onlyTheAgentsSideKnowsTheEmbeddedRuntime() {
        noClasses().that().resideInAnyPackage("org.xensv.agent.client..", "org.xensv.agent.wire..", "org.xensv.agent.pki..")
                .should().dependOnClassesThat().resideInAPackage("org.xensv.hypervisor.embedded..")
                .check(classes);
    }

    @Test
    void theWireFormatAndThePkiKnowNeitherSide() {
        noClasses().that().resideInAnyPackage("org.xensv.agent.wire..", "org.xensv.agent.pki..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xensv.agent.client..", "org.xensv.agent.server..")
                .check(classes);
    }
}
