package dev.baton.local.fakes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * DigitalOcean pagination: {@code per_page} (default 20, at most 200) and {@code page}; the answer
 * carries {@code links.pages} (first/prev/next/last as absolute URLs) and {@code meta.total}.
 */
final class DoPages {
  private DoPages() {}

  static ObjectNode page(
      FakeDigitalOcean fake, FakeRequest request, String key, List<ObjectNode> all) {
    Map<String, String> q = request.query();
    int perPage = Math.min(200, positive(q, "per_page", 20));
    int page = positive(q, "page", 1);
    int last = Math.max(1, (all.size() + perPage - 1) / perPage);
    int from = Math.min(all.size(), (page - 1) * perPage);
    int to = Math.min(all.size(), from + perPage);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    all.subList(from, to).forEach(root.putArray(key)::add);
    ObjectNode links = root.putObject("links");
    if (last > 1) {
      ObjectNode pages = links.putObject("pages");
      if (page > 1) {
        pages.put("first", url(fake, request, 1));
        pages.put("prev", url(fake, request, Math.min(page - 1, last)));
      }
      if (page < last) {
        pages.put("next", url(fake, request, page + 1));
        pages.put("last", url(fake, request, last));
      }
    }
    root.putObject("meta").put("total", all.size());
    return root;
  }

  private static int positive(Map<String, String> q, String name, int fallback) {
    String value = q.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.digitalOcean(400, "bad_request", name + " must be a positive integer");
    }
  }

  private static String url(FakeDigitalOcean fake, FakeRequest request, int page) {
    StringBuilder query = new StringBuilder();
    for (String pair : request.rawQuery().split("&")) {
      if (!pair.isEmpty() && !pair.startsWith("page=")) {
        query.append(pair).append('&');
      }
    }
    query.append("page=").append(page);
    return fake.baseUrl() + request.path() + "?" + query;
  }
}
