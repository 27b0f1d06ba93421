package org.mailwright;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape of DESIGN.md section 1, held by the build. Dependencies run one way:
 * <pre>
 *   Main -> ui, cli -> session -> engine -> {remote, facts, dns, render, accounts, export, spec} -> model
 * </pre>
 * The drivers ({@code ui}, {@code cli}) reach a server only through {@code session}, the one front door. Besides it
 * they may use what they show or read: {@code engine} (run reports, plans, diffs and the mail tables' edits, but not
 * its steps: those are the session's to wire), {@code model}, {@code export} (client settings files), {@code spec}
 * (reading a YAML spec), {@code accounts} (the mail tables' vocabulary and rules, no I/O: the users window and the
 * users/aliases/domains commands show and check it) and {@code logging} (secret redaction). Never {@code remote},
 * {@code facts}, {@code dns} or {@code render}. {@code logging} and {@code model} sit at the bottom: anyone may use
 * them, they use nothing of ours. No package cycles anywhere, inside {@code ui} included.
 */
@AnalyzeClasses(packages = "org.mailwright", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Main").definedBy(simpleName("Main").and(resideInAPackage("org.mailwright")))
            .layer("Version").definedBy(simpleName("Version").and(resideInAPackage("org.mailwright")))
            .layer("Ui").definedBy("org.mailwright.ui..")
            .layer("Cli").definedBy("org.mailwright.cli..")
            .layer("Session").definedBy("org.mailwright.session..")
            .layer("Engine").definedBy("org.mailwright.engine..")
            .layer("Remote").definedBy("org.mailwright.remote..")
            .layer("Facts").definedBy("org.mailwright.facts..")
            .layer("Dns").definedBy("org.mailwright.dns..")
            .layer("Render").definedBy("org.mailwright.render..")
            .layer("Accounts").definedBy("org.mailwright.accounts..")
            .layer("Export").definedBy("org.mailwright.export..")
            .layer("Spec").definedBy("org.mailwright.spec..")
            .layer("Model").definedBy("org.mailwright.model..")
            .layer("Logging").definedBy("org.mailwright.logging..")
            .whereLayer("Ui").mayOnlyAccessLayers("Session", "Engine", "Accounts", "Model", "Export", "Spec", "Logging", "Version")
            .whereLayer("Cli").mayOnlyAccessLayers("Session", "Engine", "Accounts", "Model", "Export", "Spec", "Logging", "Version", "Ui")
            .whereLayer("Session").mayOnlyAccessLayers("Engine", "Remote", "Facts", "Dns", "Render", "Accounts", "Export", "Spec",
                    "Model", "Logging")
            .whereLayer("Engine").mayOnlyAccessLayers("Remote", "Facts", "Dns", "Render", "Accounts", "Export", "Spec", "Model",
                    "Logging")
            .whereLayer("Remote").mayOnlyAccessLayers("Model", "Logging")
            .whereLayer("Facts").mayOnlyAccessLayers("Remote", "Model", "Logging")
            .whereLayer("Dns").mayOnlyAccessLayers("Remote", "Model", "Logging")
            .whereLayer("Render").mayOnlyAccessLayers("Model", "Logging")
            .whereLayer("Accounts").mayOnlyAccessLayers("Model", "Logging")
            .whereLayer("Export").mayOnlyAccessLayers("Model", "Logging")
            .whereLayer("Spec").mayOnlyAccessLayers("Model", "Logging")
            .whereLayer("Model").mayNotAccessAnyLayer()
            .whereLayer("Logging").mayNotAccessAnyLayer()
            .because("the window and the command line reach a server only through the session, and each layer only "
                    + "through the ones below it (DESIGN.md section 1)");

    @ArchTest
    static final ArchRule driversDoNotWireSteps = noClasses()
            .that().resideInAnyPackage("org.mailwright.ui..", "org.mailwright.cli..")
            .should().dependOnClassesThat().resideInAPackage("org.mailwright.engine.steps..")
            .because("which steps run, and with which options, is the session's to decide, once for both drivers");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("org.mailwright.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noCyclesInsideUi = slices().matching("org.mailwright.ui.(**)").should().beFreeOfCycles()
            .because("a page that reaches back to the application (or the users window back to the wizard) cannot be "
                    + "built or tested alone");

    @ArchTest
    static final ArchRule pagesDoNotReachTheApplication = noClasses()
            .that().resideInAPackage("org.mailwright.ui.*..")
            .should().dependOnClassesThat().haveFullyQualifiedName("org.mailwright.ui.MailwrightApp")
            .because("the application assembles the windows; a page or the users window that reached back to it would "
                    + "close a cycle (the Welcome and Done pages get a ManageUsers callback instead)");

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
}
