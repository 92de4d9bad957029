package dev.baton.drill.scenario;

import dev.baton.domain.Alarm;
import dev.baton.domain.BatonMode;
import dev.baton.domain.RegionHealth;
import java.util.Objects;

/**
 * Something a scenario expects of Baton, checked against the drill's timeline.
 *
 * <ul>
 *   <li>State expectations ({@link ActiveRegion}, {@link RegionHealthIs}, {@link ModeIs}, {@link
 *       AgentsActive}, {@link TrafficAt}) pass when the state holds at some instant of their
 *       window, or, when {@code throughout}, at every instant of it.
 *   <li>Event expectations ({@link PromotionFailedAtStep}, {@link PromotionSucceeded}, {@link
 *       AlarmRaised}, {@link AgentFenced}) pass when the event happens in the window.
 *   <li>{@link AtMostPromotions} ({@code no-promotion} is {@code at-most 0 promotions}) passes when
 *       the baton changes hands at most that often in the window.
 *   <li>{@link SingleActive} is a safety property: it passes when at no instant of its window do
 *       running agents of two regions report active.
 * </ul>
 */
public sealed interface Expectation {

  /** The expectation as written in the scenario file. */
  String text();

  /** When it is checked. */
  Window window();

  /** A state that must hold at some instant of the window, or throughout it. */
  sealed interface StateExpectation extends Expectation {
    boolean throughout();
  }

  /** {@code active-region REGION}: the region holds the baton. */
  record ActiveRegion(String region, Window window, boolean throughout, String text)
      implements StateExpectation {
    public ActiveRegion {
      Objects.requireNonNull(region, "region");
    }
  }

  /** {@code region-health REGION HEALTH}: the monitor judges the region so. */
  record RegionHealthIs(
      String region, RegionHealth health, Window window, boolean throughout, String text)
      implements StateExpectation {}

  /** {@code mode AUTO|FROZEN}: the baton's mode. */
  record ModeIs(BatonMode mode, Window window, boolean throughout, String text)
      implements StateExpectation {}

  /** {@code at-most N promotions} ({@code no-promotion} is N = 0): hand-overs of the baton. */
  record AtMostPromotions(int max, Window window, String text) implements Expectation {}

  /** {@code promotion-failed-at-step STEP}: a promotion is marked failed at that step. */
  record PromotionFailedAtStep(String step, Window window, String text) implements Expectation {}

  /** {@code promotion-succeeded}: a promotion ends with every step done. */
  record PromotionSucceeded(Window window, String text) implements Expectation {}

  /** {@code alarm NAME}: Baton raises the alarm. */
  record AlarmRaised(Alarm alarm, Window window, String text) implements Expectation {}

  /** {@code agent-fenced REGION[/N]}: the agent(s) fence themselves. */
  record AgentFenced(Target target, Window window, String text) implements Expectation {}

  /**
   * {@code agents-active REGION}: every running agent of the region reports {@code active}, and at
   * least one runs.
   */
  record AgentsActive(String region, Window window, boolean throughout, String text)
      implements StateExpectation {
    public AgentsActive {
      Objects.requireNonNull(region, "region");
    }
  }

  /** {@code traffic-at REGION}: every configured router sends users to the region. */
  record TrafficAt(String region, Window window, boolean throughout, String text)
      implements StateExpectation {
    public TrafficAt {
      Objects.requireNonNull(region, "region");
    }
  }

  /**
   * {@code single-active}: at no instant of the window do running agents of two different regions
   * report {@code active}.
   */
  record SingleActive(Window window, String text) implements Expectation {}
}
