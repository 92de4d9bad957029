package dev.baton.promotion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.MDC;

/**
 * {@link RouterBranches} on real threads: at most {@code maxThreads} branches run at once (more
 * wait for a free thread), each thread named {@code baton-router-<router>} and carrying the
 * caller's log fields. The threads live for one {@link #runAll} and are daemons: a Lambda
 * invocation leaves none behind. No branch outlives the function's time budget on its own: each
 * one's attempts stop before the budget does (StepAttempts) and a provider call is bounded by the
 * HTTP timeout (decision 0019), so the join waits for them all.
 */
public final class RouterThreads implements RouterBranches {
  /**
   * Enough for every router of any topology seen so far (two to four); a larger topology queues its
   * extra branches rather than opening more connections to the same provider at once.
   */
  public static final int DEFAULT_MAX_THREADS = 8;

  private final int maxThreads;

  public RouterThreads(int maxThreads) {
    if (maxThreads < 1) {
      throw new IllegalArgumentException("maxThreads must be >= 1, was " + maxThreads);
    }
    this.maxThreads = maxThreads;
  }

  @Override
  public void runAll(List<Branch> branches) {
    if (branches.size() <= 1) {
      // Nothing to overlap: no thread to start.
      branches.forEach(b -> b.work().run());
      return;
    }
    Map<String, String> fields = MDC.getCopyOfContextMap();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(maxThreads, branches.size()),
            work -> {
              Thread thread = new Thread(work, "baton-router");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Branch branch : branches) {
        running.add(pool.submit(() -> run(branch, fields)));
      }
      Throwable first = null;
      for (Future<?> future : running) {
        try {
          future.get();
        } catch (ExecutionException e) {
          first = first == null ? e.getCause() : first;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          pool.shutdownNow();
          throw new IllegalStateException("interrupted while the routers' branches ran", e);
        }
      }
      if (first instanceof RuntimeException r) {
        throw r;
      }
      if (first instanceof Error e) {
        throw e;
      }
      if (first != null) {
        throw new IllegalStateException("a router's branch failed", first);
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void run(Branch branch, Map<String, String> fields) {
    Thread thread = Thread.currentThread();
    String name = thread.getName();
    thread.setName("baton-router-" + branch.name());
    if (fields != null) {
      MDC.setContextMap(fields);
    }
    try {
      branch.work().run();
    } finally {
      MDC.clear();
      thread.setName(name);
    }
  }
}
