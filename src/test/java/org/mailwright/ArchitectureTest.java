package org.mailwright;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine must run without a display (CLI, tests, a headless server): only ui may know JavaFX. */
@AnalyzeClasses(packages = "org.mailwright", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule javafxOnlyInUi = noClasses()
            .that().resideOutsideOfPackage("org.mailwright.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
            .because("the engine, CLI and model run without a display");

    @ArchTest
    static final ArchRule modelDoesNoIo = noClasses()
            .that().resideInAPackage("org.mailwright.model..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.nio.channels..", "java.net..",
                    "org.mailwright.remote..", "net.schmizz..", "org.xbill..")
            .because("the model is plain data: facts in, plans out, testable without a server");

    @ArchTest
    static final ArchRule engineDoesNotDependOnDrivers = noClasses()
            .that().resideOutsideOfPackages("org.mailwright.ui..", "org.mailwright.cli..")
            .and().doNotHaveFullyQualifiedName("org.mailwright.Main")
            .should().dependOnClassesThat().resideInAnyPackage("org.mailwright.ui..", "org.mailwright.cli..")
            .because("dependencies run one way: ui, cli -> engine -> everything else");

    @ArchTest
    static final ArchRule lowerLayersDoNotUseEngine = noClasses()
            .that().resideInAnyPackage("org.mailwright.remote..", "org.mailwright.facts..", "org.mailwright.dns..",
                    "org.mailwright.render..", "org.mailwright.accounts..", "org.mailwright.export..", "org.mailwright.model..",
                    "org.mailwright.spec..")
            .should().dependOnClassesThat().resideInAPackage("org.mailwright.engine..")
            .because("the engine composes the lower layers, not the other way round");
}
