package dev.baton.observability;

import dev.baton.port.Metrics;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Baton's metrics as CloudWatch embedded-metric-format log lines, through Powertools for AWS Lambda
 * (Java). Each call writes one line at once, so a metric is never lost to a function that times
 * out; callers aggregate within an invocation (e.g. one RecordsIgnored line per cause per batch).
 *
 * <p>Every metric carries the dimension {@code Service} (from {@code POWERTOOLS_SERVICE_NAME}),
 * which the template's alarms select on, plus its own dimensions, such as {@code Cause}.
 */
public final class EmfMetrics implements Metrics {
  private static final Logger LOG = LoggerFactory.getLogger(EmfMetrics.class);

  /** The namespace when {@code POWERTOOLS_METRICS_NAMESPACE} is not set. */
  public static final String DEFAULT_NAMESPACE = "Baton";

  /** The dimension every metric carries: which function emitted it. */
  public static final String SERVICE = "Service";

  private final software.amazon.lambda.powertools.metrics.Metrics emf;
  private final String namespace;
  private final String service;

  /**
   * @param namespace the CloudWatch namespace
   * @param service the value of the default {@code Service} dimension
   */
  public EmfMetrics(String namespace, String service) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.service = Objects.requireNonNull(service, "service");
    this.emf = MetricsBuilder.builder().withNamespace(namespace).withService(service).build();
  }

  /**
   * From {@code POWERTOOLS_METRICS_NAMESPACE} and {@code POWERTOOLS_SERVICE_NAME}. Outside Lambda
   * (no {@code AWS_LAMBDA_FUNCTION_NAME}) the EMF library is told it runs locally, so it prints to
   * stdout instead of probing EC2 metadata and sending to a CloudWatch agent.
   */
  public static EmfMetrics fromEnvironment(Map<String, String> env, String defaultService) {
    if (env.get("AWS_LAMBDA_FUNCTION_NAME") == null) {
      EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
    }
    return new EmfMetrics(
        env.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", DEFAULT_NAMESPACE),
        env.getOrDefault("POWERTOOLS_SERVICE_NAME", defaultService));
  }

  /**
   * Loads the serialization path of an EMF line by serializing one in memory, without writing it: a
   * cold start's first metric is then cheaper. A failure is only logged.
   */
  public void prime() {
    try {
      MetricsContext context = new MetricsContext();
      context.setNamespace(namespace);
      context.putDimension(
          software.amazon.cloudwatchlogs.emf.model.DimensionSet.of(SERVICE, service));
      context.putMetric("Priming", 0, Unit.COUNT);
      context.serialize();
    } catch (Exception e) {
      LOG.warn(
          "priming the EMF serializer failed (the first metric will be slower): {}", e.toString());
    }
  }

  @Override
  public void count(String name, double value, Map<String, String> dimensions) {
    emf.flushSingleMetric(name, value, MetricUnit.COUNT, namespace, dimensions(dimensions));
  }

  @Override
  public void millis(String name, double value) {
    emf.flushSingleMetric(name, value, MetricUnit.MILLISECONDS, namespace, dimensions(Map.of()));
  }

  // A single metric's dimension set replaces Powertools' defaults, so Service is added here.
  private DimensionSet dimensions(Map<String, String> dimensions) {
    DimensionSet set = DimensionSet.of(SERVICE, service);
    dimensions.forEach(set::addDimension);
    return set;
  }
}
