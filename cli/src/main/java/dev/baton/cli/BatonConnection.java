package dev.baton.cli;

import dev.baton.aws.AwsClients;
import dev.baton.aws.AwsSettings;
import dev.baton.cli.status.TableReader;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The CLI's view of one Baton stack, from {@link StackOptions} and the environment: the table (read
 * directly) and the promotion function (through Lambda, or in-process for a local stack).
 */
public final class BatonConnection implements AutoCloseable {
  private final StackOptions options;
  private final Map<String, String> env;
  private final LocalPromotionFunction local;
  private final AwsClients clients;
  private final String table;
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
    this.table =
        options.table != null ? options.table : this.env.getOrDefault("BATON_TABLE", "baton");
  }

  /** Whether commands go to a local stack (an endpoint override is set). */
  public boolean isLocal() {
    return clients.settings().endpoint() != null;
  }

  public String table() {
    return table;
  }

  public TableReader tableReader() {
    if (dynamo == null) {
      dynamo = clients.dynamoDb();
    }
    return new TableReader(dynamo, table, Clock.systemUTC());
  }

  /**
   * Where manual requests go.
   *
   * @throws IllegalArgumentException naming the missing option
   */
  public PromotionChannel promotions() {
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
      functionEnv.put("BATON_TABLE", table);
      functionEnv.put("BATON_TOPOLOGY_FILE", file);
      functionEnv.put("BATON_AWS_ENDPOINT", clients.settings().endpoint().toString());
      functionEnv.put("AWS_REGION", clients.settings().region());
      channel = local.start(functionEnv);
    } else {
      String function =
          options.function != null ? options.function : env.get("BATON_PROMOTION_FUNCTION");
      if (function == null || function.isBlank()) {
        throw new IllegalArgumentException(
            "--function (or BATON_PROMOTION_FUNCTION) is required: the promotion function's alias,"
                + " the stack output PromotionFunctionAlias; or --endpoint for a local stack");
      }
      channel = new LambdaPromotionChannel(clients.lambda(), function);
    }
    return channel;
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
