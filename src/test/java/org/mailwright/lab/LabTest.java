package org.mailwright.lab;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that boots real Debian droplets with {@code lab/droplet}: runs only with {@code -Plab} as root
 * (see {@link LabCondition}); otherwise it is skipped with the reason printed. Add {@code @Test} or
 * {@code @ParameterizedTest} yourself.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("lab")
@ExtendWith(LabCondition.class)
public @interface LabTest {
}
