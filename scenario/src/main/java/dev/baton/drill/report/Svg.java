package dev.baton.drill.report;

import java.util.Locale;

/** A small SVG writer: elements appended to a buffer, text escaped, numbers with one decimal. */
final class Svg {
  private final StringBuilder out = new StringBuilder();

  Svg rect(double x, double y, double w, double h, String fill, String title) {
    return rect(x, y, w, h, fill, "", title);
  }

  Svg rect(double x, double y, double w, double h, String fill, String extra, String title) {
    out.append("<rect x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" width=\"")
        .append(n(Math.max(w, 0.8)))
        .append("\" height=\"")
        .append(n(h))
        .append("\" fill=\"")
        .append(fill)
        .append('"')
        .append(extra.isEmpty() ? "" : " " + extra);
    if (title == null || title.isEmpty()) {
      out.append("/>\n");
    } else {
      out.append("><title>").append(escape(title)).append("</title></rect>\n");
    }
    return this;
  }

  Svg line(double x1, double y1, double x2, double y2, String stroke, String extra) {
    out.append("<line x1=\"")
        .append(n(x1))
        .append("\" y1=\"")
        .append(n(y1))
        .append("\" x2=\"")
        .append(n(x2))
        .append("\" y2=\"")
        .append(n(y2))
        .append("\" stroke=\"")
        .append(stroke)
        .append('"')
        .append(extra.isEmpty() ? "" : " " + extra)
        .append("/>\n");
    return this;
  }

  Svg text(double x, double y, String text, String cls) {
    return text(x, y, text, cls, "");
  }

  Svg text(double x, double y, String text, String cls, String extra) {
    out.append("<text x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" class=\"")
        .append(cls)
        .append('"')
        .append(extra.isEmpty() ? "" : " " + extra)
        .append('>')
        .append(escape(text))
        .append("</text>\n");
    return this;
  }

  Svg raw(String markup) {
    out.append(markup).append('\n');
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  static String n(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** Escapes text for XML and HTML content and attributes. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
