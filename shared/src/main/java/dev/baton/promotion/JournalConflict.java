package dev.baton.promotion;

/** Another run of the same promotion wrote its journal first; this run must stop acting. */
public final class JournalConflict extends RuntimeException {
  private final String promotionId;

  public JournalConflict(String promotionId, long expectedRevision) {
    super(
        "promotion "
            + promotionId
            + ": the journal is no longer at revision "
            + expectedRevision
            + "; another run of this promotion wrote it");
    this.promotionId = promotionId;
  }

  public String promotionId() {
    return promotionId;
  }
}
