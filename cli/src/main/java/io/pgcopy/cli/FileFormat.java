package io.pgcopy.cli;

import java.util.Locale;

/** The file formats of load and export, told from a file name's extension unless --format says. */
enum FileFormat {
    CSV, PARQUET, JSON;

    /** The compression extensions load reads and export writes for CSV and JSON. */
    static final String[][] COMPRESSIONS = {{".gz", "gzip"}, {".zst", "zstd"}, {".zstd", "zstd"}};

    String sparkName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FileFormat parse(String option) {
        try {
            return valueOf(option.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be csv, parquet or json, not '" + option + "'");
        }
    }

    /** The format a path's extension names (after any .gz/.zst), e.g. {@code orders.csv.gz} is CSV. */
    static FileFormat ofPath(String path) {
        String name = withoutCompression(path.toLowerCase(Locale.ROOT));
        if (name.endsWith(".csv") || name.endsWith(".tsv")) return CSV;
        if (name.endsWith(".parquet") || name.endsWith(".parq")) return PARQUET;
        if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) return JSON;
        throw new IllegalArgumentException("cannot tell the format of '" + path + "' from its extension"
                + " (.csv, .parquet, .json, optionally .gz or .zst): give --format csv|parquet|json");
    }

    /** The Hadoop compression codec a path's extension names, or null. */
    static String compression(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        for (String[] c : COMPRESSIONS) if (lower.endsWith(c[0])) return c[1];
        return null;
    }

    private static String withoutCompression(String lower) {
        for (String[] c : COMPRESSIONS) if (lower.endsWith(c[0])) return lower.substring(0, lower.length() - c[0].length());
        return lower;
    }
}
