package dev.baton.aws;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where Baton's AWS clients connect. Every endpoint is configurable so that moto, LocalStack or any
 * other emulator can stand in for AWS.
 *
 * <p>Environment: {@code BATON_AWS_ENDPOINT} (one endpoint for every service, e.g. {@code
 * http://127.0.0.1:5000}), or per service {@code BATON_DYNAMODB_ENDPOINT}, {@code
 * BATON_SNS_ENDPOINT}, {@code BATON_SSM_ENDPOINT}, {@code BATON_SECRETSMANAGER_ENDPOINT}, {@code
 * BATON_ROUTE53_ENDPOINT}, {@code BATON_LAMBDA_ENDPOINT}, {@code BATON_DYNAMODBSTREAMS_ENDPOINT},
 * {@code BATON_CLOUDFORMATION_ENDPOINT} (the CLI's {@code --stack}); the region from {@code
 * AWS_REGION} (as Lambda sets it), default {@code us-east-1}.
 *
 * @param region the AWS region of the clients
 * @param endpoint the endpoint override for every service, or null for the real AWS
 * @param perService endpoint overrides by service name ({@code dynamodb}, {@code sns}, ...)
 */
public record AwsSettings(String region, URI endpoint, Map<String, URI> perService) {

  private static final String[] SERVICES = {
    "dynamodb",
    "dynamodbstreams",
    "sns",
    "ssm",
    "secretsmanager",
    "route53",
    "lambda",
    "cloudformation"
  };

  public AwsSettings {
    perService = perService == null ? Map.of() : Map.copyOf(perService);
  }

  /** Settings for the real AWS in {@code region}. */
  public static AwsSettings aws(String region) {
    return new AwsSettings(region, null, Map.of());
  }

  /** Settings for an emulator serving every service at {@code endpoint}. */
  public static AwsSettings emulator(String region, URI endpoint) {
    return new AwsSettings(region, endpoint, Map.of());
  }

  /** Settings from environment variables (see the class comment). */
  public static AwsSettings fromEnvironment(Map<String, String> env) {
    String region = env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", ""));
    if (region.isBlank()) {
      region = "us-east-1";
    }
    String all = env.get("BATON_AWS_ENDPOINT");
    java.util.HashMap<String, URI> overrides = new java.util.HashMap<>();
    for (String service : SERVICES) {
      String value = env.get("BATON_" + service.toUpperCase(java.util.Locale.ROOT) + "_ENDPOINT");
      if (value != null && !value.isBlank()) {
        overrides.put(
            service,
            parse("BATON_" + service.toUpperCase(java.util.Locale.ROOT) + "_ENDPOINT", value));
      }
    }
    return new AwsSettings(
        region, all == null || all.isBlank() ? null : parse("BATON_AWS_ENDPOINT", all), overrides);
  }

  /** The endpoint override for {@code service}, if any. */
  public Optional<URI> endpointFor(String service) {
    return Optional.ofNullable(perService.getOrDefault(service, endpoint));
  }

  private static URI parse(String variable, String value) {
    try {
      URI uri = URI.create(value.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException(
            variable
                + ": must be an absolute URL such as http://127.0.0.1:5000, was '"
                + value
                + "'");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          variable + ": must be an absolute URL such as http://127.0.0.1:5000, was '" + value + "'",
          e);
    }
  }
}
