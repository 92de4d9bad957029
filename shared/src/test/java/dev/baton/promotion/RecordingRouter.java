package dev.baton.promotion;

import dev.baton.domain.RegionConfig;
import dev.baton.port.ReadinessCheck;
import dev.baton.port.TrafficRouter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A router that records every call and can be told to fail (a queue of failures per operation) or
 * to run something before a call (e.g. let a newer promotion overtake this one).
 */
final class RecordingRouter implements TrafficRouter {
  private final String name;
  final List<String> calls = new CopyOnWriteArrayList<>();
  final Deque<RuntimeException> shiftFailures = new ArrayDeque<>();
  final Deque<RuntimeException> verifyFailures = new ArrayDeque<>();
  Runnable beforeShift = () -> {};
  Runnable afterShift = () -> {};
  Runnable beforeVerify = () -> {};

  /** Every router's calls in one list, to check the order across routers. */
  private final List<String> sharedLog;

  List<ReadinessCheck.Problem> problems = List.of();
  java.time.Duration longestAttempt = TrafficRouter.DEFAULT_LONGEST_ATTEMPT;
  String active;

  RecordingRouter(String name, List<String> sharedLog) {
    this.name = name;
    this.sharedLog = sharedLog;
  }

  private void log(String call) {
    calls.add(call);
    sharedLog.add(name + " " + call);
  }

  @Override
  public java.time.Duration longestAttempt() {
    return longestAttempt;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<PlannedRequest> plan(RegionConfig to) {
    log("plan " + to.name());
    return List.of(
        new PlannedRequest(
            name, "PUT", "https://api.example.test/" + name, "{\"target\":\"" + to.name() + "\"}"));
  }

  @Override
  public String shift(RegionConfig to) {
    beforeShift.run();
    log("shift " + to.name());
    if (!shiftFailures.isEmpty()) {
      RuntimeException failure = shiftFailures.poll();
      afterShift.run();
      throw failure;
    }
    active = to.name();
    afterShift.run();
    return name + " now sends traffic to " + to.name();
  }

  @Override
  public String verify(RegionConfig to) {
    beforeVerify.run();
    log("verify " + to.name());
    if (!verifyFailures.isEmpty()) {
      throw verifyFailures.poll();
    }
    if (!to.name().equals(active)) {
      throw new dev.baton.port.ProviderException(name, "traffic goes to " + active, false);
    }
    return name + " sends traffic to " + active;
  }

  @Override
  public List<ReadinessCheck.Problem> readiness(List<RegionConfig> regions) {
    log("readiness");
    return problems;
  }

  /** Calls that change provider state. */
  List<String> writes() {
    return calls.stream().filter(c -> c.startsWith("shift")).toList();
  }
}
