package org.mailwright.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VacationTest {
    private static final Optional<LocalDate> NONE = Optional.empty();

    @Test
    void nonAsciiSubjectAndTextAreAccepted() {
        assertThat(Vacation.problems("Abwesend – zurück", "Grüße, 日本語", NONE, NONE)).isEmpty();
    }

    @Test
    void emptyOrMultiLineSubjectAndEmptyTextAreRefused() {
        assertThat(Vacation.problems(" ", "", NONE, NONE)).containsExactly("subject: is empty", "text: is empty");
        assertThat(Vacation.problems("a\nb", "t", NONE, NONE)).containsExactly("subject: must be one line");
        assertThat(Vacation.problems("a\u0007", "t\u0000", NONE, NONE)).containsExactly("subject: has a control character", "text: has a control character");
    }

    @Test
    void untilBeforeFromIsRefused() {
        assertThat(Vacation.problems("s", "t", Optional.of(LocalDate.of(2026, 12, 31)), Optional.of(LocalDate.of(2026, 12, 1))))
                .containsExactly("until: 2026-12-01 is before from: 2026-12-31");
        assertThatThrownBy(() -> new Vacation("s", "", NONE, NONE)).hasMessage("text: is empty");
    }

    @Test
    void datesAreYearMonthDay() {
        assertThat(Vacation.date("--from", "2026-12-24")).contains(LocalDate.of(2026, 12, 24));
        assertThat(Vacation.date("--from", null)).isEmpty();
        for (String bad : new String[] {"24.12.2026", "2026-13-01", "2026-02-30", "2026-1-5", "tomorrow"}) {
            assertThatThrownBy(() -> Vacation.date("--from", bad)).hasMessage("--from: '" + bad + "' is not a date like 2026-12-24 (YYYY-MM-DD)");
        }
    }

    @Test
    void aReplyWhoseLastDayHasPassedIsNamedBeforeItIsTurnedOn() {
        java.time.LocalDate today = java.time.LocalDate.of(2026, 12, 5);
        org.assertj.core.api.Assertions.assertThat(Vacation.endedProblem(java.util.Optional.of(java.time.LocalDate.of(2025, 1, 1)), today))
                .contains("until: 2025-01-01 is in the past, so the reply would never be sent");
        // the server's date may be a day behind this computer's
        org.assertj.core.api.Assertions.assertThat(Vacation.endedProblem(java.util.Optional.of(today.minusDays(1)), today)).isEmpty();
        org.assertj.core.api.Assertions.assertThat(Vacation.endedProblem(java.util.Optional.empty(), today)).isEmpty();
    }
}
