package io.otarelease.core.release;

import io.otarelease.core.OtaException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Runs store transfers with a bound on how many run at once; the first failure cancels the rest. */
final class Parallel {
    private Parallel() {
    }

    static <T> void forEach(List<T> items, int parallelism, Consumer<T> action) {
        if (items.isEmpty()) {
            return;
        }
        int n = Math.max(1, Math.min(parallelism, items.size()));
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "ota-transfer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(pool.submit(() -> action.accept(item)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new OtaException.Infrastructure(e.getCause().toString(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtaException.Infrastructure("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
