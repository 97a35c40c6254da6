package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The build's release summary is saved by Jenkins (XStream, which reads each field by reflection without the
 * action's lock) while steps on other threads keep recording into it. A save must see a consistent list.
 */
class OtaReleaseActionTest {

    /** Walks the action as XStream's reflection converter does: every non-static, non-transient field, each list. */
    private static List<String> serialize(OtaReleaseAction a, Runnable midway) throws IllegalAccessException {
        List<String> out = new ArrayList<>();
        for (Field f : OtaReleaseAction.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(a);
            if (v instanceof Collection<?> c) {
                for (Object e : c) {
                    out.add(f.getName() + ": " + e);
                    midway.run();
                }
            } else {
                out.add(f.getName() + "=" + v);
            }
        }
        return out;
    }

    @Test
    void aSaveInProgressSeesTheListsAsTheyWereWhenItReachedThem() throws Exception {
        OtaReleaseAction a = new OtaReleaseAction();
        a.addGate(new OtaReleaseAction.Entry("size", "PASS", null));
        a.addGate(new OtaReleaseAction.Entry("secrets", "PASS", null));
        int[] added = {0};

        // a step records a gate and a rollout step each time the save writes an element
        List<String> saved = serialize(a, () -> {
            added[0]++;
            a.addGate(new OtaReleaseAction.Entry("late-" + added[0], "PASS", null));
            a.addRolloutStep(new OtaReleaseAction.Entry("production 5%", "promoted", null));
        });

        assertThat(saved).filteredOn(l -> l.startsWith("gates: ")).containsExactly("gates: size: PASS",
                "gates: secrets: PASS");
        assertThat(a.getGates()).hasSize(2 + added[0]);
        assertThat(a.getRolloutSteps()).hasSize(added[0]);
    }

    @Test
    void concurrentRecordingNeverBreaksASaveNorLosesAnEntry() throws Exception {
        OtaReleaseAction a = new OtaReleaseAction();
        int perThread = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        a.addCanaryVerdict(new OtaReleaseAction.Entry("w" + id + "-" + i, "PASS", null));
                        a.addAdoption(new OtaReleaseAction.Entry("1 h", "met", null));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            w.start();
            writers.add(w);
        }
        Thread saver = new Thread(() -> {
            try {
                start.await();
                while (!done.get()) {
                    serialize(a, () -> { });
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        saver.start();
        start.countDown();
        for (Thread w : writers) {
            w.join(TimeUnit.MINUTES.toMillis(2));
        }
        done.set(true);
        saver.join(TimeUnit.MINUTES.toMillis(2));

        assertThat(failure.get()).isNull();
        assertThat(a.getCanaryVerdicts()).hasSize(3 * perThread);
        assertThat(a.getAdoption()).hasSize(3 * perThread);
    }

    @Test
    void theListsGivenOutCannotBeChangedAndOldBuildsWithoutAListReadAsEmpty() throws Exception {
        OtaReleaseAction a = new OtaReleaseAction();
        a.addGate(new OtaReleaseAction.Entry("size", "PASS", null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.getGates().add(null))
                .isInstanceOf(UnsupportedOperationException.class);

        Field f = OtaReleaseAction.class.getDeclaredField("adoption");
        f.setAccessible(true);
        f.set(a, null); // XStream leaves a field absent from an older build.xml null
        assertThat(a.getAdoption()).isEmpty();
        a.addAdoption(new OtaReleaseAction.Entry("24 h", "met", "93.1%"));
        assertThat(a.getAdoption()).extracting(Object::toString).containsExactly("24 h: met (93.1%)");
    }
}
