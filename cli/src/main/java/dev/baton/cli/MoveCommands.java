package dev.baton.cli;

import dev.baton.domain.PromotionKind;
import dev.baton.domain.PromotionRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The manual commands, one small class each. */
final class MoveCommands {
  private MoveCommands() {}

  /** Options of the commands that move the baton. */
  static final class MoveOptions {
    @Option(
        names = "--to",
        required = true,
        paramLabel = "REGION",
        description = "The region to move the baton to.")
    String to;

    @Option(
        names = "--force",
        description = "Move even if the target is not HEALTHY (recorded with the request).")
    boolean force;

    @Option(
        names = "--expected-epoch",
        paramLabel = "N",
        description = "Act only if the baton's epoch is still N (a no-op otherwise).")
    Long expectedEpoch;
  }

  @Command(
      name = "failback",
      description = "Move the baton back to a region that recovered (never automatic).",
      mixinStandardHelpOptions = true)
  static final class Failback extends ManualCommand {
    @picocli.CommandLine.Mixin MoveOptions move;

    @Override
    PromotionRequest request(String requestedBy) {
      return new PromotionRequest.Manual(
          PromotionKind.FAILBACK,
          move.to,
          move.force,
          move.expectedEpoch,
          requestedBy,
          manual.reason,
          manual.dryRun);
    }
  }

  @Command(
      name = "switchover",
      description = "Planned move of the baton to another region.",
      mixinStandardHelpOptions = true)
  static final class Switchover extends ManualCommand {
    @picocli.CommandLine.Mixin MoveOptions move;

    @Override
    PromotionRequest request(String requestedBy) {
      return new PromotionRequest.Manual(
          PromotionKind.SWITCHOVER,
          move.to,
          move.force,
          move.expectedEpoch,
          requestedBy,
          manual.reason,
          manual.dryRun);
    }
  }

  @Command(
      name = "freeze",
      description = "Block automatic failover (manual commands still work).",
      mixinStandardHelpOptions = true)
  static final class Freeze extends ManualCommand {
    @Override
    PromotionRequest request(String requestedBy) {
      return new PromotionRequest.Freeze(requestedBy, manual.reason, manual.dryRun);
    }
  }

  @Command(
      name = "unfreeze",
      description = "Allow automatic failover again (acknowledges a flap-limit freeze).",
      mixinStandardHelpOptions = true)
  static final class Unfreeze extends ManualCommand {
    @Override
    PromotionRequest request(String requestedBy) {
      return new PromotionRequest.Unfreeze(requestedBy, manual.reason, manual.dryRun);
    }
  }

  @Command(
      name = "resume",
      description = "Continue a failed promotion from its first unfinished step.",
      mixinStandardHelpOptions = true)
  static final class Resume extends ManualCommand {
    @Parameters(paramLabel = "ID", description = "The promotion id (see 'baton status').")
    String promotionId;

    @Override
    PromotionRequest request(String requestedBy) {
      return new PromotionRequest.Resume(promotionId, requestedBy, manual.reason, manual.dryRun);
    }
  }

  @Command(
      name = "reconcile",
      description = {
        "Move every router's traffic to the region that holds the baton, without moving the baton:"
            + " the repair for TRAFFIC_MISMATCH (a promotion left half done, a router changed by"
            + " hand). Runs the usual shift, verify, probe and notify steps; no claim, no grant."
      },
      mixinStandardHelpOptions = true)
  static final class Reconcile extends ManualCommand {
    @Option(
        names = "--expected-epoch",
        paramLabel = "N",
        description = "Act only if the baton's epoch is still N (a no-op otherwise).")
    Long expectedEpoch;

    @Override
    PromotionRequest request(String requestedBy) {
      return new PromotionRequest.Reconcile(
          expectedEpoch, requestedBy, manual.reason, manual.dryRun);
    }
  }
}
