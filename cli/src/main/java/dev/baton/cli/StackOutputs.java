package dev.baton.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * The outputs of a deployed Baton stack (template.yaml {@code Outputs}), read once with
 * DescribeStacks: where {@code --stack} finds the table and the promotion function's alias.
 *
 * @param stack the stack's name
 * @param outputs output key to value
 */
public record StackOutputs(String stack, Map<String, String> outputs) {
  public static final String TABLE_NAME = "TableName";
  public static final String PROMOTION_FUNCTION_ALIAS = "PromotionFunctionAlias";

  public StackOutputs {
    outputs = Map.copyOf(outputs);
  }

  /**
   * Reads the outputs of {@code stack}.
   *
   * @throws CommandFailure naming the stack: exit 2 when it does not exist, else as the AWS failure
   *     says
   */
  public static StackOutputs describe(CloudFormationClient cloudFormation, String stack) {
    DescribeStacksResponse response;
    try {
      response = cloudFormation.describeStacks(b -> b.stackName(stack));
    } catch (AwsServiceException e) {
      // CloudFormation says "Stack with id NAME does not exist" as a 400 ValidationError.
      if (e.statusCode() == 400 && String.valueOf(e.getMessage()).contains("does not exist")) {
        throw new CommandFailure(
            Outcomes.REJECTED,
            "--stack: stack "
                + stack
                + " does not exist in this account and region (check the name, AWS_REGION and"
                + " --aws-region)",
            e);
      }
      throw AwsFailures.failure("describe the stack " + stack, e);
    } catch (SdkException e) {
      throw AwsFailures.failure("describe the stack " + stack, e);
    }
    List<Stack> stacks = response.stacks();
    if (stacks.isEmpty()) {
      throw new CommandFailure(
          Outcomes.REJECTED, "--stack: stack " + stack + " does not exist (DescribeStacks: none)");
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    for (Output o : stacks.get(0).outputs()) {
      outputs.put(o.outputKey(), o.outputValue());
    }
    return new StackOutputs(stack, outputs);
  }

  /**
   * The output {@code key}.
   *
   * @throws CommandFailure (exit 2) naming the stack and the output when it has none
   */
  public String require(String key) {
    String value = outputs.get(key);
    if (value == null || value.isBlank()) {
      throw new CommandFailure(
          Outcomes.REJECTED,
          "--stack: stack "
              + stack
              + " has no output "
              + key
              + " (its outputs: "
              + (outputs.isEmpty()
                  ? "none"
                  : String.join(", ", outputs.keySet().stream().sorted().toList()))
              + "); is it a Baton stack, and has its deploy finished?");
    }
    return value;
  }
}
