package io.pgcopy.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** The {@code pgcopy} command line: {@code pgcopy <command> [options]}. */
public final class Main {
    static final String USAGE = """
            usage: pgcopy <command> [options]

            commands:
              demo    write and read a generated lineitem table with pgcopy and with Spark JDBC,
                      check both round trips and print how fast each was

            Run 'pgcopy <command> --help' for a command's options.
            """;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "demo" -> Demo.main(rest, out, err);
                default -> {
                    err.println("pgcopy: unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println("pgcopy " + args[0] + ": " + e.getMessage());
            return 2;
        }
    }
}
