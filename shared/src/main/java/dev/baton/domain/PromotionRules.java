package dev.baton.domain;

import dev.baton.domain.PromotionDecision.NotActing;
import dev.baton.domain.PromotionDecision.Proceed;
import dev.baton.domain.PromotionDecision.Rejected;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a promotion request may run, decided when the promotion function receives it (the saga's
 * {@code validate} step (docs/architecture.md). Pure: the caller passes the baton and region states
 * it just read, and {@code now}.
 *
 * <p>An {@code unfreeze} is the operator's acknowledgement of a flap-limit freeze: the saga clears
 * the baton's {@code autoPromotions} with it, or the next evaluation would freeze again at once.
 *
 * <p>Stale epochs are dropped before any other rule, as in etcd-raft: a request that expected
 * another epoch was decided on a world that no longer exists.
 *
 * <p>When the baton names a region the topology does not know, automatic requests do not act, but a
 * manual failback or switchover to a known region still proceeds: it is how an operator recovers.
 */
public final class PromotionRules {
  private PromotionRules() {}

  /** Decides {@code request} against the current baton and region states. */
  public static PromotionDecision decide(
      PromotionRequest request,
      Baton baton,
      Map<String, RegionState> states,
      Topology topology,
      Instant now) {
    if (request.requestedBy() == null || request.requestedBy().isBlank()) {
      return new Rejected("requestedBy", "is required: every action names who asked for it");
    }
    // Java 17 has no pattern switch; the final else keeps the chain exhaustive for the sealed type.
    if (request instanceof PromotionRequest.AutoFailover auto) {
      return automatic(auto, baton, states, topology, now);
    } else if (request instanceof PromotionRequest.Manual manual) {
      return manual(manual, baton, states, topology);
    } else if (request instanceof PromotionRequest.Freeze freeze) {
      return freeze(freeze, baton);
    } else if (request instanceof PromotionRequest.Unfreeze unfreeze) {
      return unfreeze(unfreeze, baton);
    } else if (request instanceof PromotionRequest.Resume resume) {
      return resume(resume);
    } else if (request instanceof PromotionRequest.Reconcile reconcile) {
      return reconcile(reconcile, baton, states, topology);
    }
    throw new IllegalArgumentException("unknown request type " + request.getClass().getName());
  }

  private static PromotionDecision automatic(
      PromotionRequest.AutoFailover request,
      Baton baton,
      Map<String, RegionState> states,
      Topology topology,
      Instant now) {
    if (request.expectedEpoch() != baton.epoch()) {
      return staleEpoch(request.expectedEpoch(), baton);
    }
    if (!topology.hasRegion(request.to())) {
      return unknownRegion("to", request.to(), topology);
    }
    if (!request.from().equals(baton.activeRegion())) {
      return new NotActing(
          "not acting: the request fails over from "
              + request.from()
              + " but "
              + baton.activeRegion()
              + " holds the baton at epoch "
              + baton.epoch());
    }
    if (!topology.hasRegion(baton.activeRegion())) {
      // The evaluator raises ACTIVE_REGION_UNKNOWN for this; only a human moves such a baton.
      return new NotActing(
          "not acting: the baton names "
              + baton.activeRegion()
              + " as the active region, but the topology knows only "
              + topology.regionNamesByPriority()
              + "; automation cannot judge it: move the baton by hand with a failback or"
              + " switchover");
    }
    if (request.to().equals(baton.activeRegion())) {
      return new Rejected("to", "must differ from the active region " + baton.activeRegion());
    }
    if (baton.mode() == BatonMode.FROZEN) {
      return new NotActing(
          "not acting: automation is FROZEN ("
              + baton.reason()
              + "); fail over by hand or unfreeze first");
    }
    RegionHealth fromHealth = health(states, request.from());
    if (fromHealth != RegionHealth.UNHEALTHY) {
      return new NotActing(
          "not acting: the active region "
              + request.from()
              + " is "
              + describe(fromHealth)
              + " now, not UNHEALTHY; automatic promotions only leave an UNHEALTHY region");
    }
    RegionHealth toHealth = health(states, request.to());
    if (toHealth != RegionHealth.HEALTHY) {
      Optional<String> other = SafetyRules.bestHealthyTarget(topology, states, request.from());
      return new NotActing(
          "not acting: the target "
              + request.to()
              + " is "
              + describe(toHealth)
              + " now, not HEALTHY"
              + other
                  .map(o -> "; " + o + " is HEALTHY and the next evaluation will ask for it")
                  .orElse("; no region is HEALTHY"));
    }
    if (SafetyRules.flapLimitReached(baton, topology.policy(), now)) {
      return new NotActing(
          "not acting: flap limit reached ("
              + SafetyRules.describeFlapLimit(baton, topology.policy(), now)
              + "); Baton freezes itself until an operator unfreezes");
    }
    Optional<Instant> cooldown = SafetyRules.cooldownUntil(baton, topology.policy(), now);
    if (cooldown.isPresent()) {
      return new NotActing(
          "not acting: cooldown after the last automatic promotion runs until "
              + cooldown.get()
              + " (minAutoPromotionGap "
              + Durations.format(topology.policy().minAutoPromotionGap())
              + ")");
    }
    return new Proceed(
        PromotionKind.AUTO_FAILOVER,
        request.from(),
        request.to(),
        false,
        "automatic failover from "
            + request.from()
            + " (UNHEALTHY) to "
            + request.to()
            + " (HEALTHY) at epoch "
            + baton.epoch()
            + ", asked by "
            + request.requestedBy());
  }

  private static PromotionDecision manual(
      PromotionRequest.Manual request,
      Baton baton,
      Map<String, RegionState> states,
      Topology topology) {
    if (request.expectedEpoch() != null && request.expectedEpoch() != baton.epoch()) {
      return staleEpoch(request.expectedEpoch(), baton);
    }
    if (!topology.hasRegion(request.to())) {
      return unknownRegion("to", request.to(), topology);
    }
    if (request.to().equals(baton.activeRegion())) {
      return new Rejected(
          "to",
          "must differ from the active region: "
              + request.to()
              + " already holds the baton at epoch "
              + baton.epoch());
    }
    RegionHealth toHealth = health(states, request.to());
    String verb = request.action();
    if (toHealth != RegionHealth.HEALTHY && !request.force()) {
      return new Rejected(
          "to",
          "must be HEALTHY for a "
              + verb
              + ", but "
              + request.to()
              + " is "
              + describe(toHealth)
              + "; pass force to move anyway");
    }
    String forced =
        !request.force()
            ? ""
            : toHealth == RegionHealth.HEALTHY
                ? " (force set by " + request.requestedBy() + ", not needed: target is HEALTHY)"
                : " FORCED by "
                    + request.requestedBy()
                    + " although "
                    + request.to()
                    + " is "
                    + describe(toHealth);
    return new Proceed(
        request.kind(),
        baton.activeRegion(),
        request.to(),
        request.force(),
        "manual "
            + verb
            + " from "
            + baton.activeRegion()
            + " to "
            + request.to()
            + " at epoch "
            + baton.epoch()
            + (topology.hasRegion(baton.activeRegion())
                ? ""
                : " (" + baton.activeRegion() + " is not a region of the topology)")
            + forced
            + ", asked by "
            + request.requestedBy()
            + ": "
            + request.reason());
  }

  private static PromotionDecision freeze(PromotionRequest.Freeze request, Baton baton) {
    if (baton.mode() == BatonMode.FROZEN) {
      return new NotActing("not acting: already FROZEN since " + baton.since());
    }
    return new Proceed(
        null,
        baton.activeRegion(),
        baton.activeRegion(),
        false,
        "freeze automatic failover at epoch "
            + baton.epoch()
            + ", asked by "
            + request.requestedBy()
            + ": "
            + request.reason());
  }

  private static PromotionDecision unfreeze(PromotionRequest.Unfreeze request, Baton baton) {
    if (baton.mode() == BatonMode.AUTO) {
      return new NotActing("not acting: automation is already AUTO");
    }
    return new Proceed(
        null,
        baton.activeRegion(),
        baton.activeRegion(),
        false,
        "unfreeze automatic failover at epoch "
            + baton.epoch()
            + " and restart the flap count, asked by "
            + request.requestedBy()
            + ": "
            + request.reason());
  }

  private static PromotionDecision resume(PromotionRequest.Resume request) {
    if (request.promotionId().isBlank()) {
      return new Rejected("promotionId", "is required: the id of the failed promotion");
    }
    // The journal, not the baton, knows where the promotion stopped; the saga re-checks the epoch
    // at its claim step.
    return new Proceed(
        null,
        null,
        null,
        false,
        "resume promotion "
            + request.promotionId()
            + " from its first unfinished step, asked by "
            + request.requestedBy()
            + ": "
            + request.reason());
  }

  /**
   * A reconcile moves traffic to the region that holds the granted baton. It needs no HEALTHY
   * target: traffic belongs where the baton is, and the baton is moved by failback or switchover.
   */
  private static PromotionDecision reconcile(
      PromotionRequest.Reconcile request,
      Baton baton,
      Map<String, RegionState> states,
      Topology topology) {
    if (request.expectedEpoch() != null && request.expectedEpoch() != baton.epoch()) {
      return staleEpoch(request.expectedEpoch(), baton);
    }
    if (!topology.hasRegion(baton.activeRegion())) {
      return new NotActing(
          "not acting: the baton names "
              + baton.activeRegion()
              + ", which is not a region of the topology "
              + topology.regionNamesByPriority()
              + "; move the baton with a failback or switchover instead");
    }
    if (!baton.granted()) {
      return new NotActing(
          "not acting: epoch "
              + baton.epoch()
              + " is being handed over to "
              + baton.activeRegion()
              + " and is not yet granted; promotion "
              + baton.promotionId()
              + " moves the traffic once it is (resume it if it failed)");
    }
    RegionHealth health = health(states, baton.activeRegion());
    return new Proceed(
        PromotionKind.RECONCILE,
        baton.activeRegion(),
        baton.activeRegion(),
        false,
        "reconcile: move every router's traffic to "
            + baton.activeRegion()
            + ", which holds the baton at epoch "
            + baton.epoch()
            + (health == RegionHealth.HEALTHY ? "" : " (it is " + describe(health) + " now)")
            + ", asked by "
            + request.requestedBy()
            + ": "
            + request.reason());
  }

  private static NotActing staleEpoch(long expected, Baton baton) {
    return new NotActing(
        "not acting: the request expected epoch "
            + expected
            + " but the baton is at epoch "
            + baton.epoch()
            + " ("
            + baton.activeRegion()
            + " active)");
  }

  private static Rejected unknownRegion(String field, String region, Topology topology) {
    return new Rejected(
        field,
        "must be a region of the topology "
            + topology.regionNamesByPriority()
            + ", was '"
            + region
            + "'");
  }

  /** The region's health, or null when it was never judged (which is not HEALTHY). */
  private static RegionHealth health(Map<String, RegionState> states, String region) {
    RegionState state = states.get(region);
    return state == null ? null : state.health();
  }

  private static String describe(RegionHealth health) {
    return health == null ? "not yet judged" : health.name();
  }
}
