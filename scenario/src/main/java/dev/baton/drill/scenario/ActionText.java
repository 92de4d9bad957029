package dev.baton.drill.scenario;

import dev.baton.config.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Parses the {@code do:} text of a timeline entry, e.g. {@code stop-app nyc1}, {@code slow-app
 * nyc1/2 3s}, {@code provider-fail digitalocean 3 5xx}, {@code failback nyc1}.
 */
final class ActionText {
  /** Every action word, in the order the documentation lists them. */
  static final List<String> ACTIONS =
      List.of(
          "stop-app",
          "start-app",
          "slow-app",
          "kill-agent",
          "start-agent",
          "cut-agent-from-store",
          "restore-agent-store",
          "skew-clock",
          "lag-replication",
          "stall-replication",
          "heal-replication",
          "partition",
          "heal",
          "isolate-aws-region",
          "restore-aws-region",
          "throttle-store",
          "cut-ingress",
          "restore-ingress",
          "cut-egress",
          "restore-egress",
          "provider-fail",
          "provider-restore",
          "failback",
          "switchover",
          "freeze",
          "unfreeze",
          "resume",
          "reconcile");

  /** Providers whose fakes can be told to fail. */
  static final Set<String> PROVIDERS = Set.of("digitalocean", "cloudflare");

  private ActionText() {}

  /**
   * The action {@code text} names.
   *
   * @param targets checks a target against the scenario's regions (returns it, or throws)
   * @param scale applies the scenario's scale to a duration read from the text
   * @param replicas checks an AWS region against the scenario's replicas (returns it, or throws)
   * @param reason the entry's {@code reason}, or null
   * @param force the entry's {@code force}
   * @throws IllegalArgumentException with the rule broken
   */
  static DrillAction parse(
      String text,
      Function<String, Target> targets,
      UnaryOperator<Duration> scale,
      Function<String, String> replicas,
      String reason,
      boolean force) {
    String[] words = text.trim().split("\\s+");
    String verb = words[0];
    String why = reason == null ? "drill: " + text.trim() : reason;
    return switch (verb) {
      case "stop-app" -> new DrillAction.StopApp(targets.apply(arg(words, 1, verb, "TARGET")));
      case "start-app" -> new DrillAction.StartApp(targets.apply(arg(words, 1, verb, "TARGET")));
      case "slow-app" -> {
        expectWords(words, 3, verb + " TARGET DELAY");
        yield new DrillAction.SlowApp(
            targets.apply(words[1]), positive(length(words[2], "DELAY", scale), words[2], "DELAY"));
      }
      case "kill-agent" -> new DrillAction.KillAgent(targets.apply(arg(words, 1, verb, "TARGET")));
      case "start-agent" ->
          new DrillAction.StartAgent(targets.apply(arg(words, 1, verb, "TARGET")));
      case "cut-agent-from-store" ->
          new DrillAction.CutAgentFromStore(targets.apply(arg(words, 1, verb, "TARGET")));
      case "restore-agent-store" ->
          new DrillAction.RestoreAgentStore(targets.apply(arg(words, 1, verb, "TARGET")));
      case "skew-clock" -> {
        expectWords(words, 3, verb + " TARGET +OFFSET|-OFFSET");
        yield new DrillAction.SkewClock(targets.apply(words[1]), offset(words[2], scale));
      }
      case "lag-replication" -> {
        expectWords(words, 3, verb + " AWS_REGION DELAY");
        yield new DrillAction.LagReplication(
            replicas.apply(words[1]), length(words[2], "DELAY", scale));
      }
      case "stall-replication" ->
          new DrillAction.StallReplication(replicas.apply(arg(words, 1, verb, "AWS_REGION")));
      case "heal-replication" ->
          new DrillAction.HealReplication(replicas.apply(arg(words, 1, verb, "AWS_REGION")));
      case "partition", "heal" -> {
        expectWords(words, 3, verb + " DO_REGION AWS_REGION");
        String region = region(targets, words[1], verb);
        String aws = replicas.apply(words[2]);
        yield verb.equals("partition")
            ? new DrillAction.Partition(region, aws)
            : new DrillAction.Heal(region, aws);
      }
      case "isolate-aws-region" ->
          new DrillAction.IsolateAwsRegion(replicas.apply(arg(words, 1, verb, "AWS_REGION")));
      case "restore-aws-region" ->
          new DrillAction.RestoreAwsRegion(replicas.apply(arg(words, 1, verb, "AWS_REGION")));
      case "throttle-store" -> {
        if (words.length == 4 && !words[3].equals("reads")) {
          throw new IllegalArgumentException(
              "the optional last word of throttle-store must be 'reads' (throttle only reads),"
                  + " was '"
                  + words[3]
                  + "'");
        }
        if (words.length != 4) {
          expectWords(words, 3, verb + " AWS_REGION FRACTION [reads]");
        }
        yield new DrillAction.ThrottleStore(
            replicas.apply(words[1]), fraction(words[2]), words.length == 4);
      }
      case "cut-ingress" ->
          new DrillAction.CutIngress(region(targets, arg(words, 1, verb, "DO_REGION"), verb));
      case "restore-ingress" ->
          new DrillAction.RestoreIngress(region(targets, arg(words, 1, verb, "DO_REGION"), verb));
      case "cut-egress" ->
          new DrillAction.CutEgress(region(targets, arg(words, 1, verb, "DO_REGION"), verb));
      case "restore-egress" ->
          new DrillAction.RestoreEgress(region(targets, arg(words, 1, verb, "DO_REGION"), verb));
      case "provider-fail" -> providerFail(words);
      case "provider-restore" -> {
        expectWords(words, 2, "provider-restore PROVIDER");
        yield new DrillAction.ProviderRestore(provider(words[1]));
      }
      case "failback" ->
          new DrillAction.Failback(
              regionArg(words, verb, targets), force || hasForceWord(words), why);
      case "switchover" ->
          new DrillAction.Switchover(
              regionArg(words, verb, targets), force || hasForceWord(words), why);
      case "freeze" -> {
        expectWords(words, 1, verb);
        yield new DrillAction.Freeze(why);
      }
      case "unfreeze" -> {
        expectWords(words, 1, verb);
        yield new DrillAction.Unfreeze(why);
      }
      case "resume" -> {
        if (words.length > 2) {
          throw new IllegalArgumentException("must be 'resume' or 'resume PROMOTION_ID'");
        }
        yield new DrillAction.Resume(words.length == 2 ? words[1] : null, why);
      }
      case "reconcile" -> {
        expectWords(words, 1, verb);
        yield new DrillAction.Reconcile(why);
      }
      default ->
          throw new IllegalArgumentException(
              "unknown action '" + verb + "'; known: " + String.join(", ", ACTIONS));
    };
  }

  private static DrillAction providerFail(String[] words) {
    expectWords(words, 4, "provider-fail PROVIDER TIMES 5xx|429|timeout");
    provider(words[1]);
    int times;
    try {
      times = Integer.parseInt(words[2]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("TIMES must be a whole number, was '" + words[2] + "'");
    }
    if (times < 1) {
      throw new IllegalArgumentException("TIMES must be >= 1, was " + times);
    }
    ProviderFailure failure = ProviderFailure.fromWord(words[3]);
    if (failure == null) {
      throw new IllegalArgumentException(
          "failure must be 5xx, 429 or timeout, was '" + words[3] + "'");
    }
    return new DrillAction.ProviderFail(words[1], times, failure);
  }

  /** A fraction of calls, 0 to 1: {@code 0.5}, {@code 1}, {@code 0}. */
  private static double fraction(String word) {
    double f;
    try {
      f = Double.parseDouble(word);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "FRACTION must be a number from 0 to 1 such as 0.5, was '" + word + "'", e);
    }
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException("FRACTION must be from 0 to 1, was " + word);
    }
    return f;
  }

  /** {@code fraction} as a scenario writes it: {@code 0.5}, {@code 1}. */
  static String fraction(double fraction) {
    return fraction == Math.rint(fraction)
        ? Long.toString((long) fraction)
        : Double.toString(fraction);
  }

  /** A whole DigitalOcean region of the scenario (not an instance). */
  private static String region(Function<String, Target> targets, String word, String verb) {
    Target t = targets.apply(word);
    if (t.instance() != 0) {
      throw new IllegalArgumentException(verb + " takes a region, not an instance: " + word);
    }
    return t.region();
  }

  private static String provider(String word) {
    if (!PROVIDERS.contains(word)) {
      throw new IllegalArgumentException(
          "provider must be one of " + PROVIDERS.stream().sorted().toList() + ", was " + word);
    }
    return word;
  }

  private static String regionArg(String[] words, String verb, Function<String, Target> targets) {
    if (words.length > 3 || (words.length == 3 && !words[2].equals("--force"))) {
      throw new IllegalArgumentException(
          "must be '" + verb + " REGION' or '" + verb + " REGION --force'");
    }
    String region = arg(words, 1, verb, "REGION");
    Target t = targets.apply(region);
    if (t.instance() != 0) {
      throw new IllegalArgumentException(verb + " takes a region, not an instance: " + region);
    }
    return t.region();
  }

  private static boolean hasForceWord(String[] words) {
    return words.length > 2 && words[2].equals("--force");
  }

  private static String arg(String[] words, int index, String verb, String name) {
    if (words.length <= index) {
      throw new IllegalArgumentException("must be '" + verb + " " + name + "'");
    }
    if (words.length > index + 1 && !(index == 1 && words[2].equals("--force") && canForce(verb))) {
      throw new IllegalArgumentException(
          "must be '" + verb + " " + name + "', has extra words: '" + words[index + 1] + "'");
    }
    return words[index];
  }

  private static boolean canForce(String verb) {
    return verb.equals("failback") || verb.equals("switchover");
  }

  private static void expectWords(String[] words, int n, String form) {
    if (words.length != n) {
      throw new IllegalArgumentException("must be '" + form + "'");
    }
  }

  /** A length of time such as {@code 3s}: no sign, only a clock's offset has one. */
  private static Duration length(String word, String name, UnaryOperator<Duration> scale) {
    try {
      return scale.apply(DurationText.parseUnsigned(word));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " " + e.getMessage(), e);
    }
  }

  /** A clock's offset: ahead ({@code +40s}, or no sign) or behind ({@code -40s}). */
  private static Duration offset(String word, UnaryOperator<Duration> scale) {
    try {
      return scale.apply(DurationText.parseSigned(word));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("OFFSET " + e.getMessage(), e);
    }
  }

  private static Duration positive(Duration d, String text, String name) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + text);
    }
    return d;
  }
}
