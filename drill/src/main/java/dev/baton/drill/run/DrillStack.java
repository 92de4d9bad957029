package dev.baton.drill.run;

import dev.baton.drill.droplet.Fleet;
import dev.baton.promotion.PromotionChannel;
import dev.baton.store.TableReader;

/**
 * Baton running on one machine for a drill: the table, the simulated droplets, the three functions
 * in-process, the provider fakes. Built by {@link LocalDrillStack}; the runner only sees this.
 */
public interface DrillStack extends AutoCloseable {

  /** Reads the table (the watcher's view). */
  TableReader table();

  /** The simulated droplets. */
  Fleet fleet();

  /** Where operator commands go: the promotion handler, synchronously. */
  PromotionChannel operator();

  /**
   * Applies a fault or repair of Baton's own ground (replication, paths to AWS, throttling, the
   * public path).
   *
   * @return what was done, one sentence
   */
  String applyWorld(dev.baton.drill.scenario.DrillAction.WorldAction action);

  /** The provider fakes' fault switch. */
  ProviderFaults providers();

  /**
   * Every agent's reported role and every router's target, now (the drill samples it at least every
   * 100 ms). Safe to call from any thread; never blocks for long.
   */
  dev.baton.drill.timeline.WorldSample sampleWorld();

  /**
   * Starts the monitor: the stream poller feeding the health-transition handler and the sweeper's
   * schedule. The monitor's startup grace counts from here.
   */
  void startMonitor();

  /**
   * What the stack itself saw go wrong that the drill must report: provider requests or responses
   * that break the API contracts.
   */
  default java.util.List<String> problems() {
    return java.util.List.of();
  }

  @Override
  void close();
}
