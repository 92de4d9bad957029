package dev.baton.domain;

/** Whether automation may move the baton. */
public enum BatonMode {
  /** Automatic failover allowed. */
  AUTO,
  /** Automatic failover blocked; manual actions still work. */
  FROZEN
}
