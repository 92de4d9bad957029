package dev.baton.testing;

import dev.baton.domain.PromotionRequest;
import dev.baton.port.DependencyException;
import dev.baton.port.PromotionInvoker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-process promotion invoker: records every request with the time it was handed over, as the
 * promotion function would receive it. Thread-safe (a stream poller thread calls it).
 */
public final class RecordingPromotionInvoker implements PromotionInvoker {
  /** One request and when it was handed over. */
  public record Sent(PromotionRequest request, Instant at) {}

  private final Clock clock;
  private final List<Sent> sent = new ArrayList<>();
  private final List<DependencyException> failures = new ArrayList<>();

  public RecordingPromotionInvoker(Clock clock) {
    this.clock = clock;
  }

  /** The next request fails with {@code failure} (and is not recorded). */
  public synchronized RecordingPromotionInvoker failNext(DependencyException failure) {
    failures.add(failure);
    return this;
  }

  @Override
  public synchronized void requestPromotion(PromotionRequest request) {
    if (!failures.isEmpty()) {
      throw failures.remove(0);
    }
    sent.add(new Sent(request, clock.instant()));
  }

  public synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  public synchronized List<PromotionRequest> requests() {
    return sent.stream().map(Sent::request).toList();
  }

  /** The requests of one type, e.g. {@code PromotionRequest.AutoFailover.class}. */
  public synchronized <R extends PromotionRequest> List<R> requests(Class<R> type) {
    return sent.stream().map(Sent::request).filter(type::isInstance).map(type::cast).toList();
  }
}
