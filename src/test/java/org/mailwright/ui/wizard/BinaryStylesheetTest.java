package org.mailwright.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;
import javafx.css.CssParser;
import javafx.css.Stylesheet;
import org.junit.jupiter.api.Test;

/**
 * The build ships {@link Ui#STYLESHEET} also as JavaFX's binary stylesheet, which JavaFX's StyleManager loads in place
 * of a .css of the same name (it saves parsing the text on the first window's start). These tests hold that the binary
 * is there and says what the text says, so an edit to the .css cannot be shadowed by an old binary.
 */
class BinaryStylesheetTest {
    private static URL text() {
        return Ui.class.getResource(Ui.STYLESHEET);
    }

    private static URL binary() {
        return Ui.class.getResource(Ui.STYLESHEET.replaceFirst("\\.css$", ".bss"));
    }

    /** Each rule as its selectors and its declarations (property, value, !important), one string per rule. */
    private static List<String> rules(Stylesheet sheet) {
        // a rule read from a binary decodes its declarations when first asked for them (Rule.getDeclarations)
        return sheet.getRules().stream().map(r -> r.getSelectors() + " " + r.getDeclarations().stream()
                .map(d -> d.getProperty() + ": " + d.getParsedValue() + (d.isImportant() ? " !important" : ""))
                .toList()).toList();
    }

    @Test
    void theBinaryStylesheetIsBesideTheText() {
        assertThat(text()).isNotNull();
        assertThat(binary()).as("mailwright.bss, made by the build (pom.xml, binary-stylesheet)").isNotNull();
    }

    @Test
    void theBinaryHoldsTheSameRulesAsTheText() throws Exception {
        List<String> parsed = rules(new CssParser().parse(text()));
        List<String> loaded = rules(Stylesheet.loadBinary(binary()));
        assertThat(parsed).hasSizeGreaterThan(50);
        assertThat(loaded).containsExactlyElementsOf(parsed);
    }
}
