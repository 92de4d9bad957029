package dev.baton.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.domain.PromotionRequest;
import dev.baton.promotion.PromotionChannel;
import dev.baton.promotion.PromotionRequestCodec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * A manual request to the promotion function (failback, switchover, freeze, unfreeze, resume):
 * encodes the request, sends it, prints the answer and exits with {@link Outcomes}. A channel that
 * fails throws a {@link CommandFailure}, which {@link BatonCli} prints as one line.
 */
abstract class ManualCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand BatonCommand parent;
  @Mixin StackOptions stack;
  @Mixin ManualOptions manual;

  /** The request this command sends. */
  abstract PromotionRequest request(String requestedBy);

  @Override
  public Integer call() throws Exception {
    CommandContext ctx = parent.context();
    PromotionRequest request = request(manual.requester(ctx.env()));
    String body = new PromotionRequestCodec().encode(request);
    try (BatonConnection connection = ctx.connect(stack)) {
      PromotionChannel channel = connection.promotions(manual.qualifier, manual.functionTimeout);
      String answer = channel.send(body);
      JsonNode response;
      try {
        response = JSON.readTree(answer);
      } catch (JsonProcessingException e) {
        throw new CommandFailure(
            Outcomes.FAILED,
            channel.describe()
                + " answered with something that is not JSON (is it the promotion function?): "
                + e.getOriginalMessage(),
            e);
      }
      if (manual.output == OutputFormat.json) {
        ctx.out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(response));
      } else {
        ctx.out().print(ResponseView.table(response));
      }
      ctx.out().flush();
      return Outcomes.exitCode(response.path("outcome").asText(null));
    }
  }
}
