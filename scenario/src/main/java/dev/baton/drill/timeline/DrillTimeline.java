package dev.baton.drill.timeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The events of one drill, as they happen. Thread-safe: the watcher, the invoker and the scenario
 * record from their own threads; listeners (the live printer) see events in the order recorded.
 */
public final class DrillTimeline {
  private final LongSupplier nanoTime;
  private volatile long startNanos;
  private final List<DrillEvent> events = new ArrayList<>();
  private final List<Consumer<DrillEvent>> listeners = new CopyOnWriteArrayList<>();

  /**
   * A timeline whose elapsed time starts now.
   *
   * @param nanoTime a monotonic clock ({@code System::nanoTime} in a drill)
   */
  public DrillTimeline(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  /**
   * Sets the drill's zero to now: the stack is up and the monitor starts. Events recorded before
   * (while the stack starts) keep their times.
   */
  public void markStart() {
    startNanos = nanoTime.getAsLong();
  }

  /** Time since the drill started. */
  public Duration elapsed() {
    return Duration.ofNanos(nanoTime.getAsLong() - startNanos);
  }

  /** Calls {@code listener} with every event recorded from now on. */
  public void subscribe(Consumer<DrillEvent> listener) {
    listeners.add(listener);
  }

  /** Records {@code event} and tells the listeners. */
  public synchronized void record(DrillEvent event) {
    events.add(event);
    listeners.forEach(l -> l.accept(event));
  }

  /** Every event so far, by time (ties in recording order). */
  public synchronized List<DrillEvent> events() {
    List<DrillEvent> copy = new ArrayList<>(events);
    copy.sort(Comparator.comparing(DrillEvent::at));
    return List.copyOf(copy);
  }

  /** The events of one type, by time. */
  public <E extends DrillEvent> List<E> events(Class<E> type) {
    return events().stream().filter(type::isInstance).map(type::cast).toList();
  }
}
