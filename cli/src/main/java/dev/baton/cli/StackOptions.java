package dev.baton.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where Baton runs: a deployed stack (standard AWS configuration: credentials and region from the
 * usual chain; the table and the promotion function named here or read from the stack's outputs
 * with {@code --stack}) or a local stack ({@code --endpoint}, e.g. the moto of a drill; the
 * promotion handler then runs in-process).
 */
public final class StackOptions {
  @Option(
      names = "--stack",
      paramLabel = "NAME",
      description =
          "The deployed CloudFormation stack: the table and the promotion function's alias are read"
              + " from its outputs TableName and PromotionFunctionAlias (--table and --function"
              + " win over them). Endpoint: env BATON_CLOUDFORMATION_ENDPOINT, else --endpoint.")
  String stack;

  @Option(
      names = "--local",
      paramLabel = "FILE",
      description =
          "A running local stack: the functions' environment a drill writes"
              + " (target/drill/functions.env). Sets --endpoint, --table and --topology from it.")
  Path local;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "A local stack's AWS endpoint (moto), e.g. http://127.0.0.1:5000. Commands then run the"
              + " promotion handler in-process. Default: env BATON_AWS_ENDPOINT, else AWS.")
  URI endpoint;

  @Option(
      names = "--table",
      paramLabel = "NAME",
      description =
          "The table (stack output TableName). Default: the --stack output, env BATON_TABLE,"
              + " else 'baton'.")
  String table;

  @Option(
      names = "--aws-region",
      paramLabel = "REGION",
      description = "The AWS home region. Default: env AWS_REGION, AWS_DEFAULT_REGION, us-east-1.")
  String awsRegion;

  @Option(
      names = "--function",
      paramLabel = "NAME|ARN",
      description =
          "The promotion function's alias (stack output PromotionFunctionAlias). Default: the"
              + " --stack output, env BATON_PROMOTION_FUNCTION.")
  String function;

  @Option(
      names = "--topology",
      paramLabel = "FILE",
      description =
          "The topology document (YAML or JSON). Needed with --endpoint, where the promotion"
              + " handler runs in-process (a drill writes target/drill/topology.yaml); status"
              + " uses it to name the regions whose beats Baton ignores. Default: env"
              + " BATON_TOPOLOGY_FILE.")
  Path topology;
}
