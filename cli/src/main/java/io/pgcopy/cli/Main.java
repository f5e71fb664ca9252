package io.pgcopy.cli;

import io.pgcopy.protocol.ConnectionSpec;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code pgcopy} command line: {@code pgcopy <command> [options]}. */
public final class Main {
    static final String USAGE = """
            usage: pgcopy <command> [options]

            commands:
              demo     write and read a generated lineitem table with pgcopy and with Spark JDBC,
                       check both round trips and print how fast each was
              load     load CSV, Parquet or JSON files into a table
              export   write a table or a query to Parquet, CSV or JSON files
              copy     copy tables (or a whole schema) from one PostgreSQL to another
              cleanup  remove the staging tables and prepared transactions of killed pgcopy jobs

            Run 'pgcopy <command> --help' for a command's options. Credentials come from --user and
            --password or from $PGCOPY_USER and $PGCOPY_PASSWORD ($PGCOPY_URL for --url); passwords are
            never printed.
            """;

    /** A parsed command, ready to run; returns the exit code. */
    interface Command {
        int run() throws Exception;
    }

    private interface Parser {
        Command parse(String[] args, Map<String, String> env, PrintStream out);
    }

    private record Entry(String usage, Parser parser) {}

    private static final Map<String, Entry> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("load", new Entry(Load.USAGE, (a, env, out) -> Load.parse(a, env, out)::run));
        COMMANDS.put("export", new Entry(Export.USAGE, (a, env, out) -> Export.parse(a, env, out)::run));
        COMMANDS.put("copy", new Entry(Copy.USAGE, (a, env, out) -> Copy.parse(a, env, out)::run));
        COMMANDS.put("cleanup", new Entry(Cleanup.USAGE, (a, env, out) -> Cleanup.parse(a, env, out)::run));
    }

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** Runs a command; returns the process exit code: 0 done, 1 failed, 2 bad arguments. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String name = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (name.equals("demo")) {
            try {
                return Demo.main(rest, out, err);
            } catch (IllegalArgumentException e) {
                err.println("pgcopy demo: " + e.getMessage());
                return 2;
            }
        }
        Entry entry = COMMANDS.get(name);
        if (entry == null) {
            err.println("pgcopy: unknown command '" + name + "'");
            err.print(USAGE);
            return 2;
        }
        if (List.of(rest).contains("--help") || List.of(rest).contains("-h")) {
            out.print(entry.usage());
            return 0;
        }
        Command command;
        try {
            command = entry.parser().parse(rest, env, out);
        } catch (IllegalArgumentException e) {
            err.println("pgcopy " + name + ": " + e.getMessage());
            return 2;
        }
        try {
            return command.run();
        } catch (Exception e) {
            err.println("pgcopy " + name + " failed: " + describe(e));
            return 1;
        }
    }

    /**
     * The message and its causes' messages, without stack traces (Spark puts a failed task's into
     * its message) and without Spark's "Job aborted" wrapper when the task's own exception is there,
     * with URLs' passwords hidden.
     */
    static String describe(Throwable e) {
        while (e.getCause() != null && String.valueOf(e.getMessage()).startsWith("Job aborted due to stage failure")) {
            e = e.getCause();
        }
        StringBuilder sb = new StringBuilder(withoutStackTrace(e.getMessage()));
        String last = e.getMessage();
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && (last == null || !last.contains(c.getMessage()))) {
                sb.append("\n  caused by: ").append(withoutStackTrace(c.getMessage()));
            }
            last = c.getMessage();
        }
        return ConnectionSpec.redact(sb.toString());
    }

    private static String withoutStackTrace(String message) {
        if (message == null) return "null";
        int trace = message.indexOf("\n\tat ");
        return trace < 0 ? message : message.substring(0, trace);
    }
}
