package dev.baton.drill.scenario;

/**
 * A region of a drill: a DigitalOcean region slug, its failover priority (lower wins) and how many
 * simulated droplets it runs.
 */
public record ScenarioRegion(String name, int priority, int instances) {}
