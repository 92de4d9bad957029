package dev.baton.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class TableDefinitionTest {
  @TempDir Path dir;

  @Test
  void theDeployedTableHasTheKeysStreamAndTtlOfTheDataModel() {
    TableDefinition table = BatonTable.definition();

    assertThat(table.keySchema())
        .extracting(k -> k.attributeName() + ":" + k.keyType())
        .containsExactly("pk:" + KeyType.HASH, "sk:" + KeyType.RANGE);
    assertThat(table.attributeDefinitions())
        .allSatisfy(a -> assertThat(a.attributeType()).isEqualTo(ScalarAttributeType.S));
    assertThat(table.streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
    // TTL only on the single-region table: a strongly consistent (MRSC) table has none.
    assertThat(table.ttlAttribute()).isEqualTo("expiresAt");
    assertThat(table.ttlCondition()).isEqualTo("SingleRegion");
    assertThat(table.ttlAlways()).isFalse();
  }

  @Test
  void aConditionalTtlIsReportedWithItsConditionInBothForms() throws IOException {
    String template =
        """
        Resources:
          Table:
            Type: AWS::DynamoDB::GlobalTable
            Properties:
              AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
              KeySchema: [{AttributeName: pk, KeyType: HASH}]
              TimeToLiveSpecification: %s
        """;
    String shortForm =
        template.formatted(
            "!If [OneRegion, {AttributeName: gone, Enabled: true}, !Ref AWS::NoValue]");
    String longForm =
        template.formatted(
            "{Fn::If: [OneRegion, {AttributeName: gone, Enabled: true}, {Ref: AWS::NoValue}]}");

    for (String yaml : List.of(shortForm, longForm)) {
      TableDefinition table = TableDefinition.fromTemplate(write(yaml));
      assertThat(table.ttlAttribute()).isEqualTo("gone");
      assertThat(table.ttlCondition()).isEqualTo("OneRegion");
      assertThat(table.ttlAlways()).isFalse();
    }
  }

  @Test
  void anUnconditionalTtlIsAlwaysOn() throws IOException {
    TableDefinition table =
        TableDefinition.fromTemplate(
            write(
                """
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
                      KeySchema: [{AttributeName: pk, KeyType: HASH}]
                      TimeToLiveSpecification: {AttributeName: gone, Enabled: true}
                """));

    assertThat(table.ttlAttribute()).isEqualTo("gone");
    assertThat(table.ttlCondition()).isNull();
    assertThat(table.ttlAlways()).isTrue();
  }

  @Test
  void aTtlUnderAnyOtherFunctionIsRejectedNamingTheProperty() throws IOException {
    Path template =
        write(
            """
            Resources:
              Table:
                Type: AWS::DynamoDB::GlobalTable
                Properties:
                  AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
                  KeySchema: [{AttributeName: pk, KeyType: HASH}]
                  TimeToLiveSpecification: !If [OneRegion, !Ref AWS::NoValue, {AttributeName: gone, Enabled: true}]
            """);

    assertThatThrownBy(() -> TableDefinition.fromTemplate(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resource Table, property TimeToLiveSpecification")
        .hasMessageContaining("!If [Condition, {AttributeName, Enabled}, !Ref AWS::NoValue]");
  }

  @Test
  void readsTheTableAmongShortFormIntrinsicFunctions() throws IOException {
    Path template =
        write(
            """
            Conditions:
              Two: !Not [!Equals ["", !Select [0, !Ref Regions]]]
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: !Sub "${AWS::StackName}-alarms"
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: !Ref Name
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions:
                    - {AttributeName: id, AttributeType: S}
                    - {AttributeName: at, AttributeType: N}
                  KeySchema:
                    - {AttributeName: id, KeyType: HASH}
                  GlobalSecondaryIndexes:
                    - IndexName: byTime
                      KeySchema: [{AttributeName: at, KeyType: HASH}]
                      Projection: {ProjectionType: INCLUDE, NonKeyAttributes: [id]}
                  StreamSpecification: {StreamViewType: KEYS_ONLY}
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Environment:
                    Variables:
                      TABLE: !GetAtt Table.Arn
                      BOTH: !If [Two, !Ref Table, !Ref AWS::NoValue]
            """);

    TableDefinition table = TableDefinition.fromTemplate(template);
    CreateTableRequest request = table.toCreateTableRequest("t");

    assertThat(table.logicalId()).isEqualTo("Table");
    assertThat(table.ttlAttribute()).isNull();
    assertThat(request.keySchema()).hasSize(1);
    assertThat(request.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(request.globalSecondaryIndexes().get(0).projection().nonKeyAttributes())
        .containsExactly("id");
    assertThat(request.streamSpecification().streamViewType()).isEqualTo(StreamViewType.KEYS_ONLY);
  }

  @Test
  void aTemplateWithTwoTablesIsRejectedNamingBoth() throws IOException {
    Path template =
        write(
            """
            Resources:
              A: {Type: AWS::DynamoDB::Table, Properties: {}}
              B: {Type: AWS::DynamoDB::GlobalTable, Properties: {}}
            """);

    assertThatThrownBy(() -> TableDefinition.fromTemplate(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one")
        .hasMessageContaining("[A, B]");
  }

  @Test
  void aKeyThatIsNotALiteralIsRejectedNamingTheProperty() throws IOException {
    Path template =
        write(
            """
            Resources:
              Table:
                Type: AWS::DynamoDB::GlobalTable
                Properties:
                  AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
                  KeySchema:
                    - AttributeName: {"Fn::Sub": "${Prefix}pk"}
                      KeyType: HASH
            """);

    assertThatThrownBy(() -> TableDefinition.fromTemplate(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resource Table, property KeySchema.AttributeName")
        .hasMessageContaining("literal");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("template.yaml"), yaml);
  }
}
