package dev.baton.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The table as {@code template.yaml} deploys it: keys, attribute definitions, global secondary
 * indexes, stream view type and TTL attribute, read from the {@code AWS::DynamoDB::GlobalTable} (or
 * {@code AWS::DynamoDB::Table}) resource.
 *
 * <p>A conditional TTL is read too: {@code TimeToLiveSpecification: !If [Condition, {spec}, !Ref
 * AWS::NoValue]} (or the long form {@code Fn::If}) reports the spec's attribute in {@link
 * #ttlAttribute} and the condition in {@link #ttlCondition}: TTL is on only in the deployments
 * where that condition holds (Baton's: {@code SingleRegion}; a strongly consistent table has no
 * TTL). {@link BatonTable#create} turns TTL on only when it is unconditional, so tests create the
 * variant without TTL and nothing in them can lean on TTL. Any other intrinsic function there is
 * rejected, naming the property.
 *
 * @param logicalId the resource's logical id in the template
 * @param keySchema the key schema (HASH, then RANGE)
 * @param attributeDefinitions the key attributes' types
 * @param globalSecondaryIndexes the indexes, empty when none
 * @param streamViewType the stream's view type, or null when the table has no stream
 * @param ttlAttribute the TTL attribute, or null when TTL is off in every deployment
 * @param ttlCondition the template condition under which TTL is on, or null when it is on whenever
 *     {@code ttlAttribute} is set
 */
public record TableDefinition(
    String logicalId,
    List<KeySchemaElement> keySchema,
    List<AttributeDefinition> attributeDefinitions,
    List<GlobalSecondaryIndex> globalSecondaryIndexes,
    StreamViewType streamViewType,
    String ttlAttribute,
    String ttlCondition) {

  private static final List<String> TABLE_TYPES =
      List.of("AWS::DynamoDB::GlobalTable", "AWS::DynamoDB::Table");

  public TableDefinition {
    keySchema = List.copyOf(keySchema);
    attributeDefinitions = List.copyOf(attributeDefinitions);
    globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
    if (ttlCondition != null && ttlAttribute == null) {
      throw new IllegalArgumentException("ttlCondition " + ttlCondition + " without ttlAttribute");
    }
  }

  /** Whether every deployment of the template has TTL on (set and not conditional). */
  public boolean ttlAlways() {
    return ttlAttribute != null && ttlCondition == null;
  }

  /**
   * Reads the only DynamoDB table resource of a CloudFormation/SAM template. Short-form intrinsic
   * functions ({@code !Ref}, {@code !Sub}, {@code !GetAtt}...) are accepted anywhere; the table's
   * key and stream properties must be literals.
   *
   * @throws IllegalArgumentException naming the template, the resource and the property at fault
   */
  public static TableDefinition fromTemplate(Path template) {
    JsonNode root;
    try {
      // Jackson's YAML reader keeps the value under an unknown tag (!Ref X reads as "X"), which is
      // all we need: the table's keys, stream and TTL are literals.
      root = new YAMLMapper().readTree(template.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + template + ": " + e.getMessage(), e);
    }
    if (root == null || !root.path("Resources").isObject()) {
      throw new IllegalArgumentException(template + ": has no Resources section");
    }
    List<Map.Entry<String, JsonNode>> tables = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("Resources").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> resource = it.next();
      if (TABLE_TYPES.contains(resource.getValue().path("Type").asText())) {
        tables.add(resource);
      }
    }
    if (tables.size() != 1) {
      throw new IllegalArgumentException(
          template
              + ": must hold exactly one resource of type "
              + String.join(" or ", TABLE_TYPES)
              + ", found "
              + tables.stream().map(Map.Entry::getKey).toList());
    }
    String id = tables.get(0).getKey();
    return read(new Context(template, id), tables.get(0).getValue().path("Properties"));
  }

  /** The CreateTable request for a table named {@code tableName} (on-demand billing). */
  public CreateTableRequest toCreateTableRequest(String tableName) {
    CreateTableRequest.Builder request =
        CreateTableRequest.builder()
            .tableName(tableName)
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .keySchema(keySchema)
            .attributeDefinitions(attributeDefinitions);
    if (!globalSecondaryIndexes.isEmpty()) {
      request.globalSecondaryIndexes(globalSecondaryIndexes);
    }
    if (streamViewType != null) {
      request.streamSpecification(
          StreamSpecification.builder().streamEnabled(true).streamViewType(streamViewType).build());
    }
    return request.build();
  }

  private record Context(Path template, String logicalId) {
    IllegalArgumentException problem(String property, String rule) {
      return new IllegalArgumentException(
          template + ": resource " + logicalId + ", property " + property + ": " + rule);
    }

    String literal(JsonNode node, String property) {
      if (!node.isTextual() || node.asText().isBlank()) {
        throw problem(property, "must be a literal string, was " + node);
      }
      return node.asText();
    }
  }

  private static TableDefinition read(Context ctx, JsonNode properties) {
    List<KeySchemaElement> keys = keySchema(ctx, properties.path("KeySchema"), "KeySchema");
    List<AttributeDefinition> attributes = new ArrayList<>();
    JsonNode definitions = properties.path("AttributeDefinitions");
    if (!definitions.isArray() || definitions.isEmpty()) {
      throw ctx.problem("AttributeDefinitions", "must be a non-empty list");
    }
    for (JsonNode definition : definitions) {
      attributes.add(
          AttributeDefinition.builder()
              .attributeName(
                  ctx.literal(
                      definition.path("AttributeName"), "AttributeDefinitions.AttributeName"))
              .attributeType(
                  ctx.literal(
                      definition.path("AttributeType"), "AttributeDefinitions.AttributeType"))
              .build());
    }
    List<GlobalSecondaryIndex> indexes = new ArrayList<>();
    for (JsonNode index : properties.path("GlobalSecondaryIndexes")) {
      String name = ctx.literal(index.path("IndexName"), "GlobalSecondaryIndexes.IndexName");
      JsonNode projection = index.path("Projection");
      Projection.Builder p =
          Projection.builder()
              .projectionType(
                  ctx.literal(
                      projection.path("ProjectionType"),
                      "GlobalSecondaryIndexes." + name + ".Projection.ProjectionType"));
      List<String> nonKey = new ArrayList<>();
      projection.path("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
      if (!nonKey.isEmpty()) {
        p.nonKeyAttributes(nonKey);
      }
      indexes.add(
          GlobalSecondaryIndex.builder()
              .indexName(name)
              .keySchema(
                  keySchema(
                      ctx,
                      index.path("KeySchema"),
                      "GlobalSecondaryIndexes." + name + ".KeySchema"))
              .projection(p.build())
              .build());
    }
    StreamViewType stream = null;
    JsonNode streamSpec = properties.path("StreamSpecification");
    if (!streamSpec.isMissingNode()) {
      String type =
          ctx.literal(streamSpec.path("StreamViewType"), "StreamSpecification.StreamViewType");
      stream = StreamViewType.fromValue(type);
      if (stream == StreamViewType.UNKNOWN_TO_SDK_VERSION) {
        throw ctx.problem("StreamSpecification.StreamViewType", "unknown view type '" + type + "'");
      }
    }
    String ttl = null;
    String ttlCondition = null;
    JsonNode ttlSpec = properties.path("TimeToLiveSpecification");
    JsonNode conditional = ifArguments(ttlSpec);
    if (conditional != null) {
      if (conditional.size() != 3
          || !conditional.get(0).isTextual()
          || !conditional.get(1).isObject()
          || !isNoValue(conditional.get(2))) {
        throw ctx.problem(
            "TimeToLiveSpecification",
            "a conditional TTL must be !If [Condition, {AttributeName, Enabled}, !Ref AWS::NoValue],"
                + " was "
                + ttlSpec);
      }
      ttlCondition = conditional.get(0).asText();
      ttlSpec = conditional.get(1);
    } else if (!ttlSpec.isMissingNode() && !ttlSpec.isObject()) {
      throw ctx.problem(
          "TimeToLiveSpecification",
          "must be a literal specification or !If [Condition, {spec}, !Ref AWS::NoValue], was "
              + ttlSpec);
    }
    if (!ttlSpec.isMissingNode() && ttlSpec.path("Enabled").asBoolean(false)) {
      ttl = ctx.literal(ttlSpec.path("AttributeName"), "TimeToLiveSpecification.AttributeName");
    } else {
      ttlCondition = null;
    }
    return new TableDefinition(
        ctx.logicalId(), keys, attributes, indexes, stream, ttl, ttlCondition);
  }

  /**
   * The arguments of an {@code Fn::If}: the long form's list, or the short form's (Jackson keeps
   * {@code !If [a, b, c]} as the list, dropping the tag); null when {@code node} is neither.
   */
  private static JsonNode ifArguments(JsonNode node) {
    if (node.isArray()) {
      return node;
    }
    if (node.isObject() && node.size() == 1 && node.path("Fn::If").isArray()) {
      return node.path("Fn::If");
    }
    return null;
  }

  /** {@code !Ref AWS::NoValue} (read as its text) or {@code {Ref: AWS::NoValue}}. */
  private static boolean isNoValue(JsonNode node) {
    return "AWS::NoValue".equals(node.asText()) || "AWS::NoValue".equals(node.path("Ref").asText());
  }

  private static List<KeySchemaElement> keySchema(Context ctx, JsonNode node, String property) {
    if (!node.isArray() || node.isEmpty()) {
      throw ctx.problem(property, "must be a non-empty list");
    }
    List<KeySchemaElement> keys = new ArrayList<>();
    for (JsonNode key : node) {
      keys.add(
          KeySchemaElement.builder()
              .attributeName(ctx.literal(key.path("AttributeName"), property + ".AttributeName"))
              .keyType(ctx.literal(key.path("KeyType"), property + ".KeyType"))
              .build());
    }
    return keys;
  }
}
