package dev.baton.store;

/** The single table's keys and item types (docs/architecture.md), in one place. */
public final class TableKeys {
  public static final String PK = "pk";
  public static final String SK = "sk";
  public static final String EXPIRES_AT = "expiresAt";

  public static final String HEARTBEAT_PREFIX = "HB#";
  public static final String REGION_PREFIX = "REGION#";
  public static final String REGION_STATE_SK = "STATE";
  public static final String BATON_PK = "BATON";
  public static final String BATON_SK = "ACTIVE";
  public static final String PROMOTION_PREFIX = "PROMOTION#";
  public static final String PROMOTION_SK = "PROMOTION";
  public static final String AUDIT_PREFIX = "AUDIT#";

  private TableKeys() {}

  public static String heartbeatPk(String region) {
    return HEARTBEAT_PREFIX + region;
  }

  public static String regionPk(String region) {
    return REGION_PREFIX + region;
  }

  public static String promotionPk(String promotionId) {
    return PROMOTION_PREFIX + promotionId;
  }
}
