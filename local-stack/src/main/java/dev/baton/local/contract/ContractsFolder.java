package dev.baton.local.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the API contracts are: system property {@value #PROPERTY} (the root pom sets it to {@code
 * <repo>/../shared/contracts}). The folder is not part of the repository, so in a user's own clone
 * it may be absent: then contract checks are skipped with a visible notice and every other check
 * still runs.
 */
public final class ContractsFolder {
  public static final String PROPERTY = "baton.contracts.dir";
  private static final Set<ProviderContract> NOTICE_PRINTED = ConcurrentHashMap.newKeySet();

  private ContractsFolder() {}

  /** The contract file of {@code api}, when the folder and the file exist. */
  public static Optional<Path> file(ProviderContract api) {
    String dir = System.getProperty(PROPERTY);
    if (dir == null || dir.isBlank()) {
      return Optional.empty();
    }
    Path file = Path.of(dir).resolve(api.fileName());
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /** Why the contract of {@code api} cannot be checked, in one sentence. */
  public static String absenceNotice(ProviderContract api) {
    String dir = System.getProperty(PROPERTY);
    return "NOTICE: API contract checks for "
        + api
        + " are SKIPPED: "
        + (dir == null || dir.isBlank()
            ? "system property " + PROPERTY + " is not set"
            : Path.of(dir).resolve(api.fileName()) + " does not exist")
        + ". Point -D"
        + PROPERTY
        + " at the folder with "
        + api.fileName()
        + " to validate every fake request and response against it.";
  }

  /** Prints the absence notice to System.err once per JVM and contract. */
  static void printNoticeOnce(ProviderContract api) {
    if (NOTICE_PRINTED.add(api)) {
      System.err.println(absenceNotice(api));
    }
  }
}
