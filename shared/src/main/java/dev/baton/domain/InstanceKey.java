package dev.baton.domain;

import java.util.Objects;

/** An instance of the app: a droplet in a region. */
public record InstanceKey(String region, String instanceId) {
  public InstanceKey {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(instanceId, "instanceId");
  }

  @Override
  public String toString() {
    return region + "/" + instanceId;
  }
}
