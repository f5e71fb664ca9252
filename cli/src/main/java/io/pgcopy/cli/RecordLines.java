package io.pgcopy.cli;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Where a record of a file starts: the 1-based line number of its first line. CSV records can span
 * lines (quoted newlines), so the file is scanned with the quoting rules Spark was given (RFC
 * 4180: fields in double quotes, a quote doubled inside them); empty lines hold no record, as for
 * Spark. JSON is one record per non-blank line. Used only after a failure, to name the line.
 */
final class RecordLines {
    private RecordLines() {}

    /** "line N" of the record, or "row N" for Parquet, or "record N" when the file cannot be read. */
    static String place(String fileUri, long record, FileFormat format, boolean header, String delimiter) {
        if (format == FileFormat.PARQUET) return "row " + (record + 1);
        try (BufferedReader in = open(path(fileUri))) {
            char separator = delimiter.equals("\\t") ? '\t' : delimiter.charAt(0); // Spark reads "\t" as a tab
            long line = format == FileFormat.CSV ? csvLine(in, record + (header ? 1 : 0), separator)
                    : jsonLine(in, record);
            return line > 0 ? "line " + line : "record " + (record + 1);
        } catch (IOException | RuntimeException e) {
            return "record " + (record + 1);
        }
    }

    static Path path(String fileUri) {
        return fileUri.startsWith("file:") ? Path.of(URI.create(fileUri)) : Path.of(fileUri);
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw)
                : name.endsWith(".zst") || name.endsWith(".zstd") ? new ZstdInputStream(raw) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The line record {@code index} (counting a header as record 0) starts on; 0 when there is no such record. */
    static long csvLine(BufferedReader in, long index, char delimiter) throws IOException {
        long line = 1;
        long record = 0;
        boolean inQuotes = false;
        boolean fieldStart = true;
        boolean lineEmpty = true;
        long recordLine = 1;
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') continue;
            if (inQuotes) {
                if (c == '"') {
                    in.mark(1);
                    if (in.read() != '"') {
                        in.reset();
                        inQuotes = false;
                    }
                } else if (c == '\n') {
                    line++;
                }
                continue;
            }
            if (c == '\n') {
                if (!lineEmpty) {
                    if (record == index) return recordLine;
                    record++;
                }
                line++;
                recordLine = line;
                fieldStart = true;
                lineEmpty = true;
                continue;
            }
            lineEmpty = false;
            if (c == '"' && fieldStart) inQuotes = true;
            fieldStart = c == delimiter;
        }
        return !lineEmpty && record == index ? recordLine : 0;
    }

    private static long jsonLine(BufferedReader in, long index) throws IOException {
        long line = 0;
        long record = 0;
        String text;
        while ((text = in.readLine()) != null) {
            line++;
            if (text.isBlank()) continue;
            if (record++ == index) return line;
        }
        return 0;
    }
}
