package dev.baton.drill.scenario;

/**
 * A region of a drill: a DigitalOcean region slug, its failover priority (lower wins), how many
 * simulated droplets it runs, and the AWS region of the replica its droplets use (their nearest).
 */
public record ScenarioRegion(String name, int priority, int instances, String awsRegion) {

  /** A region whose droplets use the single replica of a scenario without {@code aws:}. */
  public ScenarioRegion(String name, int priority, int instances) {
    this(name, priority, instances, AwsSide.DEFAULT_REGION);
  }
}
