package dev.baton.promotion;

import dev.baton.domain.RegionState;
import dev.baton.notify.Notice;
import dev.baton.notify.Notifier;
import dev.baton.port.AuditLog;
import dev.baton.port.Metrics;
import dev.baton.port.RegionStateStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small recording fakes of the ports the promotion service talks to. */
final class RecordingPorts {
  private RecordingPorts() {}

  static final class Notices implements Notifier {
    final List<Notice> sent = new CopyOnWriteArrayList<>();
    final Deque<RuntimeException> failures = new ArrayDeque<>();

    @Override
    public void send(Notice notice) {
      if (!failures.isEmpty()) {
        throw failures.poll();
      }
      sent.add(notice);
    }
  }

  static final class Audit implements AuditLog {
    final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void record(Entry entry) {
      entries.add(entry);
    }

    List<String> kinds() {
      return entries.stream().map(Entry::kind).toList();
    }
  }

  static final class Counters implements Metrics {
    final Map<String, Double> counts = new ConcurrentHashMap<>();

    @Override
    public void count(String name, double value, Map<String, String> dimensions) {
      counts.merge(name, value, Double::sum);
    }

    @Override
    public void millis(String name, double value) {}

    double get(String name) {
      return counts.getOrDefault(name, 0.0);
    }
  }

  static class RegionStates implements RegionStateStore {
    final Map<String, RegionState> states = new HashMap<>();

    /** Runs as the states are loaded: after the baton was read, before the decision. */
    Runnable beforeLoad = () -> {};

    @Override
    public synchronized Map<String, RegionState> loadAll() {
      beforeLoad.run();
      return Map.copyOf(states);
    }

    @Override
    public SaveOutcome save(RegionState next) {
      throw new AssertionError("the promotion function never writes region states");
    }
  }

  static final class Probe implements HealthProbe {
    final List<String> probed = new CopyOnWriteArrayList<>();
    final Deque<RuntimeException> failures = new ArrayDeque<>();

    @Override
    public String probe(String url) {
      probed.add(url);
      if (!failures.isEmpty()) {
        throw failures.poll();
      }
      return "GET " + url + " -> 200";
    }
  }
}
