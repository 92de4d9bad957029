package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.domain.PromotionRequest;
import dev.baton.promotion.PromotionRequestCodec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * A manual request to the promotion function (failback, switchover, freeze, unfreeze, resume):
 * encodes the request, sends it, prints the answer and exits with {@link Outcomes}.
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
      String answer;
      try {
        answer = connection.promotions().send(body);
      } catch (IllegalStateException e) {
        ctx.err().println("baton: " + e.getMessage());
        ctx.err().flush();
        return Outcomes.UNREACHABLE;
      }
      JsonNode response = JSON.readTree(answer);
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
