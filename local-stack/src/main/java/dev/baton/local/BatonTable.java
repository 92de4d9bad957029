package dev.baton.local;

import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * Baton's table, created in an emulator (moto) exactly as {@code template.yaml} defines it: the
 * definition is parsed from the template's table resource, never copied, so tests cannot drift from
 * what is deployed.
 *
 * <p>The template is found through the system property {@code baton.template}, else as {@code
 * template.yaml} in the working directory or the nearest parent that has one (Maven runs tests in
 * the module directory, below the repository root).
 *
 * @param name the table's name
 * @param streamArn the ARN of the table's stream (null when the template defines no stream)
 * @param createdFrom the definition the table was created from
 */
public record BatonTable(String name, String streamArn, TableDefinition createdFrom) {

  /** System property naming the template file; default: the nearest template.yaml upwards. */
  public static final String TEMPLATE_PROPERTY = "baton.template";

  /** The default name tests give the table. */
  public static final String DEFAULT_NAME = "baton";

  /** Creates the table {@link #DEFAULT_NAME} from the repository's template. */
  public static BatonTable create(DynamoDbClient dynamo) {
    return create(dynamo, DEFAULT_NAME);
  }

  /** Creates the table {@code name} from the repository's template. */
  public static BatonTable create(DynamoDbClient dynamo, String name) {
    return create(dynamo, name, definition());
  }

  /**
   * Creates the table {@code name} from {@code definition}, waits until it exists, and turns TTL on
   * when every deployment of the definition has it ({@link TableDefinition#ttlAlways}): a TTL on
   * only under a template condition (the single-region table) stays off, so tests get the strongly
   * consistent variant, which has none.
   */
  public static BatonTable create(DynamoDbClient dynamo, String name, TableDefinition definition) {
    CreateTableResponse created = dynamo.createTable(definition.toCreateTableRequest(name));
    dynamo
        .waiter()
        .waitUntilTableExists(DescribeTableRequest.builder().tableName(name).build())
        .matched()
        .exception()
        .ifPresent(
            e -> {
              throw new IllegalStateException("table " + name + " did not become ACTIVE", e);
            });
    if (definition.ttlAlways()) {
      dynamo.updateTimeToLive(
          UpdateTimeToLiveRequest.builder()
              .tableName(name)
              .timeToLiveSpecification(
                  TimeToLiveSpecification.builder()
                      .enabled(true)
                      .attributeName(definition.ttlAttribute())
                      .build())
              .build());
    }
    return new BatonTable(name, created.tableDescription().latestStreamArn(), definition);
  }

  /** The table definition parsed from the repository's template. */
  public static TableDefinition definition() {
    return TableDefinition.fromTemplate(template());
  }

  /**
   * The repository's template.yaml (see the class comment).
   *
   * @throws IllegalStateException when there is none
   */
  public static Path template() {
    String configured = System.getProperty(TEMPLATE_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (!Files.isRegularFile(path)) {
        throw new IllegalStateException(
            "system property " + TEMPLATE_PROPERTY + " names " + path + ", which is not a file");
      }
      return path;
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("template.yaml");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no template.yaml in "
            + start
            + " or any parent; set the system property "
            + TEMPLATE_PROPERTY
            + " to the template's path");
  }
}
