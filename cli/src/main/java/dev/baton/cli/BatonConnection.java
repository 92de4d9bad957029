package dev.baton.cli;

import dev.baton.aws.AwsClients;
import dev.baton.aws.AwsSettings;
import dev.baton.cli.history.HistoryReader;
import dev.baton.promotion.PromotionChannel;
import dev.baton.store.TableReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The CLI's view of one Baton stack, from {@link StackOptions} and the environment: the table (read
 * directly) and the promotion function (through Lambda, or in-process for a local stack). With
 * {@code --stack}, the table and the function's alias come from the stack's outputs, read once.
 */
public final class BatonConnection implements AutoCloseable {
  /** The CloudFormation endpoint override, read by {@code AwsSettings} like every service's. */
  static final String CLOUDFORMATION_ENDPOINT = "BATON_CLOUDFORMATION_ENDPOINT";

  private final StackOptions options;

  private final Map<String, String> env;
  private final LocalPromotionFunction local;
  private final AwsClients clients;
  private StackOutputs stackOutputs;
  private DynamoDbClient dynamo;
  private PromotionChannel channel;

  public BatonConnection(
      StackOptions options, Map<String, String> env, LocalPromotionFunction local) {
    this.options = options;
    Map<String, String> merged = new HashMap<>(env);
    if (options.local != null) {
      // The stack's own environment wins over the shell's: it names that stack's resources.
      merged.putAll(dev.baton.drill.run.FunctionEnvironment.read(options.local));
    }
    this.env = Map.copyOf(merged);
    this.local = local;
    AwsSettings fromEnv = AwsSettings.fromEnvironment(this.env);
    String region = options.awsRegion != null ? options.awsRegion : fromEnv.region();
    this.clients =
        new AwsClients(
            new AwsSettings(
                region,
                options.endpoint != null ? options.endpoint : fromEnv.endpoint(),
                fromEnv.perService()));
    if (isLocal() && !this.env.containsKey("AWS_ACCESS_KEY_ID")) {
      // An emulator accepts any credentials; without these the SDK would look for real ones.
      System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "local"));
      System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "local"));
    }
  }

  /** Whether commands go to a local stack (an endpoint override is set). */
  public boolean isLocal() {
    return clients.settings().endpoint() != null;
  }

  /** The table: {@code --table}, the {@code --stack} output, env BATON_TABLE, else "baton". */
  public String table() {
    if (options.table != null) {
      return options.table;
    }
    if (options.stack != null) {
      return stackOutputs().require(StackOutputs.TABLE_NAME);
    }
    return env.getOrDefault("BATON_TABLE", "baton");
  }

  /**
   * The topology document, when one is named: {@code --topology}, else BATON_TOPOLOGY_FILE (which
   * {@code --local} sets from the stack's environment). {@code baton status} uses it to name the
   * regions whose beats the monitor ignores.
   */
  public Optional<Path> topologyFile() {
    if (options.topology != null) {
      return Optional.of(options.topology);
    }
    String file = env.get("BATON_TOPOLOGY_FILE");
    return file == null || file.isBlank() ? Optional.empty() : Optional.of(Path.of(file));
  }

  public TableReader tableReader() {
    return new TableReader(dynamo(), table(), Clock.systemUTC());
  }

  public HistoryReader historyReader() {
    return new HistoryReader(dynamo(), table());
  }

  private DynamoDbClient dynamo() {
    if (dynamo == null) {
      dynamo = clients.dynamoDb();
    }
    return dynamo;
  }

  /**
   * Where manual requests go: in-process for a local stack, else a synchronous invoke of the
   * promotion function that waits {@code functionTimeout} plus a margin and is never retried.
   *
   * @param qualifier {@code --qualifier}, or null (see {@link FunctionTarget#of})
   * @param functionTimeout the function's timeout
   * @throws IllegalArgumentException naming the missing option
   */
  public PromotionChannel promotions(String qualifier, Duration functionTimeout) {
    if (channel != null) {
      return channel;
    }
    if (isLocal()) {
      String file =
          options.topology != null ? options.topology.toString() : env.get("BATON_TOPOLOGY_FILE");
      if (file == null || file.isBlank()) {
        throw new IllegalArgumentException(
            "--topology (or BATON_TOPOLOGY_FILE) is required with --endpoint: the promotion"
                + " handler runs in-process and needs the topology document");
      }
      Map<String, String> functionEnv = new HashMap<>(env);
      functionEnv.put("BATON_TABLE", table());
      functionEnv.put("BATON_TOPOLOGY_FILE", file);
      functionEnv.put("BATON_AWS_ENDPOINT", clients.settings().endpoint().toString());
      functionEnv.put("AWS_REGION", clients.settings().region());
      channel = local.start(functionEnv);
    } else {
      String function = options.function;
      if (function == null && options.stack != null) {
        function = stackOutputs().require(StackOutputs.PROMOTION_FUNCTION_ALIAS);
      }
      if (function == null) {
        function = env.get("BATON_PROMOTION_FUNCTION");
      }
      if (function == null || function.isBlank()) {
        throw new IllegalArgumentException(
            "--function (or BATON_PROMOTION_FUNCTION) is required: the promotion function's alias,"
                + " the stack output PromotionFunctionAlias; or --stack to read it, or --endpoint"
                + " for a local stack");
      }
      channel =
          new LambdaPromotionChannel(
              clients.lambdaForSynchronousInvokes(functionTimeout),
              FunctionTarget.of(function, qualifier));
    }
    return channel;
  }

  private StackOutputs stackOutputs() {
    if (stackOutputs == null) {
      try (CloudFormationClient cloudFormation = cloudFormation()) {
        stackOutputs = StackOutputs.describe(cloudFormation, options.stack);
      }
    }
    return stackOutputs;
  }

  private CloudFormationClient cloudFormation() {
    CloudFormationClientBuilder builder =
        CloudFormationClient.builder()
            .region(Region.of(clients.settings().region()))
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(10)));
    clients.settings().endpointFor("cloudformation").ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }
}
