package io.otarelease.pipeline;

import io.otarelease.core.OtaException;
import io.otarelease.core.release.Percent;
import io.otarelease.core.rollout.RolloutPlan;
import io.otarelease.pipeline.harness.PipelineHarness;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The library's rollout steps ({@code src/io/otarelease/pipeline/RolloutPlan.groovy}, Groovy 2.4 under CPS, linking
 * against none of the engine) follow the engine's rules ({@link RolloutPlan} and {@link Percent} in ota-core): every
 * step list below is accepted by both or refused by both. One difference is intended: the library's rollout ends at
 * 100 (the pipeline releases to everyone), while {@code ota rollout --steps 5,25} may stop at a canary percent.
 */
class RolloutPlanAgreementTest {

    private static PipelineHarness h;

    @BeforeAll
    static void load() {
        h = new PipelineHarness();
    }

    static Stream<List<Object>> corpus() {
        return Stream.of(
                // accepted
                steps(5, 25, 50, 100), steps(100), steps(1, 100), steps(1, 2, 3, 99, 100), steps(50, 100),
                // not ending at 100: the engine takes them, the library does not (the intended difference)
                steps(5, 25), steps(1), steps(5, 25, 50, 99),
                // refused by both
                steps(), steps(0, 100), steps(0), steps(-1, 100), steps(5, 101), steps(101), steps(5, 100, 101),
                steps(50, 25, 100), steps(100, 50), steps(5, 5, 100), steps(5, 25, 25, 100), steps(100, 100),
                steps(5, 2.5, 100), steps(5, "five", 100), steps(5, null, 100), steps(5, "", 100), steps(25.0, 100),
                steps(Integer.MIN_VALUE, 100), steps(5, Integer.MAX_VALUE));
    }

    private static List<Object> steps(Object... values) {
        return Arrays.asList(values);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void theLibraryAcceptsTheStepsTheEngineAcceptsAndNoOthers(List<Object> steps) {
        Optional<List<Integer>> engine = engine(steps);
        Optional<List<Integer>> library = library(steps);
        boolean endsAtAll = engine.isPresent() && engine.get().get(engine.get().size() - 1) == 100;
        assertThat(library).as("library plan of %s (engine: %s)", steps, engine)
                .isEqualTo(endsAtAll ? engine : Optional.empty());
        if (engine.isPresent() && !endsAtAll) {
            assertThatThrownBy(() -> h.callStatic("RolloutPlan", "of", "rollout", steps))
                    .hasMessageContaining("must end at 100");
        }
    }

    @Test
    void bothDefaultToTheSamePlan() {
        assertThat(InvokerHelper.getProperty(h.srcClass("RolloutPlan"), "DEFAULT_STEPS"))
                .isEqualTo(RolloutPlan.DEFAULT_STEPS.stream().map(Percent::value).toList());
    }

    /** The engine reads steps as {@code ota rollout --steps} does: text, checked by RolloutPlan and Percent. */
    private static Optional<List<Integer>> engine(List<Object> steps) {
        String text = steps.stream().map(String::valueOf).collect(Collectors.joining(","));
        try {
            RolloutPlan plan = new RolloutPlan(RolloutPlan.parseSteps(text), Duration.ofMinutes(15), "1h",
                    Duration.ZERO);
            return Optional.of(plan.steps().stream().map(Percent::value).toList());
        } catch (OtaException.BadInput e) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static Optional<List<Integer>> library(List<Object> steps) {
        try {
            Object plan = h.callStatic("RolloutPlan", "of", "rollout", steps);
            return Optional.of((List<Integer>) InvokerHelper.getProperty(plan, "steps"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
