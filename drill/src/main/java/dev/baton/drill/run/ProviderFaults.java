package dev.baton.drill.run;

import dev.baton.drill.scenario.ProviderFailure;

/** Makes a faked provider fail its next write calls ({@code provider-fail}), or stop failing. */
public interface ProviderFaults {
  /**
   * Arms {@code times} failures.
   *
   * @return what was armed, one sentence
   * @throws IllegalArgumentException for a provider the drill does not fake
   */
  String failNext(String provider, int times, ProviderFailure failure);

  /**
   * Forgets the failures still armed.
   *
   * @return what was done, one sentence
   */
  String restore(String provider);
}
