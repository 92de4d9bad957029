package dev.baton.promotion;

import dev.baton.domain.PromotionKind;
import dev.baton.domain.RegionConfig;
import dev.baton.port.TrafficRouter;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a promotion (docs/architecture.md), in the order they are journaled: validate, claim
 * (which revokes), grant (once every agent of another region has stepped down or fenced), one shift
 * per router in topology order, one verify per router, a probe of the target's health URL when it
 * has one, notify. After the grant the routers' steps run in one branch per router at once (its
 * shift, then its verify: PromotionSaga); probe and notify wait for every branch. One step per
 * router, so a resume never repeats a router that already succeeded.
 */
public final class PromotionSteps {
  public static final String VALIDATE = "validate";
  public static final String CLAIM = "claim";
  public static final String GRANT = "grant";
  public static final String SHIFT_PREFIX = "shift:";
  public static final String VERIFY_PREFIX = "verify:";
  public static final String PROBE = "probe";
  public static final String NOTIFY = "notify";

  private PromotionSteps() {}

  /** The names of every step of a promotion to {@code target} through {@code routers}. */
  public static List<String> names(List<TrafficRouter> routers, RegionConfig target) {
    return names(PromotionKind.SWITCHOVER, routers, target);
  }

  /**
   * The names of every step of a promotion of {@code kind} to {@code target}: a reconcile, which
   * leaves the baton where it is, has no claim and no grant.
   */
  public static List<String> names(
      PromotionKind kind, List<TrafficRouter> routers, RegionConfig target) {
    List<String> names = new ArrayList<>();
    names.add(VALIDATE);
    if (kind.movesBaton()) {
      names.add(CLAIM);
      names.add(GRANT);
    }
    routers.forEach(r -> names.add(SHIFT_PREFIX + r.name()));
    routers.forEach(r -> names.add(VERIFY_PREFIX + r.name()));
    if (target.healthUrl() != null && !target.healthUrl().isBlank()) {
      names.add(PROBE);
    }
    names.add(NOTIFY);
    return List.copyOf(names);
  }

  /** Whether {@code step} is a shift or a verify: the steps that run in each router's branch. */
  public static boolean actsThroughRouter(String step) {
    return step.startsWith(SHIFT_PREFIX) || step.startsWith(VERIFY_PREFIX);
  }

  /** The router a shift or verify step acts through, by the router's name. */
  public static String routerOf(String step) {
    if (step.startsWith(SHIFT_PREFIX)) {
      return step.substring(SHIFT_PREFIX.length());
    }
    if (step.startsWith(VERIFY_PREFIX)) {
      return step.substring(VERIFY_PREFIX.length());
    }
    throw new IllegalArgumentException("step '" + step + "' acts through no router");
  }
}
