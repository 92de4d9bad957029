package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.aws.AwsClients;
import dev.baton.aws.AwsSettings;
import dev.baton.testkit.FakeLambdaApi;
import dev.baton.testkit.FakeLambdaApi.Answer;
import dev.baton.testkit.MotoExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The manual commands against a deployed promotion function, reached through the Lambda Invoke API
 * of {@link FakeLambdaApi}: one invoke per command (never an SDK retry, which would run a second
 * promotion request), a wait as long as the function may run, and an exit code per kind of failure,
 * printed as one line.
 */
@Timeout(20)
class PromotionInvokeTest {
  private static final String OK = "{\"outcome\":\"promoted\",\"reason\":\"ams3 active\"}";

  private final FakeLambdaApi lambda = new FakeLambdaApi();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void fakeCredentials() {
    MotoExtension.useFakeCredentials();
  }

  @AfterEach
  void stop() {
    lambda.close();
  }

  private int baton(String... args) {
    return batonAt(lambda.endpoint().toString(), args);
  }

  private int batonAt(String lambdaEndpoint, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("BATON_OPERATOR", "alice");
    env.put("AWS_REGION", "us-east-1");
    env.put("BATON_LAMBDA_ENDPOINT", lambdaEndpoint);
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--function")) {
      all.addAll(List.of("--function", "baton-promotion"));
    }
    CommandContext context =
        new CommandContext(
            env,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            functionEnv -> {
              throw new AssertionError("a deployed stack never runs the handler in-process");
            },
            (scenario, scale, dir, o) -> 0);
    return BatonCli.run(context, all.toArray(String[]::new));
  }

  private static String[] switchover(String... more) {
    List<String> args = new ArrayList<>(List.of("switchover", "--to", "ams3", "--reason", "x"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void invokesTheLiveAliasOnceAndExitsZeroWhenPromoted() {
    lambda.answer(Answer.ok(OK));
    assertThat(baton(switchover())).as(err.toString()).isEqualTo(Outcomes.DONE);
    assertThat(lambda.received()).hasSize(1);
    FakeLambdaApi.Received invoke = lambda.received().get(0);
    assertThat(invoke.method()).isEqualTo("POST");
    assertThat(invoke.path()).isEqualTo("/2015-03-31/functions/baton-promotion/invocations");
    assertThat(invoke.query()).isEqualTo("Qualifier=live");
    assertThat(invoke.body()).contains("\"action\":\"switchover\"", "\"to\":\"ams3\"");
    assertThat(out.toString()).startsWith("outcome: promoted\n");
  }

  @Test
  void anotherQualifierIsInvokedWhenNamed() {
    lambda.answer(Answer.ok(OK));
    assertThat(baton(switchover("--qualifier", "blue"))).isEqualTo(Outcomes.DONE);
    assertThat(lambda.received().get(0).query()).isEqualTo("Qualifier=blue");
  }

  @Test
  void theStackOutputsAliasArnIsInvokedAsItIs() {
    lambda.answer(Answer.ok(OK));
    String alias = "arn:aws:lambda:us-east-1:123456789012:function:baton-promotion:live";
    assertThat(baton(switchover("--function", alias))).isEqualTo(Outcomes.DONE);
    FakeLambdaApi.Received invoke = lambda.received().get(0);
    assertThat(invoke.path()).contains("baton-promotion%3Alive").endsWith("/invocations");
    assertThat(invoke.query()).isNull();
  }

  @Test
  void aQualifierThatContradictsTheArnIsAUsageError() {
    String alias = "arn:aws:lambda:us-east-1:123456789012:function:baton-promotion:live";
    assertThat(baton(switchover("--function", alias, "--qualifier", "blue")))
        .isEqualTo(Outcomes.REJECTED);
    assertThat(err.toString()).contains("--qualifier: blue contradicts the qualifier live");
    assertThat(lambda.received()).isEmpty();
  }

  @Test
  void aSlowAnswerIsAwaitedBeyondTheFunctionTimeoutAndNotRetried() {
    // With --function-timeout 1s the client waits 1 s + the 15 s margin: a 2 s answer arrives.
    lambda.answer(Answer.ok(OK).after(Duration.ofSeconds(2)));
    assertThat(baton(switchover("--function-timeout", "1s"))).as(err.toString()).isZero();
    assertThat(lambda.received()).hasSize(1);
  }

  @Test
  void theConnectionsClientWaitsTheFunctionTimeoutPlusTheMarginAndNeverRetries() {
    StackOptions options = new StackOptions();
    options.function = "baton-promotion";
    Map<String, String> env =
        Map.of("AWS_REGION", "us-east-1", "BATON_LAMBDA_ENDPOINT", lambda.endpoint().toString());
    try (BatonConnection connection = new BatonConnection(options, env, e -> null)) {
      LambdaPromotionChannel channel =
          (LambdaPromotionChannel) connection.promotions(null, Duration.ofSeconds(300));
      var config = channel.client().serviceClientConfiguration().overrideConfiguration();
      assertThat(config.apiCallTimeout()).contains(Duration.ofSeconds(315));
      assertThat(config.apiCallAttemptTimeout()).contains(Duration.ofSeconds(315));
      assertThat(config.retryStrategy())
          .hasValueSatisfying(r -> assertThat(r.maxAttempts()).isOne());
    }
  }

  @Test
  void aServerErrorIsUnreachableAfterExactlyOneInvoke() {
    lambda.answer(Answer.error(500, "ServiceException", "Lambda had a problem"));
    assertThat(baton(switchover())).isEqualTo(Outcomes.UNREACHABLE);
    assertThat(lambda.received()).hasSize(1);
    assertOneLine("Baton unreachable: cannot invoke the promotion function baton-promotion:live");
  }

  @Test
  void aConnectionDroppedAfterTheInvokeWasSentMayHaveStartedAPromotion() {
    lambda.answer(Answer.hangUp());
    assertThat(baton(switchover())).isEqualTo(Outcomes.FAILED);
    assertThat(lambda.received()).hasSize(1);
    assertOneLine("the promotion function baton-promotion:live did not answer");
    assertThat(err.toString()).contains("it may have started a promotion: see 'baton status'");
  }

  /**
   * The defect this replaces: the shared client (AwsClients.lambda) lets the SDK retry, so one
   * dropped invoke reaches the function again. The fake server shows it, which is what makes the
   * "exactly one" of the tests above mean something.
   */
  @Test
  void theSharedDefaultClientWouldHaveRetriedTheSameInvoke() {
    lambda.answer(Answer.hangUp());
    LambdaClient shared =
        new AwsClients(new AwsSettings("us-east-1", null, Map.of("lambda", lambda.endpoint())))
            .lambda();
    try (LambdaPromotionChannel channel =
        new LambdaPromotionChannel(shared, FunctionTarget.of("baton-promotion", null))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> channel.send("{}"))
          .isInstanceOf(CommandFailure.class);
    }
    assertThat(lambda.received()).hasSizeGreaterThan(1);
  }

  @Test
  void throttlingIsUnreachableAfterExactlyOneInvoke() {
    lambda.answer(Answer.error(429, "TooManyRequestsException", "Rate exceeded"));
    assertThat(baton(switchover())).isEqualTo(Outcomes.UNREACHABLE);
    assertThat(lambda.received()).hasSize(1);
  }

  @Test
  void aMissingFunctionIsUnreachable() {
    lambda.answer(
        Answer.error(404, "ResourceNotFoundException", "Function not found: baton-promotion:live"));
    assertThat(baton(switchover())).isEqualTo(Outcomes.UNREACHABLE);
    assertOneLine("ResourceNotFoundException (HTTP 404): Function not found");
  }

  @Test
  void accessDeniedIsNotAllowed() {
    lambda.answer(
        Answer.error(
            403,
            "AccessDeniedException",
            "User: arn:aws:iam::123456789012:user/bob is not authorized to perform:"
                + " lambda:InvokeFunction"));
    assertThat(baton(switchover())).isEqualTo(Outcomes.NOT_ALLOWED);
    assertThat(lambda.received()).hasSize(1);
    assertOneLine(
        "not allowed to invoke the promotion function baton-promotion:live:"
            + " AccessDeniedException (HTTP 403): User: arn:aws:iam::123456789012:user/bob is not"
            + " authorized");
  }

  @Test
  void aKmsFailureIsNotAllowed() {
    lambda.answer(
        Answer.error(
            502, "KMSAccessDeniedException", "Lambda was unable to decrypt the variables"));
    assertThat(baton(switchover())).isEqualTo(Outcomes.NOT_ALLOWED);
    assertThat(lambda.received()).hasSize(1);
  }

  @Test
  void verboseAddsTheStackTrace() {
    lambda.answer(Answer.error(403, "AccessDeniedException", "not authorized"));
    assertThat(baton(switchover("--verbose"))).isEqualTo(Outcomes.NOT_ALLOWED);
    assertThat(err.toString()).startsWith("baton: not allowed").contains("\tat ");
  }

  @Test
  void aRefusedConnectionIsUnreachable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    assertThat(batonAt("http://127.0.0.1:" + closedPort, switchover()))
        .isEqualTo(Outcomes.UNREACHABLE);
    assertOneLine("Baton unreachable: cannot invoke the promotion function baton-promotion:live");
  }

  @Test
  void aFailedOutcomeIsPromotionFailed() {
    lambda.answer(
        Answer.ok(
            "{\"outcome\":\"failed\",\"reason\":\"shift:cloudflare-dns gave up\","
                + "\"promotionId\":\"p-1\",\"failedStep\":\"shift:cloudflare-dns\"}"));
    assertThat(baton(switchover())).isEqualTo(Outcomes.FAILED);
    assertThat(out.toString()).contains("failedStep: shift:cloudflare-dns");
  }

  @Test
  void aRejectedOrNotActingAnswerHasItsOwnCode() {
    lambda.answer(
        Answer.ok("{\"outcome\":\"rejected\",\"field\":\"to\",\"rule\":\"must be HEALTHY\"}"));
    assertThat(baton(switchover())).isEqualTo(Outcomes.REJECTED);
    lambda.answer(Answer.ok("{\"outcome\":\"not-acting\",\"reason\":\"epoch moved to 5\"}"));
    assertThat(baton(switchover())).isEqualTo(Outcomes.NOT_ACTING);
  }

  @Test
  void aFunctionThatCrashedOrTimedOutIsPromotionFailedWithoutItsStackTrace() {
    lambda.answer(
        Answer.functionError(
            "{\"errorType\":\"Sandbox.Timedout\",\"errorMessage\":\"Task timed out after 300.00"
                + " seconds\",\"stackTrace\":[\"dev.baton.Secret.line(Secret.java:1)\"]}"));
    assertThat(baton(switchover())).isEqualTo(Outcomes.FAILED);
    assertOneLine(
        "the promotion function baton-promotion:live failed (Unhandled):"
            + " Sandbox.Timedout: Task timed out after 300.00 seconds");
    assertThat(err.toString()).doesNotContain("Secret.java");
  }

  @Test
  void anAnswerThatIsNotJsonIsPromotionFailedNamingTheFunction() {
    lambda.answer(Answer.ok("hello"));
    assertThat(baton(switchover())).isEqualTo(Outcomes.FAILED);
    assertOneLine("lambda:baton-promotion:live answered with something that is not JSON");
  }

  @Test
  void aFunctionTimeoutBeyondLambdasLimitIsAUsageError() {
    assertThat(baton(switchover("--function-timeout", "20m"))).isEqualTo(Outcomes.REJECTED);
    assertThat(err.toString()).contains("must be between 1s and 15m");
    assertThat(lambda.received()).isEmpty();
  }

  private void assertOneLine(String expected) {
    String printed = err.toString();
    assertThat(printed.lines().toList()).as(printed).hasSize(1);
    assertThat(printed).startsWith("baton: ").contains(expected);
  }
}
