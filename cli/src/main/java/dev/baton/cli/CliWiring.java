package dev.baton.cli;

import dev.baton.drill.run.InProcessFunctions;
import dev.baton.drill.run.LocalDrillStack;
import dev.baton.functions.PromotionHandler;
import dev.baton.functions.PromotionWiring;
import dev.baton.promotion.InProcessPromotionChannel;
import dev.baton.promotion.PromotionChannel;
import dev.baton.promotion.PromotionResultCodec;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The CLI's real wiring: against a local stack the promotion handler runs in this process, wired
 * from the function's environment; drills run on {@link LocalDrillStack}.
 */
final class CliWiring {
  private CliWiring() {}

  static CommandContext defaults(Map<String, String> env, PrintWriter out, PrintWriter err) {
    return new CommandContext(
        env,
        out,
        err,
        CliWiring::inProcessPromotions,
        new DrillSession(
            (scenario, workDir) ->
                LocalDrillStack.start(scenario, workDir, InProcessFunctions::new)));
  }

  /** The promotion handler in this process, wired as on AWS from {@code functionEnv}. */
  static PromotionChannel inProcessPromotions(Map<String, String> functionEnv) {
    PromotionHandler handler =
        new PromotionHandler(() -> PromotionWiring.fromEnvironment(functionEnv));
    PromotionResultCodec results = new PromotionResultCodec();
    return new InProcessPromotionChannel(
        request ->
            results.encode(
                handler.handle(
                    new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)),
                    dev.baton.promotion.TimeBudget.unlimited())),
        "in-process promotion handler on " + functionEnv.get("BATON_AWS_ENDPOINT"));
  }
}
