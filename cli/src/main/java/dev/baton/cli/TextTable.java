package dev.baton.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with a header and left-aligned columns sized to their widest cell. */
public final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(String... header) {
    this.header = List.of(header);
  }

  public TextTable row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object c : cells) {
      row.add(c == null ? "-" : c.toString());
    }
    rows.add(row);
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  @Override
  public String toString() {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], i < r.size() ? r.get(i).length() : 0);
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    for (List<String> r : rows) {
      line(out, r, widths);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String c = i < cells.size() ? cells.get(i) : "";
      l.append(c);
      if (i < widths.length - 1) {
        l.append(" ".repeat(widths[i] - c.length() + 2));
      }
    }
    out.append(l.toString().stripTrailing()).append('\n');
  }
}
