package io.pgcopy.spark.write;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code "qty numeric(15,2), code varchar(3)"}: a column name, then its SQL type, comma-separated. */
public final class ColumnTypeList {
    private ColumnTypeList() {}

    public static Map<String, String> parse(String spec) {
        Map<String, String> types = new LinkedHashMap<>();
        int depth = 0;
        int start = 0;
        for (int k = 0; k <= spec.length(); k++) {
            char ch = k < spec.length() ? spec.charAt(k) : ',';
            if (ch == '(') depth++;
            if (ch == ')') depth--;
            if (ch == ',' && depth == 0) {
                String item = spec.substring(start, k).trim();
                start = k + 1;
                if (item.isEmpty()) continue;
                int space = item.indexOf(' ');
                if (space < 0) throw new IllegalArgumentException("expected \"column type\", got: " + item);
                types.put(item.substring(0, space), item.substring(space + 1).trim());
            }
        }
        return types;
    }
}
