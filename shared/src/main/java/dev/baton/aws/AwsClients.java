package dev.baton.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds Baton's AWS clients: the URL-connection HTTP client (smallest and fastest to start in
 * Lambda), short timeouts, and the endpoint overrides of {@link AwsSettings}. Create once per
 * process (handler constructor), never per invocation.
 */
public final class AwsClients {
  private final AwsSettings settings;
  private final SdkHttpClient http;

  public AwsClients(AwsSettings settings) {
    this.settings = settings;
    this.http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5))
            .build();
  }

  public AwsSettings settings() {
    return settings;
  }

  public DynamoDbClient dynamoDb() {
    return configure(DynamoDbClient.builder(), "dynamodb").httpClient(http).build();
  }

  public DynamoDbStreamsClient dynamoDbStreams() {
    return configure(DynamoDbStreamsClient.builder(), "dynamodbstreams").httpClient(http).build();
  }

  public SnsClient sns() {
    return configure(SnsClient.builder(), "sns").httpClient(http).build();
  }

  public SsmClient ssm() {
    return configure(SsmClient.builder(), "ssm").httpClient(http).build();
  }

  public SecretsManagerClient secretsManager() {
    return configure(SecretsManagerClient.builder(), "secretsmanager").httpClient(http).build();
  }

  public Route53Client route53() {
    return configure(Route53Client.builder(), "route53").httpClient(http).build();
  }

  public LambdaClient lambda() {
    return configure(LambdaClient.builder(), "lambda").httpClient(http).build();
  }

  /**
   * A Lambda client for synchronous (RequestResponse) invokes of a function that may run for up to
   * {@code functionTimeout}: the socket and call timeouts outlast the function (plus a margin for
   * the invoke itself), and the SDK never retries, because a retried invoke would run the function
   * a second time while the first run goes on.
   */
  public LambdaClient lambdaForSynchronousInvokes(Duration functionTimeout) {
    Duration wait = functionTimeout.plus(SYNCHRONOUS_INVOKE_MARGIN);
    SdkHttpClient longHttp =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(wait)
            .build();
    LambdaClientBuilder builder = LambdaClient.builder().region(Region.of(settings.region()));
    settings.endpointFor("lambda").ifPresent(builder::endpointOverride);
    return builder
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .apiCallTimeout(wait)
                .apiCallAttemptTimeout(wait)
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .build())
        .httpClient(longHttp)
        .build();
  }

  /** What a synchronous invoke may take beyond the function's own timeout (queueing, network). */
  public static final Duration SYNCHRONOUS_INVOKE_MARGIN = Duration.ofSeconds(15);

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
    builder.region(Region.of(settings.region()));
    settings.endpointFor(service).ifPresent(builder::endpointOverride);
    builder.overrideConfiguration(
        ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(10)).build());
    return builder;
  }
}
