package io.inkstone;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of Inkstone's code (main classes only): one way from brief to vault, glued by the pipeline, driven by the
 * command line; Camel only in the pipeline, DJL only in the DJL backend, and no package cycles.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.inkstone");
    }

    /**
     * brief → prompt → llm → compose → render/export → vault, glued by pipeline, driven by cli. {@code llm} is the
     * model API (with the Qwen3 family and the DJL backend beneath it): it names no other Inkstone package, and
     * prompt, compose and what follows use it. {@code io} holds tiny file helpers every layer may use.
     */
    @Test
    void should_depend_one_way_from_brief_to_vault_with_the_pipeline_and_the_cli_on_top() {
        ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("io").definedBy("io.inkstone.io..")
                .layer("brief").definedBy("io.inkstone.brief..")
                .layer("llm").definedBy("io.inkstone.llm..")
                .layer("prompt").definedBy("io.inkstone.prompt..")
                .layer("compose").definedBy("io.inkstone.compose..")
                .layer("render/export").definedBy("io.inkstone.render..", "io.inkstone.export..")
                .layer("vault").definedBy("io.inkstone.vault..")
                .layer("pipeline").definedBy("io.inkstone.pipeline..")
                .layer("cli").definedBy("io.inkstone.cli..")
                .whereLayer("io").mayNotAccessAnyLayer()
                .whereLayer("brief").mayOnlyAccessLayers("io")
                .whereLayer("llm").mayOnlyAccessLayers("io")
                .whereLayer("prompt").mayOnlyAccessLayers("io", "brief", "llm")
                .whereLayer("compose").mayOnlyAccessLayers("io", "brief", "llm", "prompt")
                .whereLayer("render/export").mayOnlyAccessLayers("io", "brief", "llm", "prompt", "compose")
                .whereLayer("vault").mayOnlyAccessLayers("io", "brief", "llm", "prompt", "compose", "render/export")
                .whereLayer("pipeline").mayOnlyAccessLayers("io", "brief", "llm", "prompt", "compose", "render/export", "vault")
                .whereLayer("pipeline").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer();
        layers.check(classes);
    }

    @Test
    void should_have_no_cycles_between_packages() {
        slices().matching("io.inkstone.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void should_keep_the_llm_api_free_of_its_backends_and_of_prompts() {
        noClasses().that().resideInAPackage("io.inkstone.llm")
                .should().dependOnClassesThat().resideInAnyPackage("io.inkstone.llm.djl..", "io.inkstone.llm.qwen3..")
                .because("backends are found through Generators (ServiceLoader); the API names none of them").check(classes);
        noClasses().that().resideInAPackage("io.inkstone.llm..")
                .should().dependOnClassesThat().resideInAPackage("io.inkstone.prompt..").check(classes);
    }

    @Test
    void should_name_the_djl_backend_only_inside_it_and_in_the_cli_model_commands() {
        noClasses().that().resideOutsideOfPackages("io.inkstone.llm.djl..", "io.inkstone.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.inkstone.llm.djl..").check(classes);
    }

    @Test
    void should_import_camel_only_in_the_pipeline() {
        noClasses().that().resideOutsideOfPackage("io.inkstone.pipeline..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..").check(classes);
    }

    @Test
    void should_speak_to_the_message_broker_only_in_the_pipeline() {
        noClasses().that().resideOutsideOfPackage("io.inkstone.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.activemq..", "jakarta.jms..", "org.springframework..")
                .check(classes);
    }

    /**
     * DJL (engine, NDArrays, PyTorch) only in the DJL backend. The Qwen3 tokenizer in {@code llm.qwen3} uses the
     * Hugging Face tokenizers binding that ships under DJL's name ({@code ai.djl.huggingface.tokenizers}, Rust, no
     * engine), and nothing else of DJL.
     */
    @Test
    void should_import_djl_only_in_the_djl_backend() {
        noClasses().that().resideOutsideOfPackages("io.inkstone.llm.djl..", "io.inkstone.llm.qwen3..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..").check(classes);
        noClasses().that().resideInAPackage("io.inkstone.llm.qwen3..")
                .should().dependOnClassesThat(resideInAPackage("ai.djl..").and(not(resideInAPackage("ai.djl.huggingface.tokenizers.."))))
                .check(classes);
    }
}
