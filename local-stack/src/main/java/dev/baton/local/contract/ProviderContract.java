package dev.baton.local.contract;

/** The third-party APIs whose OpenAPI contracts live in {@code baton.contracts.dir}. */
public enum ProviderContract {
  DIGITALOCEAN("digitalocean-subset.yaml"),
  CLOUDFLARE("cloudflare-dns-subset.yaml");

  private final String fileName;

  ProviderContract(String fileName) {
    this.fileName = fileName;
  }

  /** The contract's file name inside the contracts folder. */
  public String fileName() {
    return fileName;
  }
}
