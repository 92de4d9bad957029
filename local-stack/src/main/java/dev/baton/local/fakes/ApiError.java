package dev.baton.local.fakes;

/**
 * A refusal inside a fake's logic (not found, invalid body, ...), turned by the fake into the
 * provider's own error response.
 */
final class ApiError extends RuntimeException {
  private final int status;
  private final String id;
  private final int code;

  /**
   * @param status HTTP status
   * @param id DigitalOcean error id, e.g. {@code not_found}
   * @param code Cloudflare error code, e.g. 81044
   * @param message the human message
   */
  ApiError(int status, String id, int code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.id = id;
    this.code = code;
  }

  static ApiError digitalOcean(int status, String id, String message) {
    return new ApiError(status, id, 0, message);
  }

  static ApiError cloudflare(int status, int code, String message) {
    return new ApiError(status, "", code, message);
  }

  int status() {
    return status;
  }

  String id() {
    return id;
  }

  int code() {
    return code;
  }
}
